# FindLIEF — locate LIEF (Debian's liblief-dev 0.9 ships no CMake package).
# Defines LIEF_FOUND, LIEF_INCLUDE_DIR, LIEF_LIBRARY and the imported target LIEF::LIEF.
find_path(LIEF_INCLUDE_DIR NAMES LIEF/LIEF.hpp)
# The static library where it exists (liblief-dev ships both): only the objects polyrun uses are
# linked, and a start no longer loads and relocates all of libLIEF.so (about 7 ms and 370 page
# faults per start on the reference machine, bench/README.md).
find_library(LIEF_STATIC_LIBRARY NAMES libLIEF.a)
if(LIEF_STATIC_LIBRARY)
  set(LIEF_LIBRARY "${LIEF_STATIC_LIBRARY}")
else()
  find_library(LIEF_LIBRARY NAMES LIEF)
endif()

if(LIEF_INCLUDE_DIR AND EXISTS "${LIEF_INCLUDE_DIR}/LIEF/version.h")
  file(STRINGS "${LIEF_INCLUDE_DIR}/LIEF/version.h" _lief_ver REGEX "#define LIEF_VERSION ")
  string(REGEX REPLACE ".*\"([0-9.]+)-?.*\".*" "\\1" LIEF_VERSION "${_lief_ver}")
  string(REGEX REPLACE "\\.$" "" LIEF_VERSION "${LIEF_VERSION}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LIEF
  REQUIRED_VARS LIEF_LIBRARY LIEF_INCLUDE_DIR
  VERSION_VAR LIEF_VERSION)

if(LIEF_FOUND AND NOT TARGET LIEF::LIEF)
  add_library(LIEF::LIEF UNKNOWN IMPORTED)
  set_target_properties(LIEF::LIEF PROPERTIES
    IMPORTED_LOCATION "${LIEF_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIEF_INCLUDE_DIR}")
endif()
mark_as_advanced(LIEF_INCLUDE_DIR LIEF_LIBRARY LIEF_STATIC_LIBRARY)

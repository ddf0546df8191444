# FindUnicorn — the CPU engine, Unicorn 2.1 or later, linked statically.
#
# Looks first in the source tree's .deps/unicorn (where cmake/fetch-unicorn.sh, run by setup.sh,
# unpacks Debian 13's libunicorn-dev on Debian 12), then on the system. Any build directory finds
# it with no extra flags. Only the static library is used: no libunicorn.so at run time.
# Defines Unicorn_FOUND, Unicorn_VERSION and the imported target Unicorn::Unicorn.
set(_unicorn_hint "${CMAKE_SOURCE_DIR}/.deps/unicorn")
if(EXISTS "${_unicorn_hint}/lib/libunicorn.a" AND EXISTS "${_unicorn_hint}/include/unicorn/unicorn.h")
  # (forced: a system engine found by an earlier configure does not stay cached in its place)
  set(Unicorn_INCLUDE_DIR "${_unicorn_hint}/include" CACHE PATH "Unicorn headers" FORCE)
  set(Unicorn_LIBRARY "${_unicorn_hint}/lib/libunicorn.a" CACHE FILEPATH "Unicorn static library" FORCE)
else()
  find_path(Unicorn_INCLUDE_DIR NAMES unicorn/unicorn.h)
  find_library(Unicorn_LIBRARY NAMES libunicorn.a)
endif()

set(Unicorn_VERSION "")
if(Unicorn_INCLUDE_DIR AND EXISTS "${Unicorn_INCLUDE_DIR}/unicorn/unicorn.h")
  file(STRINGS "${Unicorn_INCLUDE_DIR}/unicorn/unicorn.h" _uc_ver REGEX "#define UC_API_(MAJOR|MINOR|PATCH) ")
  foreach(_part MAJOR MINOR PATCH)
    string(REGEX REPLACE ".*#define UC_API_${_part} ([0-9]+).*" "\\1" _uc_${_part} "${_uc_ver}")
  endforeach()
  set(Unicorn_VERSION "${_uc_MAJOR}.${_uc_MINOR}.${_uc_PATCH}")
endif()

# One line, saying what to run, where the engine is missing or too old.
set(_unicorn_fix "run ./setup.sh (or cmake/fetch-unicorn.sh), which fetches Debian 13's libunicorn-dev 2.1.1 into .deps/unicorn")
if(NOT Unicorn_INCLUDE_DIR OR NOT Unicorn_LIBRARY)
  message(FATAL_ERROR "Unicorn 2.1 (static libunicorn.a and headers) not found: ${_unicorn_fix}")
endif()
if(Unicorn_VERSION VERSION_LESS 2.1)
  message(FATAL_ERROR "Unicorn ${Unicorn_VERSION} found (${Unicorn_INCLUDE_DIR}); polyrun needs 2.1 or later: ${_unicorn_fix}")
endif()
set(Unicorn_FOUND TRUE)
message(STATUS "Unicorn ${Unicorn_VERSION}: ${Unicorn_LIBRARY}")

if(NOT TARGET Unicorn::Unicorn)
  find_package(Threads REQUIRED)
  add_library(Unicorn::Unicorn STATIC IMPORTED)
  set_target_properties(Unicorn::Unicorn PROPERTIES
    IMPORTED_LOCATION "${Unicorn_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Unicorn_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;m")
endif()
mark_as_advanced(Unicorn_INCLUDE_DIR Unicorn_LIBRARY)

# Included by samples/windows_tests.cmake for this folder (POLYRUN_TEST_DIR): the programs that need
# more than the toolchain's import libraries, which build.txt lists as built here.
# ntdll_crt_imports.exe imports NTDLL's strtol and _wcsicmp, through an import library made from
# ntdll_crt_imports.def (mingw-w64's libntdll.a has no C runtime functions), named before the C
# runtime's so that those two come from ntdll.dll.
foreach(flavour win64 win32)
  if(NOT MINGW_CC_${flavour})
    continue()
  endif()
  set(dir "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
  set(libs "${dir}/dll-import-libs")
  set(src "${POLYRUN_TEST_DIR}")
  set(cc "${MINGW_CC_${flavour}}")
  string(REGEX REPLACE "gcc$" "dlltool" dlltool "${cc}")
  add_custom_command(OUTPUT "${dir}/ntdll_crt_imports.exe"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${libs}"
    COMMAND "${dlltool}" -d "${src}/ntdll_crt_imports.def" -l "${libs}/libntdll_crt.a"
    COMMAND "${cc}" -O2 -o "${dir}/ntdll_crt_imports.exe" "${src}/ntdll_crt_imports.c" "${libs}/libntdll_crt.a"
    DEPENDS "${src}/ntdll_crt_imports.c" "${src}/ntdll_crt_imports.def"
    COMMENT "${flavour} sample ntdll_crt_imports"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/ntdll_crt_imports.exe")
endforeach()
# ntdll_loader.exe (with its resources, ntdll_loader.rc) loads and unloads ntdll_loader_lib.dll,
# built beside it, while NTDLL's DLL notifications are registered.
foreach(flavour win64 win32)
  if(NOT MINGW_CC_${flavour})
    continue()
  endif()
  set(dir "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
  set(libs "${dir}/dll-import-libs")
  set(src "${POLYRUN_TEST_DIR}")
  set(cc "${MINGW_CC_${flavour}}")
  string(REGEX REPLACE "gcc$" "windres" windres "${cc}")
  add_custom_command(OUTPUT "${dir}/ntdll_loader.exe" "${dir}/ntdll_loader_lib.dll"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${libs}"
    COMMAND "${windres}" "${src}/ntdll_loader.rc" -O coff -o "${libs}/ntdll_loader-rc.o"
    COMMAND "${cc}" -O2 -o "${dir}/ntdll_loader.exe" "${src}/ntdll_loader.c" "${libs}/ntdll_loader-rc.o"
    COMMAND "${cc}" -O2 -shared -o "${dir}/ntdll_loader_lib.dll" "${src}/ntdll_loader_lib.c"
    DEPENDS "${src}/ntdll_loader.c" "${src}/ntdll_loader.rc" "${src}/ntdll_loader_lib.c"
    COMMENT "${flavour} sample ntdll_loader with ntdll_loader_lib.dll"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/ntdll_loader.exe" "${dir}/ntdll_loader_lib.dll")
endforeach()

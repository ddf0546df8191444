# Included by samples/windows_tests.cmake for this folder (POLYRUN_TEST_DIR): app_local_msvcp140.dll,
# the MSVCP140.dll msvcp140_app_local ships beside its copy (a DLL of its own, not polyrun's).
foreach(flavour win64 win32)
  if(NOT MINGW_CC_${flavour})
    continue()
  endif()
  set(dir "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
  add_custom_command(OUTPUT "${dir}/app_local_msvcp140.dll"
    COMMAND "${MINGW_CC_${flavour}}" -O2 -shared -o "${dir}/app_local_msvcp140.dll" "${POLYRUN_TEST_DIR}/app_local_msvcp140.c"
    DEPENDS "${POLYRUN_TEST_DIR}/app_local_msvcp140.c"
    COMMENT "${flavour} sample DLL app_local_msvcp140.dll"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/app_local_msvcp140.dll")
endforeach()

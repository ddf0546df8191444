# Included by samples/windows_tests.cmake for this folder (POLYRUN_TEST_DIR): the programs that come
# with DLLs of their own, which build.txt lists as built here.
# DLLs shipped beside the program (shims/core/windows_modules.cpp): dll_basic.exe imports modlib.dll
# (which imports modbase.dll) and loads modplug.dll, modcyca.dll (modcycb.dll imports it, it imports
# modcycb.dll) and modfail.dll; dll_cxx.exe imports cxxthrow.dll, built with the shared C++
# runtime, whose DLLs (libstdc++-6.dll and libgcc's) are copied beside it. dll_missing.exe imports
# modgone.dll, which stays in dll-import-libs/, and dll_initfail.exe modfail.dll, whose DllMain
# refuses (tests/windows/dll_startup.sh).
foreach(flavour win64 win32)
  if(NOT MINGW_CC_${flavour} OR NOT MINGW_CXX_${flavour})
    continue()
  endif()
  set(dir "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
  set(libs "${dir}/dll-import-libs")
  set(src "${POLYRUN_TEST_DIR}")
  set(cc "${MINGW_CC_${flavour}}")
  set(cxx "${MINGW_CXX_${flavour}}")
  # NAME.dll from SOURCES... (and import libraries of the DLLs it imports, "lib…"), with its own
  # import library.
  foreach(spec "modbase;dll_basic_base.c" "modlib;dll_basic_lib.c;dll_basic_lib.def;libmodbase"
               "modfail;dll_basic_fail.c" "modgone;dll_startup_lib.c")
    list(GET spec 0 dll)
    list(SUBLIST spec 1 -1 files)
    set(imports ${files})
    list(FILTER files EXCLUDE REGEX "^lib")
    list(FILTER imports INCLUDE REGEX "^lib")
    list(TRANSFORM files PREPEND "${src}/")
    list(TRANSFORM imports PREPEND "${libs}/")
    list(TRANSFORM imports APPEND ".a")
    set(out "${dir}/${dll}.dll")
    if(dll STREQUAL "modgone")
      set(out "${libs}/${dll}.dll")
    endif()
    add_custom_command(OUTPUT "${out}" "${libs}/lib${dll}.a"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${libs}"
      COMMAND "${cc}" -O2 -shared -o "${out}" ${files} ${imports} "-Wl,--out-implib,${libs}/lib${dll}.a"
      DEPENDS ${files} ${imports}
      COMMENT "${flavour} sample DLL ${dll}.dll"
      VERBATIM)
    set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${out}")
  endforeach()
  # modcyca.dll and modcycb.dll import each other: their import libraries come from .def files.
  string(REGEX REPLACE "gcc$" "dlltool" dlltool "${cc}")
  add_custom_command(OUTPUT "${dir}/modcyca.dll" "${dir}/modcycb.dll"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${libs}"
    COMMAND "${dlltool}" -d "${src}/dll_basic_cyca.def" -l "${libs}/libmodcyca.a"
    COMMAND "${dlltool}" -d "${src}/dll_basic_cycb.def" -l "${libs}/libmodcycb.a"
    COMMAND "${cc}" -O2 -shared -o "${dir}/modcyca.dll" "${src}/dll_basic_cycle.c" "${libs}/libmodcycb.a"
    COMMAND "${cc}" -O2 -shared -DSECOND -o "${dir}/modcycb.dll" "${src}/dll_basic_cycle.c" "${libs}/libmodcyca.a"
    DEPENDS "${src}/dll_basic_cycle.c" "${src}/dll_basic_cyca.def" "${src}/dll_basic_cycb.def"
    COMMENT "${flavour} sample DLLs modcyca.dll and modcycb.dll"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/modcyca.dll")
  add_custom_command(OUTPUT "${dir}/modplug.dll"
    COMMAND "${cc}" -O2 -shared -o "${dir}/modplug.dll" "${src}/dll_basic_plugin.c" "${src}/dll_basic_plugin.def" "${libs}/libmodlib.a"
    DEPENDS "${src}/dll_basic_plugin.c" "${src}/dll_basic_plugin.def" "${libs}/libmodlib.a"
    COMMENT "${flavour} sample DLL modplug.dll"
    VERBATIM)
  add_custom_command(OUTPUT "${dir}/dll_basic.exe"
    COMMAND "${cc}" -O2 -o "${dir}/dll_basic.exe" "${src}/dll_basic.c" "${libs}/libmodlib.a"
    DEPENDS "${src}/dll_basic.c" "${libs}/libmodlib.a"
    COMMENT "${flavour} sample dll_basic"
    VERBATIM)
  add_custom_command(OUTPUT "${dir}/dll_missing.exe" "${dir}/dll_initfail.exe"
    COMMAND "${cc}" -O2 -o "${dir}/dll_missing.exe" "${src}/dll_startup.c" "${libs}/libmodgone.a"
    COMMAND "${cc}" -O2 -DINIT_FAIL -o "${dir}/dll_initfail.exe" "${src}/dll_startup.c" "${libs}/libmodfail.a"
    DEPENDS "${src}/dll_startup.c" "${libs}/libmodgone.a" "${libs}/libmodfail.a"
    COMMENT "${flavour} samples dll_missing and dll_initfail"
    VERBATIM)
  # The C++ runtime's DLLs as the compiler ships them.
  set(runtime "")
  foreach(rt libstdc++-6.dll libgcc_s_seh-1.dll libgcc_s_dw2-1.dll)
    execute_process(COMMAND "${cxx}" -print-file-name=${rt} OUTPUT_VARIABLE found OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(IS_ABSOLUTE "${found}" AND EXISTS "${found}")
      list(APPEND runtime "${found}")
    endif()
  endforeach()
  add_custom_command(OUTPUT "${dir}/cxxthrow.dll" "${libs}/libcxxthrow.a" "${dir}/dll_cxx.exe"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${libs}"
    COMMAND "${cxx}" -O2 -shared -o "${dir}/cxxthrow.dll" "${src}/dll_cxx_lib.cpp" "-Wl,--out-implib,${libs}/libcxxthrow.a"
    COMMAND "${cxx}" -O2 -o "${dir}/dll_cxx.exe" "${src}/dll_cxx.cpp" "${libs}/libcxxthrow.a"
    COMMAND ${CMAKE_COMMAND} -E copy ${runtime} "${dir}"
    DEPENDS "${src}/dll_cxx_lib.cpp" "${src}/dll_cxx.cpp"
    COMMENT "${flavour} sample dll_cxx with cxxthrow.dll"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/modplug.dll" "${dir}/dll_basic.exe" "${dir}/dll_missing.exe" "${dir}/cxxthrow.dll")
  # dll_search.exe looks for modsearch.dll and modchain.dll (which imports it) in dll-plugins/.
  add_custom_command(OUTPUT "${dir}/dll-plugins/modsearch.dll" "${dir}/dll-plugins/modchain.dll" "${dir}/dll_search.exe"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}/dll-plugins" "${libs}"
    COMMAND "${cc}" -O2 -shared -o "${dir}/dll-plugins/modsearch.dll" "${src}/dll_search_lib.c" "-Wl,--out-implib,${libs}/libmodsearch.a"
    COMMAND "${cc}" -O2 -shared -DCHAIN -o "${dir}/dll-plugins/modchain.dll" "${src}/dll_search_lib.c" "${libs}/libmodsearch.a"
    COMMAND "${cc}" -O2 -o "${dir}/dll_search.exe" "${src}/dll_search.c"
    DEPENDS "${src}/dll_search_lib.c" "${src}/dll_search.c"
    COMMENT "${flavour} sample dll_search with dll-plugins/"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/dll_search.exe")
  # dll_tls.exe loads modtls.dll, whose thread-local variable clang puts in Windows' static TLS.
  # Linked by lld: GNU ld 2.40 turns the section-relative (SECREL) offsets of the TLS accesses into
  # base relocations, which break the DLL wherever it is relocated (on Windows under ASLR too;
  # here whenever its preferred base is taken, as AddressSanitizer's shadow takes it).
  find_program(CLANG_FOR_DLL_TLS clang)
  find_program(LLD_FOR_DLL_TLS ld.lld)
  if(CLANG_FOR_DLL_TLS AND LLD_FOR_DLL_TLS)
    get_filename_component(triple "${cc}" NAME)
    string(REGEX REPLACE "-gcc$" "" triple "${triple}")
    execute_process(COMMAND "${cc}" -print-libgcc-file-name OUTPUT_VARIABLE libgcc OUTPUT_STRIP_TRAILING_WHITESPACE)
    get_filename_component(libgcc_dir "${libgcc}" DIRECTORY)
    add_custom_command(OUTPUT "${dir}/modtls.dll" "${dir}/dll_tls.exe"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${libs}"
      COMMAND "${CLANG_FOR_DLL_TLS}" --target=${triple} --sysroot=/usr/${triple} -O1 -c -o "${libs}/modtls.o" "${src}/dll_tls_lib.c"
      COMMAND "${CLANG_FOR_DLL_TLS}" --target=${triple} --sysroot=/usr/${triple} -fuse-ld=lld "-L${libgcc_dir}" -shared
              -o "${dir}/modtls.dll" "${libs}/modtls.o"
      COMMAND "${cc}" -O2 -o "${dir}/dll_tls.exe" "${src}/dll_tls.c"
      DEPENDS "${src}/dll_tls_lib.c" "${src}/dll_tls.c"
      COMMENT "${flavour} sample dll_tls with modtls.dll (clang)"
      VERBATIM)
    set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/dll_tls.exe")
  endif()
endforeach()

# resource_dll.exe (x64) loads resource-only DLLs of three machines made from res_only.rc by llvm-rc
# and lld-link /noentry (no code, no entry point, no relocations): res_only_x86.dll,
# res_only_arm64.dll, and res_only_x64.dll with its copy res_only_x64b.dll (one preferred base for
# both); resource_dll.txt is a file that is no PE file.
find_program(LLVM_RC_FOR_RES_ONLY llvm-rc)
find_program(LLD_LINK_FOR_RES_ONLY lld-link)
if(MINGW_CC_win64 AND LLVM_RC_FOR_RES_ONLY AND LLD_LINK_FOR_RES_ONLY)
  set(dir "${POLYRUN_SAMPLES_OUTPUT_DIR}/win64")
  set(src "${POLYRUN_TEST_DIR}")
  set(res "${dir}/dll-import-libs/res_only.res")
  add_custom_command(OUTPUT "${dir}/resource_dll.exe" "${dir}/res_only_x86.dll" "${dir}/res_only_x64.dll"
                            "${dir}/res_only_x64b.dll" "${dir}/res_only_arm64.dll" "${dir}/resource_dll.txt"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}/dll-import-libs"
    # Both tools read an argument that starts with "/" as an option (llvm-rc takes "/check/..." for
    # /C, its code page): the .rc source follows "--", and the linker gets paths relative to its
    # working directory.
    COMMAND "${LLVM_RC_FOR_RES_ONLY}" -fo "${res}" -- "${src}/res_only.rc"
    COMMAND "${LLD_LINK_FOR_RES_ONLY}" /nologo /dll /noentry /machine:x86 "/out:./res_only_x86.dll" "./dll-import-libs/res_only.res"
    COMMAND "${LLD_LINK_FOR_RES_ONLY}" /nologo /dll /noentry /machine:x64 "/out:./res_only_x64.dll" "./dll-import-libs/res_only.res"
    COMMAND "${LLD_LINK_FOR_RES_ONLY}" /nologo /dll /noentry /machine:arm64 "/out:./res_only_arm64.dll" "./dll-import-libs/res_only.res"
    COMMAND ${CMAKE_COMMAND} -E copy "${dir}/res_only_x64.dll" "${dir}/res_only_x64b.dll"
    COMMAND ${CMAKE_COMMAND} -E copy "${src}/resource_dll.txt" "${dir}/resource_dll.txt"
    COMMAND "${MINGW_CC_win64}" -O2 -o "${dir}/resource_dll.exe" "${src}/resource_dll.c"
    DEPENDS "${src}/res_only.rc" "${src}/resource_dll.c" "${src}/resource_dll.txt"
    WORKING_DIRECTORY "${dir}"
    COMMENT "win64 sample resource_dll with resource-only DLLs (llvm-rc, lld-link)"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${dir}/resource_dll.exe")
endif()

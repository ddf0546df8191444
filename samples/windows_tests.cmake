# The Windows test programs, x86-64 (samples/win64/) and i686 (samples/win32/), made from the
# folders that hold them: each DLL's tests in shims/NAME/tests/ (as wine keeps a DLL's tests in
# dlls/NAME/tests/), polyrun's own programs' in programs/NAME/tests/, each folder with its
# cases.txt (samples/README.md). Nothing here names a program: a folder says how its programs are
# built, where not as by default, in its build.txt, and builds what the format cannot say (DLLs
# beside their programs) in its build.cmake.
#
# By default every NAME.c of a folder is NAME.exe, built by mingw-w64's gcc for both flavours;
# NAME.cpp by its g++, linked -static; NAME.rs by rustc for x86_64-pc-windows-gnu (x64 only). A
# source's "// Links: " line names the import libraries it links besides the C runtime's and
# KERNEL32's; NAME.rc beside the source is compiled by the toolchain's windres and linked in; the
# files a source includes with #include "..." are what it depends on besides itself.
#
# build.txt: one line a program, PROGRAM, a tab, its SOURCES (space-separated, relative to the
# folder), a tab, and HOW: "-" or comma-separated:
#   msvcrt         msvcrt.dll's stdio instead of mingw-w64's own printf (-D__USE_MINGW_ANSI_STDIO=0)
#   ucrt           linked against the Universal CRT (api-ms-win-crt-*.dll), as MSVC programs are
#   crt=NAME       linked against Visual C++'s runtime NAME (msvcr100, msvcr120 …) instead of
#                  msvcrt.dll, through mingw-w64's import library for it
#   unicode        a wmain program (-municode)
#   posix-threads  C++ by the POSIX-thread-model g++ (std::thread: libstdc++ over winpthreads, on
#                  the Win32 API), linked -static; skipped where that compiler is missing
#   clang-seh      clang -fms-extensions for the mingw-w64 target (__try/__except/__finally, which
#                  gcc has not); x64 only
#   msvc           the MSVC ABI: clang for the *-windows-msvc target and lld-link, against import
#                  libraries of vcruntime140.dll and the Universal CRT (POLYRUN_WINDOWS_MSVC_DIR),
#                  with MSVC's exception tables; a .s among the sources is assembled the same way
#   delayload=DLL  (msvc) the DLL's imports are delay-loaded (/delayload:DLL)
#   eha            (msvc) C++ whose exception tables say asynchronous exceptions (MSVC's /EHa, its
#                  FuncInfo's EHFlags 0: structured exceptions reach _set_se_translator)
#   win64, win32   the only flavour built
#   build.cmake    built by the folder's build.cmake (listed so that its sources are no program of
#                  their own)
# A source build.txt names is built only as its lines say.

# The MSVC ABI's support, which the MSVC-ABI programs of every folder share: crt0.cpp (their entry
# point and load configuration), msvc.h (what they use of the Windows SDK) and defs/ (the DLLs
# they import).
set(POLYRUN_WINDOWS_MSVC_DIR "${CMAKE_SOURCE_DIR}/shims/core/tests/msvc")
foreach(flavour win64 win32)
  if(flavour STREQUAL "win64")
    find_program(MINGW_CC_${flavour} x86_64-w64-mingw32-gcc)
    find_program(MINGW_CXX_${flavour} x86_64-w64-mingw32-g++)
  else()
    find_program(MINGW_CC_${flavour} i686-w64-mingw32-gcc)
    find_program(MINGW_CXX_${flavour} i686-w64-mingw32-g++)
  endif()
  string(TOUPPER "${flavour}" up)
  set(POLYRUN_${up}_SAMPLES_DIR "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}" PARENT_SCOPE)
  if(NOT MINGW_CC_${flavour})
    message(STATUS "mingw-w64 for ${flavour} not found: those Windows samples are skipped")
  endif()
endforeach()
find_program(CLANG_FOR_SEH clang)
find_program(RUSTC_WINDOWS_GNU rustc PATHS /usr/bin NO_DEFAULT_PATH)

# The files `src` includes with #include "..." (found beside it), recursively: what it depends on.
function(polyrun_windows_includes src out)
  set(found "")
  set(todo "${src}")
  while(todo)
    list(POP_FRONT todo file)
    get_filename_component(dir "${file}" DIRECTORY)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]+\"")
    foreach(line ${lines})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([^\"]+)\".*" "\\1" name "${line}")
      get_filename_component(header "${dir}/${name}" ABSOLUTE)
      if(EXISTS "${header}" AND NOT header IN_LIST found)
        list(APPEND found "${header}")
        list(APPEND todo "${header}")
      endif()
    endforeach()
  endwhile()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# A program of mingw-w64's (or rustc's) for `flavour`: NAME.exe from SOURCE, as HOW says.
function(polyrun_windows_mingw_program flavour name src how)
  set(dir "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
  set(out "${dir}/${name}.exe")
  get_filename_component(src_dir "${src}" DIRECTORY)
  get_filename_component(stem "${src}" NAME_WE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${src}")
  if(src MATCHES "\\.rs$")
    # Debian's rustc with its Windows standard library (packages rustc and libstd-rust-dev-windows,
    # which has no i686).
    if(NOT flavour STREQUAL "win64" OR NOT RUSTC_WINDOWS_GNU)
      return()
    endif()
    execute_process(COMMAND "${RUSTC_WINDOWS_GNU}" --print sysroot OUTPUT_VARIABLE rust_sysroot OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT EXISTS "${rust_sysroot}/lib/rustlib/x86_64-pc-windows-gnu")
      message(STATUS "no Rust standard library for x86_64-pc-windows-gnu: the sample ${name} is skipped")
      return()
    endif()
    add_custom_command(OUTPUT "${out}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
      COMMAND "${RUSTC_WINDOWS_GNU}" --edition 2021 -O --target x86_64-pc-windows-gnu "-Clinker=${MINGW_CC_win64}"
              -o "${out}" "${src}"
      DEPENDS "${src}"
      COMMENT "win64 sample ${name} (Rust, x86_64-pc-windows-gnu)"
      VERBATIM)
    set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${out}")
    return()
  endif()
  get_filename_component(triple "${MINGW_CC_${flavour}}" NAME)
  string(REGEX REPLACE "-gcc$" "" triple "${triple}")
  set(flags "")
  set(libs "")
  set(compiler "${MINGW_CC_${flavour}}")
  set(comment "${flavour} sample ${name}")
  if("msvcrt" IN_LIST how)
    set(flags -D__USE_MINGW_ANSI_STDIO=0)
  endif()
  if("ucrt" IN_LIST how)
    set(flags -D_UCRT -D__USE_MINGW_ANSI_STDIO=0 -nostdlib "/usr/${triple}/lib/crt2.o" "-L/usr/${triple}/lib")
    set(libs -lmingw32 -lgcc -lmingwex -lucrt -lkernel32)
  endif()
  foreach(item ${how})
    if(item MATCHES "^crt=(.+)$")
      set(flags -D__MSVCRT_VERSION__=0x0A00 -D__USE_MINGW_ANSI_STDIO=0 -nostdlib "/usr/${triple}/lib/crt2.o" "-L/usr/${triple}/lib")
      set(libs -lmingw32 -lgcc -lmingwex -l${CMAKE_MATCH_1} -lkernel32)
    endif()
  endforeach()
  if("unicode" IN_LIST how)
    list(APPEND flags -municode)
  endif()
  if("clang-seh" IN_LIST how)
    # clang compiles, mingw-w64's gcc links.
    if(NOT flavour STREQUAL "win64" OR NOT CLANG_FOR_SEH)
      return()
    endif()
    set(obj "${dir}/${name}.o")
    add_custom_command(OUTPUT "${out}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
      COMMAND "${CLANG_FOR_SEH}" --target=x86_64-w64-mingw32 --sysroot=/usr/x86_64-w64-mingw32 -fms-extensions -O1 -c -o "${obj}" "${src}"
      COMMAND "${MINGW_CC_win64}" -o "${out}" "${obj}"
      DEPENDS "${src}"
      COMMENT "win64 sample ${name} (clang)"
      VERBATIM)
    set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${out}")
    return()
  endif()
  if(src MATCHES "\\.cpp$")
    set(compiler "${MINGW_CXX_${flavour}}")
    if("posix-threads" IN_LIST how)
      find_program(MINGW_CXX_POSIX_${flavour} "${MINGW_CXX_${flavour}}-posix")
      if(NOT MINGW_CXX_POSIX_${flavour})
        message(STATUS "${flavour}: no POSIX-thread-model mingw-w64 g++: ${name} is skipped")
        return()
      endif()
      set(compiler "${MINGW_CXX_POSIX_${flavour}}")
    endif()
    list(APPEND flags -static)
  endif()
  # The import libraries it links besides the C runtime's and KERNEL32's: its source's "// Links:"
  # line (read when CMake configures, which a change of the source makes it do again).
  file(STRINGS "${src}" links REGEX "^// Links: ")
  if(links)
    string(REGEX REPLACE "^// Links: " "" links "${links}")
    separate_arguments(links_list UNIX_COMMAND "${links}")
    list(APPEND libs ${links_list})
  endif()
  # NAME.rc beside NAME.c: its resources, compiled by the toolchain's windres and linked in.
  set(rc_commands "")
  set(depends "${src}")
  set(rc "${src_dir}/${stem}.rc")
  if(EXISTS "${rc}")
    set(rc_object "${dir}/${name}-rc.o")
    set(rc_commands COMMAND "${triple}-windres" "${rc}" -O coff -o "${rc_object}")
    list(APPEND depends "${rc}")
    list(APPEND libs "${rc_object}")
  endif()
  polyrun_windows_includes("${src}" headers)
  list(APPEND depends ${headers})
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    ${rc_commands}
    COMMAND "${compiler}" -O2 ${flags} -o "${out}" "${src}" ${libs}
    DEPENDS ${depends}
    COMMENT "${comment}"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${out}")
endfunction()

# MSVC-ABI programs: clang for the *-windows-msvc targets and lld-link, against import libraries
# made from POLYRUN_WINDOWS_MSVC_DIR/defs — programs that import vcruntime140.dll and the Universal
# CRT as MSVC builds them, with MSVC's exception tables (__CxxFrameHandler3, _except_handler3).
# The import libraries and crt0.obj are made once per flavour, in samples/msvc-<flavour>/.
find_program(CLANG_MSVC clang)
find_program(CLANGXX_MSVC clang++)
find_program(LLD_LINK lld-link)
find_program(LLVM_DLLTOOL llvm-dlltool)
set(POLYRUN_WINDOWS_MSVC OFF)
if(CLANG_MSVC AND CLANGXX_MSVC AND LLD_LINK AND LLVM_DLLTOOL)
  set(POLYRUN_WINDOWS_MSVC ON)
else()
  message(STATUS "clang, lld-link or llvm-dlltool not found: MSVC-ABI samples are skipped")
endif()
function(polyrun_windows_msvc_support flavour)
  set(msvc_dir "${POLYRUN_WINDOWS_MSVC_DIR}")
  set(libdir "${POLYRUN_SAMPLES_OUTPUT_DIR}/msvc-${flavour}")
  file(MAKE_DIRECTORY "${libdir}")
  if(flavour STREQUAL "win64")
    set(triple x86_64-pc-windows-msvc)
    set(dlltool_flags -m i386:x86-64)
  else()
    set(triple i686-pc-windows-msvc)
    set(dlltool_flags -m i386 -k)
  endif()
  file(GLOB msvc_defs CONFIGURE_DEPENDS "${msvc_dir}/defs/*.def")
  set(libs "")
  foreach(def ${msvc_defs})
    get_filename_component(dll "${def}" NAME_WE)
    set(lib "${libdir}/${dll}.lib")
    set(used_def "${def}")
    if(flavour STREQUAL "win64")  # no stdcall decorations on x64 (a changed .def configures again)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${def}")
      file(READ "${def}" text)
      string(REGEX REPLACE "@[0-9]+(\n|$)" "\\1" text "${text}")  # (a stdcall suffix ends its line)
      set(used_def "${libdir}/${dll}.def")
      # (written only when it changes: a new time stamp would link every MSVC-ABI sample again)
      file(WRITE "${used_def}.new" "${text}")
      configure_file("${used_def}.new" "${used_def}" COPYONLY)
    endif()
    add_custom_command(OUTPUT "${lib}"
      COMMAND "${LLVM_DLLTOOL}" ${dlltool_flags} -d "${used_def}" -l "${lib}"
      DEPENDS "${def}" "${used_def}"
      VERBATIM)
    list(APPEND libs "${lib}")
  endforeach()
  set(crt0 "${libdir}/crt0.obj")
  add_custom_command(OUTPUT "${crt0}"
    COMMAND "${CLANGXX_MSVC}" --target=${triple} -O1 -fno-exceptions -c -o "${crt0}" "${msvc_dir}/crt0.cpp"
    DEPENDS "${msvc_dir}/crt0.cpp" "${msvc_dir}/msvc.h"
    VERBATIM)
  set_property(GLOBAL PROPERTY POLYRUN_MSVC_LIBS_${flavour} "${libs}")
  set_property(GLOBAL PROPERTY POLYRUN_MSVC_TRIPLE_${flavour} "${triple}")
endfunction()
if(POLYRUN_WINDOWS_MSVC)
  foreach(flavour win64 win32)
    polyrun_windows_msvc_support(${flavour})
  endforeach()
endif()

# An MSVC-ABI program for `flavour`: NAME.exe from SOURCES (C, C++ or assembly), as HOW says.
function(polyrun_windows_msvc_program flavour name srcs how)
  if(NOT POLYRUN_WINDOWS_MSVC)
    return()
  endif()
  set(msvc_dir "${POLYRUN_WINDOWS_MSVC_DIR}")
  set(dir "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
  set(libdir "${POLYRUN_SAMPLES_OUTPUT_DIR}/msvc-${flavour}")
  get_property(libs GLOBAL PROPERTY POLYRUN_MSVC_LIBS_${flavour})
  get_property(triple GLOBAL PROPERTY POLYRUN_MSVC_TRIPLE_${flavour})
  set(crt0 "${libdir}/crt0.obj")
  set(out "${dir}/${name}.exe")
  set(link_flags "")
  foreach(h ${how})
    if(h MATCHES "^delayload=(.+)$")
      list(APPEND link_flags "/delayload:${CMAKE_MATCH_1}")
    endif()
  endforeach()
  set(objs "")
  set(compile "")
  set(k 0)
  foreach(one ${srcs})
    set(obj "${libdir}/${name}.${k}.obj")
    math(EXPR k "${k} + 1")
    set(compiler "${CLANG_MSVC}")
    set(eh "")
    if(one MATCHES "\\.cpp$")
      set(compiler "${CLANGXX_MSVC}")
      set(eh -fexceptions -fcxx-exceptions)
    endif()
    if("eha" IN_LIST how AND one MATCHES "\\.cpp$")
      # Debian 12's clang marks every function /EHs (EHFlags 1) whatever it is asked: the tables are
      # made as assembly and their EHFlags cleared, which is what MSVC's /EHa writes.
      list(APPEND compile COMMAND "${compiler}" --target=${triple} -O1 -fms-extensions ${eh} -I "${msvc_dir}" -S -o "${obj}.s" "${one}"
                          COMMAND sed -i -E "s/^([[:space:]]*[.]long[[:space:]]+)1([[:space:]]+# EHFlags)/\\10\\2/" "${obj}.s"
                          COMMAND "${compiler}" --target=${triple} -c -o "${obj}" "${obj}.s")
    else()
      list(APPEND compile COMMAND "${compiler}" --target=${triple} -O1 -fms-extensions ${eh} -I "${msvc_dir}" -c -o "${obj}" "${one}")
    endif()
    list(APPEND objs "${obj}")
  endforeach()
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    ${compile}
    COMMAND "${LLD_LINK}" /nologo /subsystem:console /entry:mainCRTStartup /nodefaultlib ${link_flags} "/out:${out}" ${objs} "${crt0}" ${libs}
    DEPENDS ${srcs} "${crt0}" ${libs} "${msvc_dir}/msvc.h"
    COMMENT "${flavour} MSVC-ABI sample ${name}"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS "${out}")
endfunction()

# One program of a folder: NAME from SOURCES (full paths), for each flavour HOW allows.
function(polyrun_windows_program name srcs how)
  if("build.cmake" IN_LIST how)
    return()
  endif()
  foreach(flavour win64 win32)
    if(("win64" IN_LIST how OR "win32" IN_LIST how) AND NOT flavour IN_LIST how)
      continue()
    endif()
    if("msvc" IN_LIST how)
      polyrun_windows_msvc_program(${flavour} ${name} "${srcs}" "${how}")
    else()
      list(LENGTH srcs n)
      if(NOT n EQUAL 1)
        message(FATAL_ERROR "the Windows sample ${name}: one source for mingw-w64, not ${srcs}")
      endif()
      if(MINGW_CC_${flavour})
        polyrun_windows_mingw_program(${flavour} ${name} "${srcs}" "${how}")
      endif()
    endif()
  endforeach()
endfunction()

# A folder's programs: build.txt's lines, then every source it does not name, then its
# build.cmake.
function(polyrun_windows_test_folder folder)
  set(named "")
  set(build_txt "${folder}/build.txt")
  if(EXISTS "${build_txt}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${build_txt}")
    file(STRINGS "${build_txt}" lines)
    foreach(line ${lines})
      if(line STREQUAL "" OR line MATCHES "^#")
        continue()
      endif()
      string(REPLACE "\t" ";" cols "${line}")
      list(LENGTH cols n)
      if(NOT n EQUAL 3)
        message(FATAL_ERROR "${build_txt}: not PROGRAM<tab>SOURCES<tab>HOW: ${line}")
      endif()
      list(GET cols 0 name)
      list(GET cols 1 sources)
      list(GET cols 2 how)
      separate_arguments(sources UNIX_COMMAND "${sources}")
      string(REPLACE "," ";" how "${how}")
      set(srcs "")
      foreach(s ${sources})
        get_filename_component(path "${folder}/${s}" ABSOLUTE)
        if(NOT EXISTS "${path}")
          message(FATAL_ERROR "${build_txt}: ${name}: no ${s}")
        endif()
        list(APPEND srcs "${path}")
        list(APPEND named "${path}")
      endforeach()
      polyrun_windows_program(${name} "${srcs}" "${how}")
    endforeach()
  endif()
  file(GLOB sources CONFIGURE_DEPENDS "${folder}/*.c" "${folder}/*.cpp" "${folder}/*.rs")
  foreach(src ${sources})
    if(NOT src IN_LIST named)
      get_filename_component(name "${src}" NAME_WE)
      polyrun_windows_program(${name} "${src}" "-")
    endif()
  endforeach()
  if(EXISTS "${folder}/build.cmake")
    set(POLYRUN_TEST_DIR "${folder}")
    include("${folder}/build.cmake")
  endif()
endfunction()

# The folders: shims/*/tests/ and programs/*/tests/, each with its cases.txt.
file(GLOB windows_test_cases CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/shims/*/tests/cases.txt"
                                               "${CMAKE_SOURCE_DIR}/programs/*/tests/cases.txt")
set(windows_test_folders "")
foreach(cases ${windows_test_cases})
  get_filename_component(folder "${cases}" DIRECTORY)
  list(APPEND windows_test_folders "${folder}")
endforeach()
foreach(folder ${windows_test_folders})
  polyrun_windows_test_folder("${folder}")
endforeach()
get_property(win_outputs GLOBAL PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS)
if(win_outputs)
  add_custom_target(win_samples ALL DEPENDS ${win_outputs})
endif()

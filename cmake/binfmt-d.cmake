# Writes polyrun's binfmt_misc registrations as binfmt.d(5) files, polyrun-FORMAT.conf, one per
# format, naming the installed polyrun: what `polyrun --binfmt print --interpreter PATH` prints,
# one line a file. Other files in OUT (other packages' registrations) are left alone.
#   cmake -DPOLYRUN=built polyrun -DINTERPRETER=installed path -DOUT=dir -P binfmt-d.cmake
execute_process(COMMAND "${POLYRUN}" --binfmt print --interpreter "${INTERPRETER}"
                OUTPUT_VARIABLE lines RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR lines STREQUAL "")
  message(FATAL_ERROR "${POLYRUN} --binfmt print failed (${status})")
endif()
file(MAKE_DIRECTORY "${OUT}")
string(REPLACE "\n" ";" lines "${lines}")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(REGEX MATCH "^:([^:]+):" _ "${line}")
  message(STATUS "Installing: ${OUT}/${CMAKE_MATCH_1}.conf")
  file(WRITE "${OUT}/${CMAKE_MATCH_1}.conf"
       "# ${CMAKE_MATCH_1}: foreign programs started by the kernel through ${INTERPRETER}\n"
       "# (polyrun --binfmt install registers the same, leaving formats other interpreters have)\n"
       "${line}\n")
endforeach()

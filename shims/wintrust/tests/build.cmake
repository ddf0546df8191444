# The files wintrust_verify checks, beside it in both flavours' folders: wintrust_subject.c built
# as wintrust_unsigned.exe (stripped: its size a multiple of 512, so that signing pads nothing), signed by osslsigncode with a self-signed certificate openssl makes
# (wintrust_signed.exe), the signed one with a byte of its code changed (wintrust_tampered.exe),
# and a text file. Where osslsigncode or openssl is missing (setup.sh installs both), they are not
# made and wintrust_verify finds no files.
find_program(OSSLSIGNCODE osslsigncode)
find_program(OPENSSL_TOOL openssl)
if(MINGW_CC_win64 AND OSSLSIGNCODE AND OPENSSL_TOOL)
  set(work "${POLYRUN_SAMPLES_OUTPUT_DIR}/wintrust-files")
  set(outputs)
  foreach(flavour win64 win32)
    foreach(f wintrust_unsigned.exe wintrust_signed.exe wintrust_tampered.exe wintrust_hello.txt)
      list(APPEND outputs "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}/${f}")
    endforeach()
  endforeach()
  set(copies)
  foreach(flavour win64 win32)
    list(APPEND copies COMMAND ${CMAKE_COMMAND} -E make_directory "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
    foreach(f wintrust_unsigned.exe wintrust_signed.exe wintrust_tampered.exe wintrust_hello.txt)
      list(APPEND copies COMMAND ${CMAKE_COMMAND} -E copy "${work}/${f}" "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}/${f}")
    endforeach()
  endforeach()
  add_custom_command(OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${work}"
    COMMAND "${MINGW_CC_win64}" -O2 -s -o "${work}/wintrust_unsigned.exe" "${POLYRUN_TEST_DIR}/wintrust_subject.c"
    COMMAND "${OPENSSL_TOOL}" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -quiet -out "${work}/key.pem"
    COMMAND "${OPENSSL_TOOL}" req -x509 -key "${work}/key.pem" -out "${work}/cert.pem" -days 3650
            -subj "/CN=polyrun test signer"
    COMMAND ${CMAKE_COMMAND} -E rm -f "${work}/wintrust_signed.exe"
    COMMAND "${OSSLSIGNCODE}" sign -certs "${work}/cert.pem" -key "${work}/key.pem" -h sha256
            -in "${work}/wintrust_unsigned.exe" -out "${work}/wintrust_signed.exe"
    COMMAND ${CMAKE_COMMAND} -E copy "${work}/wintrust_signed.exe" "${work}/wintrust_tampered.exe"
    COMMAND sh -c "printf '\\336\\255\\276\\357' | dd of='${work}/wintrust_tampered.exe' bs=1 seek=1200 conv=notrunc 2>/dev/null"
    COMMAND ${CMAKE_COMMAND} -E copy "${POLYRUN_TEST_DIR}/wintrust_hello.txt" "${work}/wintrust_hello.txt"
    ${copies}
    DEPENDS "${POLYRUN_TEST_DIR}/wintrust_subject.c" "${POLYRUN_TEST_DIR}/wintrust_hello.txt"
    COMMENT "wintrust_verify's files (osslsigncode, openssl)"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS ${outputs})
endif()

# crypt32_messages' files, beside it in both flavours' folders: a message signer's key and
# certificate and another certificate (openssl), a message signed over crypt32_msg_hello.txt with
# its content and one without it (openssl cms -sign), and a data message of the same text
# (openssl cms -data_create). Where openssl is missing (setup.sh installs it), they are not made
# and crypt32_messages says so.
find_program(OPENSSL_FOR_MESSAGES openssl)
if(OPENSSL_FOR_MESSAGES)
  set(work "${POLYRUN_SAMPLES_OUTPUT_DIR}/crypt32-messages")
  set(files crypt32_msg_attached.p7 crypt32_msg_detached.p7 crypt32_msg_data.p7 crypt32_msg_hello.txt
      crypt32_msg_other.cer)
  set(outputs)
  set(copies)
  foreach(flavour win64 win32)
    list(APPEND copies COMMAND ${CMAKE_COMMAND} -E make_directory "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}")
    foreach(f IN LISTS files)
      list(APPEND outputs "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}/${f}")
      list(APPEND copies COMMAND ${CMAKE_COMMAND} -E copy "${work}/${f}" "${POLYRUN_SAMPLES_OUTPUT_DIR}/${flavour}/${f}")
    endforeach()
  endforeach()
  set(ssl "${OPENSSL_FOR_MESSAGES}")
  add_custom_command(OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${work}"
    COMMAND ${CMAKE_COMMAND} -E copy "${POLYRUN_TEST_DIR}/crypt32_msg_hello.txt" "${work}/crypt32_msg_hello.txt"
    COMMAND "${ssl}" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -quiet -out "${work}/key.pem"
    COMMAND "${ssl}" req -x509 -key "${work}/key.pem" -out "${work}/cert.pem" -days 3650
            -subj "/CN=polyrun message signer"
    COMMAND "${ssl}" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -quiet -out "${work}/other_key.pem"
    COMMAND "${ssl}" req -x509 -key "${work}/other_key.pem" -outform DER -out "${work}/crypt32_msg_other.cer"
            -days 3650 -subj "/CN=polyrun other"
    COMMAND "${ssl}" cms -sign -nodetach -binary -md sha256 -in "${work}/crypt32_msg_hello.txt"
            -signer "${work}/cert.pem" -inkey "${work}/key.pem" -outform DER -out "${work}/crypt32_msg_attached.p7"
    COMMAND "${ssl}" cms -sign -binary -md sha256 -in "${work}/crypt32_msg_hello.txt"
            -signer "${work}/cert.pem" -inkey "${work}/key.pem" -outform DER -out "${work}/crypt32_msg_detached.p7"
    COMMAND "${ssl}" cms -data_create -binary -in "${work}/crypt32_msg_hello.txt" -outform DER
            -out "${work}/crypt32_msg_data.p7"
    ${copies}
    DEPENDS "${POLYRUN_TEST_DIR}/crypt32_msg_hello.txt"
    COMMENT "crypt32_messages' files (openssl)"
    VERBATIM)
  set_property(GLOBAL APPEND PROPERTY POLYRUN_WINDOWS_TEST_OUTPUTS ${outputs})
endif()

# Installing polyrun as a distribution would: `cmake --install` (GNUInstallDirs) and a Debian
# package built by CPack (`cpack -G DEB` in the build directory).
include(GNUInstallDirs)

# The executable and its per-target links (cli/CMakeLists.txt makes them beside it).
install(TARGETS polyrun RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
foreach(t ${POLYRUN_TARGET_NAMES})
  install(FILES "${CMAKE_BINARY_DIR}/polyrun-${t}" DESTINATION "${CMAKE_INSTALL_BINDIR}")
endforeach()
install(FILES "${CMAKE_SOURCE_DIR}/docs/polyrun.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${CMAKE_SOURCE_DIR}/README.md" "${CMAKE_SOURCE_DIR}/docs/architecture.md"
              "${CMAKE_SOURCE_DIR}/docs/test-runners.md" "${CMAKE_SOURCE_DIR}/docs/userlands.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# binfmt.d(5) files naming the installed polyrun, for systemd-binfmt, written at install time
# (the prefix is known then: CPack installs under /usr). /usr/lib/binfmt.d is not a multiarch
# library directory: lib/, not CMAKE_INSTALL_LIBDIR.
install(CODE "execute_process(COMMAND \"${CMAKE_COMMAND}\" -DPOLYRUN=$<TARGET_FILE:polyrun>
                -DINTERPRETER=\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/polyrun
                \"-DOUT=\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/binfmt.d\"
                -P \"${CMAKE_SOURCE_DIR}/cmake/binfmt-d.cmake\" COMMAND_ERROR_IS_FATAL ANY)")

# The Debian package: the same files under /usr; its maintainer scripts register the formats
# with `polyrun --binfmt install` (outside containers, as qemu-user-static does) and remove
# polyrun's entries when it is removed. A static polyrun depends on no other package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME polyrun)
set(CPACK_PACKAGE_VENDOR "polyrun")
set(CPACK_PACKAGE_CONTACT "polyrun developers <polyrun@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "run Linux programs of other CPUs and Windows programs on x86-64 Linux")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}\n polyrun runs aarch64, riscv64, armhf, i386 and s390x Linux programs and\n Windows console programs as host processes, with no guest OS, and registers\n itself with binfmt_misc so that foreign programs, chroots and containers\n of other architectures just run.")
set(CPACK_DEBIAN_PACKAGE_SECTION otherosfs)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_SOURCE_DIR}/packaging/debian/postinst;${CMAKE_SOURCE_DIR}/packaging/debian/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)

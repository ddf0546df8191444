; A classic NSIS installer for tests/windows/nsis_installer.sh: licence, components, directory and
; install pages, two sections and an uninstaller.
Name "polyrun test"
OutFile "classic.exe"
InstallDir "$TEMP\polyrun-classic"
RequestExecutionLevel user
Unicode true
LicenseData licence.txt
Page license
Page components
Page directory
Page instfiles
Section "Main files" main
  SetOutPath "$INSTDIR"
  File payload.txt
  WriteUninstaller "$INSTDIR\uninstall.exe"
SectionEnd
Section "Extra" extra
  SetOutPath "$INSTDIR\extra"
  File payload.txt
SectionEnd
Section "Uninstall"
  Delete "$INSTDIR\payload.txt"
  Delete "$INSTDIR\extra\payload.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR\extra"
  RMDir "$INSTDIR"
SectionEnd

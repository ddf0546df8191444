; A Modern UI 2 NSIS installer for tests/windows/nsis_pages.sh: welcome, licence, components,
; directory, install and finish pages, two sections (one read-only) and an uninstaller. Each page
; but the install page names itself in the window's title (Modern UI keeps one title for all
; pages), so that the test can wait for each.
!include "MUI2.nsh"
Name "polyrun modern"
OutFile "mui2.exe"
InstallDir "$TEMP\polyrun-modern"
RequestExecutionLevel user
Unicode true
!define MUI_FINISHPAGE_NOAUTOCLOSE
!define MUI_PAGE_CUSTOMFUNCTION_SHOW ShowWelcome
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_SHOW ShowLicence
!insertmacro MUI_PAGE_LICENSE "licence.txt"
!define MUI_PAGE_CUSTOMFUNCTION_SHOW ShowComponents
!insertmacro MUI_PAGE_COMPONENTS
!define MUI_PAGE_CUSTOMFUNCTION_SHOW ShowDirectory
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_PAGE_CUSTOMFUNCTION_SHOW ShowFinish
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!macro Title TEXT
  SendMessage $HWNDPARENT ${WM_SETTEXT} 0 "STR:polyrun modern: ${TEXT}"
!macroend
Function ShowWelcome
  !insertmacro Title "welcome"
FunctionEnd
Function ShowLicence
  !insertmacro Title "licence"
FunctionEnd
Function ShowComponents
  !insertmacro Title "components"
FunctionEnd
Function ShowDirectory
  !insertmacro Title "directory"
FunctionEnd
Function ShowFinish
  !insertmacro Title "finish"
FunctionEnd
Section "Main files" main
  SectionIn RO
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

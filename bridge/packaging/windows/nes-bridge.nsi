; The nes-bridge installer for Windows (NSIS 3), built on Linux by `cargo xtask package`:
;   makensis -DVERSION=… -DEXE=path/to/nes-bridge.exe -DOUTFILE=nes-bridge-setup.exe nes-bridge.nsi
;
; For this user (the default, no administrator needed): %LOCALAPPDATA%\Programs\nes-bridge, the
; browsers' registry values under HKCU. With /ALLUSERS (as an administrator, e.g. by a software
; distribution tool as SYSTEM; refused otherwise): Program Files, HKLM. /S installs silently. The program registers
; itself with `nes-bridge.exe install [--system]`, so the registry keys stay the bridge's own
; knowledge; the uninstaller runs `uninstall` the same way and removes every file it put there.

Unicode true
Target amd64-unicode
; -DCOMPRESSOR=zlib packs a test build in seconds instead of a minute.
!ifdef COMPRESSOR
  SetCompressor ${COMPRESSOR}
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION | EXE | OUTFILE
  !error "makensis -DVERSION=… -DEXE=… -DOUTFILE=… nes-bridge.nsi"
!endif

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\nes-bridge"

!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "nes-bridge ${VERSION}"
Caption "nes-portal e-imza köprüsü (nes-bridge ${VERSION})"
OutFile "${OUTFILE}"
RequestExecutionLevel user
ShowInstDetails show
ShowUninstDetails show

Var AllUsers

; /ALLUSERS on the command line: machine-wide. Sets the shell context (SHCTX = HKLM or HKCU) and
; the default folder.
!macro ChooseScope un
Function ${un}ChooseScope
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/ALLUSERS" $1
  ${If} ${Errors}
    StrCpy $AllUsers 0
    SetShellVarContext current
  ${Else}
    StrCpy $AllUsers 1
    SetShellVarContext all
    ; Machine-wide needs an administrator: without one nothing under HKLM or Program Files could
    ; be written (or removed), and the run must not look like it succeeded.
    UserInfo::GetAccountType
    Pop $2
    ${If} $2 != "Admin"
      MessageBox MB_ICONSTOP "/ALLUSERS için yönetici olarak çalıştırınız." /SD IDOK
      SetErrorLevel 740
      Quit
    ${EndIf}
  ${EndIf}
  SetRegView 64
FunctionEnd
!macroend
!insertmacro ChooseScope ""
!insertmacro ChooseScope "un."

Function .onInit
  Call ChooseScope
  ${If} $AllUsers == 1
    StrCpy $INSTDIR "$PROGRAMFILES64\nes-bridge"
  ${Else}
    StrCpy $INSTDIR "$LOCALAPPDATA\Programs\nes-bridge"
  ${EndIf}
FunctionEnd

Section "nes-bridge"
  SetOutPath "$INSTDIR"
  File "/oname=nes-bridge.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ${If} $AllUsers == 1
    nsExec::ExecToLog '"$INSTDIR\nes-bridge.exe" install --system'
  ${Else}
    nsExec::ExecToLog '"$INSTDIR\nes-bridge.exe" install'
  ${EndIf}
  Pop $0
  ${If} $0 != 0
    SetErrorLevel 2
    Abort "nes-bridge tarayıcılara kaydedilemedi ($0)."
  ${EndIf}

  ; Apps & features (Uygulamalar ve özellikler).
  StrCpy $1 ""
  ${If} $AllUsers == 1
    StrCpy $1 " /ALLUSERS"
  ${EndIf}
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "nes-bridge (nes-portal e-imza köprüsü)"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "nes-portal"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"$1'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S$1'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  Call un.ChooseScope
FunctionEnd

Section "Uninstall"
  ${If} $AllUsers == 1
    nsExec::ExecToLog '"$INSTDIR\nes-bridge.exe" uninstall --system'
  ${Else}
    nsExec::ExecToLog '"$INSTDIR\nes-bridge.exe" uninstall'
  ${EndIf}
  Pop $0
  ${If} $0 != 0
    SetErrorLevel 2
    Abort "nes-bridge tarayıcı kayıtları silinemedi ($0)."
  ${EndIf}
  ; The manifests' folders, emptied by `uninstall`: %LOCALAPPDATA%\nes-bridge for this user,
  ; %ProgramFiles%\nes-bridge for all users.
  ${If} $AllUsers == 1
    StrCpy $1 "$PROGRAMFILES64\nes-bridge"
  ${Else}
    StrCpy $1 "$LOCALAPPDATA\nes-bridge"
  ${EndIf}
  RMDir "$1\chrome"
  RMDir "$1\chromium"
  RMDir "$1\edge"
  RMDir "$1\firefox"
  RMDir "$1"
  Delete "$INSTDIR\nes-bridge.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
SectionEnd

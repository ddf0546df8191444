#!/usr/bin/env bash
# user32_system.exe messagebox with --headless: nobody could answer a message box, so each
# (MessageBoxA and W, MessageBoxEx, MessageBoxIndirect) writes its caption and text to stderr as
# "caption: text" ("Error" when it has no caption) and answers as its default button would: the
# first button, or the one MB_DEFBUTTON2 or MB_DEFBUTTON3 names (Microsoft's MessageBox page: the
# buttons of each MB_ type in order, and IDOK 1, IDCANCEL 2, IDABORT 3, IDRETRY 4, IDIGNORE 5, IDYES 6,
# IDNO 7, IDTRYAGAIN 10, IDCONTINUE 11). wine always has a display: these answers are Windows'
# documented ones, not wine's.
#   user32_system_headless.sh POLYRUN SAMPLE_EXE [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/expected" <<'END'
MessageBoxA MB_OK: 1
MessageBoxA MB_OKCANCEL: 1
MessageBoxA MB_OKCANCEL|MB_DEFBUTTON2: 2
MessageBoxA MB_ABORTRETRYIGNORE: 3
MessageBoxA MB_ABORTRETRYIGNORE|MB_DEFBUTTON2: 4
MessageBoxA MB_ABORTRETRYIGNORE|MB_DEFBUTTON3: 5
MessageBoxA MB_YESNOCANCEL: 6
MessageBoxA MB_YESNOCANCEL|MB_DEFBUTTON2: 7
MessageBoxA MB_YESNOCANCEL|MB_DEFBUTTON3: 2
MessageBoxA MB_YESNO: 6
MessageBoxA MB_YESNO|MB_DEFBUTTON2|MB_ICONQUESTION: 7
MessageBoxA MB_RETRYCANCEL: 4
MessageBoxA MB_RETRYCANCEL|MB_DEFBUTTON2|MB_ICONWARNING: 2
MessageBoxA MB_CANCELTRYCONTINUE: 2
MessageBoxA MB_CANCELTRYCONTINUE|MB_DEFBUTTON2: 10
MessageBoxA MB_CANCELTRYCONTINUE|MB_DEFBUTTON3: 11
MessageBoxW MB_YESNO|MB_DEFBUTTON2: 7
MessageBoxA with no caption: 1
MessageBoxExW MB_ABORTRETRYIGNORE|MB_DEFBUTTON3: 5
MessageBoxIndirectW MB_RETRYCANCEL|MB_DEFBUTTON2: 2
END
cat > "$work/expected-stderr" <<'END'
MB_OK: box 1
MB_OKCANCEL: box 2
MB_OKCANCEL|MB_DEFBUTTON2: box 3
MB_ABORTRETRYIGNORE: box 4
MB_ABORTRETRYIGNORE|MB_DEFBUTTON2: box 5
MB_ABORTRETRYIGNORE|MB_DEFBUTTON3: box 6
MB_YESNOCANCEL: box 7
MB_YESNOCANCEL|MB_DEFBUTTON2: box 8
MB_YESNOCANCEL|MB_DEFBUTTON3: box 9
MB_YESNO: box 10
MB_YESNO|MB_DEFBUTTON2|MB_ICONQUESTION: box 11
MB_RETRYCANCEL: box 12
MB_RETRYCANCEL|MB_DEFBUTTON2|MB_ICONWARNING: box 13
MB_CANCELTRYCONTINUE: box 14
MB_CANCELTRYCONTINUE|MB_DEFBUTTON2: box 15
MB_CANCELTRYCONTINUE|MB_DEFBUTTON3: box 16
Unicode caption: café €
Error: no caption
MessageBoxEx: ex
MessageBoxIndirect: indirect
END
timeout 30 "$polyrun" --headless "$@" "$exe" messagebox < /dev/null 2> "$work/stderr" | tr -d '\r' > "$work/stdout"
status=${PIPESTATUS[0]}
if [ "$status" != 0 ]; then
  echo "user32_system_headless: exit status $status, not 0; stderr:" >&2
  cat "$work/stderr" >&2
  exit 1
fi
if ! diff "$work/expected" "$work/stdout" >&2; then
  echo "user32_system_headless: the answers differ from the default buttons' (above: < expected, > polyrun)" >&2
  exit 1
fi
if ! diff "$work/expected-stderr" "$work/stderr" >&2; then
  echo "user32_system_headless: stderr is not each box's caption and text (above: < expected, > polyrun)" >&2
  exit 1
fi
echo "user32_system_headless: each of the 20 message boxes said its text on stderr and answered with its default button"

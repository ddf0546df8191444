#!/usr/bin/env bash
# comdlg32_dialogs.exe with --headless: nobody could answer a dialog, so each (GetOpenFileName,
# GetSaveFileName, ChooseColor, SHBrowseForFolder) answers as Cancel does (FALSE or NULL,
# CommDlgExtendedError 0) after a line on stderr saying it was cancelled for want of a display;
# what needs no dialog (GetFileTitle, a structure of a wrong size) is as under a display.
#   comdlg32_headless.sh POLYRUN SAMPLE_EXE [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/expected" <<'END'
GetFileTitle: 0 "file.txt"
GetFileTitle small: 9
GetFileTitle folder: -1
bad size: returned 0, error 0x1
open: returned 0, error 0x0
open below: returned 0, error 0x0
open several: returned 0, error 0x0
open cancelled: returned 0, error 0x0
save: returned 0, error 0x0
save over: returned 0, error 0x0
save small: returned 0, error 0x0
color: returned 0, colour 563412, custom[0] 030201
color cancelled: returned 0, colour 030201
browse: NULL, path -, name -
browse cancelled: NULL
done
END
timeout 30 "$polyrun" --headless "$@" "$exe" < /dev/null 2> "$work/stderr" | tr -d '\r' > "$work/stdout"
if ! diff "$work/expected" "$work/stdout" >&2; then
  echo "comdlg32_headless: the output differs from Cancel's for each dialog (above: < expected, > polyrun)" >&2
  exit 1
fi
lines=$(grep -c 'cancelled: no display to show the dialog on' "$work/stderr")
if [ "$lines" != 11 ]; then
  echo "comdlg32_headless: $lines lines on stderr say a dialog was cancelled for want of a display, not 11:" >&2
  cat "$work/stderr" >&2
  exit 1
fi
echo "comdlg32_headless: each of the 11 dialogs answered as Cancel"

#!/usr/bin/env bash
# Real GUI programs that users know, driven from an X server of the test's own with xdotool, under
# polyrun and under wine 8.0 (the live reference) on the same server: Debian's wine package's
# PE32+ builds of Notepad and Minesweeper, which print nothing, so what they leave is compared.
#   notepad: three lines typed, "beta" found with Search > Find (Ctrl+F; Enter is Find Next, Esc
#     closes the dialog) and typed over with BETA (the selection the search made), the text saved
#     with Ctrl+S through the Save As dialog to a file in a temporary folder (its name typed over
#     the proposed one), File > Exit. The two saved files must be the same bytes.
#   winemine: the client area of its first board (wine's X window is the client area under the menu
#     bar, without a window manager to draw a frame; polyrun's holds the whole window, its frame
#     drawn by polyrun, so the client area is found from the two windows' sizes) must be wine's
#     within 3 % of the pixels (text and shapes drawn by other rasterizers, as
#     screenshot_compare.sh allows); then Game > Expert (Alt+G, E) and the client size of the window
#     must be wine's. The game's settings are wine's registry's: the prefix's WinMine key is
#     removed before wine's run, so that both start from the default board (polyrun's registry
#     lives as long as the process).
# Skips (77) without the programs, wine, Xvfb, xdotool or xwd, unless CI=true: then it fails.
#   real_gui_programs.sh POLYRUN notepad|winemine WINE_PREFIX
set -uo pipefail
polyrun=$1 program=$2 prefix=$3
name=real_gui_$program
here=$(cd "$(dirname "$0")" && pwd)
exe=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/$program.exe
wine=/usr/lib/wine/wine64
# shellcheck source=own_xvfb.sh
source "$here/own_xvfb.sh"
for file in "$exe" "$wine"; do
  [ -e "$file" ] && continue
  [ "${CI:-}" = true ] && { echo "$name: $file is missing (setup.sh --all installs wine)" >&2; exit 1; }
  echo "$name: no $file: skipped" >&2
  exit 77
done
need Xvfb
need xdotool
need xwd
need python3
start_own_xvfb

# The id of a window whose title is TITLE (up to a minute: wine's first run makes its prefix).
wait_window() {  # TITLE
  local id=
  for _ in $(seq 600); do
    id=$(xdotool search --name "^$1\$" 2>/dev/null | head -1)
    [ -n "$id" ] && break
    sleep 0.1
  done
  echo "$id"
}
# The pointer over a window (no window manager: the keyboard goes to the window under it).
point_at() {  # WINDOW X Y
  xdotool mousemove --window "$1" "$2" "$3" 2>/dev/null
  sleep 0.3
}
fail() {
  echo "$name: $*" >&2
  exit 1
}

# One run: the program under RUNNER (polyrun or wine), driven; its status when it ends.
start() {  # LOG COMMAND...
  local log=$1
  shift
  "$@" "$exe" > "$log" 2>&1 &
  pid=$!
}
finish() {  # WHO
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    fail "$1: the program did not end after File > Exit"
  fi
  wait "$pid" 2>/dev/null
}

notepad() {  # WHO SAVED_FILE COMMAND...
  local who=$1 saved=$2
  shift 2
  start "$work/$who.log" "$@"
  local main find save
  main=$(wait_window 'Untitled - Notepad')
  [ -n "$main" ] || fail "$who: no Notepad window: $(cat "$work/$who.log")"
  sleep 1
  point_at "$main" 200 150
  xdotool type --delay 40 'alpha line one'; xdotool key Return
  xdotool type --delay 40 'beta line two'; xdotool key Return
  xdotool type --delay 40 'gamma line three'
  xdotool key ctrl+Home ctrl+f
  find=$(wait_window 'Find')
  [ -n "$find" ] || fail "$who: no Find dialog"
  sleep 0.5
  point_at "$find" 60 20
  xdotool type --delay 40 'beta'; xdotool key Return
  sleep 0.5; xdotool key Escape
  for _ in $(seq 50); do xdotool search --name '^Find$' >/dev/null 2>&1 || break; sleep 0.1; done
  point_at "$main" 200 150
  xdotool type --delay 40 'BETA'
  xdotool key ctrl+s
  save=$(wait_window 'Save As')
  [ -n "$save" ] || fail "$who: no Save As dialog"
  sleep 1
  point_at "$save" 40 20
  # (The name edit has the focus and proposes *.txt: selected and typed over.)
  xdotool key End shift+Home
  xdotool type --delay 30 "Z:${saved//\//\\}"
  xdotool key Return
  local titled=
  for _ in $(seq 100); do
    titled=$(xdotool search --name "^$(basename "$saved") - Notepad\$" 2>/dev/null | head -1)
    [ -n "$titled" ] && break
    sleep 0.1
  done
  [ -n "$titled" ] || fail "$who: the window's title did not become \"$(basename "$saved") - Notepad\""
  point_at "$titled" 200 150
  xdotool key alt+f; sleep 0.5; xdotool key x
  finish "$who"
  [ -s "$saved" ] || fail "$who: nothing saved in $saved"
}

# The client area of winemine's window: the picture of its first board, then its size after
# Game > Expert. wine's X window is the client area and the menu bar (19 pixels: wine 8.0's
# SM_CYMENU); polyrun's the whole window with its frame, equally wide on the left, right and
# bottom.
winemine() {  # WHO COMMAND...
  local who=$1
  shift
  start "$work/$who.log" "$@"
  local w
  w=$(wait_window 'WineMine')
  [ -n "$w" ] || fail "$who: no WineMine window: $(cat "$work/$who.log")"
  sleep 1.5
  xwd -silent -id "$w" -out "$work/$who-board.xwd" || fail "$who: xwd of the window failed"
  eval "$(xdotool getwindowgeometry --shell "$w")"
  echo "$WIDTH $HEIGHT" > "$work/$who-board.size"
  point_at "$w" 20 5
  xdotool key alt+g; sleep 0.5; xdotool key e
  sleep 1.5
  eval "$(xdotool getwindowgeometry --shell "$w")"
  echo "$WIDTH $HEIGHT" > "$work/$who-expert.size"
  point_at "$w" 20 5
  xdotool key alt+g; sleep 0.5; xdotool key x
  finish "$who"
}

run_wine() {  # COMMAND...
  mkdir -p "$prefix"
  "$@"
  WINEPREFIX="$prefix" /usr/lib/wine/wineserver -k 2>/dev/null
  WINEPREFIX="$prefix" /usr/lib/wine/wineserver -w 2>/dev/null
}

case "$program" in
  notepad)
    notepad polyrun "$work/polyrun.txt" "$polyrun"
    run_wine notepad wine "$work/wine.txt" env WINEPREFIX="$prefix" WINEDEBUG=-all "$wine"
    if ! cmp "$work/wine.txt" "$work/polyrun.txt" >&2; then
      echo "wine 8.0 saved:" >&2; od -c "$work/wine.txt" >&2
      echo "polyrun saved:" >&2; od -c "$work/polyrun.txt" >&2
      fail "the saved files differ"
    fi
    echo "$name: typed, found, saved and exited: the saved file ($(stat -c %s "$work/polyrun.txt") bytes) is wine 8.0's"
    ;;
  winemine)
    winemine polyrun "$polyrun"
    # (wine's settings of an earlier run, the board's size among them, are forgotten first.)
    if [ -f "$prefix/user.reg" ]; then
      WINEPREFIX="$prefix" /usr/lib/wine/wineserver -k 2>/dev/null
      python3 - "$prefix/user.reg" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path, encoding='utf-8', errors='surrogateescape').read()
kept = re.sub(r'\n\[Software\\\\Microsoft\\\\WinMine\][^\n]*\n(?:(?!\n\[)[^\n]*\n?)*', '\n', text)
open(path, 'w', encoding='utf-8', errors='surrogateescape').write(kept)
EOF
    fi
    run_wine winemine wine env WINEPREFIX="$prefix" WINEDEBUG=-all "$wine"
    read -r ww wh < "$work/wine-board.size"
    read -r pw ph < "$work/polyrun-board.size"
    menu=19
    cw=$ww ch=$((wh - menu))
    border=$(((pw - cw) / 2))
    (( border >= 0 && ph - border - ch >= 0 )) || fail "polyrun's window (${pw}x${ph}) cannot hold wine's client area (${cw}x${ch})"
    python3 "$here/tools/xwd_to_png.py" "$work/wine-board.xwd" "$work/wine-client.png" 0 "$menu" "$cw" "$ch" || exit 1
    python3 "$here/tools/xwd_to_png.py" "$work/polyrun-board.xwd" "$work/polyrun.png" || exit 1
    python3 "$here/tools/png_compare.py" "$work/polyrun.png" "$work/wine-client.png" "$border" $((ph - border - ch)) 3 ||
      fail "the first board's client area (${cw}x${ch}) differs from wine 8.0's"
    read -r ww wh < "$work/wine-expert.size"
    read -r pw ph < "$work/polyrun-expert.size"
    wine_client="${ww}x$((wh - menu))"
    # (polyrun's frame, caption and menu bar above the client area, as measured on the first board.)
    top=$(( $(cut -d' ' -f2 < "$work/polyrun-board.size") - border - ch ))
    polyrun_client="$((pw - 2 * border))x$((ph - top - border))"
    [ "$polyrun_client" = "$wine_client" ] ||
      fail "after Game > Expert the client area is ${polyrun_client}, wine 8.0's ${wine_client}"
    echo "$name: the first board as wine 8.0 draws it; after Game > Expert the client area is ${polyrun_client}, as wine's"
    ;;
  *)
    fail "no such program: $program"
    ;;
esac

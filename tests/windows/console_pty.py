#!/usr/bin/env python3
"""The Windows console on a terminal: a console sample runs under polyrun on a pseudo-terminal of
80 columns and 25 rows, gets keys typed at it, and reports on stderr what the console says of
itself (shims/kernel32/tests/kernel32_console_screen.c, kernel32_console_input.c). Its report must
equal the stored one (shims/kernel32/tests/expected/NAME.pty: Windows' answers, which wine 8.0 on
the same terminal gives but for what console_pty.wine-differences masks, and why). Beyond the
report: the screen the terminal shows at the end (this script's own small terminal, fed what the
program wrote to the terminal) must be the window the program read back from its screen buffer, and
the terminal must get back its modes, its main screen, its colours and its cursor.

  console_pty.py [--wine] POLYRUN SAMPLES_DIR [POLYRUN OPTIONS...]

SAMPLES_DIR holds kernel32_console_screen.exe and kernel32_console_input.exe. --wine runs wine
(WINEPREFIX from the environment) instead of polyrun, to compare its report with the stored one.
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import termios
import time

SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
EXPECTED = os.path.join(SOURCE, "shims", "kernel32", "tests", "expected")
DIFFERENCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "console_pty.wine-differences")
COLUMNS, ROWS = 80, 25


class Terminal:
    """The screen of a terminal that understands what the console draws with: printable text with
    a pending wrap at the last column, CR, LF (scrolling at the bottom), BS, cursor movement (CUU,
    CUD, CUF, CUB, CHA, CUP), erasing (ED, EL), SGR (kept, not checked), the cursor's visibility
    and the alternate screen."""

    def __init__(self, columns, rows):
        self.columns, self.rows = columns, rows
        self.main = [[" "] * columns for _ in range(rows)]
        self.alt = [[" "] * columns for _ in range(rows)]
        self.screen = self.main
        self.x = self.y = 0
        self.pending_wrap = False
        self.cursor_visible = True
        self.on_alternate = False
        self.sgr = "0"
        self.saved = (0, 0)
        self.state = ""
        self.utf8 = b""

    def resize(self, columns, rows):
        for screen in (self.main, self.alt):
            for row in screen:
                row.extend([" "] * (columns - len(row)))
                del row[columns:]
            while len(screen) < rows:
                screen.append([" "] * columns)
            del screen[rows:]
        self.columns, self.rows = columns, rows
        self.x, self.y = min(self.x, columns - 1), min(self.y, rows - 1)

    def line_feed(self):
        if self.y == self.rows - 1:
            self.screen.pop(0)
            self.screen.append([" "] * self.columns)
        else:
            self.y += 1

    def put(self, ch):
        if self.pending_wrap:
            self.x = 0
            self.line_feed()
            self.pending_wrap = False
        self.screen[self.y][self.x] = ch
        if self.x == self.columns - 1:
            self.pending_wrap = True
        else:
            self.x += 1

    def csi(self, body, final):
        private = body.startswith("?")
        params = [int(p) if p.isdigit() else 0 for p in body.lstrip("?").split(";")] if body.lstrip("?") else []
        n = params[0] if params and params[0] > 0 else 1
        if private:
            for p in params:
                if p == 25:
                    self.cursor_visible = final == "h"
                elif p == 1049:
                    if final == "h" and not self.on_alternate:
                        self.saved = (self.x, self.y)
                        self.alt = [[" "] * self.columns for _ in range(self.rows)]
                        self.screen, self.on_alternate = self.alt, True
                    elif final == "l" and self.on_alternate:
                        self.screen, self.on_alternate = self.main, False
                        self.x, self.y = self.saved
            return
        self.pending_wrap = False
        if final == "A":
            self.y = max(0, self.y - n)
        elif final == "B":
            self.y = min(self.rows - 1, self.y + n)
        elif final == "C":
            self.x = min(self.columns - 1, self.x + n)
        elif final == "D":
            self.x = max(0, self.x - n)
        elif final == "G":
            self.x = min(self.columns - 1, n - 1)
        elif final in "Hf":
            row = params[0] if params and params[0] > 0 else 1
            col = params[1] if len(params) > 1 and params[1] > 0 else 1
            self.y, self.x = min(self.rows, row) - 1, min(self.columns, col) - 1
        elif final == "K":
            mode = params[0] if params else 0
            row = self.screen[self.y]
            span = range(self.x, self.columns) if mode == 0 else range(0, self.x + 1) if mode == 1 else range(self.columns)
            for i in span:
                row[i] = " "
        elif final == "J":
            mode = params[0] if params else 0
            rows = range(self.y + 1, self.rows) if mode == 0 else range(0, self.y) if mode == 1 else range(self.rows)
            for r in rows:
                self.screen[r] = [" "] * self.columns
            if mode in (0, 1):
                self.csi(str(mode), "K")
        elif final == "m":
            self.sgr = body or "0"

    def feed(self, data):
        for b in data:
            if self.utf8 or b >= 0x80:
                self.utf8 += bytes([b])
                try:
                    ch = self.utf8.decode()
                except UnicodeDecodeError:
                    if len(self.utf8) < 4:
                        continue
                    ch = "\ufffd"
                self.utf8 = b""
                self.put(ch)
                continue
            c = chr(b)
            if self.state == "esc":
                self.state = "csi" if c == "[" else "osc" if c == "]" else ""
                self.seq = ""
                if c == "7":
                    self.saved = (self.x, self.y)
                elif c == "8":
                    self.x, self.y = self.saved
                continue
            if self.state == "csi":
                if 0x40 <= b <= 0x7E:
                    self.state = ""
                    self.csi(self.seq, c)
                else:
                    self.seq += c
                continue
            if self.state == "osc":
                if b == 7 or (self.seq.endswith("\x1b") and c == "\\"):
                    self.state = ""
                self.seq += c
                continue
            if b == 0x1B:
                self.state = "esc"
            elif c == "\r":
                self.x, self.pending_wrap = 0, False
            elif c == "\n":
                self.pending_wrap = False
                self.line_feed()
            elif c == "\b":
                self.x, self.pending_wrap = max(0, self.x - 1), False
            elif b >= 0x20 and b != 0x7F:
                self.put(c)

    def rows_text(self):
        return ["".join(row).rstrip() for row in self.screen]


# What is typed at each "ready" the program reports: (bytes, seconds to wait after), or a new size.
# (A lone ESC is the Escape key when nothing follows it for a moment: a second here.)
KEYS = [
    (b"a", 0.1), (b"A", 0.1), (b"\x1b[A", 0.1), (b"\x1b[1;5C", 0.1), (b"\x1bOP", 0.1), (b"\x1b[15~", 0.1),
    (b"\x1b[3~", 0.1), (b"\x1b[H", 0.1), (b"\r", 0.1), (b"\x7f", 0.1), (b"\t", 0.1), (b"\x1bx", 0.1),
    (b"\x01", 0.1), (b"\x03", 0.1), ("\u00e9".encode(), 0.1), (b"\x1b", 1.0), (b"q", 0.1),
]
SCRIPTS = {
    "kernel32_console_screen": {},
    "kernel32_console_input": {
        "ready keys": KEYS,
        "ready line": [(b"hellp", 0.1), (b"\x7f", 0.1), (b"o world", 0.1), (b"\r", 0.1)],
        "ready chars": [(b"z", 0.1)],
        "ready resize": [((100, 30), 0.1)],
    },
}


def set_size(fd, columns, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def run(argv, name, env):
    """Runs the sample on a new terminal: its report, what it wrote to the terminal, the terminal's
    modes before and after, and its exit status."""
    report = tempfile.NamedTemporaryFile(prefix="console_pty.", delete=False)
    report.close()
    pid, master = pty.fork()
    if pid == 0:
        err = os.open(report.name, os.O_WRONLY | os.O_TRUNC)
        os.dup2(err, 2)
        os.execvpe(argv[0], argv, env)
    set_size(master, COLUMNS, ROWS)
    modes_before = termios.tcgetattr(master)
    terminal = Terminal(COLUMNS, ROWS)
    script = dict(SCRIPTS[name])
    done, output = set(), b""
    deadline = time.time() + 120
    status = None
    open_ = True
    while time.time() < deadline:
        ready, _, _ = select.select([master] if open_ else [], [], [], 0.05)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if data:
                output += data
                terminal.feed(data)
            else:
                open_ = False  # (every process of the terminal closed it)
        with open(report.name, "rb") as f:
            text = f.read().decode(errors="replace")
        for marker, steps in script.items():
            if marker in done or not re.search("^" + re.escape(marker) + r"\r?$", text, re.M):
                continue
            done.add(marker)
            time.sleep(0.3)  # (the program is in its read by now)
            for what, pause in steps:
                if isinstance(what, tuple):
                    set_size(master, *what)
                    terminal.resize(*what)
                else:
                    os.write(master, what)
                time.sleep(pause)
        waited, st = os.waitpid(pid, os.WNOHANG)
        if waited:
            status = os.waitstatus_to_exitcode(st)
            break
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = -1
    # What the program wrote last.
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        output += data
        terminal.feed(data)
    modes_after = termios.tcgetattr(master)
    os.close(master)
    with open(report.name, "rb") as f:
        text = f.read().decode(errors="replace")
    os.unlink(report.name)
    return text, terminal, modes_before, modes_after, status


def masks(name):
    out = []
    with open(DIFFERENCES) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            case, regex = line.rstrip("\n").split("\t", 1)
            if case == name:
                out.append(re.compile(regex))
    return out


def main():
    args = sys.argv[1:]
    wine = args and args[0] == "--wine"
    if wine:
        args = args[1:]
    polyrun, samples, options = args[0], args[1], args[2:]
    env = dict(os.environ, TERM="xterm")
    failed = False
    if not all(os.path.exists(os.path.join(samples, name + ".exe")) for name in SCRIPTS):
        print("the console samples are not built (no cross compiler)")
        return 77
    for name in SCRIPTS:
        exe = os.path.join(samples, name + ".exe")
        argv = ["/usr/lib/wine/wine64", exe] if wine else [polyrun] + options + [exe]
        if wine and name == "kernel32_console_input":
            # wine 8.0 ends the program at Ctrl-C even without ENABLE_PROCESSED_INPUT: not typed there.
            SCRIPTS[name]["ready keys"] = [k for k in KEYS if k[0] != b"\x03"]
        if wine:
            env["WINEDEBUG"] = "-all"
        text, terminal, before, after, status = run(argv, name, env)
        with open(os.path.join(EXPECTED, name + ".pty"), "rb") as f:
            expected = f.read().decode()
        problems = []
        if status != 0:
            problems.append("exit status %r" % status)
        got_lines, want_lines = text.splitlines(), expected.splitlines()
        if wine:
            drop = masks(name)
            got_lines = [l for l in got_lines if not any(m.search(l) for m in drop)]
            want_lines = [l for l in want_lines if not any(m.search(l) for m in drop)]
        elif text != expected:
            problems.append("the report differs from %s.pty" % name)
        if got_lines != want_lines:
            import difflib
            problems.append("\n".join(difflib.unified_diff(want_lines, got_lines, "expected", "got", lineterm="")))
        if not wine:
            # The terminal as it was: its modes, main screen, cursor shown, default rendition.
            if [before[i] for i in (0, 1, 3)] != [after[i] for i in (0, 1, 3)] or before[6] != after[6]:
                problems.append("the terminal's modes were not given back")
            if terminal.on_alternate or not terminal.cursor_visible or terminal.sgr not in ("0", ""):
                problems.append("the terminal was left on the alternate screen, without a cursor or in colour")
            # The screen the program read back is the screen the terminal shows.
            if "screen:" in text:
                window = [l[1:] for l in text.split("screen:", 1)[1].splitlines() if l.startswith("|")]
                shown = terminal.rows_text()[: len(window)]
                if window != shown:
                    problems.append("the terminal shows\n" + "\n".join("|" + r for r in shown))
        if problems:
            failed = True
            print("%s: %s" % (name, "\n".join(problems)))
        else:
            print("%s: as expected%s" % (name, " (wine)" if wine else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

// The console's part in functions beyond its own (kernel32/console.cpp): what is written to or read
// from the console's terminal goes through its screen buffer and input buffer, whichever function
// does it, and its handles live and die with the others.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// WriteFile and ReadFile (NtWriteFile, NtReadFile: core's ConsoleHooks) of a console handle: the
// result, or nothing for a handle that is not the console's.
std::optional<int32_t> console_write_file(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t written);
std::optional<int32_t> console_read_file(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t read);
// The C runtime's writes and reads of a descriptor: false (nothing) for one that does not lead to
// the console's terminal; a read gives the bytes read, or -1 with errno.
bool console_write_fd(WindowsProcess& p, int fd, const char* data, size_t len);
std::optional<ssize_t> console_read_fd(WindowsProcess& p, int fd, char* data, size_t len);
// _getch and _kbhit of the C runtime once the console reads the terminal itself (input records
// used): from its queue; nothing before.
std::optional<int32_t> console_getch(WindowsProcess& p);
std::optional<int32_t> console_kbhit(WindowsProcess& p);
// CreateFile of CONOUT$ (the active screen buffer) or CONIN$ (the input buffer): a new handle, or 0
// where the process has no console.
uint64_t console_open(WindowsProcess& p, bool output);
// DuplicateHandle and CloseHandle of any handle: a console handle's copy leads to the same buffer.
void console_handle_duplicated(WindowsProcess& p, uint64_t from, uint64_t to);
void console_handle_closed(WindowsProcess& p, uint64_t h);
// What a wait on the console's input handle waits for (records to read), or null for another handle.
// The process ends: what is left to draw is drawn and the terminal gets back its modes, screen,
// colours and cursor. (Core's ConsoleHooks, registered at the process's start: kernel32/kernel32.cpp.)
std::shared_ptr<Waitable> console_waitable(WindowsProcess& p, uint64_t h);
void console_end(WindowsProcess& p);
// Whether a console control event waits for poll_console_ctrl (set by SIGINT's handler;
// kernel32/console_ctrl.cpp).
bool console_ctrl_pending();
// A pending console control event: its handlers' thread starts (ConsoleHooks::poll_ctrl), and the
// C runtime's SIGINT or SIGBREAK handler changed (ConsoleHooks::ctrl_changed) (kernel32/console_ctrl.cpp).
void start_ctrl_handlers(WindowsProcess& p);
void update_sigint(WindowsProcess& p);
// SIGINT's action when the program has no console control handler: the default, after the
// terminal is given back.
void (*console_default_signal_action())(int);

// For the console's other files (kernel32/console_aliases.cpp, console_window.cpp): whether the
// process has a console; what a handle is of it (0 nothing, 1 its input buffer, 2 a screen
// buffer); the terminal's descriptor (-1: none); its title when the process started; a line a
// read with line input took (the command history's).
bool console_present(WindowsProcess& p);
// AttachConsole's and AllocConsole's console: a terminal (`tty`, a descriptor the console keeps)
// becomes the process's console; false if it has one already. FreeConsole's: the process has none
// from now on, the terminal given back as it was found.
bool console_attach_terminal(WindowsProcess& p, int tty);
void console_detach(WindowsProcess& p);
int console_handle_kind(WindowsProcess& p, uint64_t h);
int console_terminal_fd(WindowsProcess& p);
std::u16string console_original_title(WindowsProcess& p);
// The console's input and output code pages (GetConsoleCP, GetConsoleOutputCP), in which its A
// functions' text is, and text in such a page as UTF-16 and back.
uint32_t console_input_code_page();
uint32_t console_output_code_page();
std::u16string console_text_to_utf16(uint32_t cp, std::string_view bytes);
std::string utf16_to_console_text(uint32_t cp, std::u16string_view text);
void console_history_add(const std::u16string& line);

const std::vector<Export>& kernel32_console_exports();

}  // namespace polyrun::shims

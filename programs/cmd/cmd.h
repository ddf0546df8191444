// polyrun's cmd.exe: the Windows command interpreter, as a host program. CreateProcess of cmd.exe
// (what ComSpec names), system(), _popen() and CreateProcess of a batch file start polyrun's own
// executable in this mode (cli/main.cpp: the hidden first argument --windows-cmd); it runs the
// /c command, and batch files, with the caller's standard handles, environment and directory, and
// starts Windows programs through polyrun and host programs directly.
//
// The files: parse.cpp (a line into commands, blocks, IF and FOR), expand.cpp (%VAR%, !VAR!,
// batch arguments and their %~ modifiers), builtins.cpp (cmd's built-in commands), set_arith.cpp
// (SET /A), for.cpp (FOR), batch.cpp (batch files: lines, labels, GOTO, CALL, SHIFT), run.cpp
// (executing a command tree, redirections, pipes, starting programs) and main.cpp (the switches).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace polyrun::shims {
struct Handoff;
}

namespace polyrun::cmd {

// polyrun --windows-cmd [options for the Windows programs it starts] -- [cmd's arguments]: the
// interpreter's entry (main.cpp); the exit code.
int windows_cmd_main(const std::vector<std::string>& args);

// What the interpreter is started with: polyrun's options for the Windows programs it starts
// (--cpu …), and cmd's own command line (what GetCommandLine would return in cmd.exe).
int run_interpreter(const std::vector<std::string>& child_options, const std::string& command_line,
                    int exit_report_fd);

// The hand-off this interpreter was started with (its handles go on to the Windows programs it
// starts).
shims::Handoff& inherited_handoff();

// ---- the command tree ----

struct Redirection {
  int fd = 1;            // 0 for <
  bool append = false;   // >>
  int to_fd = -1;        // N>&M
  std::string target;    // a file (expanded later)
};

struct Node {
  enum class Kind { Command, Sequence, And, Or, Pipe, Block, If, For } kind = Kind::Command;
  std::string text;  // Command: the command as written (carets removed, quotes kept)
  bool quiet = false;  // a leading @
  std::vector<Redirection> redirections;
  std::shared_ptr<Node> left, right;  // Sequence/And/Or/Pipe; Block: left is the body (null: empty)
  // If: the condition's words and switches; right is ELSE's command (null: none)
  bool if_not = false, if_icase = false;
  std::vector<std::string> condition;  // ["exist", X] / ["defined", X] / ["errorlevel", N] / [A, op, B]
  // For: switches, options, the variable, the set; left is the body
  std::string for_switch;   // "", "/d", "/r", "/l", "/f"
  std::string for_root;     // /r's directory
  std::string for_options;  // /f's options
  char for_var = 0;
  std::string for_set;
};
using NodePtr = std::shared_ptr<Node>;

// Parses text (one logical line, or several for an open parenthesis; `more` supplies the next
// line of a batch file, false at its end). Null for an empty line; a syntax error is reported on
// stderr ("The syntax of the command is incorrect.") and gives null with `error` set.
NodePtr parse_line(std::string text, bool (*more)(std::string&, void*), void* ctx, bool& error);

// ---- the interpreter's state ----

struct Batch {
  std::string path;              // the batch file's Windows path
  std::vector<std::string> lines;
  size_t next = 0;               // the next line to read
  std::vector<std::string> args; // %0 %1 …, as written (quotes kept)
  size_t shift = 0;              // SHIFT's count
  size_t setlocal_depth = 0;     // SETLOCALs outside this batch (undone down to it at its end)
  bool ended = false;            // EXIT /B, GOTO :EOF
};

struct Locals {
  std::vector<std::pair<std::string, std::string>> env;
  std::string directory;
  bool delayed = false;
};

struct State {
  std::vector<std::pair<std::string, std::string>> env;  // names compare without case
  std::vector<std::string> child_options;
  std::string command_line;
  bool echo = true;
  bool delayed = false;
  int errorlevel = 0;
  bool exit_all = false;  // EXIT without /B
  int exit_code = 0;
  std::vector<Batch> batches;  // the innermost last
  std::vector<Locals> locals;  // SETLOCAL's saved states
  std::vector<std::string> directories;  // PUSHD's
  // FOR's variables in effect (a letter and its value), innermost last
  std::vector<std::pair<char, std::string>> for_vars;
  bool goto_done = false;  // a GOTO moved the batch: the rest of the line is not run
  // A GOTO found no label: the batch files end once the current line is done.
  bool abort_batches = false;
};
State& state();

// Environment, names without case.
const std::string* get_var(const std::string& name);
void set_var(const std::string& name, const std::string* value);
std::vector<std::string> environment_block();

// ---- expansion (expand.cpp) ----

// Phase 1: %VAR%, %VAR:a=b%, %VAR:~s,n%, and in a batch file %0..%9, %*, %~…, %%.
std::string expand_percent(const std::string& line, bool in_batch);
// Delayed expansion: !VAR! (and ^ before ! kept literal).
std::string expand_delayed(const std::string& text);
// FOR's variables in `text` (%i and %~…i).
std::string expand_for_vars(const std::string& text);
// A %~ modifier applied to a value (the modifiers without ~, e.g. "dp").
std::string apply_modifiers(const std::string& modifiers, const std::string& value);
// A value without its surrounding quotes.
std::string unquote(const std::string& s);

// ---- running (run.cpp) ----

// Runs a command tree; the resulting errorlevel is in state().errorlevel.
void run_node(const NodePtr& n);
// Runs one logical line: expansion, parsing, then the commands.
void run_line(const std::string& line, bool (*more)(std::string&, void*), void* ctx);
// Runs a program or batch file with its arguments (the command as written): the exit code.
int run_external(const std::string& text);
// START: a program without waiting (with /WAIT, waiting): 0 or its exit code.
int start_detached(const std::string& text, bool wait);
// Runs `text` in a forked copy of the interpreter with its standard output into the returned
// string (FOR /F's commands).
std::string capture_output(const std::string& text);
std::string prompt_text();              // PROMPT's text, as ECHO ON shows it
void write_out(const std::string& s);  // to standard output
void write_err(const std::string& s);  // to standard error
std::string lower(std::string s);
std::string trim(const std::string& s);
bool iequals(const std::string& a, const std::string& b);
std::string host_path(const std::string& windows_path);  // windows_full_path then the host's
std::string current_directory();                          // a Windows path
// Splits words the way cmd sees arguments: blanks (and , ; =) between, quotes kept.
std::vector<std::string> split_words(const std::string& s, bool also_delimiters = true);
// A program as cmd finds it (the current directory, then PATH, with PATHEXT): its Windows path.
std::string find_command(const std::string& name);

// ---- built-in commands (builtins.cpp) ----

// Whether `name` (lower case) is a built-in command; runs it with `args` (what follows the name).
bool is_builtin(const std::string& name);
int run_builtin(const std::string& name, const std::string& args);
// Where a command's name ends: cmd's name delimiters (blank , ; = and for echo etc. . ( / \ …).
size_t command_name_end(const std::string& text);
int set_arithmetic(const std::string& expression);  // set_arith.cpp
int run_for(const Node& n);                          // for.cpp

// ---- batch files (batch.cpp) ----
int run_batch(const std::string& path, const std::vector<std::string>& args, bool call);
int call_label(const std::string& label, const std::vector<std::string>& args);
bool goto_label(const std::string& label);
void end_locals_to(size_t depth);
std::string batch_arg(size_t n);  // %n after SHIFT ("" past the end)
std::string batch_all_args();     // %*
std::string batch_arg_for_modifiers(size_t n);  // %~…n: for %0 the batch file's full path

}  // namespace polyrun::cmd

// msvcrt.dll and the Universal CRT, start-up: the command line split into __argc and __argv
// (narrow and wide), the environment (_environ, getenv), _acmdln, _fmode and _commode, the
// start-up settings (_set_app_type, _set_error_mode, _set_new_mode, the invalid-parameter
// handler), and the initializer tables _initterm and _initterm_e run.
#include <strings.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/command_line.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

uint64_t guest_strings_array(WindowsProcess& p, const std::vector<std::string>& v) {
  const unsigned ptr = p.isa->ptr;
  uint64_t arr = p.alloc_data((v.size() + 1) * ptr);
  for (size_t i = 0; i < v.size(); ++i) {
    uint64_t s = p.alloc_data(v[i].size() + 1);
    std::memcpy(reinterpret_cast<void*>(s), v[i].c_str(), v[i].size() + 1);
    std::memcpy(reinterpret_cast<void*>(arr + i * ptr), &s, ptr);
  }
  return arr;
}

uint64_t guest_ansi_strings_array(WindowsProcess& p, const std::vector<std::string>& v) {
  std::vector<std::string> a;
  a.reserve(v.size());
  for (const std::string& s : v) a.push_back(crt_locale::utf8_to_name(p, s, false));
  return guest_strings_array(p, a);
}

uint64_t guest_wstrings_array(WindowsProcess& p, const std::vector<std::string>& v) {
  const unsigned ptr = p.isa->ptr;
  uint64_t arr = p.alloc_data((v.size() + 1) * ptr);
  for (size_t i = 0; i < v.size(); ++i) {
    std::u16string w = utf8_to_utf16(v[i]);
    uint64_t s = p.alloc_data((w.size() + 1) * 2);
    std::memcpy(reinterpret_cast<void*>(s), w.c_str(), (w.size() + 1) * 2);
    std::memcpy(reinterpret_cast<void*>(arr + i * ptr), &s, ptr);
  }
  return arr;
}

namespace {

uint64_t argc_data(WindowsProcess& p) { return data_slot(p, "__argc"); }
uint64_t argv_data(WindowsProcess& p) { return data_slot(p, "__argv"); }
uint64_t wargv_data(WindowsProcess& p) { return data_slot(p, "__wargv"); }
uint64_t initenv_data(WindowsProcess& p) { return data_slot(p, "__initenv"); }
uint64_t winitenv_data(WindowsProcess& p) { return data_slot(p, "__winitenv"); }
uint64_t environ_data(WindowsProcess& p) { return data_slot(p, "_environ"); }
uint64_t fmode_data(WindowsProcess& p) { return data_slot(p, "_fmode"); }
uint64_t commode_data(WindowsProcess& p) { return data_slot(p, "_commode"); }
uint64_t acmdln_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_acmdln");
  p.put_ptr(slot, p.cmdline_a);
  return slot;
}
uint64_t wcmdln_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_wcmdln");
  p.put_ptr(slot, p.cmdline_w);
  return slot;
}

// __getmainargs / __wgetmainargs: the command line split by the C runtime's rules, and the
// environment, as UTF-16 string arrays or narrow ones in the ANSI code page (GetCommandLineA's,
// GetEnvironmentStringsA's).
int32_t main_args(WindowsProcess& p, Ptr argc, Ptr argv, Ptr env, bool wide) {
  std::vector<std::string> args = split_command_line(p.command_line);
  uint64_t av = wide ? guest_wstrings_array(p, args) : guest_ansi_strings_array(p, args);
  uint64_t ev = wide ? guest_wstrings_array(p, p.env) : guest_ansi_strings_array(p, p.env);
  put<int32_t>(argc.addr, static_cast<int32_t>(args.size()));
  p.put_ptr(argv.addr, av);
  p.put_ptr(env.addr, ev);
  put<int32_t>(argc_data(p), static_cast<int32_t>(args.size()));
  p.put_ptr(wide ? wargv_data(p) : argv_data(p), av);
  p.put_ptr(wide ? winitenv_data(p) : initenv_data(p), ev);
  if (!wide) p.put_ptr(environ_data(p), ev);
  return 0;
}

int32_t __getmainargs_(WindowsProcess& p, Ptr argc, Ptr argv, Ptr env, int32_t, Ptr) {
  return main_args(p, argc, argv, env, false);
}
int32_t __wgetmainargs_(WindowsProcess& p, Ptr argc, Ptr argv, Ptr env, int32_t, Ptr) {
  return main_args(p, argc, argv, env, true);
}

Ptr __p___argc_(WindowsProcess& p) { return Ptr(argc_data(p)); }
Ptr __p___argv_(WindowsProcess& p) { return Ptr(argv_data(p)); }
Ptr __p___initenv_(WindowsProcess& p) { return Ptr(initenv_data(p)); }
Ptr __p___winitenv_(WindowsProcess& p) { return Ptr(winitenv_data(p)); }
Ptr __p___wargv_(WindowsProcess& p) { return Ptr(wargv_data(p)); }
Ptr __p__environ_(WindowsProcess& p) { return Ptr(environ_data(p)); }
Ptr __p__fmode_(WindowsProcess& p) { return Ptr(fmode_data(p)); }
Ptr __p__commode_(WindowsProcess& p) { return Ptr(commode_data(p)); }
int32_t _set_fmode_(WindowsProcess& p, int32_t mode) {
  if (mode != 0x4000 && mode != 0x8000) {  // _O_TEXT, _O_BINARY
    *guest_errno(p) = EINVAL;
    return EINVAL;
  }
  put<int32_t>(fmode_data(p), mode);
  return 0;
}
// Where the runtime's error messages go: default, stderr, a message box (none here: the mode is
// kept); _REPORT_ERRMODE (3) asks for the mode without changing it.
int32_t _set_error_mode_(WindowsProcess& p, int32_t mode) {
  const int32_t old = crt(p).error_mode;
  if (mode == 3) return old;
  if (mode < 0 || mode > 2) {
    *guest_errno(p) = EINVAL;
    return -1;
  }
  crt(p).error_mode = mode;
  return old;
}
int32_t _get_fmode_(WindowsProcess& p, Ptr out) {
  if (!out) return EINVAL;
  put<int32_t>(out.addr, get<int32_t>(fmode_data(p)));
  return 0;
}
Ptr __p__acmdln_(WindowsProcess& p) { return Ptr(acmdln_data(p)); }
Ptr __p__wcmdln_(WindowsProcess& p) { return Ptr(wcmdln_data(p)); }

void __set_app_type_(WindowsProcess&, int32_t) {}

void __setusermatherr_(WindowsProcess&, Ptr) {}

// Calls each non-null function pointer in [begin, end).
void _initterm_(WindowsProcess& p, Ptr begin, Ptr end) {
  const unsigned ptr = p.isa->ptr;
  for (uint64_t a = begin.addr; a < end.addr && !p.exited; a += ptr) {
    uint64_t fn = 0;
    std::memcpy(&fn, reinterpret_cast<const void*>(a), ptr);
    if (fn) p.call_guest(fn, {});
  }
}

int32_t _initterm_e_(WindowsProcess& p, Ptr begin, Ptr end) {
  const unsigned ptr = p.isa->ptr;
  for (uint64_t a = begin.addr; a < end.addr && !p.exited; a += ptr) {
    uint64_t fn = 0;
    std::memcpy(&fn, reinterpret_cast<const void*>(a), ptr);
    if (fn) {
      int32_t r = static_cast<int32_t>(p.call_guest(fn, {}));
      if (r) return r;
    }
  }
  return 0;
}

// The arguments land in __argc/__argv (__p___argc …); the out-parameters are not wanted here.
int32_t _configure_narrow_argv_(WindowsProcess& p, int32_t) {
  uint64_t scratch = p.alloc_data(24);
  main_args(p, Ptr(scratch), Ptr(scratch + 8), Ptr(scratch + 16), false);
  return 0;
}
int32_t _configure_wide_argv_(WindowsProcess& p, int32_t) {
  uint64_t scratch = p.alloc_data(24);
  main_args(p, Ptr(scratch), Ptr(scratch + 8), Ptr(scratch + 16), true);
  return 0;
}
int32_t _initialize_narrow_environment_(WindowsProcess& p) {
  if (!p.get_ptr(environ_data(p))) p.put_ptr(environ_data(p), guest_ansi_strings_array(p, p.env));
  return 0;
}
int32_t _initialize_wide_environment_(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_wenviron");
  if (!p.get_ptr(slot)) p.put_ptr(slot, guest_wstrings_array(p, p.env));
  return 0;
}
Ptr _get_initial_narrow_environment_(WindowsProcess& p) {
  _initialize_narrow_environment_(p);
  return Ptr(p.get_ptr(environ_data(p)));
}
Ptr _get_initial_wide_environment_(WindowsProcess& p) {
  _initialize_wide_environment_(p);
  return Ptr(p.get_ptr(data_slot(p, "_wenviron")));
}
Ptr __p__wenviron_(WindowsProcess& p) {
  _initialize_wide_environment_(p);
  return Ptr(data_slot(p, "_wenviron"));
}
// _get_environ and _get_wenviron: the environment arrays (_environ, _wenviron) in *out; EINVAL
// for no out-parameter. _wenviron stays null in a program of main until a wide environment
// function makes it (Microsoft's documentation of _environ and _wenviron).
int32_t _get_environ_(WindowsProcess& p, Ptr out) {
  if (!out) return *guest_errno(p) = 22;
  _initialize_narrow_environment_(p);
  p.put_ptr(out.addr, p.get_ptr(environ_data(p)));
  return 0;
}
int32_t _get_wenviron_(WindowsProcess& p, Ptr out) {
  if (!out) return *guest_errno(p) = 22;
  p.put_ptr(out.addr, p.get_ptr(data_slot(p, "_wenviron")));
  return 0;
}
uint64_t wenviron_data(WindowsProcess& p) { return data_slot(p, "_wenviron"); }
void _set_app_type_(WindowsProcess&, int32_t) {}
Ptr _set_invalid_parameter_handler_(WindowsProcess& p, Ptr handler) {
  uint64_t& slot = data_slot(p, "invalid-parameter-handler");
  uint64_t old = get<uint64_t>(slot);
  put<uint64_t>(slot, handler.addr);
  return Ptr(old);
}
int32_t _set_new_mode_(WindowsProcess& p, int32_t mode) {
  uint64_t& slot = data_slot(p, "new-mode", 4);
  int32_t old = get<int32_t>(slot);
  put<int32_t>(slot, mode);
  return old;
}

Ptr getenv_(WindowsProcess& p, CStr name) { return Ptr(crt_getenv(p, name.c_str())); }

}  // namespace

// The value of `name` (its bytes, as the program gave them) in the runtime's environment (_environ,
// made from the process's at the first use, in the ANSI code page), or 0.
uint64_t crt_getenv(WindowsProcess& p, const std::string& name) {
  std::string prefix = name + "=";
  uint64_t& env = data_slot(p, "_environ");
  if (!p.get_ptr(env)) p.put_ptr(env, guest_ansi_strings_array(p, p.env));
  for (uint64_t e = p.get_ptr(env); e && p.get_ptr(e); e += p.isa->ptr) {
    const char* kv = reinterpret_cast<const char*>(p.get_ptr(e));
    if (::strncasecmp(kv, prefix.c_str(), prefix.size()) == 0) return reinterpret_cast<uint64_t>(kv + prefix.size());
  }
  return 0;
}

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_startup_exports() {
  static const std::vector<Export> exports = {
      EXPORT("__getmainargs", __getmainargs_),
      EXPORT("__wgetmainargs", __wgetmainargs_),
      EXPORT("__p___argc", __p___argc_),
      EXPORT("__p___argv", __p___argv_),
      EXPORT("__p___wargv", __p___wargv_),
      EXPORT("__p__environ", __p__environ_),
      EXPORT("__p__fmode", __p__fmode_),
      EXPORT("__p__commode", __p__commode_),
      EXPORT("_set_fmode", _set_fmode_),
      EXPORT("_set_error_mode", _set_error_mode_),
      EXPORT("_get_fmode", _get_fmode_),
      EXPORT("__p__acmdln", __p__acmdln_),
      EXPORT("__p__wcmdln", __p__wcmdln_),
      EXPORT_DATA("__argc", argc_data),
      EXPORT_DATA("__argv", argv_data),
      EXPORT_DATA("__wargv", wargv_data),
      EXPORT_DATA("__initenv", initenv_data),
      EXPORT_DATA("__winitenv", winitenv_data),
      EXPORT_DATA("_environ", environ_data),
      EXPORT_DATA("_fmode", fmode_data),
      EXPORT_DATA("_commode", commode_data),
      EXPORT_DATA("_acmdln", acmdln_data),
      EXPORT_DATA("_wcmdln", wcmdln_data),
      EXPORT("__set_app_type", __set_app_type_),
      EXPORT("__setusermatherr", __setusermatherr_),
      EXPORT("_initterm", _initterm_),
      EXPORT("_initterm_e", _initterm_e_),
      EXPORT("_configure_narrow_argv", _configure_narrow_argv_),
      EXPORT("_configure_wide_argv", _configure_wide_argv_),
      EXPORT("_initialize_narrow_environment", _initialize_narrow_environment_),
      EXPORT("_get_initial_narrow_environment", _get_initial_narrow_environment_),
      EXPORT("_get_initial_wide_environment", _get_initial_wide_environment_),
      EXPORT("_initialize_wide_environment", _initialize_wide_environment_),
      EXPORT("__p__wenviron", __p__wenviron_),
      EXPORT("_get_environ", _get_environ_),
      EXPORT("_get_wenviron", _get_wenviron_),
      EXPORT_DATA("_wenviron", wenviron_data),
      EXPORT("_set_app_type", _set_app_type_),
      EXPORT("_set_invalid_parameter_handler", _set_invalid_parameter_handler_),
      EXPORT("_set_new_mode", _set_new_mode_),
      EXPORT("?_set_new_mode@@YAHH@Z", _set_new_mode_),
      EXPORT("getenv", getenv_),
      EXPORT("__p___initenv", __p___initenv_),
      EXPORT("__p___winitenv", __p___winitenv_),
  };
  return exports;
}

}  // namespace polyrun::shims

// Joining export tables, for the runtimes built from MSVCP140's files (MSVCP90, MSVCP100) and the
// one that shares them (MSVCP120): each name once, in the order the parts come, and, for runtimes
// before Visual C++ 2015, the multibyte state's type `U_Mbstatet@@` spelt `H` (mbstate_t was an
// int then: codecvt<wchar_t, char, int>, fpos<int>).
#pragma once

#include <deque>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims::msvcp_tables {

// A name kept for the process's life (an Export's name points into it).
inline const char* kept_name(std::string name) {
  static std::deque<std::string> names;
  names.push_back(std::move(name));
  return names.back().c_str();
}

// `name` with the state's type spelt as an int; whether it had it.
inline bool int_state_name(std::string& name) {
  static const std::string from = "U_Mbstatet@@", to = "H";
  bool had = false;
  for (size_t at; (at = name.find(from)) != std::string::npos; had = true) name.replace(at, from.size(), to);
  return had;
}

inline std::vector<Export> join_exports(std::initializer_list<const std::vector<Export>*> parts, bool int_state) {
  std::vector<Export> all;
  std::set<std::string> names;
  for (const auto* part : parts)
    for (Export e : *part) {
      std::string name = e.name;
      if (int_state && int_state_name(name)) e.name = kept_name(name);
      if (names.insert(name).second) all.push_back(e);
    }
  return all;
}

}  // namespace polyrun::shims::msvcp_tables

// Errors that reach the user as one line "polyrun: <message>" with a chosen exit status.
#pragma once
#include <stdexcept>
#include <string>

namespace polyrun {

class UserError : public std::runtime_error {
 public:
  UserError(std::string message, int exit_status)
      : std::runtime_error(std::move(message)), exit_status_(exit_status) {}
  int exit_status() const { return exit_status_; }

 private:
  int exit_status_;
};

// The program file cannot be run: unsupported, truncated or corrupt (exit 126, as a shell does).
inline UserError cannot_run(const std::string& path, const std::string& why) {
  return UserError(path + ": " + why, 126);
}

}  // namespace polyrun

#pragma once
// Running the `softpower` command from tests, as a user would, and capturing what it prints.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace softpower::testing {

struct CommandResult {
  int status = -1;
  std::string out;  ///< stdout and stderr together
};

/// Runs `softpower <arguments>` through the shell (arguments are passed as written).
inline CommandResult run_cli(const std::string& arguments) {
  CommandResult result;
  const std::string command = std::string(SOFTPOWER_CLI) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.out.append(buffer.data(), n);
  const int raw = pclose(pipe);
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return result;
}

}  // namespace softpower::testing

#pragma once
// `softpower --json COMMAND`'s answer, for the tests of the dashboard's reads on the command line.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/cli.hpp"

namespace softpower::testing {

/// Runs `softpower --json <command>`, expects it to succeed and parses its JSON answer (what
/// follows the notes it printed first).
inline nlohmann::json run_cli_json(const std::string& command) {
  const CommandResult r = run_cli("--json " + command);
  EXPECT_EQ(r.status, 0) << r.out;
  return nlohmann::json::parse(r.out.substr(r.out.find('{')));
}

}  // namespace softpower::testing

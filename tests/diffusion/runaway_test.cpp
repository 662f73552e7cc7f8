// Runaway simulations are refused before they start: sizes that would overflow the engines'
// int indices, series without end, and work whose memory estimate exceeds the limit.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/diffusion/axelrod.hpp"
#include "softpower/diffusion/scenario.hpp"
#include "softpower/operations.hpp"

namespace softpower::diffusion {
namespace {

std::string scenario_error(const std::string& text) {
  try {
    (void)parse_scenario(text, "big.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::string countries(int count, long long agents, int degree = 4) {
  std::string text = "[scenario]\nname = \"big\"\n";
  for (int c = 0; c < count; ++c) {
    text += "[[country]]\ncode = \"C" + std::to_string(c) +
            "\"\nagents = " + std::to_string(agents) + "\ndegree = " + std::to_string(degree) +
            "\n";
  }
  return text;
}

TEST(Runaway, AgentsThatWouldOverflowAnIntAreRefusedAtTheCountryThatCrossesTheBound) {
  // 300 countries of 10 million agents: the sum overflowed an int ("internal error").
  EXPECT_EQ(scenario_error(countries(300, 10'000'000)),
            "big.toml:45: field 'country[11].agents': the countries' agents add up to more than "
            "100000000");
  EXPECT_EQ(scenario_error(countries(10, 10'000'000, 2)), "no error");
}

TEST(Runaway, EdgesBeyondTheBoundAreRefused) {
  // 10 countries of 10 million agents with ring degree 1000: 5 billion edges.
  const std::string error = scenario_error(countries(10, 10'000'000, 1000));
  EXPECT_NE(error.find("the network would have up to 50000000000 edges"), std::string::npos)
      << error;
  const Scenario s = parse_scenario(countries(2, 1000, 10), "ok.toml");
  EXPECT_EQ(s.agents(), 2000);
  EXPECT_EQ(s.max_edges(), 10'000);
}

TEST(Runaway, MemoryEstimatesGrowWithTheWork) {
  // The measured peak of a 2000 × 2000 lattice (F = 5, active bonds) was 533 MB.
  const std::uint64_t lattice = axelrod_memory_estimate(4'000'000, 16'000'000, 5);
  EXPECT_GT(lattice, 450'000'000U);
  EXPECT_LT(lattice, 650'000'000U);
  // Two countries of a million agents of degree 4 peaked at 320 MB.
  const Scenario s = parse_scenario(countries(2, 1'000'000), "ok.toml");
  EXPECT_GT(s.memory_estimate(), 250'000'000U);
  EXPECT_LT(s.memory_estimate(), 500'000'000U);
}

std::string simulate_error(std::vector<std::pair<std::string, std::string>> values) {
  const Operation* op = operations().find("simulate");
  Args args;
  args.set("scenario", "axelrod");
  args.set("out", "/nonexistent/never-written");
  for (auto& [k, v] : values) args.set(k, v);
  Progress progress;
  std::ostringstream log;
  Context ctx{progress, log};
  try {
    (void)op->run(op->validate(args), ctx);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Runaway, TheOperationRefusesBeforeAllocating) {
  ::setenv("SOFTPOWER_MAX_MEMORY", "100MB", 1);
  const std::string lattice = simulate_error({{"L", "2000"}, {"runs", "1"}});
  EXPECT_NE(lattice.find("a 2000 × 2000 lattice would need about"), std::string::npos) << lattice;
  EXPECT_NE(lattice.find("more than the limit of 100.0 MB"), std::string::npos) << lattice;
  const std::string graph = simulate_error({{"graph", "scale-free"}, {"n", "10000000"}});
  EXPECT_NE(graph.find("a network of 10000000 agents would need about"), std::string::npos)
      << graph;
  ::unsetenv("SOFTPOWER_MAX_MEMORY");
  EXPECT_EQ(simulate_error({{"L", "20000"}}), "--L: must be between 1 and 10000, not 20000");
  EXPECT_EQ(simulate_error({{"max-events", "-1"}}),
            "--max-events: must be between 1 and 1000000000000, not -1");
  EXPECT_EQ(simulate_error({{"checkpoints", "0"}}),
            "--checkpoints: must be between 1 and 1000000000000, not 0");
  // --checkpoints 0 was taken as 1: a region count after every attempt (30 s for 0.75 s).
  EXPECT_EQ(simulate_error({{"checkpoints", "1"}}),
            "--checkpoints: must be at least 10 (a tenth of the 100 agents): each point measures "
            "every agent, not 1");
  EXPECT_EQ(simulate_error({{"checkpoints", "10"}, {"max-events", "100000000"}}),
            "--checkpoints: 100000000 attempts at one point every 10 make more than 1000000 "
            "points");
  EXPECT_EQ(simulate_error({{"graph", "small-world"}, {"k", "3"}}),
            "--k: must be even and below n − 1 = 999, not 3");
  EXPECT_EQ(simulate_error({{"graph", "scale-free"}, {"n", "5"}, {"m", "5"}}),
            "--m: must be below n = 5, not 5");
}

}  // namespace
}  // namespace softpower::diffusion

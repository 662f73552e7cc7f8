// Invalid specs fail with file:line and what is wrong.

#include "softpower/index/spec.hpp"

#include <gtest/gtest.h>

#include "softpower/core/error.hpp"
#include "softpower/index/framework.hpp"

namespace softpower::index {
namespace {

const char* kValid = R"([index]
name = "Tiny"
year = 2020
[data]
datasets = ["d"]
[[aggregate]]
code = "Index"
[[aggregate]]
code = "P"
parent = "Index"
[[indicator]]
code = "a"
parent = "P"
[[indicator]]
code = "b"
parent = "P"
direction = -1
weight = 2
normalise = { method = "goalposts", goalposts = [0, 10, 100] }
)";

std::string error_of(const std::string& text) {
  try {
    const Spec spec = parse_spec(text, "spec.toml");
    Framework::from_spec(spec);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Spec, ParsesAValidSpec) {
  const Spec spec = parse_spec(kValid, "spec.toml");
  EXPECT_EQ(spec.name, "Tiny");
  EXPECT_EQ(spec.years, std::vector<int>{2020});
  ASSERT_EQ(spec.indicators.size(), 2u);
  EXPECT_EQ(spec.indicators[1].direction, -1);
  EXPECT_EQ(spec.indicators[1].dataset, "d");
  EXPECT_EQ(spec.indicators[1].source, "b");
  ASSERT_TRUE(spec.indicators[1].normalise.has_value());
  EXPECT_EQ(spec.indicators[1].normalise->goal_scale, 100);
  const Framework f = Framework::from_spec(spec);
  EXPECT_EQ(f.top_level(), 3);
  EXPECT_EQ(f.nodes()[static_cast<std::size_t>(f.root())].code, "Index");
}

TEST(Spec, ErrorsNameFileLineAndField) {
  EXPECT_EQ(
      error_of(std::string(kValid) + "colour = 3\n"),
      "spec.toml:20: field 'indicator.colour': unknown key (expected one of: code, name, parent, "
      "direction, weight, unit, target, source, denominator, scale_factor, year, normalise, treat, "
      "impute, max_time, "
      "description)");
  EXPECT_EQ(error_of(std::string(kValid) + "[steps.normalise]\nmethod = \"minimax\"\n"),
            "spec.toml:21: field 'steps.normalise.method': unknown value 'minimax' (expected one "
            "of: none, "
            "minmax, zscore, rank, prank, borda, goalposts, dist2targ, dist2max, dist2ref, "
            "fracmax, refmax)");
  EXPECT_EQ(error_of(std::string(kValid) + "[[indicator]]\ncode = \"c\"\nparent = \"Q\"\n"),
            "spec.toml:20: field 'indicator.parent': parent 'Q' is not an [[aggregate]] code");
  EXPECT_EQ(error_of(std::string(kValid) + "[[indicator]]\ncode = \"a\"\nparent = \"P\"\n"),
            "spec.toml:20: field 'indicator.code': code 'a' is used twice");
  EXPECT_EQ(
      error_of(std::string(kValid) + "[[aggregate]]\ncode = \"Other\"\n"),
      "spec.toml:20: field 'aggregate.parent': the framework needs exactly one root aggregate (one "
      "without parent), found 2");
  EXPECT_EQ(error_of("[index]\nname = \"x\"\nyear = \"2020\"\n"),
            "spec.toml:3: field 'index.year': must be an integer");
  EXPECT_NE(error_of("[index\nname = 1").find("spec.toml:1"), std::string::npos);
}

TEST(Spec, MixedLevelsAreRejected) {
  const std::string mixed =
      std::string(kValid) + "[[indicator]]\ncode = \"c\"\nparent = \"Index\"\n";
  EXPECT_EQ(
      error_of(mixed),
      "spec.toml:6: field 'aggregate.code': aggregate 'Index' mixes children of level 1 ('c') and "
      "level 2 ('P')");
}

}  // namespace
}  // namespace softpower::index

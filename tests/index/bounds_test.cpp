// Nonsense results are errors, not empty successes: spec values out of their bounds fail at
// their file and line, an index with no units or no scores fails, reweighting with all-zero
// weights fails in the index layer (so the server answers 400, not 200 with null ranks). And
// spec handling is linear: 100,000 indicators and a 100,000-level chain are read and checked.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/core/table.hpp"
#include "softpower/index/framework.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/reweight.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/operations.hpp"
#include "support/asem.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower::index {
namespace {

const std::string kHead = "[index]\nname = \"t\"\nyear = 2018\n[data]\ndatasets = [\"d\"]\n";

std::string spec_error(const std::string& text) {
  try {
    const Spec spec = parse_spec(text, "s.toml");
    const Pipeline pipeline(spec);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

// Two indicators a and b under root.
std::string two(const std::string& a_extra = "", const std::string& b_extra = "",
                const std::string& steps = "") {
  return kHead + steps + "[[indicator]]\ncode = \"a\"\nparent = \"root\"\n" + a_extra +
         "[[indicator]]\ncode = \"b\"\nparent = \"root\"\n" + b_extra +
         "[[aggregate]]\ncode = \"root\"\n";
}

TEST(SpecBounds, YearsOutsideTheirBoundsFailAtTheirLine) {
  EXPECT_EQ(spec_error("[index]\nname = \"t\"\nyear = 99999999999\n"),
            "s.toml:3: field 'index.year': must be between 1 and 9999, not 99999999999");
  EXPECT_EQ(spec_error("[index]\nname = \"t\"\nyear = -5\n"),
            "s.toml:3: field 'index.year': must be between 1 and 9999, not -5");
  EXPECT_EQ(spec_error("[index]\nname = \"t\"\nyears = [2018, 99999999999]\n"),
            "s.toml:3: field 'index.years': must be between 1 and 9999, not 99999999999");
  EXPECT_EQ(spec_error("[index]\nname = \"t\"\nyears = [2018, 2018]\n"),
            "s.toml:3: field 'index.years': lists a year twice");
  EXPECT_EQ(spec_error(two("year = 0\n")),
            "s.toml:9: field 'indicator.year': must be between 1 and 9999, not 0");
}

TEST(SpecBounds, WeightsAndRangesThatMakeNoSenseFail) {
  EXPECT_EQ(spec_error(two("weight = 1e308\n")),
            "s.toml:9: field 'indicator.weight': must be between 0 and 1e+12, not 1e+308");
  EXPECT_EQ(spec_error(two("weight = nan\n")),
            "s.toml:9: field 'indicator.weight': must be finite");
  EXPECT_EQ(spec_error(two("weight = 0\n", "weight = 0\n")),
            "s.toml:14: field 'weight': the children of 'root' all weigh 0, so it would have no "
            "score");
  EXPECT_EQ(spec_error(two("weight = 0\n")), "no error");
  // With equal weights the declared ones do not count.
  EXPECT_EQ(
      spec_error(two("weight = 0\n", "weight = 0\n", "[steps.aggregate]\nweights = \"equal\"\n")),
      "no error");
  EXPECT_EQ(spec_error(two("", "", "[steps.normalise]\nrange = [nan, inf]\n")),
            "s.toml:7: field 'steps.normalise.range': must be finite");
  EXPECT_EQ(spec_error(two("", "", "[steps.normalise]\nrange = [100, 0]\n")),
            "s.toml:7: field 'steps.normalise.range': the lower end must be below the upper end (a "
            "reversed range would reverse the ranking; use direction = -1 on the indicator)");
  EXPECT_EQ(spec_error(two("", "", "[steps.normalise]\nrange = [0, 1e300]\n")),
            "s.toml:7: field 'steps.normalise.range': must be between -1e+15 and 1e+15, not "
            "1e+300");
  EXPECT_EQ(spec_error(two("", "", "[steps.aggregate]\np = 1e9\n")),
            "s.toml:7: field 'steps.aggregate.p': must be between -100 and 100, not 1e+09");
  EXPECT_EQ(spec_error(two("", "", "[uncertainty]\nruns = 0\n")),
            "s.toml:7: field 'uncertainty.runs': must be between 1 and 1000000, not 0");
}

// A panel of units × {a, b} for 2018.
std::map<std::string, Panel> data(const std::vector<std::string>& units) {
  Panel p(units, {"a", "b"}, {2018});
  for (std::size_t u = 0; u < units.size(); ++u) {
    p.at(u, 0, 0) = static_cast<double>(u + 1);
    p.at(u, 1, 0) = static_cast<double>(2 * u + 3);
  }
  return {{"d", p}};
}

std::string run_error(const std::string& text, const std::vector<std::string>& units) {
  try {
    const Spec spec = parse_spec(text, "s.toml");
    const Pipeline pipeline(spec);
    (void)pipeline.run(assemble_input(spec, data(units), {}));
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(IndexResultChecks, AnIndexOfNoUnitsOrNoScoresIsAnError) {
  EXPECT_EQ(run_error(two(), {"FRA", "DEU", "ITA"}), "no error");
  // Unknown units: "Built ... 0 units" before.
  const std::string unknown = "[index]\nname = \"t\"\nyear = 2018\nunits = [\"XXX\"]\n" +
                              two().substr(kHead.find("[data]"));
  EXPECT_EQ(run_error(unknown, {"FRA", "DEU"}),
            "s.toml: field 'index.units': unit 'XXX' is in none of the spec's datasets");
  // A year the data does not have.
  const std::string other_year =
      "[index]\nname = \"t\"\nyear = 1900\n" + two().substr(kHead.find("[data]"));
  EXPECT_EQ(run_error(other_year, {"FRA", "DEU"}),
            "s.toml: field 'index.year': no unit has data in 1900 (check the index's year and "
            "units against the datasets)");
}

TEST(IndexResultChecks, ReweightingWithAllZeroWeightsIsRefusedInTheIndexLayer) {
  const Spec spec = parse_spec(two(), "s.toml");
  const Pipeline pipeline(spec);
  const IndexResult result = pipeline.run(assemble_input(spec, data({"FRA", "DEU", "ITA"}), {}));
  const Reweighter reweighter(pipeline, result.years[0]);
  try {
    (void)reweighter.rank(reweighter.weights({{"a", 0.0}, {"b", 0.0}}));
    FAIL() << "all-zero weights were accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "the weights of the children of 'root' are all 0: give at least one a weight "
                 "above 0");
  }
  EXPECT_THROW((void)reweighter.weights({{"a", 1e308}}), Error);
  const Ranking one = reweighter.rank(reweighter.weights({{"a", 0.0}}));
  EXPECT_EQ(one.ranks.size(), 3U);
  EXPECT_EQ(one.ranks[2], 1.0);  // ITA has the largest b
}

TEST(IndexResultChecks, WithoutAScreenStepNoUnitIsScreenedOut) {
  // "18446744073709551565 units screened out" when the spec had no screen step.
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir dir("softpower-no-screen");
  std::string text = testing::asem_spec_text();
  const std::string order =
      R"(order = ["denominate", "impute", "screen", "treat", "normalise", "aggregate"])";
  ASSERT_NE(text.find(order), std::string::npos);
  text.replace(text.find(order), order.size(),
               R"(order = ["denominate", "impute", "treat", "normalise", "aggregate"])");
  write_file_atomic(dir / "spec.toml", text);
  const Operation* op = operations().find("index build");
  Args args;
  args.set("spec", (dir / "spec.toml").string());
  args.set("data", data.string());
  args.set("out", (dir / "out").string());
  Progress progress;
  std::ostringstream log;
  Context ctx{progress, log};
  const nlohmann::json result = op->run(op->validate(args), ctx);
  const std::string message = result["message"];
  EXPECT_NE(message.find("(0 units screened out"), std::string::npos) << message;
}

std::string flat(std::size_t n) {
  std::string text = kHead;
  text.reserve(n * 40);
  for (std::size_t i = 0; i < n; ++i)
    text += "[[indicator]]\ncode = \"i" + std::to_string(i) + "\"\nparent = \"root\"\n";
  text += "[[aggregate]]\ncode = \"root\"\n";
  return text;
}

// One indicator under a chain of n aggregates, listed from the top down (the order that made
// the old level computation quadratic: one aggregate settled per pass).
std::string chain(int n) {
  std::string text = kHead + "[[indicator]]\ncode = \"i\"\nparent = \"a1\"\n";
  text.reserve(static_cast<std::size_t>(n) * 40);
  for (int k = n; k >= 1; --k) {
    text += "[[aggregate]]\ncode = \"a" + std::to_string(k) + "\"\n";
    if (k < n) text += "parent = \"a" + std::to_string(k + 1) + "\"\n";
  }
  return text;
}

TEST(SpecScale, OneHundredThousandIndicatorsAreReadAndChecked) {
  const Spec spec = parse_spec(flat(100'000), "flat.toml");
  const Pipeline pipeline(spec);
  const Framework& f = pipeline.framework();
  EXPECT_EQ(f.indicator_count(), 100'000U);
  EXPECT_EQ(f.top_level(), 2);
  EXPECT_EQ(f.nodes()[static_cast<std::size_t>(f.root())].children.size(), 100'000U);
  EXPECT_EQ(*f.find("i99999"), 99'999);
  const std::vector<double> w = f.effective_weights(f.declared_weights());
  EXPECT_DOUBLE_EQ(w[12'345], 1e-5);
}

TEST(SpecScale, AOneHundredThousandLevelChainIsReadAndChecked) {
  const Spec spec = parse_spec(chain(100'000), "chain.toml");
  const Pipeline pipeline(spec);
  const Framework& f = pipeline.framework();
  EXPECT_EQ(f.top_level(), 100'001);
  EXPECT_EQ(f.nodes()[static_cast<std::size_t>(f.root())].code, "a100000");
  EXPECT_EQ(f.nodes()[static_cast<std::size_t>(*f.find("a1"))].level, 2);
  EXPECT_EQ(f.level(50'000).size(), 1U);
  // A cycle far up the chain is still found.
  std::string cyclic = chain(100'000);
  cyclic.replace(cyclic.find("[[aggregate]]\ncode = \"a100000\"\n"),
                 std::string("[[aggregate]]\ncode = \"a100000\"\n").size(),
                 "[[aggregate]]\ncode = \"a100000\"\nparent = \"a1\"\n[[aggregate]]\ncode = "
                 "\"top\"\n");
  EXPECT_NE(spec_error(cyclic).find("form a cycle"), std::string::npos) << spec_error(cyclic);
}

}  // namespace
}  // namespace softpower::index

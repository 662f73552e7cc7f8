// Operation declarations: every number parameter has bounds, checked in one place
// (Operation::validate) for the command line and the HTTP API alike, with messages naming the
// parameter and its bounds; numbers are read without silent narrowing.

#include "softpower/core/operation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "apps/server/serve.hpp"
#include "softpower/core/error.hpp"
#include "softpower/operations.hpp"

namespace softpower {
namespace {

Operation sample() {
  Operation op;
  op.name = "sample";
  op.params = {Param{"count", ParamType::integer, "a count", "10"}.between(1, 2000),
               Param{"share", ParamType::real, "a share", "0.5"}.within(0.0, 1.0),
               Param{"seed", ParamType::integer, "a seed", "1"}.between(
                   0, std::numeric_limits<long long>::max())};
  op.run = [](const Args&, Context&) { return nlohmann::json::object(); };
  return op;
}

std::string refusal(const Operation& op, const std::string& name, const std::string& value) {
  Args args;
  args.set(name, value);
  try {
    (void)op.validate(args);
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(OperationBounds, ValuesOutsideTheBoundsAreRefusedNamingTheParameterAndTheBounds) {
  const Operation op = sample();
  EXPECT_EQ(refusal(op, "count", "0"), "--count: must be between 1 and 2000, not 0");
  EXPECT_EQ(refusal(op, "count", "2001"), "--count: must be between 1 and 2000, not 2001");
  EXPECT_EQ(refusal(op, "count", "-1"), "--count: must be between 1 and 2000, not -1");
  EXPECT_EQ(refusal(op, "count", "99999999999"),
            "--count: must be between 1 and 2000, not 99999999999");
  EXPECT_EQ(refusal(op, "count", "1"), "accepted");
  EXPECT_EQ(refusal(op, "count", "2000"), "accepted");
  EXPECT_EQ(refusal(op, "share", "1.5"), "--share: must be between 0 and 1, not 1.5");
  EXPECT_EQ(refusal(op, "share", "-0.01"), "--share: must be between 0 and 1, not -0.01");
  EXPECT_EQ(refusal(op, "share", "1e-3"), "accepted");
  EXPECT_EQ(refusal(op, "seed", "-5"), "--seed: must be between 0 and 9223372036854775807, not -5");
}

TEST(OperationBounds, NumbersAreReadStrictly) {
  const Operation op = sample();
  EXPECT_EQ(refusal(op, "count", "0x10"), "--count: not an integer: '0x10'");
  EXPECT_EQ(refusal(op, "count", ""), "--count: not an integer: ''");
  EXPECT_EQ(refusal(op, "count", " 5"), "--count: not an integer: ' 5'");
  EXPECT_EQ(refusal(op, "count", "5.0"), "--count: not an integer: '5.0'");
  EXPECT_EQ(refusal(op, "count", "18446744073709551615"),
            "--count: too large to be an integer here: '18446744073709551615'");
  EXPECT_EQ(refusal(op, "share", "nan"), "--share: not a number: 'nan'");
  EXPECT_EQ(refusal(op, "share", "inf"), "--share: not a number: 'inf'");
  EXPECT_EQ(refusal(op, "share", "-inf"), "--share: not a number: '-inf'");
  EXPECT_EQ(refusal(op, "share", "0x1p-1"), "--share: not a number: '0x1p-1'");
  EXPECT_EQ(refusal(op, "share", "1e999"), "--share: not a number: '1e999'");
  EXPECT_EQ(refusal(op, "share", "0.5x"), "--share: not a number: '0.5x'");
}

TEST(OperationBounds, TypedGettersNeverNarrowSilently) {
  Args args;
  args.set("big", "99999999999");
  args.set("negative", "-1");
  EXPECT_EQ(args.integer_as<std::int64_t>("big"), 99999999999LL);
  EXPECT_THROW((void)args.integer_as<int>("big"), Error);
  EXPECT_THROW((void)args.integer_as<std::uint64_t>("negative"), Error);
  EXPECT_EQ(args.integer_as<int>("negative"), -1);
  try {
    (void)args.integer_as<int>("big");
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--big: the value 99999999999 is out of range here");
  }
}

TEST(OperationBounds, DescribeShowsTheBounds) {
  const nlohmann::json d = sample().describe();
  EXPECT_EQ(d["params"][0]["minimum"], 1);
  EXPECT_EQ(d["params"][0]["maximum"], 2000);
  EXPECT_EQ(d["params"][1]["minimum"], 0.0);
  EXPECT_EQ(d["params"][1]["maximum"], 1.0);
  EXPECT_EQ(sample().params[0].bounds_text(), "between 1 and 2000");
  EXPECT_EQ(sample().params[1].bounds_text(), "between 0 and 1");
}

TEST(OperationBounds, ARegistryRefusesANumberWithoutBounds) {
  OperationRegistry registry;
  Operation op = sample();
  op.params.push_back(Param{"loose", ParamType::integer, "no bounds"});
  try {
    registry.add(op);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "sample --loose: a number without bounds");
  }
}

TEST(OperationBounds, EveryNumberParameterOfEveryOperationHasBoundsWithItsDefaultInside) {
  std::vector<const Operation*> all;
  for (const Operation& op : operations().all()) all.push_back(&op);
  static const Operation serve = server::serve_operation();
  all.push_back(&serve);
  int numbers = 0;
  for (const Operation* op : all) {
    for (const Param& p : op->params) {
      if (p.type != ParamType::integer && p.type != ParamType::real) continue;
      ++numbers;
      EXPECT_FALSE(p.bounds_text().empty()) << op->name << " --" << p.name;
      const nlohmann::json d = op->describe();
      bool shown = false;
      for (const auto& j : d["params"]) shown |= j["name"] == p.name && j.contains("maximum");
      EXPECT_TRUE(shown) << op->name << " --" << p.name;
      if (!p.default_value.empty()) {
        Args args;
        args.set(p.name, p.default_value);
        Operation only = *op;
        only.params = {p};
        EXPECT_NO_THROW((void)only.validate(args)) << op->name << " --" << p.name;
      }
    }
  }
  EXPECT_GE(numbers, 40);
}

TEST(OperationRoles, TheRegistryRefusesAPathWithoutARoleAndRolesThatDoNotFit) {
  const auto refusal_of = [](Param p) -> std::string {
    OperationRegistry r;
    Operation op = sample();
    op.params = {std::move(p)};
    try {
      r.add(op);
    } catch (const Error& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_EQ(refusal_of(Param{"file", ParamType::path, "a file"}),
            "sample --file: a path without a path role");
  EXPECT_EQ(refusal_of(Param{"file", ParamType::path, "a file"}.as(ParamRole::input_file)),
            "accepted");
  EXPECT_EQ(refusal_of(Param{"n", ParamType::text, "a name"}.as(ParamRole::output_folder)),
            "sample --n: a path role on a parameter that is not a path or a list");
  EXPECT_EQ(refusal_of(Param{"s", ParamType::text, "a scenario"}.as(ParamRole::input_or_builtin)),
            "sample --s: an input or built-in name is text and lists its built-in names");
  EXPECT_EQ(refusal_of(Param{"s", ParamType::text, "a scenario", "", false, false, {"plain"}}.as(
                ParamRole::input_or_builtin)),
            "accepted");
}

TEST(OperationRoles, EveryPathParameterOfEveryOperationDeclaresItsRole) {
  std::vector<const Operation*> all;
  for (const Operation& op : operations().all()) all.push_back(&op);
  static const Operation serve = server::serve_operation();
  all.push_back(&serve);
  for (const Operation* op : all) {
    for (const Param& p : op->params) {
      if (p.type == ParamType::path) EXPECT_TRUE(names_path(p.role)) << op->name << " --" << p.name;
      if (p.name == "out") {
        EXPECT_TRUE(p.role == ParamRole::output_folder || p.role == ParamRole::output_file)
            << op->name;
      }
      if (p.name == "data") EXPECT_EQ(p.role, ParamRole::data_folder) << op->name;
      if (p.name == "workspace") EXPECT_EQ(p.role, ParamRole::workspace) << op->name;
    }
    // An operation with an output folder declares what it writes there.
    if (op->param("out") != nullptr && op->param("out")->role == ParamRole::output_folder)
      EXPECT_FALSE(op->outputs.empty()) << op->name;
  }
  const Param* scenario = operations().find("simulate")->param("scenario");
  EXPECT_FALSE(scenario->is_path("axelrod"));
  EXPECT_TRUE(scenario->is_path("scenarios/small.toml"));
}

TEST(OperationOutputs, PatternsMatchOneNameAndConditionalFilesNeedTheirParameter) {
  const OutputFile step{"datasets/{step}.csv", "a step", {"uCode", "..."}};
  EXPECT_TRUE(step.is_pattern());
  EXPECT_TRUE(step.matches("datasets/Raw.csv"));
  EXPECT_FALSE(step.matches("datasets/.csv"));
  EXPECT_FALSE(step.matches("datasets/a/b.csv"));
  EXPECT_FALSE(step.matches("datasets/Raw.json"));
  EXPECT_FALSE(step.matches("scores.csv"));
  const OutputFile plain{"scores.csv", "scores", {}};
  EXPECT_TRUE(plain.matches("scores.csv"));
  EXPECT_FALSE(plain.matches("scores.csv.bak"));
  const std::vector<OutputFile> outputs = {plain, step,
                                           OutputFile{"compare/scores.csv", "", {}, "count"}};
  Args args;
  EXPECT_EQ(output_names(outputs, args), std::vector<std::string>{"scores.csv"});
  args.set("count", "3");
  EXPECT_EQ(output_names(outputs, args),
            (std::vector<std::string>{"scores.csv", "compare/scores.csv"}));
  EXPECT_EQ(top_level_output_names(outputs, args), std::vector<std::string>{"scores.csv"});
}

}  // namespace
}  // namespace softpower

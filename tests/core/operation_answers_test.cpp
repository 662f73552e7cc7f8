// What a declaration may say beyond parameters: maps of bounded numbers (the weight sliders),
// answers written as text, and work a server runs as a job; the registry refuses declarations
// that mix them up.

#include <gtest/gtest.h>

#include <sstream>

#include "softpower/core/error.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/operations.hpp"

namespace softpower {
namespace {

Operation weighing() {
  Operation op;
  op.name = "weigh";
  op.params = {Param{"weights", ParamType::mapping, "weights by code"}.within(0, 100)};
  op.answer = [](const Args& args, Context&) {
    std::string body = "{";
    for (const auto& [code, w] : args.mapping("weights"))
      body += (body.size() > 1 ? "," : "") + nlohmann::json(code).dump() + ":" +
              nlohmann::json(w).dump();
    return Answer{body + "}"};
  };
  return op;
}

std::string refusal(const Operation& op, const std::vector<std::string>& items) {
  Args args;
  for (const auto& item : items) args.add("weights", item);
  try {
    (void)op.validate(args);
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(OperationMaps, PairsAreReadStrictlyAndKeptWithinTheirBounds) {
  const Operation op = weighing();
  EXPECT_EQ(refusal(op, {"a=1", "b=0.5"}), "accepted");
  EXPECT_EQ(refusal(op, {"a"}), "--weights: not name=number: 'a'");
  EXPECT_EQ(refusal(op, {"=2"}), "--weights: not name=number: '=2'");
  EXPECT_EQ(refusal(op, {"a=nan"}), "--weights: not name=number: 'a=nan'");
  EXPECT_EQ(refusal(op, {"a=1", "a=2"}), "--weights: 'a' is given twice");
  EXPECT_EQ(refusal(op, {"a=101"}), "--weights: 'a' must be between 0 and 100, not 101");
  EXPECT_EQ(refusal(op, {"a=-0.5"}), "--weights: 'a' must be between 0 and 100, not -0.5");
  // A code may hold '=' itself: the number is after the last one.
  Args args;
  args.add("weights", "x=y=3");
  EXPECT_EQ(op.validate(args).mapping("weights"), (std::map<std::string, double>{{"x=y", 3.0}}));
}

TEST(OperationMaps, AnAnswerGivesTheCommandLineAndJobsTheirJson) {
  OperationRegistry registry;
  registry.add(weighing());
  const Operation& op = *registry.find("weigh");
  ASSERT_TRUE(op.run);  // derived from the answer
  Args args;
  args.add("weights", "b=2");
  args.add("weights", "a=0.25");
  Progress progress;
  std::ostringstream log;
  Context ctx{progress, log};
  EXPECT_EQ(op.answer(op.validate(args), ctx).body, R"({"a":0.25,"b":2.0})");
  EXPECT_EQ(op.run(op.validate(args), ctx), nlohmann::json({{"a", 0.25}, {"b", 2.0}}));
  EXPECT_EQ(op.describe()["params"][0]["type"], "map");
}

TEST(OperationMaps, TheRegistryRefusesDeclarationsThatMixThingsUp) {
  const auto refused = [](Operation op) -> std::string {
    OperationRegistry registry;
    try {
      registry.add(std::move(op));
    } catch (const Error& e) {
      return e.what();
    }
    return "accepted";
  };
  Operation loose = weighing();
  loose.params[0].real_bounds.reset();
  EXPECT_EQ(refused(loose), "weigh --weights: a number without bounds");
  Operation both = weighing();
  both.run = [](const Args&, Context&) { return nlohmann::json(); };
  EXPECT_EQ(refused(both), "weigh: declare either run or answer, not both or neither");
  Operation neither = weighing();
  neither.answer = nullptr;
  EXPECT_EQ(refused(neither), "weigh: declare either run or answer, not both or neither");
  Operation single = weighing();
  single.one_at_a_time = true;
  EXPECT_EQ(refused(single), "weigh: one_at_a_time and check are for a job");
  Operation got = weighing();
  got.job = true;
  got.get = true;
  EXPECT_EQ(refused(got), "weigh: a job is started by POST, not served by GET");
  Operation path = weighing();
  path.params[0].role = ParamRole::input_file;
  EXPECT_EQ(refused(path), "weigh --weights: a map is plain values");
}

// The dashboard's background work is declared, not written into the server.
TEST(OperationMaps, TheDashboardsJobsAreDeclared) {
  for (const char* name :
       {"index intervals", "alignment ideal-point-estimate", "simulation ensemble"}) {
    const Operation* op = operations().find(name);
    ASSERT_NE(op, nullptr) << name;
    EXPECT_TRUE(op->job) << name;
    EXPECT_FALSE(op->writes) << name;
  }
  EXPECT_TRUE(operations().find("alignment ideal-point-estimate")->one_at_a_time);
  EXPECT_TRUE(operations().find("simulation ensemble")->check);
  EXPECT_TRUE(operations().find("index ranking")->answer);
  EXPECT_EQ(operations().find("result")->media_type, "*/*");
}

}  // namespace
}  // namespace softpower

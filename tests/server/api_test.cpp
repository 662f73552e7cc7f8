// The HTTP API's pure layer: JSON to Args, routes, path confinement, static paths and the
// rate limiter (the fuzz corpus is replayed by tests/fuzz/replay_test.cpp).

#include "apps/server/api.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "apps/server/openapi.hpp"
#include "apps/server/rate_limit.hpp"
#include "apps/server/static_files.hpp"
#include "softpower/operations.hpp"
#include "support/paths.hpp"

namespace softpower::server {
namespace {

namespace fs = std::filesystem;

const Operation& op(const std::string& name) {
  const Operation* o = operations().find(name);
  EXPECT_NE(o, nullptr) << name;
  return *o;
}

int status_of(const std::function<void()>& f, std::string* param = nullptr) {
  try {
    f();
  } catch (const ApiError& e) {
    if (param != nullptr) *param = e.param();
    return e.status();
  }
  return 200;
}

TEST(ServerApi, EveryOperationHasAPathThatRoutesBackToIt) {
  for (const Operation& o : operations().all()) {
    const std::string path = operation_path(o);
    EXPECT_EQ(path.rfind("/api/", 0), 0u);
    EXPECT_EQ(path.find(' '), std::string::npos);
    EXPECT_EQ(operation_at(operations(), path, o.get), &o) << path;
  }
  EXPECT_EQ(operation_path(op("index build")), "/api/index/build");
  // No two endpoints, operations or the server's own, share a method and a path.
  std::set<std::string> seen;
  for (const Operation& o : operations().all()) {
    EXPECT_TRUE(seen.insert((o.get ? "GET " : "POST ") + operation_path(o)).second)
        << operation_path(o);
  }
  for (const TransportEndpoint& e : transport_endpoints())
    EXPECT_TRUE(seen.insert(e.method + " " + e.path).second) << e.method << " " << e.path;
  EXPECT_EQ(operation_at(operations(), "/api/index/build/"), nullptr);
  EXPECT_EQ(operation_at(operations(), "/api/index"), nullptr);
}

TEST(ServerApi, JsonValuesBecomeValidatedArgs) {
  const Operation& reweight = op("index reweight");
  const Args a = args_from_json(
      reweight,
      nlohmann::json::parse(R"({"spec":"x.toml","weight":["values=2","people=0.5"],"top":5})"));
  EXPECT_EQ(a.text("spec"), "x.toml");
  EXPECT_EQ(a.list("weight"), (std::vector<std::string>{"values=2", "people=0.5"}));
  EXPECT_EQ(a.integer("top"), 5);
  const Args defaults = args_from_json(reweight, nlohmann::json::parse(R"({"spec":"x.toml"})"));
  EXPECT_EQ(defaults.integer("top"), 20);  // the declared default
  const Operation& unc = op("index uncertainty");
  const Args u =
      args_from_json(unc, nlohmann::json::parse(R"({"spec":"a","runs":10,"sampling":"random"})"));
  EXPECT_EQ(u.integer("runs"), 10);

  std::string param;
  EXPECT_EQ(
      status_of([&] { args_from_json(unc, nlohmann::json::parse(R"({"spec":"a","runs":"ten"})")); },
                &param),
      400);
  EXPECT_EQ(param, "runs");
  EXPECT_EQ(
      status_of(
          [&] { args_from_json(unc, nlohmann::json::parse(R"({"spec":"a","sampling":"lhs"})")); },
          &param),
      400);
  EXPECT_EQ(param, "sampling");
  EXPECT_EQ(
      status_of([&] { args_from_json(unc, nlohmann::json::parse(R"({"spec":"a","bogus":1})")); },
                &param),
      400);
  EXPECT_EQ(param, "bogus");
  EXPECT_EQ(status_of([&] { args_from_json(unc, nlohmann::json::parse(R"({"spec":["a","b"]})")); },
                      &param),
            400);
  EXPECT_EQ(param, "spec");
  EXPECT_EQ(
      status_of([&] { args_from_json(unc, nlohmann::json::parse(R"({"spec":{"a":1}})")); }, &param),
      400);
  EXPECT_EQ(status_of([&] { args_from_json(unc, nlohmann::json::parse(R"({"runs":3})")); }, &param),
            400);
  EXPECT_EQ(param, "spec");  // required
  // A map is a JSON object of numbers: each pair becomes code=number in its JSON spelling.
  const Operation& ranking = op("index ranking");
  const Args w =
      args_from_json(ranking, nlohmann::json::parse(R"({"weights":{"Conn":2,"Sust":0.1}})"));
  EXPECT_EQ(w.mapping("weights"), (std::map<std::string, double>{{"Conn", 2.0}, {"Sust", 0.1}}));
  EXPECT_TRUE(args_from_json(ranking, nlohmann::json::parse(R"({"weights":{}})"))
                  .mapping("weights")
                  .empty());
  for (const char* bad : {R"({"weights":{"Conn":"2"}})", R"({"weights":2})",
                          R"({"weights":{"Conn":-1}})", R"({"weights":{"Conn":1e13}})"}) {
    EXPECT_EQ(status_of([&] { args_from_json(ranking, nlohmann::json::parse(bad)); }, &param), 400)
        << bad;
    EXPECT_EQ(param, "weights") << bad;
  }
  EXPECT_EQ(status_of([&] { parse_body("{\"a\":"); }), 400);
  EXPECT_EQ(status_of([&] { parse_body("[1,2]"); }), 400);
  EXPECT_TRUE(parse_body("  ").empty());
}

// In-memory inputs belong to a host language's own run (core/input_memory.hpp): a request
// cannot name one, for any operation that reads an input.
TEST(ServerApi, RefusesInMemoryInputs) {
  std::string param;
  std::string message;
  const auto status = [&](const std::string& operation, const nlohmann::json& params) {
    try {
      (void)args_from_json(op(operation), params);
    } catch (const ApiError& e) {
      param = e.param();
      message = e.what();
      return e.status();
    }
    return 200;
  };
  EXPECT_EQ(status("alignment agreement", {{"votes", "memory:votes"}}), 400);
  EXPECT_EQ(param, "votes");
  EXPECT_NE(message.find("names an in-memory input"), std::string::npos) << message;
  EXPECT_EQ(status("evaluate panel", {{"file", "memory:file-0.csv"}, {"outcome", "y"}}), 400);
  EXPECT_EQ(param, "file");
  EXPECT_EQ(status("index build", {{"spec", "memory:spec.toml"}}), 400);
  EXPECT_EQ(param, "spec");
}

TEST(ServerApi, PathsAreConfinedToTheServersFolders) {
  const fs::path root = fs::temp_directory_path() / "softpower-api-test";
  fs::remove_all(root);
  fs::create_directories(root / "read" / "sub");
  fs::create_directories(root / "out");
  fs::create_directories(root / "secret");
  std::ofstream(root / "read" / "sub" / "a.toml") << "x";
  std::ofstream(root / "secret" / "s.toml") << "x";
  fs::create_symlink(root / "secret", root / "read" / "escape");
  PathPolicy p;
  p.read_roots = {fs::canonical(root / "read")};
  p.out_root = fs::canonical(root / "out");
  p.data_dir = p.read_roots.front();

  EXPECT_EQ(confine(p, PathRole::input, "spec", "sub/a.toml"),
            (p.read_roots[0] / "sub/a.toml").string());
  EXPECT_EQ(confine(p, PathRole::input, "spec", (root / "read/sub/a.toml").string()),
            (p.read_roots[0] / "sub/a.toml").string());
  std::string param;
  for (const std::string& bad :
       std::vector<std::string>{"../secret/s.toml", "sub/../../secret/s.toml", "/etc/passwd",
                                "escape/s.toml", (root / "secret/s.toml").string(), ""}) {
    EXPECT_EQ(status_of([&] { confine(p, PathRole::input, "spec", bad); }, &param), 400) << bad;
    EXPECT_EQ(param, "spec");
  }
  EXPECT_EQ(confine(p, PathRole::output, "out", "run-1"), (p.out_root / "run-1").string());
  EXPECT_EQ(confine(p, PathRole::output, "out", "a/../b"), (p.out_root / "b").string());
  for (const std::string& bad : std::vector<std::string>{"../x", "/tmp/x", ".", "a/../../x", "/"}) {
    EXPECT_EQ(status_of([&] { confine(p, PathRole::output, "out", bad); }), 400) << bad;
  }
  EXPECT_EQ(status_of([&] { confine(p, PathRole::data, "data", "/"); }), 400);
  EXPECT_EQ(status_of([&] { confine(p, PathRole::workspace, "workspace", "w.db"); }), 400);
  EXPECT_EQ(confine(p, PathRole::none, "top", "../../x"), "../../x");

  // confine_args fills in the data directory and a fresh output folder.
  const Operation& build = op("index build");
  const Args args =
      confine_args(build, args_from_json(build, {{"spec", "sub/a.toml"}}), p, "build-7");
  EXPECT_EQ(args.text("out"), (p.out_root / "build-7").string());
  EXPECT_EQ(args.text("data"), p.data_dir.string());
  EXPECT_EQ(path_role(*op("simulate").param("scenario"), "axelrod"), PathRole::none);
  EXPECT_EQ(path_role(*op("simulate").param("scenario"), "x.toml"), PathRole::input);
  fs::remove_all(root);
}

// Confinement comes from each parameter's declared role alone: the same name may be an input
// in one operation and an output in another, and a value with a '/' in a plain parameter is
// no path.
TEST(ServerApi, RolesDecideConfinement) {
  const fs::path root = fs::temp_directory_path() / "softpower-api-roles-test";
  fs::remove_all(root);
  fs::create_directories(root / "read" / "fetched");
  fs::create_directories(root / "out");
  PathPolicy p;
  p.read_roots = {fs::canonical(root / "read")};
  p.out_root = fs::canonical(root / "out");
  p.data_dir = p.read_roots.front();
  const auto confined = [&](const std::string& name, const nlohmann::json& params) {
    return confine_args(op(name), args_from_json(op(name), params), p, "fresh");
  };
  // --cache is read by `perception aggregate` (an input folder) ...
  EXPECT_EQ(confined("perception aggregate", {{"cache", "fetched"}}).text("cache"),
            (p.read_roots[0] / "fetched").string());
  // ... and written by `perception fetch` (an output folder).
  EXPECT_EQ(confined("perception fetch", {{"cache", "fetched"}, {"list", "fetched"}}).text("cache"),
            (p.out_root / "fetched").string());
  std::string param;
  EXPECT_EQ(status_of(
                [&] {
                  confined("perception fetch", {{"cache", "/tmp/c"}, {"list", "fetched"}});
                },
                &param),
            400);
  EXPECT_EQ(param, "cache");
  // An output file outside the output root is refused; an input outside the read roots too.
  EXPECT_EQ(status_of(
                [&] {
                  confined("perception generate", {{"out", "/tmp/events.csv"}});
                },
                &param),
            400);
  EXPECT_EQ(param, "out");
  EXPECT_EQ(status_of([&] { confined("alignment agreement", {{"votes", "/etc"}}); }, &param), 400);
  EXPECT_EQ(param, "votes");
  // A plain value is passed through as given, '/' or not.
  EXPECT_EQ(confined("import", {{"name", "a/b"}}).text("name"), "a/b");
  EXPECT_EQ(confined("index reweight", {{"spec", "fetched"}, {"weight", {"x/y=1"}}}).list("weight"),
            std::vector<std::string>{"x/y=1"});
  // The scenario is a file, or the built-in model it names.
  EXPECT_EQ(confined("simulate", {{"scenario", "axelrod"}, {"out", "sim"}}).text("scenario"),
            "axelrod");
  EXPECT_EQ(status_of(
                [&] {
                  confined("simulate", {{"scenario", "/etc/passwd"}, {"out", "sim"}});
                },
                &param),
            400);
  EXPECT_EQ(param, "scenario");
  fs::remove_all(root);
}

// Every parameter that names a path, in every operation, is confined: a path outside every
// folder of the server is refused naming that parameter.
TEST(ServerApi, EveryPathParameterIsConfinedByItsRole) {
  PathPolicy p;
  p.read_roots = {fs::canonical(fs::temp_directory_path())};
  p.out_root = p.read_roots.front();
  p.data_dir = p.read_roots.front();
  int paths = 0;
  for (const Operation& o : operations().all()) {
    for (const Param& param : o.params) {
      if (!param.is_path("/proc/self/x")) continue;
      ++paths;
      const PathRole role = path_role(param, "/proc/self/x");
      EXPECT_NE(role, PathRole::none) << o.name << " --" << param.name;
      std::string named;
      EXPECT_EQ(status_of([&] { confine(p, role, param.name, "/proc/self/x"); }, &named), 400)
          << o.name << " --" << param.name;
      EXPECT_EQ(named, param.name);
    }
  }
  EXPECT_GE(paths, 40);
}

TEST(ServerApi, StaticFilesStayInsideTheWebFolder) {
  const fs::path root = fs::temp_directory_path() / "softpower-static-test";
  fs::remove_all(root);
  fs::create_directories(root / "web" / "js");
  std::ofstream(root / "web" / "index.html") << "<p>hi";
  std::ofstream(root / "web" / "js" / "app.js") << "1";
  std::ofstream(root / "secret.txt") << "secret";
  fs::create_symlink(root / "secret.txt", root / "web" / "link.txt");
  const fs::path web = fs::canonical(root / "web");
  EXPECT_EQ(resolve_static(web, "/").status, 200);
  EXPECT_EQ(resolve_static(web, "/").path, web / "index.html");
  EXPECT_EQ(resolve_static(web, "/js/app.js").media_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(resolve_static(web, "/../secret.txt").status, 400);
  EXPECT_EQ(resolve_static(web, "/js/../../secret.txt").status, 400);
  EXPECT_EQ(resolve_static(web, "/link.txt").status, 404);  // a symlink out of the folder
  EXPECT_EQ(resolve_static(web, "/..\\secret.txt").status, 400);
  EXPECT_EQ(resolve_static(web, "/nope.html").status, 404);
  EXPECT_EQ(resolve_static({}, "/").status, 404);
  fs::remove_all(root);
}

TEST(ServerApi, TokenBucketAllowsTheBurstThenTheRate) {
  RateLimiter limiter(2, 3);
  const auto t0 = std::chrono::steady_clock::now();
  double wait = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("a", wait, t0));
  EXPECT_FALSE(limiter.allow("a", wait, t0));
  EXPECT_NEAR(wait, 0.5, 1e-9);
  EXPECT_TRUE(limiter.allow("b", wait, t0));  // per client
  EXPECT_TRUE(limiter.allow("a", wait, t0 + std::chrono::milliseconds(500)));
  EXPECT_FALSE(limiter.allow("a", wait, t0 + std::chrono::milliseconds(500)));
  RateLimiter off(0, 1);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(off.allow("a", wait, t0));
}

}  // namespace
}  // namespace softpower::server

// `softpower serve` against a running server: the real Server on a free loopback port, hit
// with cpp-httplib's client. The dashboard index is COINr's ASEM example (small and fast).

#include "apps/server/server.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "softpower/index/reweight.hpp"
#include "softpower/operations.hpp"
#include "support/asem.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

namespace softpower::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kToken = "test-write-token";

struct Running {
  std::unique_ptr<Server> server;
  std::unique_ptr<httplib::Client> client;
  fs::path web, out;
};

Running start(ServerOptions o) {
  Running r;
  r.server = std::make_unique<Server>(std::move(o));
  const int port = r.server->start();
  r.client = std::make_unique<httplib::Client>("127.0.0.1", port);
  r.client->set_read_timeout(30);
  return r;
}

json body_of(const httplib::Result& res) {
  EXPECT_TRUE(res) << "no response";
  if (!res) return {};
  return json::parse(res->body, nullptr, false);
}

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path data = testing::shared_data_dir();
    if (!fs::is_directory(data)) return;
    root_ = fs::temp_directory_path() / fmt::format("softpower-serve-test-{}", ::getpid());
    fs::remove_all(root_);
    fs::create_directories(root_ / "web");
    std::ofstream(root_ / "web" / "index.html") << "<p>dashboard";
    std::ofstream(root_ / "secret.txt") << "secret";
    fs::create_symlink(root_ / "secret.txt", root_ / "web" / "link.txt");
    ServerOptions o;
    o.port = 0;
    o.spec = testing::source_dir() / "examples" / "asem.toml";
    o.data = data.string();
    o.web_dir = root_ / "web";
    o.write_token = kToken;
    o.out_root = root_ / "out";
    o.rate = 0;  // the rate limit has its own test
    o.max_body = 64 * 1024;
    running_ = new Running(start(o));
  }
  static void TearDownTestSuite() {
    delete running_;
    running_ = nullptr;
    if (!root_.empty()) fs::remove_all(root_);
  }
  void SetUp() override {
    SOFTPOWER_REQUIRE_DATA(data);
    ASSERT_NE(running_, nullptr);
    ASSERT_EQ(running_->server->index_error(), "");
  }
  httplib::Client& client() { return *running_->client; }
  static httplib::Headers token() { return {{"Authorization", std::string("Bearer ") + kToken}}; }

  static inline Running* running_ = nullptr;
  static inline fs::path root_;
};

TEST_F(ServeTest, ApiListsEveryOperationWithItsParameters) {
  const json api = body_of(client().Get("/api"));
  ASSERT_TRUE(api.contains("operations"));
  std::map<std::string, json> listed;
  for (const auto& o : api["operations"]) listed[o["name"].get<std::string>()] = o;
  EXPECT_EQ(listed.size(), operations().all().size());
  for (const Operation& op : operations().all()) {
    ASSERT_TRUE(listed.count(op.name)) << op.name;
    const json& o = listed[op.name];
    EXPECT_EQ(o["method"], op.get ? "GET" : "POST");
    EXPECT_EQ(o["writes"], op.writes);
    ASSERT_EQ(o["params"].size(), op.params.size()) << op.name;
    for (std::size_t k = 0; k < op.params.size(); ++k)
      EXPECT_EQ(o["params"][k]["name"], op.params[k].name);
  }
  EXPECT_EQ(listed["index reweight"]["path"], "/api/index/reweight-spec");
  std::set<std::string> paths;
  for (const auto& e : api["endpoints"]) paths.insert(e["path"].get<std::string>());
  for (const auto& o : api["operations"]) paths.insert(o["path"].get<std::string>());
  EXPECT_EQ(listed["countries list"]["path"], "/api/countries");
  EXPECT_EQ(listed["countries list"]["method"], "GET");
  for (const char* p : {"/api/index/scores", "/api/index/reweight", "/api/jobs/{id}/events",
                        "/api/countries", "/api/runs"})
    EXPECT_TRUE(paths.count(p)) << p;
  EXPECT_EQ(api["writable"], true);
  EXPECT_EQ(api["hosts"], json({"127.0.0.1", "localhost", "[::1]"}));
  EXPECT_EQ(api["limits"]["max_connections_per_client"], 256);
  EXPECT_EQ(api["limits"]["keep_jobs"], 100);
}

TEST_F(ServeTest, ReweightChangesTheRankingAndEqualsTheReweighter) {
  SOFTPOWER_REQUIRE_DATA(data);
  const json scores = body_of(client().Get("/api/index/scores"));
  ASSERT_TRUE(scores.contains("pillars"));
  const std::vector<std::string> pillars = scores["pillars"];
  ASSERT_GE(pillars.size(), 2u);
  const json nominal =
      body_of(client().Post("/api/index/reweight", "{\"weights\":{}}", "application/json"));
  const json changed = body_of(client().Post(
      "/api/index/reweight", json{{"weights", {{pillars[0], 10.0}}}}.dump(), "application/json"));
  ASSERT_EQ(nominal["ranking"].size(), changed["ranking"].size());
  ASSERT_EQ(nominal["ranking"].size(), scores["units"].size());
  std::vector<std::string> before, after;
  for (const auto& r : nominal["ranking"]) before.push_back(r["iso3"]);
  for (const auto& r : changed["ranking"]) after.push_back(r["iso3"]);
  EXPECT_NE(before, after);
  EXPECT_EQ(changed["weights"][pillars[0]], 10.0);
  // The nominal reweighting is the built index's ranking.
  for (std::size_t k = 0; k < before.size(); ++k) EXPECT_EQ(before[k], scores["units"][k]["iso3"]);

  // The same numbers as the library's Reweighter on the same index.
  testing::AsemIndex asem = testing::asem_index(data);
  const index::IndexResult result = asem.pipeline.run(asem.input);
  const index::Reweighter rw(asem.pipeline, result.years.back());
  const index::Ranking direct = rw.rank(rw.weights({{pillars[0], 10.0}}));
  const int root = asem.pipeline.framework().root();
  ASSERT_EQ(direct.order.size(), after.size());
  for (std::size_t k = 0; k < direct.order.size(); ++k) {
    const auto r = static_cast<std::size_t>(direct.order[k]);
    EXPECT_EQ(asem.input.units[static_cast<std::size_t>(direct.rows[r])], after[k]);
    EXPECT_DOUBLE_EQ(changed["ranking"][k]["score"].get<double>(),
                     direct.scores(static_cast<Eigen::Index>(r), root));
    EXPECT_DOUBLE_EQ(changed["ranking"][k]["rank"].get<double>(), direct.ranks[r]);
    for (std::size_t p = 0; p < pillars.size(); ++p) {
      const int node = *asem.pipeline.framework().find(pillars[p]);
      EXPECT_DOUBLE_EQ(changed["ranking"][k]["pillars"][pillars[p]].get<double>(),
                       direct.scores(static_cast<Eigen::Index>(r), node));
    }
  }

  // A weight below the pillars moves the pillar scores too (they are then written afresh,
  // not taken from the built text).
  const index::Framework& f = asem.pipeline.framework();
  const std::string deep =
      f.nodes()[static_cast<std::size_t>(f.level(f.top_level() - 2).front())].code;
  const json below = body_of(client().Post(
      "/api/index/reweight", json{{"weights", {{deep, 4.0}}}}.dump(), "application/json"));
  const index::Ranking deeper = rw.rank(rw.weights({{deep, 4.0}}));
  std::size_t pillar_moved = 0;
  for (std::size_t k = 0; k < deeper.order.size(); ++k) {
    const auto r = static_cast<Eigen::Index>(deeper.order[k]);
    for (const std::string& p : pillars) {
      const int node = *f.find(p);
      EXPECT_DOUBLE_EQ(below["ranking"][k]["pillars"][p].get<double>(), deeper.scores(r, node));
      if (deeper.scores(r, node) != result.years.back().scores(r, node)) ++pillar_moved;
    }
  }
  EXPECT_GT(pillar_moved, 0U) << deep;

  // "pillars": false gives the same ranking without the pillar scores.
  const json slim = body_of(client().Post(
      "/api/index/reweight", json{{"weights", {{pillars[0], 10.0}}}, {"pillars", false}}.dump(),
      "application/json"));
  ASSERT_EQ(slim["ranking"].size(), changed["ranking"].size());
  for (std::size_t k = 0; k < slim["ranking"].size(); ++k) {
    json full = changed["ranking"][k];
    full.erase("pillars");
    EXPECT_EQ(slim["ranking"][k], full);
  }
  auto bad = client().Post("/api/index/reweight", R"({"weights":{},"pillars":"maybe"})",
                           "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body_of(bad)["param"], "pillars");
}

// Every pillar at weight 0 leaves the root without a score (0/0): before, 200 and a ranking
// of null ranks; now 400 naming the weights. One pillar above 0 ranks again.
TEST_F(ServeTest, ReweightWithEveryPillarAtZeroIsRefused) {
  const json scores = body_of(client().Get("/api/index/scores"));
  json weights = json::object();
  for (const auto& p : scores["pillars"]) weights[p.get<std::string>()] = 0;
  auto res =
      client().Post("/api/index/reweight", json{{"weights", weights}}.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(body_of(res)["param"], "weights");
  EXPECT_NE(body_of(res)["error"].get<std::string>().find("are 0"), std::string::npos) << res->body;
  weights[scores["pillars"][0].get<std::string>()] = 1;
  res = client().Post("/api/index/reweight", json{{"weights", weights}}.dump(), "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  const json ranking = body_of(res)["ranking"];
  ASSERT_FALSE(ranking.empty());
  EXPECT_EQ(ranking[0]["rank"], 1);
}

TEST_F(ServeTest, BadRequestsGetJsonErrorsNamingTheParameter) {
  auto res = client().Post("/api/index/reweight", "{\"weights\":", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_NE(body_of(res)["error"].get<std::string>().find("not valid JSON"), std::string::npos);
  res =
      client().Post("/api/index/reweight", R"({"weights":{"NoSuchPillar":2}})", "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "weights");
  res = client().Post("/api/index/reweight", R"({"weights":{"Conn":-1}})", "application/json");
  EXPECT_EQ(res->status, 400);
  res = client().Post("/api/index/reweight", R"({"weights":{},"year":1066})", "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "year");
  res = client().Post("/api/index/check", R"({"spec":"asem.toml","runs":3})", "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "runs");
  res = client().Get("/api/no/such/thing");
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(body_of(res).contains("error"));
  res = client().Get("/api/index/check");  // an operation is a POST
  EXPECT_EQ(res->status, 405);
  res = client().Post("/api/index/check", R"({"spec":"asem.toml"})", "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(body_of(res)["levels"], 4);  // ASEM: indicators, pillars, sub-indices, index
}

TEST_F(ServeTest, WritingNeedsTheTokenAndStaysInTheOutputFolder) {
  const std::string body = R"({"spec":"asem.toml"})";
  auto res = client().Post("/api/index/build", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(body_of(res).contains("error"));
  res = client().Post("/api/index/build", {{"X-Softpower-Token", "wrong-token-x"}}, body,
                      "application/json");
  EXPECT_EQ(res->status, 403);
  res = client().Post("/api/index/build", token(), body, "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  const fs::path out = body_of(res)["out"].get<std::string>();
  EXPECT_EQ(out.parent_path(), fs::canonical(root_ / "out"));
  EXPECT_TRUE(fs::exists(out / "scores.csv"));
  res = client().Post("/api/index/build", token(), R"({"spec":"asem.toml","out":"/tmp/elsewhere"})",
                      "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "out");
  res = client().Post("/api/index/build", token(), R"({"spec":"../../../../etc/passwd"})",
                      "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "spec");
  res = client().Post("/api/index/check", R"({"spec":"/etc/passwd"})", "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "spec");
}

TEST_F(ServeTest, StaticFilesAndTraversal) {
  auto res = client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<p>dashboard");
  for (const char* bad : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                          "/..%2fsecret.txt", "/link.txt", "/web/../../secret.txt"}) {
    res = client().Get(bad);
    ASSERT_TRUE(res) << bad;
    EXPECT_TRUE(res->status == 400 || res->status == 404) << bad << " " << res->status;
    EXPECT_EQ(res->body.find("secret"), std::string::npos) << bad;
  }
}

TEST_F(ServeTest, HugeBodiesAreRefused) {
  const std::string huge = "{\"weights\":{\"x\":\"" + std::string(100 * 1024, 'a') + "\"}}";
  auto res = client().Post("/api/index/reweight", huge, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

// The dashboard's reads are declared operations served by GET: their query strings are
// validated like any operation's parameters, and they answer what the command line prints.
TEST_F(ServeTest, DashboardReadsAreOperationsServedByGet) {
  auto res = client().Get("/api/countries?nonsense=1");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "nonsense");
  res = client().Get("/api/countries?index=maybe");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "index");
  res = client().Post("/api/countries", "{}", "application/json");
  EXPECT_EQ(res->status, 405);
  res = client().Post("/api/perception/series", R"({"country":"USA"})", "application/json");
  EXPECT_EQ(res->status, 405);
  res = client().Get("/api/alignment/agreement?country=USA&partners=FRA&by=decade");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "by");
  res = client().Get("/api/alignment/agreement?country=USA&partners=FRA&partners=CUB");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(body_of(res)["series"].size(), 2u);  // a list by repetition, as by commas
  // The data folder is the server's: another one is refused.
  res = client().Get("/api/perception/series?country=USA&data=/etc");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "data");
  const json scenarios = body_of(client().Get("/api/simulation/scenarios"));
  const auto cli = testing::run_cli("--json simulation scenarios");
  ASSERT_EQ(cli.status, 0) << cli.out;
  EXPECT_EQ(json::parse(cli.out), scenarios);
}

TEST_F(ServeTest, CountriesAndRuns) {
  const json countries = body_of(client().Get("/api/countries?index=true"));
  ASSERT_TRUE(countries.is_array());
  const json scores = body_of(client().Get("/api/index/scores"));
  EXPECT_EQ(countries.size(), scores["units"].size());  // ASEM: 51 units, all registry states
  // ISO 3166 numeric codes, as world-atlas keys its map: Germany 276, Japan 392.
  std::map<std::string, json> by_iso3;
  for (const auto& c : countries) by_iso3[c["iso3"].get<std::string>()] = c;
  EXPECT_EQ(by_iso3.at("DEU")["iso_numeric"], 276);
  EXPECT_EQ(by_iso3.at("JPN")["iso_numeric"], 392);
  EXPECT_EQ(by_iso3.at("JPN")["m49"], 392);
  const json all = body_of(client().Get("/api/countries"));
  bool kosovo = false;
  for (const auto& c : all) {
    if (c["code"] == "XKX") {
      kosovo = true;
      EXPECT_TRUE(c["iso_numeric"].is_null());  // no ISO numeric code
    }
  }
  EXPECT_TRUE(kosovo);
  auto res = client().Get("/api/runs");
  EXPECT_EQ(res->status, 404);  // this server has no workspace
}

// Reads a job's Server-Sent Events until its end event; returns the events' data.
std::vector<std::pair<std::string, json>> read_events(
    httplib::Client& client, std::int64_t id, const std::function<void(const json&)>& each = {}) {
  std::vector<std::pair<std::string, json>> events;
  std::string buffer;
  auto res =
      client.Get(fmt::format("/api/jobs/{}/events", id), [&](const char* data, std::size_t n) {
        buffer.append(data, n);
        for (std::size_t end; (end = buffer.find("\n\n")) != std::string::npos;) {
          const std::string block = buffer.substr(0, end);
          buffer.erase(0, end + 2);
          const auto nl = block.find('\n');
          const std::string name = block.substr(7, nl - 7);
          events.emplace_back(name, json::parse(block.substr(nl + 7)));
          if (each) each(events.back().second);
        }
        return true;
      });
  EXPECT_TRUE(res);
  if (res) {
    EXPECT_EQ(res->status, 200);
  }
  return events;
}

TEST_F(ServeTest, IntervalJobStreamsProgressThenEnds) {
  auto res = client().Post("/api/index/intervals", R"({"runs":100,"seed":3})", "application/json");
  ASSERT_EQ(res->status, 202) << res->body;
  const std::int64_t id = body_of(res)["id"];
  const auto events = read_events(client(), id);
  ASSERT_GE(events.size(), 1u);
  EXPECT_EQ(events.back().first, "end");
  EXPECT_EQ(events.back().second["state"], "done");
  EXPECT_EQ(events.back().second["result"]["runs"], 100);
  // Progress events may all have passed before the stream opened (100 runs take
  // milliseconds); the end event carries the final count, of units of 64 replications (the
  // work units of core/distributed). The cancel test below sees them.
  EXPECT_EQ(events.back().second["done"], 2);
  EXPECT_EQ(events.back().second["total"], 2);
  const json scores = body_of(client().Get("/api/index/scores"));
  EXPECT_EQ(scores["intervals"]["runs"], 100);
  for (const auto& u : scores["units"]) {
    ASSERT_TRUE(u.contains("interval")) << u["iso3"];
    EXPECT_LE(u["interval"]["q05"].get<double>(), u["interval"]["q95"].get<double>());
  }
}

TEST_F(ServeTest, OperationJobRunsAndCancelledJobEndsCancelled) {
  // A writing operation as a job needs the token.
  const std::string body =
      R"({"operation":"index uncertainty","params":{"spec":"asem.toml","runs":50}})";
  auto res = client().Post("/api/jobs", body, "application/json");
  EXPECT_EQ(res->status, 403);
  res = client().Post("/api/jobs", token(), body, "application/json");
  ASSERT_EQ(res->status, 202) << res->body;
  const std::int64_t done_id = body_of(res)["id"];
  auto events = read_events(client(), done_id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().second["state"], "done") << events.back().second.dump();
  EXPECT_TRUE(fs::exists(fs::path(events.back().second["result"]["out"].get<std::string>()) /
                         "rank_intervals.csv"));
  // Cancelling a writing operation's job needs the token too (the dashboard's own read-only
  // jobs, below, do not).
  res = client().Delete(fmt::format("/api/jobs/{}", done_id));
  EXPECT_EQ(res->status, 403);
  EXPECT_NE(body_of(res)["error"].get<std::string>().find("cancelling 'index uncertainty'"),
            std::string::npos);
  res = client().Delete(fmt::format("/api/jobs/{}", done_id), token());
  EXPECT_EQ(res->status, 202);

  res = client().Post("/api/index/intervals", R"({"runs":5000})", "application/json");
  ASSERT_EQ(res->status, 202);
  const std::int64_t id = body_of(res)["id"];
  bool cancelled = false;
  std::chrono::steady_clock::time_point asked;
  httplib::Client other("127.0.0.1", running_->server->port());
  events = read_events(client(), id, [&](const json& e) {
    if (!cancelled && e["state"] == "running" && e["done"].get<std::size_t>() > 0) {
      cancelled = true;
      asked = std::chrono::steady_clock::now();
      auto r = other.Delete(fmt::format("/api/jobs/{}", id));
      EXPECT_EQ(r->status, 202);
      // The job's Progress is cancelled before the answer: it says so while it stops.
      const json answer = body_of(r);
      EXPECT_TRUE(answer["state"] == "cancelled" || answer["cancel_requested"] == true)
          << answer.dump();
    }
  });
  EXPECT_TRUE(cancelled);
  // From DELETE to the end of the stream: the replications check the flag, well within 1 s.
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count(), 1.0);
  EXPECT_EQ(events.back().second["state"], "cancelled");
  EXPECT_LT(events.back().second["done"].get<std::size_t>(), 5000u);
  EXPECT_EQ(body_of(client().Get(fmt::format("/api/jobs/{}", id)))["state"], "cancelled");
  EXPECT_EQ(client().Get("/api/jobs/999999")->status, 404);
}

TEST_F(ServeTest, AlignmentAndPerceptionSeriesForTheCountryPages) {
  auto res = client().Get("/api/alignment/agreement?country=USA&partners=FRA,CUB&by=session");
  ASSERT_EQ(res->status, 200) << res->body;
  const json agreement = body_of(res);
  ASSERT_EQ(agreement["series"].size(), 2u);
  const json& fra = agreement["series"]["FRA"];
  ASSERT_GE(fra.size(), 70u);  // sessions 1-74 of the unvotes data
  double fra_mean = 0, cub_mean = 0;
  for (const auto& row : fra) {
    EXPECT_GE(row["agree"].get<double>(), 0.0);
    EXPECT_LE(row["agree"].get<double>(), 1.0);
    EXPECT_GT(row["n"].get<int>(), 0);
    fra_mean += row["agree"].get<double>() / static_cast<double>(fra.size());
  }
  for (const auto& row : agreement["series"]["CUB"])
    cub_mean += row["agree"].get<double>() / static_cast<double>(agreement["series"]["CUB"].size());
  EXPECT_GT(fra_mean, cub_mean);  // France votes with the United States more than Cuba does
  EXPECT_EQ(client().Get("/api/alignment/agreement?country=XXX&partners=FRA")->status, 400);
  EXPECT_EQ(body_of(client().Get("/api/alignment/agreement?country=USA"))["param"], "partners");

  res = client().Get("/api/perception/series?country=USA&measure=events&by=month");
  ASSERT_EQ(res->status, 200) << res->body;
  const json series = body_of(res);
  ASSERT_FALSE(series["points"].empty());
  for (const auto& p : series["points"])
    EXPECT_EQ(p["value"].get<double>(), p["events"].get<double>());
  EXPECT_EQ(client().Get("/api/perception/series?country=USA&measure=nonsense")->status, 400);
  EXPECT_EQ(body_of(client().Get("/api/perception/series?country=USA&role=dyad"))["param"],
            "partner");
}

TEST_F(ServeTest, IdealPointsAreEstimatedByAPostedJobThenAnsweredFromMemory) {
  // A GET changes nothing: before the estimate it says so, and starts no job.
  const std::size_t jobs_before = body_of(client().Get("/api/jobs")).size();
  auto res = client().Get("/api/alignment/ideal-points?countries=USA,RUS");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(body_of(res)["estimated"], false);
  EXPECT_EQ(body_of(client().Get("/api/jobs")).size(), jobs_before);
  res = client().Post("/api/alignment/ideal-points/estimate", "{}", "application/json");
  ASSERT_EQ(res->status, 202) << res->body;
  const std::int64_t id = body_of(res)["id"];
  // Asked again while it runs: the same job, not a second one.
  res = client().Post("/api/alignment/ideal-points/estimate", "{}", "application/json");
  ASSERT_EQ(res->status, 202);
  EXPECT_EQ(body_of(res)["id"], id);
  const auto events = read_events(client(), id);
  ASSERT_FALSE(events.empty());
  ASSERT_EQ(events.back().second["state"], "done") << events.back().second.dump();
  res = client().Get("/api/alignment/ideal-points?countries=USA,RUS");
  ASSERT_EQ(res->status, 200);
  const json ip = body_of(res);
  EXPECT_EQ(ip["model"], "bridged");  // one scale for all sessions (issue 19)
  EXPECT_EQ(ip["anchor"], "USA");
  ASSERT_GE(ip["series"]["USA"].size(), 70u);
  for (const auto& p : ip["series"]["USA"])
    EXPECT_GT(p["x"].get<double>(), 0.0);  // the anchor's side
  ASSERT_FALSE(ip["series"]["RUS"].empty());
  double usa = 0, rus = 0;
  for (const auto& p : ip["series"]["USA"]) usa += p["x"].get<double>();
  for (const auto& p : ip["series"]["RUS"]) rus += p["x"].get<double>();
  EXPECT_GT(usa / static_cast<double>(ip["series"]["USA"].size()),
            rus / static_cast<double>(ip["series"]["RUS"].size()));
}

TEST_F(ServeTest, SimulationRunsAScenarioInMemory) {
  const json list = body_of(client().Get("/api/simulation/scenarios"));
  bool small = false;
  for (const auto& sc : list) small |= sc["scenario"] == "scenarios/small.toml";
  EXPECT_TRUE(small);
  auto res =
      client().Post("/api/simulation", R"({"scenario":"scenarios/small.toml","runs":3,"seed":2})",
                    "application/json");
  ASSERT_EQ(res->status, 202) << res->body;
  const auto events = read_events(client(), body_of(res)["id"].get<std::int64_t>());
  ASSERT_FALSE(events.empty());
  const json& end = events.back().second;
  ASSERT_EQ(end["state"], "done") << end.dump();
  const json& r = end["result"];
  EXPECT_EQ(r["runs"], 3);
  const std::size_t points = r["events"].size();
  ASSERT_GE(points, 2u);
  EXPECT_EQ(r["events"][0], 0);
  for (const auto& m : r["measures"]) {
    const json& series = r["series"][m.get<std::string>()];
    ASSERT_EQ(series["mean"].size(), points) << m;
    for (std::size_t k = 0; k < points; ++k) {
      if (series["mean"][k].is_null()) continue;
      EXPECT_LE(series["lo"][k].get<double>(), series["mean"][k].get<double>() + 1e-12);
      EXPECT_GE(series["hi"][k].get<double>(), series["mean"][k].get<double>() - 1e-12);
    }
  }
  // Cultural regions merge over time: fewer at the end than at the start.
  EXPECT_LT(r["series"]["regions"]["mean"].back().get<double>(),
            r["series"]["regions"]["mean"][0].get<double>());
  res =
      client().Post("/api/simulation", R"({"scenario":"../../../etc/passwd"})", "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["param"], "scenario");
  res = client().Post("/api/simulation", R"({"scenario":"scenarios/small.toml","runs":1000})",
                      "application/json");
  EXPECT_EQ(body_of(res)["param"], "runs");
}

// The weight sliders' operation is instant: it answers while the --max-sync-calls slots are
// all taken by a long operation, which a second long one finds busy (503).
TEST(Serve, InstantOperationsNeedNoSlot) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-serve-slots");
  ServerOptions o;
  o.port = 0;
  o.spec = testing::source_dir() / "examples" / "asem.toml";
  o.data = data.string();
  o.write_token = kToken;
  o.out_root = dir / "out";
  o.rate = 0;
  o.max_sync_calls = 1;
  Running r = start(o);
  httplib::Headers token = {{"Authorization", std::string("Bearer ") + kToken}};
  std::atomic<bool> done{false};
  std::thread slow([&] {
    httplib::Client c("127.0.0.1", r.server->port());
    c.set_read_timeout(120);
    auto res = c.Post("/api/index/uncertainty", token,
                      R"({"spec":"asem.toml","runs":5000,"out":"slow"})", "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    done = true;
  });
  // Until the long operation holds the one slot, a second long one still gets it.
  bool busy = false;
  for (int i = 0; i < 200 && !busy && !done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto res =
        r.client->Post("/api/index/check", token, R"({"spec":"asem.toml"})", "application/json");
    ASSERT_TRUE(res);
    busy = res->status == 503;
  }
  ASSERT_TRUE(busy) << "the long operation ended before the slot was seen taken";
  for (int i = 0; i < 20; ++i) {
    auto res =
        r.client->Post("/api/index/reweight", R"({"weights":{"Conn":2}})", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
  EXPECT_FALSE(done) << "the long operation ended too soon to show anything";
  slow.join();
}

// A server whose index could not be built answers the index's operations 503 saying why (the
// request was fine; the server lacks what it should have), naming --spec.
TEST(Serve, WithoutItsIndexTheIndexOperationsAnswer503SayingWhy) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir("softpower-serve-no-index");
  ServerOptions o;
  o.port = 0;
  o.data = data.string();
  o.out_root = dir / "out";
  o.rate = 0;
  Running r = start(o);
  for (const bool post : {false, true}) {
    auto res = post ? r.client->Post("/api/index/reweight", "{}", "application/json")
                    : r.client->Get("/api/index/scores");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503) << res->body;
    EXPECT_EQ(body_of(res)["param"], "spec");
    EXPECT_NE(body_of(res)["error"].get<std::string>().find("no --spec given"), std::string::npos)
        << res->body;
  }
  EXPECT_EQ(r.client->Get("/api/countries")->status, 200);
}

TEST(Serve, RateLimitAnswers429WithRetryAfter) {
  SOFTPOWER_REQUIRE_DATA(data);
  ServerOptions o;
  o.port = 0;
  o.data = data.string();
  o.rate = 1;
  o.burst = 3;
  Running r = start(o);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.client->Get("/api")->status, 200);
  auto res = r.client->Get("/api");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->get_header_value("Retry-After"), "1");
  EXPECT_TRUE(json::parse(res->body).contains("error"));
  // Without a spec the index endpoints say why, the rest works.
  EXPECT_NE(r.server->index_error(), "");
}

}  // namespace
}  // namespace softpower::server

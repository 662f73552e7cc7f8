// The workspace's runs over HTTP are the operations `runs` and `run`: the same answers as the
// command line's --json, a missing run 404, a stored result as stored. Needs no shared data.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "apps/server/server.hpp"
#include "softpower/store/workspace.hpp"
#include "support/cli.hpp"
#include "support/scratch.hpp"
// After the others (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

namespace softpower::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(RunsApi, AnswersAsTheCommandLineAndMissingRunsAre404) {
  testing::ScratchDir dir("softpower-runs-api");
  const fs::path file = dir / "ws.sqlite";
  store::RunId first = 0;
  store::RunId second = 0;
  {
    store::Workspace ws = store::Workspace::open(file);
    first = ws.begin_run("index build", {{"spec", "a.toml"}});
    ws.add_result(first, "scores.csv", "text/csv", "unit,score\nFRA,0.5\n");
    ws.finish_run(first, store::RunStatus::ok, "built", {{"units", 1}});
    second = ws.begin_run("alignment agreement", {{"country", "USA"}});
    ws.finish_run(second, store::RunStatus::failed, "no votes", json::object());
  }
  ServerOptions o;
  o.port = 0;
  o.workspace = file.string();
  o.data = (dir / "no-data").string();
  o.out_root = dir / "out";
  o.rate = 0;
  Server server(o);
  httplib::Client client("127.0.0.1", server.start());
  const std::string ws = fs::weakly_canonical(file).string();

  auto res = client.Get("/api/runs?limit=1");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json list = json::parse(res->body);
  ASSERT_EQ(list["runs"].size(), 1u);
  EXPECT_EQ(list["runs"][0]["id"], second);  // newest first
  EXPECT_EQ(list["runs"][0]["status"], "failed");
  EXPECT_EQ(list["workspace"], ws);
  auto cli = testing::run_cli("--json runs --limit 1 --workspace " + ws);
  ASSERT_EQ(cli.status, 0) << cli.out;
  EXPECT_EQ(json::parse(cli.out), list);

  res = client.Get(fmt::format("/api/runs/{}", first));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json one = json::parse(res->body);
  EXPECT_EQ(one["id"], first);
  EXPECT_EQ(one["operation"], "index build");
  EXPECT_EQ(one["summary"]["units"], 1);
  ASSERT_EQ(one["results"].size(), 1u);
  EXPECT_EQ(one["results"][0]["name"], "scores.csv");
  EXPECT_EQ(one["results"][0]["bytes"], 19);
  EXPECT_EQ(one["results"][0]["path"], fmt::format("/api/runs/{}/results/scores.csv", first));
  cli = testing::run_cli(fmt::format("--json run --id {} --workspace {}", first, ws));
  ASSERT_EQ(cli.status, 0) << cli.out;
  EXPECT_EQ(json::parse(cli.out), one);

  res = client.Get(one["results"][0]["path"].get<std::string>());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "unit,score\nFRA,0.5\n");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/csv");
  // A user's stored bytes are served sandboxed: no script of a stored page runs.
  EXPECT_EQ(res->get_header_value("Content-Security-Policy").rfind("sandbox; ", 0), 0u)
      << res->get_header_value("Content-Security-Policy");
  // The same bytes from the command line (`result`), as stored.
  cli = testing::run_cli(fmt::format("result --id {} --name scores.csv --workspace {}", first, ws));
  ASSERT_EQ(cli.status, 0) << cli.out;
  EXPECT_EQ(cli.out, "unit,score\nFRA,0.5\n");
  cli = testing::run_cli(fmt::format("result --id {} --name none.csv --workspace {}", first, ws));
  EXPECT_EQ(cli.status, 1);
  EXPECT_NE(cli.out.find("has no result 'none.csv'"), std::string::npos) << cli.out;
  res = client.Get("/api/runs/999/results/scores.csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404) << res->body;

  res = client.Get("/api/runs/999");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404) << res->body;
  EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("no run 999"),
            std::string::npos);
  res = client.Get(fmt::format("/api/runs/{}?id=1", first));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);  // the path already names the run
  res = client.Get(fmt::format("/api/runs/{}/results/none.csv", first));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  server.stop();
}

TEST(RunsApi, AServerWithoutAWorkspaceAnswers404) {
  testing::ScratchDir dir("softpower-runs-api");
  ServerOptions o;
  o.port = 0;
  o.data = (dir / "no-data").string();
  o.out_root = dir / "out";
  o.rate = 0;
  Server server(o);
  httplib::Client client("127.0.0.1", server.start());
  for (const char* path : {"/api/runs", "/api/runs/1", "/api/runs/1/results/scores.csv"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path << " " << res->body;
  }
  server.stop();
}

}  // namespace
}  // namespace softpower::server

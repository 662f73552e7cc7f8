// Cancelling a running simulation job with DELETE /api/jobs/{id} through a real server on
// 127.0.0.1 takes effect within a second (issue 13: 20 s, or not at all), and the cancelled job
// writes nothing. Needs no shared data: the plain Axelrod model runs on its own.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "apps/server/server.hpp"

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

namespace softpower::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kToken = "cancel-test-token";

json get_json(httplib::Client& client, const std::string& path) {
  const auto res = client.Get(path);
  if (!res) return {};
  return json::parse(res->body, nullptr, false);
}

// Starts a job, waits until it has run for `running_for`, cancels it and returns the seconds
// from DELETE to the job's cancelled state.
double cancel_latency(httplib::Client& client, const std::string& params,
                      std::chrono::milliseconds running_for) {
  const httplib::Headers token = {{"Authorization", std::string("Bearer ") + kToken}};
  const std::string body = R"({"operation":"simulate","params":)" + params + "}";
  const auto res = client.Post("/api/jobs", token, body, "application/json");
  EXPECT_TRUE(res);
  if (!res) return 1e9;
  EXPECT_EQ(res->status, 202) << res->body;
  const std::int64_t id = json::parse(res->body)["id"];
  const std::string job = fmt::format("/api/jobs/{}", id);
  const auto give_up = Clock::now() + std::chrono::seconds(60);
  while (get_json(client, job)["state"] != "running" && Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(running_for);
  EXPECT_EQ(get_json(client, job)["state"], "running") << "the job ended before it was cancelled";
  const auto asked = Clock::now();
  const auto deleted = client.Delete(job, token);
  EXPECT_TRUE(deleted);
  if (deleted) EXPECT_EQ(deleted->status, 202);
  json state;
  while (Clock::now() < give_up) {
    state = get_json(client, job);
    if (state["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - asked).count();
  EXPECT_EQ(state["state"], "cancelled") << state.dump();
  return seconds;
}

TEST(ServerCancel, DeletingARunningSimulationJobTakesEffectWithinASecond) {
  const fs::path root =
      fs::temp_directory_path() / fmt::format("softpower-cancel-test-{}", ::getpid());
  fs::remove_all(root);
  ServerOptions o;
  o.port = 0;
  o.spec = root / "no-dashboard.toml";  // no dashboard index: the jobs need none
  o.write_token = kToken;
  o.out_root = root / "out";
  o.rate = 0;
  Server server(std::move(o));
  const int port = server.start();
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30);

  // A 1000 x 1000 lattice runs for minutes; a network of a million agents spends its first
  // seconds building the graph; a scenario-free run of each engine.
  const double lattice =
      cancel_latency(client, R"({"scenario":"axelrod","L":1000,"runs":2,"out":"lattice"})",
                     std::chrono::milliseconds(1500));
  const double active = cancel_latency(
      client,
      R"({"scenario":"axelrod","L":1000,"runs":1,"algorithm":"active-bonds","out":"active"})",
      std::chrono::milliseconds(1500));
  const double graph = cancel_latency(
      client,
      R"({"scenario":"axelrod","graph":"small-world","n":3000000,"k":10,"runs":1,"out":"graph"})",
      std::chrono::milliseconds(300));
  EXPECT_LT(lattice, 1.0);
  EXPECT_LT(active, 1.0);
  EXPECT_LT(graph, 1.0);
  std::cout << fmt::format(
      "cancel latency: lattice {:.3f} s, active bonds {:.3f} s, graph "
      "building {:.3f} s\n",
      lattice, active, graph);
  // Nothing was written for a cancelled job.
  for (const char* out : {"lattice", "active", "graph"})
    EXPECT_FALSE(fs::exists(root / "out" / out / "summary.csv")) << out;
  server.stop();
  fs::remove_all(root);
}

}  // namespace
}  // namespace softpower::server

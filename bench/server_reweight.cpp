// Load test of the dashboard's instant reweighting over HTTP: `softpower serve`'s server
// (in this process, on a free loopback port, the Open Soft Power Index of
// examples/soft-power.toml) and C concurrent clients, each on its own keep-alive connection
// sending POST /api/index/reweight with a new weight vector as fast as answers come back.
// Prints requests per second and latency percentiles; the target is p99 < 20 ms at 200
// concurrent requests (issue 7). docs/serve.md has the figures.
//
// Two loads: "closed" (default) keeps C requests in flight for --seconds (each client sends
// its next request when its answer arrives: the worst case of C users dragging sliders at
// once); "burst" sends C requests at the same instant, --rounds times, 100 ms apart (C users
// releasing a slider together), and measures each request's latency.
//
//   server_reweight [--mode closed|burst] [--concurrency 200] [--seconds 10] [--rounds 50]
//                   [--threads 8] [--spec FILE] [--pillars true|false]
//
// --pillars false asks for the answer the dashboard's weights page asks for while the user
// drags (ranking, scores and nominal ranks, without each country's pillar scores).

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "apps/server/server.hpp"
#include "softpower/core/build_info.hpp"

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int concurrency = 200;
  double seconds = 10;
  std::size_t threads = 8;
  std::string spec;
  std::string mode = "closed";
  int rounds = 50;
  bool pillars = true;  // false: the weights page's answer, without pillar scores
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(k, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.spec = (softpower::source_dir() / "examples/soft-power.toml").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--concurrency")
      o.concurrency = std::atoi(argv[i + 1]);
    else if (flag == "--seconds")
      o.seconds = std::atof(argv[i + 1]);
    else if (flag == "--threads")
      o.threads = static_cast<std::size_t>(std::atoi(argv[i + 1]));
    else if (flag == "--spec")
      o.spec = argv[i + 1];
    else if (flag == "--mode")
      o.mode = argv[i + 1];
    else if (flag == "--rounds")
      o.rounds = std::atoi(argv[i + 1]);
    else if (flag == "--pillars")
      o.pillars = std::string(argv[i + 1]) != "false";
  }
  softpower::server::ServerOptions so;
  so.port = 0;
  so.spec = o.spec;
  // The data directory: $SOFTPOWER_DATA, else ../shared/data beside the checkout.
  so.rate = 0;  // one client address sends everything here
  so.threads = o.threads;
  softpower::server::Server server(so);
  if (!server.index_error().empty()) {
    fmt::print(stderr, "cannot build the index: {}\n", server.index_error());
    return 1;
  }
  const int port = server.start();

  // The pillar codes, to vary one weight per request as a slider drag does.
  httplib::Client probe("127.0.0.1", port);
  auto scores = probe.Get("/api/index/scores");
  if (!scores || scores->status != 200) {
    fmt::print(stderr, "GET /api/index/scores failed\n");
    return 1;
  }
  const auto pillars =
      nlohmann::json::parse(scores->body)["pillars"].get<std::vector<std::string>>();
  const std::size_t units = nlohmann::json::parse(scores->body)["units"].size();

  std::atomic<bool> measuring{false}, stop{false};
  // Burst mode: every client waits for the next round number, sends one request, reports.
  std::mutex round_mutex;
  std::condition_variable round_cv;
  int round = 0;
  std::atomic<int> answered{0};
  std::atomic<std::size_t> errors{0};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(o.concurrency));
  std::vector<std::thread> clients;
  for (int c = 0; c < o.concurrency; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(30);
      auto& mine = latencies[static_cast<std::size_t>(c)];
      int seen = 0;
      for (std::size_t n = 0; !stop; ++n) {
        if (o.mode == "burst") {
          std::unique_lock<std::mutex> lock(round_mutex);
          round_cv.wait(lock, [&] { return stop || round != seen; });
          if (stop) break;
          seen = round;
        }
        const std::string& pillar = pillars[(static_cast<std::size_t>(c) + n) % pillars.size()];
        const std::string body =
            fmt::format(R"({{"weights":{{"{}":{:.3f}}},"pillars":{}}})", pillar,
                        0.1 + static_cast<double>((n * 37 + c) % 100) / 25, o.pillars);
        const auto start = Clock::now();
        auto res = client.Post("/api/index/reweight", body, "application/json");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (!res || res->status != 200) {
          ++errors;
          continue;
        }
        if (measuring) mine.push_back(ms);
        if (o.mode == "burst") ++answered;
      }
    });
  }
  const auto fire = [&] {
    answered = 0;
    {
      std::lock_guard<std::mutex> lock(round_mutex);
      ++round;
    }
    round_cv.notify_all();
    while (answered < o.concurrency) std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  };
  double elapsed = 0;
  if (o.mode == "burst") {
    for (int r = 0; r < 3; ++r) fire();  // connections up
    measuring = true;
    const auto begin = Clock::now();
    for (int r = 0; r < o.rounds; ++r) fire();
    elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    measuring = false;
  } else {
    std::this_thread::sleep_for(std::chrono::seconds(2));  // connections up, caches warm
    measuring = true;
    const auto begin = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    measuring = false;
    elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  }
  {
    std::lock_guard<std::mutex> lock(round_mutex);
    stop = true;
  }
  round_cv.notify_all();
  for (auto& t : clients) t.join();
  server.stop();

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  fmt::print(
      "POST /api/index/reweight ({} load, pillars {}), {} units x {} pillars, {} concurrent "
      "keep-alive clients, {} "
      "server threads, {:.1f} s on {} cores:\n"
      "  {} requests, {:.0f} requests/s, {} errors\n"
      "  latency ms: p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  max {:.2f}  (target p99 < 20)\n",
      o.mode, o.pillars, units, pillars.size(), o.concurrency, o.threads, elapsed,
      std::thread::hardware_concurrency(), all.size(), static_cast<double>(all.size()) / elapsed,
      errors.load(), percentile(all, 0.5), percentile(all, 0.9), percentile(all, 0.99),
      all.empty() ? 0.0 : all.back());
  return 0;
}

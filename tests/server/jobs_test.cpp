// The server's background jobs (apps/server/jobs): finished jobs are trimmed, queued and
// running ones never; cancelling reaches the job's Progress at once and frees a queued job's
// place.

#include "apps/server/jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

namespace softpower::server {
namespace {

using namespace std::chrono_literals;

// A job body that runs until released (or cancelled), counting its Progress checks.
struct Gate {
  std::atomic<bool> open{false};
  Job::Body body() {
    return [this](Progress& progress) {
      progress.start("waiting", 0);
      while (!open && !progress.cancelled()) std::this_thread::sleep_for(1ms);
      return nlohmann::json{{"released", !progress.cancelled()}};
    };
  }
};

void wait_until(const std::function<bool()>& done) {
  for (int k = 0; k < 5000 && !done(); ++k) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(done());
}

std::set<std::int64_t> listed(JobManager& jobs) {
  std::set<std::int64_t> ids;
  for (const auto& j : jobs.list()) ids.insert(j["id"].get<std::int64_t>());
  return ids;
}

TEST(Jobs, OnlyTheNewestFinishedJobsAreKeptAndRunningOnesNever) {
  JobLimits limits;
  limits.keep_finished = 3;
  JobManager jobs(2, limits);
  Gate gate;
  const auto running = jobs.submit("long", {}, gate.body());
  std::vector<std::shared_ptr<Job>> quick;
  for (int k = 0; k < 10; ++k) {
    quick.push_back(jobs.submit("quick", {{"k", k}}, [](Progress&) { return nlohmann::json(1); }));
    ASSERT_NE(quick.back(), nullptr);
    wait_until([&] { return quick.back()->finished(); });  // one after the other
  }
  // The running job, and the three finished last.
  EXPECT_EQ(listed(jobs), (std::set<std::int64_t>{running->id(), quick[7]->id(), quick[8]->id(),
                                                  quick[9]->id()}));
  EXPECT_EQ(jobs.find(quick[0]->id()), nullptr);
  EXPECT_NE(jobs.find(running->id()), nullptr);
  gate.open = true;
  wait_until([&] { return running->finished(); });
  // Now it has finished last, and the earliest of the others goes.
  EXPECT_EQ(listed(jobs), (std::set<std::int64_t>{running->id(), quick[8]->id(), quick[9]->id()}));
}

TEST(Jobs, FinishedJobsAreDroppedAfterTheirTime) {
  JobLimits limits;
  limits.keep_for = 200ms;
  JobManager jobs(2, limits);
  Gate gate;
  const auto running = jobs.submit("long", {}, gate.body());
  const auto done = jobs.submit("quick", {}, [](Progress&) { return nlohmann::json(1); });
  wait_until([&] { return done->finished(); });
  EXPECT_EQ(listed(jobs).size(), 2u);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(listed(jobs), std::set<std::int64_t>{running->id()});  // running: kept however long
  gate.open = true;
}

TEST(Jobs, CancellingReachesTheProgressAtOnceAndFreesAQueuedPlace) {
  JobLimits limits;
  limits.max_queued = 2;
  JobManager jobs(1, limits);
  Gate gate;
  const auto running = jobs.submit("long", {}, gate.body());
  wait_until([&] { return running->status()["state"] == "running"; });
  const auto a = jobs.submit("queued", {}, gate.body());
  const auto b = jobs.submit("queued", {}, gate.body());
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(jobs.submit("one too many", {}, gate.body()), nullptr);
  // Cancelled while queued: ended at once, and the places are free again.
  a->cancel();
  b->cancel();
  EXPECT_EQ(a->status()["state"], "cancelled");
  EXPECT_TRUE(a->progress().cancelled());
  const auto c = jobs.submit("now there is room", {}, [](Progress&) { return nlohmann::json(2); });
  EXPECT_NE(c, nullptr);
  // A running job: the flag its loops check is set before cancel() returns.
  running->cancel();
  EXPECT_TRUE(running->progress().cancelled());
  const auto status = running->status();
  if (status["state"] == "running") {
    EXPECT_EQ(status["cancel_requested"], true);
  }
  wait_until([&] { return running->finished(); });
  EXPECT_EQ(running->status()["state"], "cancelled");
  ASSERT_NE(c, nullptr);
  wait_until([&] { return c->finished(); });
  EXPECT_EQ(c->status()["state"], "done");
}

}  // namespace
}  // namespace softpower::server

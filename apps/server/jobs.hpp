#pragma once
// Background jobs: operations (or dashboard computations) queued to a small pool of workers,
// each with a Progress whose changes wake the Server-Sent Events streams that follow it.
// A job is cancelled through its Progress; long loops check cancelled(). Finished jobs are
// kept for their results, but only the newest few and not for ever (JobManager's limits).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "softpower/core/progress.hpp"

namespace softpower::server {

enum class JobState { queued, running, done, failed, cancelled };
std::string_view job_state_name(JobState state);

class Job;

/// Progress that records the task and wakes whoever waits on the job.
class JobProgress : public Progress {
 public:
  explicit JobProgress(Job& job) : job_(job) {}
  std::string task() const;

 protected:
  void changed() override;

 private:
  friend class Job;
  Job& job_;
};

class Job {
 public:
  using Body = std::function<nlohmann::json(Progress&)>;
  Job(std::int64_t id, std::string operation, nlohmann::json params, Body body);

  std::int64_t id() const { return id_; }
  /// The operation it runs ("index uncertainty"), or the dashboard's name for its work.
  const std::string& operation() const { return operation_; }
  JobProgress& progress() { return progress_; }
  /// Status, progress and (when finished) result or error.
  nlohmann::json status() const;
  bool finished() const;
  /// When it finished (queued, cancelled before it started, or ended); only once finished().
  std::chrono::steady_clock::time_point ended_at() const;
  /// Waits until the job changed after `version` or `timeout` passed; returns the version.
  std::uint64_t wait_change(std::uint64_t version, std::chrono::milliseconds timeout) const;
  void cancel();

 private:
  friend class JobManager;
  friend class JobProgress;
  void run();
  void touch();

  const std::int64_t id_;
  const std::string operation_;
  const nlohmann::json params_;
  Body body_;
  JobProgress progress_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::uint64_t version_ = 0;
  JobState state_ = JobState::queued;
  std::string task_;
  nlohmann::json result_;
  std::string error_;
  std::chrono::steady_clock::time_point created_, started_, ended_;
};

struct JobLimits {
  std::size_t max_queued = 16;      ///< jobs waiting to run; more are refused
  std::size_t keep_finished = 100;  ///< finished jobs kept (the most recently finished)
  std::chrono::steady_clock::duration keep_for = std::chrono::hours(1);  ///< and for how long
};

class JobManager {
 public:
  JobManager(std::size_t workers, const JobLimits& limits);
  ~JobManager();
  /// Queues a job; nullptr when the queue is full (jobs cancelled while queued hold no place).
  std::shared_ptr<Job> submit(std::string operation, nlohmann::json params, Job::Body body);
  /// The job, or nullptr: never submitted, or finished and trimmed.
  std::shared_ptr<Job> find(std::int64_t id);
  nlohmann::json list();
  /// Cancels every job and joins the workers.
  void shutdown();

 private:
  void work();
  // Drops finished jobs beyond keep_finished (the earliest finished first) and those finished
  // longer than keep_for ago; queued and running jobs are never dropped. Needs mutex_.
  void trim(std::chrono::steady_clock::time_point now);

  const JobLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::map<std::int64_t, std::shared_ptr<Job>> jobs_;
  std::int64_t next_id_ = 1;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace softpower::server

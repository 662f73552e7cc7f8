#include "apps/server/jobs.hpp"

#include <algorithm>

#include "softpower/core/error.hpp"

namespace softpower::server {

std::string_view job_state_name(JobState state) {
  switch (state) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::done:
      return "done";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "queued";
}

std::string JobProgress::task() const {
  std::lock_guard<std::mutex> lock(job_.mutex_);
  return job_.task_;
}

void JobProgress::changed() {
  {
    std::lock_guard<std::mutex> lock(job_.mutex_);
    job_.task_ = task_;
    ++job_.version_;
  }
  job_.changed_.notify_all();
}

Job::Job(std::int64_t id, std::string operation, nlohmann::json params, Body body)
    : id_(id),
      operation_(std::move(operation)),
      params_(std::move(params)),
      body_(std::move(body)),
      progress_(*this),
      created_(std::chrono::steady_clock::now()) {}

void Job::touch() {
  ++version_;
  changed_.notify_all();
}

nlohmann::json Job::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  nlohmann::json j = {{"id", id_},
                      {"operation", operation_},
                      {"params", params_},
                      {"state", job_state_name(state_)},
                      {"task", task_},
                      {"done", progress_.done()},
                      {"total", progress_.total()},
                      {"version", version_}};
  const auto now = std::chrono::steady_clock::now();
  if (state_ != JobState::queued && started_.time_since_epoch().count() != 0) {
    const bool ended = state_ != JobState::running;
    j["seconds"] = seconds(started_, ended ? ended_ : now);
  }
  // Cancellation asked for while it runs: the operation stops at its next check.
  if (state_ == JobState::running && progress_.cancelled()) j["cancel_requested"] = true;
  if (state_ == JobState::done) j["result"] = result_;
  if (state_ == JobState::failed || state_ == JobState::cancelled) {
    j["error"] = error_;
    if (!result_.is_null()) j["result"] = result_;
  }
  return j;
}

bool Job::finished() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_ != JobState::queued && state_ != JobState::running;
}

std::chrono::steady_clock::time_point Job::ended_at() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return ended_;
}

std::uint64_t Job::wait_change(std::uint64_t version, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return version_ != version; });
  return version_;
}

void Job::cancel() {
  progress_.cancel();
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ == JobState::queued) {
    state_ = JobState::cancelled;
    error_ = "cancelled before it started";
    ended_ = std::chrono::steady_clock::now();
  }
  touch();
}

void Job::run() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (state_ != JobState::queued) return;  // cancelled while queued
    state_ = JobState::running;
    started_ = std::chrono::steady_clock::now();
    touch();
  }
  nlohmann::json result;
  std::string error;
  bool ok = false;
  try {
    result = body_(progress_);
    ok = true;
  } catch (const Error& e) {
    error = e.what();
  } catch (const std::exception& e) {
    error = std::string("internal error: ") + e.what();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ended_ = std::chrono::steady_clock::now();
  if (progress_.cancelled()) {
    state_ = JobState::cancelled;
    error_ = ok ? "cancelled; partial result" : error;
    if (ok) result_ = std::move(result);
  } else if (ok) {
    state_ = JobState::done;
    result_ = std::move(result);
  } else {
    state_ = JobState::failed;
    error_ = error;
  }
  touch();
}

JobManager::JobManager(std::size_t workers, const JobLimits& limits) : limits_(limits) {
  for (std::size_t w = 0; w < std::max<std::size_t>(workers, 1); ++w) {
    workers_.emplace_back([this] { work(); });
  }
}

JobManager::~JobManager() {
  shutdown();
}

std::shared_ptr<Job> JobManager::submit(std::string operation, nlohmann::json params,
                                        Job::Body body) {
  std::lock_guard<std::mutex> lock(mutex_);
  // A job cancelled while queued has ended: it waits for no worker and holds no place.
  std::erase_if(queue_, [](const std::shared_ptr<Job>& j) { return j->finished(); });
  if (stopping_ || queue_.size() >= limits_.max_queued) return nullptr;
  trim(std::chrono::steady_clock::now());
  auto job =
      std::make_shared<Job>(next_id_++, std::move(operation), std::move(params), std::move(body));
  jobs_[job->id()] = job;
  queue_.push_back(job);
  wake_.notify_one();
  return job;
}

std::shared_ptr<Job> JobManager::find(std::int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  trim(std::chrono::steady_clock::now());
  auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second;
}

nlohmann::json JobManager::list() {
  std::vector<std::shared_ptr<Job>> all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    trim(std::chrono::steady_clock::now());
    for (const auto& [id, job] : jobs_) all.push_back(job);
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& job : all) {
    nlohmann::json s = job->status();
    s.erase("result");
    out.push_back(std::move(s));
  }
  return out;
}

void JobManager::work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
    }
    job->run();
    std::lock_guard<std::mutex> lock(mutex_);
    trim(std::chrono::steady_clock::now());
  }
}

void JobManager::trim(std::chrono::steady_clock::time_point now) {
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::int64_t>> finished;
  for (const auto& [id, job] : jobs_) {
    if (job->finished()) finished.emplace_back(job->ended_at(), id);
  }
  // The most recently finished first; of those, the first keep_finished young enough stay.
  std::sort(finished.begin(), finished.end(), std::greater<>());
  for (std::size_t k = 0; k < finished.size(); ++k) {
    if (k >= limits_.keep_finished || now - finished[k].first > limits_.keep_for)
      jobs_.erase(finished[k].second);
  }
}

void JobManager::shutdown() {
  std::vector<std::shared_ptr<Job>> all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (const auto& [id, job] : jobs_) all.push_back(job);
  }
  for (const auto& job : all) job->cancel();
  wake_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

}  // namespace softpower::server

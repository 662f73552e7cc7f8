#pragma once
// Progress of long work, reported by algorithms and shown by front-ends: a bar on a
// terminal, events on the HTTP server's stream, nothing in tests. Safe to advance from
// several threads. A front-end may ask for cancellation; long loops check cancelled().

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace softpower {

class Progress {
 public:
  virtual ~Progress() = default;
  /// A new task of `total` steps (0 = unknown).
  virtual void start(std::string_view task, std::size_t total);
  virtual void advance(std::size_t steps = 1);
  virtual void finish();
  void cancel() { cancelled_ = true; }
  bool cancelled() const { return cancelled_; }
  std::size_t done() const { return done_; }
  std::size_t total() const { return total_; }

 protected:
  virtual void changed() {}
  std::string task_;
  std::atomic<std::size_t> done_{0};
  std::atomic<std::size_t> total_{0};
  std::atomic<bool> cancelled_{false};
};

/// Progress on stderr for the command line: a bar when stderr is a terminal; otherwise (a log
/// file, a pipe) a line "task: done of total (percent%)" every 10 seconds once a task has run
/// that long, so quick commands print nothing more. $SOFTPOWER_PROGRESS_EVERY sets the seconds.
class TerminalProgress : public Progress {
 public:
  TerminalProgress();
  void start(std::string_view task, std::size_t total) override;
  void finish() override;

 protected:
  void changed() override;

 private:
  void line();  // needs mutex_

  bool enabled_;
  std::chrono::steady_clock::duration every_;
  std::chrono::steady_clock::time_point last_line_;
  bool lines_ = false;  // lines printed for this task
  std::mutex mutex_;
  std::size_t last_percent_ = 101;
};

}  // namespace softpower

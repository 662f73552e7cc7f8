#pragma once
// Progress of long work, reported by algorithms and shown by front-ends: a bar on a
// terminal, events on the HTTP server's stream, nothing in tests. Safe to advance from
// several threads. A front-end may ask for cancellation; long loops check cancelled().

#include <atomic>
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

/// Draws a bar on stderr when stderr is a terminal; silent otherwise.
class TerminalProgress : public Progress {
 public:
  TerminalProgress();
  void finish() override;

 protected:
  void changed() override;

 private:
  bool enabled_;
  std::mutex mutex_;
  std::size_t last_percent_ = 101;
};

}  // namespace softpower

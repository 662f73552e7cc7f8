#include "softpower/core/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace softpower {

void Progress::start(std::string_view task, std::size_t total) {
  task_ = std::string(task);
  done_ = 0;
  total_ = total;
  changed();
}

void Progress::advance(std::size_t steps) {
  done_ += steps;
  changed();
}

void Progress::finish() {
  changed();
}

namespace {

std::chrono::steady_clock::duration line_interval() {
  const char* env = std::getenv("SOFTPOWER_PROGRESS_EVERY");
  if (env == nullptr || *env == '\0') return std::chrono::seconds(10);
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::max(0.0, std::atof(env))));
}

}  // namespace

TerminalProgress::TerminalProgress()
    : enabled_(::isatty(STDERR_FILENO) == 1), every_(line_interval()) {}

void TerminalProgress::start(std::string_view task, std::size_t total) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    last_line_ = std::chrono::steady_clock::now();
    lines_ = false;
  }
  Progress::start(task, total);
}

void TerminalProgress::line() {
  const std::size_t total = total_, done = std::min(done_.load(), total);
  std::fprintf(stderr, "%s: %zu of %zu (%zu%%)\n", task_.c_str(), done, total, done * 100 / total);
  std::fflush(stderr);
  last_line_ = std::chrono::steady_clock::now();
  lines_ = true;
  last_percent_ = done;  // the bar's percentage is unused without a terminal
}

void TerminalProgress::changed() {
  if (total_ == 0) return;
  if (!enabled_) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (std::chrono::steady_clock::now() - last_line_ >= every_) line();
    return;
  }
  const std::size_t percent = done_ * 100 / total_;
  std::lock_guard<std::mutex> lock(mutex_);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  constexpr std::size_t width = 30;
  const std::size_t filled = percent * width / 100;
  std::fprintf(stderr, "\r%-24.24s [%s%s] %3zu%%", task_.c_str(), std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(), percent);
  std::fflush(stderr);
}

void TerminalProgress::finish() {
  if (total_ == 0) return;
  if (!enabled_) {
    // The last line says the task ended, when earlier lines said it was under way.
    std::lock_guard<std::mutex> lock(mutex_);
    if (lines_ && last_percent_ != total_) {
      done_ = total_.load();
      line();
    }
    return;
  }
  last_percent_ = 101;
  done_ = total_.load();
  changed();
  std::fprintf(stderr, "\n");
}

}  // namespace softpower

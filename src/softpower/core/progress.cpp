#include "softpower/core/progress.hpp"

#include <unistd.h>

#include <cstdio>

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

void Progress::finish() { changed(); }

TerminalProgress::TerminalProgress() : enabled_(::isatty(STDERR_FILENO) == 1) {}

void TerminalProgress::changed() {
  if (!enabled_ || total_ == 0) return;
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
  if (enabled_ && total_ > 0) {
    last_percent_ = 101;
    done_ = total_.load();
    changed();
    std::fprintf(stderr, "\n");
  }
}

}  // namespace softpower

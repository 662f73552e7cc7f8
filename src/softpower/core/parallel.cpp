#include "softpower/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace softpower {

std::size_t worker_count() {
  if (const char* env = std::getenv("SOFTPOWER_THREADS"); env != nullptr && *env != '\0') {
    try {
      const long n = std::stol(env);
      if (n > 0) return static_cast<std::size_t>(n);
    } catch (const std::exception&) {
      // fall through to the hardware's count
    }
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& body,
                  std::size_t threads) {
  if (n == 0) return;
  if (threads == 0) threads = worker_count();
  threads = std::min(threads, n);
  const std::size_t chunk = std::max<std::size_t>(1, n / (threads * 16));
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::size_t first_failure = std::numeric_limits<std::size_t>::max();
  std::exception_ptr error;
  auto worker = [&] {
    for (;;) {
      const std::size_t begin = next.fetch_add(chunk);
      if (begin >= n) return;
      const std::size_t end = std::min(n, begin + chunk);
      for (std::size_t i = begin; i < end; ++i) {
        try {
          body(i);
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex);
          if (i < first_failure) {
            first_failure = i;
            error = std::current_exception();
          }
        }
      }
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace softpower

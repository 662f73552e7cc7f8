#pragma once
// Running independent work items on all cores. Results must be written to per-item slots
// (never accumulated across items), so that what a computation returns depends only on its
// inputs and seed, never on the number of threads or their timing.

#include <cstddef>
#include <functional>

namespace softpower {

/// Number of worker threads to use: $SOFTPOWER_THREADS if set, else the hardware's.
std::size_t worker_count();

/// Calls body(i) for i in [0, n) on up to `threads` threads (0 = worker_count()). Items are
/// handed out in small chunks. Every item runs even when some throw; then the exception of
/// the lowest item index is rethrown, so errors are reported deterministically too.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& body,
                  std::size_t threads = 0);

}  // namespace softpower

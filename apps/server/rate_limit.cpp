#include "apps/server/rate_limit.hpp"

#include <algorithm>

namespace softpower::server {

bool RateLimiter::allow(const std::string& client, double& wait,
                        std::chrono::steady_clock::time_point now) {
  wait = 0;
  if (rate_ <= 0) return true;
  std::lock_guard<std::mutex> lock(mutex_);
  // Forget idle clients now and then, so the table stays small.
  if (buckets_.size() > 10000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = now - it->second.last > std::chrono::minutes(1) ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  wait = (1 - b.tokens) / rate_;
  return false;
}

}  // namespace softpower::server

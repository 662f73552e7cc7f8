#pragma once
// A token bucket per client address: `rate` requests per second on average, bursts of up to
// `burst`. A rate of 0 turns the limit off.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace softpower::server {

class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst < 1 ? 1 : burst) {}
  /// Takes a token for `client`; false (with the seconds until one is free in `wait`) when
  /// the bucket is empty.
  bool allow(const std::string& client, double& wait,
             std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace softpower::server

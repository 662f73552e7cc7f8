#pragma once
// SOFTPOWER_MAX_MEMORY set for the length of a scope, so that a test can reach the limits derived
// from it (core/limits.hpp, core/byte_stream.hpp) with small inputs.

#include <cstdlib>
#include <string>

namespace softpower::testing {

class MemoryLimit {
 public:
  explicit MemoryLimit(const char* size) {
    if (const char* old = std::getenv("SOFTPOWER_MAX_MEMORY")) old_ = old;
    ::setenv("SOFTPOWER_MAX_MEMORY", size, 1);
  }
  ~MemoryLimit() {
    if (old_.empty()) {
      ::unsetenv("SOFTPOWER_MAX_MEMORY");
    } else {
      ::setenv("SOFTPOWER_MAX_MEMORY", old_.c_str(), 1);
    }
  }
  MemoryLimit(const MemoryLimit&) = delete;
  MemoryLimit& operator=(const MemoryLimit&) = delete;

 private:
  std::string old_;
};

}  // namespace softpower::testing

#pragma once
// A file sink for tests (report/sink.hpp): what it wrote out, in how many parts, and the largest
// part, so a test can show that an output went out as it was made rather than held whole.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "softpower/report/sink.hpp"

namespace softpower::testing {

struct Spilled {
  std::string written;
  std::size_t parts = 0, largest = 0;
  report::Sink sink;

  Spilled() {
    sink.spill = [this](std::string_view part) {
      written += part;
      ++parts;
      largest = std::max(largest, part.size());
    };
  }
  Spilled(const Spilled&) = delete;  // the sink writes into this object
  Spilled& operator=(const Spilled&) = delete;
};

}  // namespace softpower::testing

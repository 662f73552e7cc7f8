#pragma once
// Where an output's text goes as it is made: kept whole in `text`, or, for a file, written out
// whenever a megabyte has gathered, so that no output is held whole (results.json of a large
// framework is hundreds of megabytes; report.html is written the same way, its rows rendered
// straight into the sink: template.hpp's Slots).

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace softpower::report {

struct Sink {
  static constexpr std::size_t kSpillBytes = std::size_t{1} << 20;
  std::string text;
  std::function<void(std::string_view)> spill;  ///< none: everything stays in text

  /// Called between parts (rows, entries).
  void part_done() {
    if (spill && text.size() >= kSpillBytes) {
      spill(text);
      text.clear();
    }
  }
  void finish() {
    if (spill && !text.empty()) spill(text);
    if (spill) text.clear();
  }
};

}  // namespace softpower::report

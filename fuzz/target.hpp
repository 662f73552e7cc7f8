#pragma once
// A fuzz target: one entry function driven by arbitrary bytes. Each file in fuzz/targets/
// defines one with SOFTPOWER_FUZZ_TARGET(name). CMake builds each into its own libFuzzer
// binary `<name>_fuzz` (clang only, -DSOFTPOWER_FUZZ=ON; scripts/fuzz.sh), and the test suite
// replays every seed in fuzz/corpus/<name>/ through the same entry with g++
// (tests/fuzz/replay_test.cpp).
//
// An entry returns 1 when the input was accepted all the way (parsed without an error), 0
// when it was refused with softpower's own Error. Anything else escaping, a crash or a
// sanitizer report is a bug.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace softpower::fuzz {

using Entry = int (*)(const std::uint8_t* data, std::size_t size);

struct Target {
  std::string_view name;
  Entry entry;
};

/// Every target linked into this program (one in a libFuzzer binary, all in the tests).
std::vector<Target>& targets();

struct Registration {
  Registration(std::string_view name, Entry entry) { targets().push_back({name, entry}); }
};

}  // namespace softpower::fuzz

#define SOFTPOWER_FUZZ_TARGET(name)                                                \
  static int softpower_fuzz_##name(const std::uint8_t* data, std::size_t size);    \
  static const ::softpower::fuzz::Registration softpower_fuzz_registration_##name( \
      #name, softpower_fuzz_##name);                                               \
  static int softpower_fuzz_##name(const std::uint8_t* data, std::size_t size)

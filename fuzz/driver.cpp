// libFuzzer's entry point for a binary built from one file of fuzz/targets/ (CMakeLists.txt
// links exactly one target into each `<name>_fuzz`).

#include <cstddef>
#include <cstdint>

#include "fuzz/target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)softpower::fuzz::targets().front().entry(data, size);
  return 0;
}

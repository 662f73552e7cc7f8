// libFuzzer target for the HTTP API's request layer (apps/server/fuzz_entry.hpp): JSON
// bodies to Args, validation, path confinement, routing and static-file paths.
// Build and run: scripts/fuzz.sh (docs/serve.md, "Fuzzing").

#include <cstddef>
#include <cstdint>

#include "apps/server/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)softpower::server::fuzz_api_input(data, size);
  return 0;
}

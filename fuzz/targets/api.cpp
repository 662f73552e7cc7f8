// The HTTP API's request layer (apps/server/fuzz_entry.hpp): JSON bodies to Args, validation,
// path confinement, routing and static-file paths.

#include "apps/server/fuzz_entry.hpp"
#include "fuzz/target.hpp"

SOFTPOWER_FUZZ_TARGET(api) {
  return softpower::server::fuzz_api_input(data, size);
}

// The connection layer's request-head check (apps/server/http_head.hpp), fed whole and in
// pieces, checked against httplib's own parse of what it accepts; and the request policy's
// Host, Origin and media-type checks on the same bytes (apps/server/fuzz_entry.hpp).

#include "apps/server/fuzz_entry.hpp"
#include "fuzz/target.hpp"

SOFTPOWER_FUZZ_TARGET(http_head) {
  return softpower::server::fuzz_http_head(data, size);
}

#pragma once
// The pure request layer driven by one arbitrary input, for libFuzzer (fuzz/api_fuzz.cpp)
// and for the replay of the seed corpus in the tests (tests/server/fuzz_replay_test.cpp).
// Input: the first byte picks an operation, the second a path role; the rest is both a
// request body (JSON -> Args -> validate -> confine) and a request path (routing, static
// files). Anything but ApiError escaping is a bug; so is a crash.

#include <cstddef>
#include <cstdint>

namespace softpower::server {

/// Returns 0, or 1 when the input was accepted all the way to confined Args.
int fuzz_api_input(const std::uint8_t* data, std::size_t size);

}  // namespace softpower::server

#pragma once
// The pure request layer driven by one arbitrary input, for libFuzzer (fuzz/targets/api.cpp
// and http_head.cpp) and for the replay of the seed corpora in the tests
// (tests/fuzz/replay_test.cpp).
// Input: the first byte picks an operation, the second a path role; the rest is both a
// request body (JSON -> Args -> validate -> confine) and a request path (routing, static
// files). Anything but ApiError escaping is a bug; so is a crash.

#include <cstddef>
#include <cstdint>

namespace softpower::server {

/// Returns 0, or 1 when the input was accepted all the way to confined Args.
int fuzz_api_input(const std::uint8_t* data, std::size_t size);

/// The connection layer's head check (http_head.hpp) on arbitrary bytes: the first byte
/// picks smaller limits, the second how the bytes are cut into the pieces they arrive in;
/// the rest is what a client sent. Checked (a failure traps): the verdict is the same
/// whatever the pieces; a refusal has one of the head check's statuses and a reason; a head
/// it accepts is parsed by httplib into the same method, header fields and body, reading
/// exactly the bytes the head check framed. The request policy (Host, Origin, media type)
/// reads the same bytes. Returns 1 when the head was accepted.
int fuzz_http_head(const std::uint8_t* data, std::size_t size);

}  // namespace softpower::server

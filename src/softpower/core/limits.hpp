#pragma once
// Sizes and the memory a piece of work may plan to use. Work whose size a user chooses (a
// lattice, a population, an inflated file, a request body) estimates its memory before it
// allocates and is refused with the estimate and the limit, instead of running the machine out
// of memory (docs/reliability.md).

#include <cstdint>
#include <string>
#include <string_view>

namespace softpower {

/// Parses a size: "2GB", "500MB", "10kB", "1.5GiB", "123" (bytes); decimal units are powers of
/// 1000, KiB/MiB/GiB/TiB of 1024. Throws Error naming the text.
std::uint64_t parse_byte_size(std::string_view text);
/// "812 B", "12.3 kB", "1.8 MB".
std::string format_bytes(std::uint64_t bytes);

/// The memory one piece of work may plan to use: $SOFTPOWER_MAX_MEMORY (a size as
/// parse_byte_size reads it) when set, else half of the machine's physical memory.
std::uint64_t memory_limit();
/// Throws Error when `estimate` bytes exceed memory_limit(): "<what> would need about 7.6 GB,
/// more than the limit of 4.0 GB (SOFTPOWER_MAX_MEMORY)".
void check_memory(std::uint64_t estimate, std::string_view what);

}  // namespace softpower

// core/byte_stream.hpp, the layer every reader inflates through. An even first byte: the rest
// inflated as gzip from memory, in reads of a size the second byte picks, under a limit of
// 1 MB. An odd first byte: the rest written as a zip archive and every member read.

#include <string>

#include "fuzz/scratch.hpp"
#include "fuzz/target.hpp"
#include "softpower/core/byte_stream.hpp"
#include "softpower/core/error.hpp"

SOFTPOWER_FUZZ_TARGET(gzip) {
  using namespace softpower;
  if (size < 2) return 0;
  const std::string_view rest = fuzz::as_text(data + 2, size - 2);
  std::string buffer(1 + data[1] * 16U, '\0');
  try {
    if ((data[0] & 1) == 0) {
      const auto stream = gunzip(memory_bytes(rest, "fuzz.gz"), SizeLimit{1000000, "fuzz", 0});
      std::uint64_t total = 0;
      while (const std::size_t got = stream->read(buffer.data(), buffer.size())) {
        if (got > buffer.size()) __builtin_trap();
        total += got;
      }
      if (total > 1000000) __builtin_trap();  // past the limit without an error
      return 1;
    }
    const ZipArchive archive(fuzz::scratch_file("fuzz.zip", rest));
    for (const ZipArchive::Member& member : archive.members()) {
      const auto stream = archive.open(member);
      std::uint64_t total = 0;
      while (const std::size_t got = stream->read(buffer.data(), buffer.size())) total += got;
      if (total != member.size) __builtin_trap();  // a member is its declared size
    }
    return 1;
  } catch (const Error&) {
    return 0;
  }
}

#pragma once
// Bytes read front to back from a plain file, a gzip file or a member of a zip archive: the one
// place softpower inflates anything it reads (docs/reliability.md). Small gzip files and zip
// members (at most 16 MiB packed and 128 MiB of text, and a 512th and a 64th of the memory limit)
// are inflated whole by libdeflate, larger ones as they stream by zlib's inflate.
//
// Everything is checked to its end. A gzip file cut short, with a bad CRC or length, or with
// bytes after its last member that are not another member is an Error naming the file; so is
// a zip member whose data is missing, fails its CRC, or inflates past the size the archive
// declares for it. What a reader keeps is bounded by shares of the memory limit
// (core/limits.hpp, $SOFTPOWER_MAX_MEMORY): a file read whole (whole_text_limit, 1/32: a Table
// of short cells takes up to about 30 times its text) and one line or record
// (line_limit, 1/64), so a small compressed file cannot grow into gigabytes.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace softpower {

/// A bound on bytes, and how messages name it.
struct SizeLimit {
  std::uint64_t bytes = 0;  ///< 0: no bound
  std::string what;         ///< e.g. "the most text a file read whole may hold"
  std::uint64_t share = 0;  ///< the limit is memory_limit() / share (0: not derived from it)
};

/// The share of memory_limit() a file read whole (read_file, read_csv) may hold.
inline constexpr std::uint64_t kWholeTextShare = 32;
/// The share of memory_limit() one line or record may take in any reader.
inline constexpr std::uint64_t kLineShare = 64;

/// memory_limit() / kWholeTextShare.
SizeLimit whole_text_limit();
/// memory_limit() / kLineShare, at least 1 MB.
SizeLimit line_limit();
/// "8.0 MB, the longest line a reader keeps (1/64 of the memory limit of 512.0 MB; set
/// SOFTPOWER_MAX_MEMORY to change it)".
std::string describe(const SizeLimit& limit);

/// A source of bytes read front to back.
class ByteStream {
 public:
  explicit ByteStream(std::string name) : name_(std::move(name)) {}
  virtual ~ByteStream() = default;
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  /// Up to `n` bytes into `out`; 0 only at the end. Throws Error naming the stream when its
  /// bytes cannot be read or are corrupt.
  virtual std::size_t read(char* out, std::size_t n) = 0;
  /// Bytes of the file on disk consumed so far, for progress (0 when unknown).
  virtual std::uint64_t position() const { return 0; }
  /// What messages call it: the file, or "archive.zip:member".
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

/// Reads until `n` bytes are in `out` or the stream ends; returns how many.
std::size_t read_full(ByteStream& stream, char* out, std::size_t n);

/// Bytes [begin, end) of a file (end 0: to its end).
std::unique_ptr<ByteStream> open_file_bytes(const std::filesystem::path& path,
                                            std::uint64_t begin = 0, std::uint64_t end = 0);
/// The bytes of `inner` read on a thread of its own, up to four chunks of `chunk` bytes ahead of
/// the caller: inflating then overlaps with what the caller does with the bytes (the GDELT
/// reader, with fewer files than threads). `inner` must outlive the stream; its errors are
/// thrown by read() in their place, and position() is inner's after the chunk being read.
std::unique_ptr<ByteStream> read_ahead(ByteStream& inner, std::size_t chunk);
/// Bytes in memory (not copied: they must outlive the stream).
std::unique_ptr<ByteStream> memory_bytes(std::string_view bytes, std::string name);
/// The gzip data of `packed` inflated: every member of a file of several, each checked (CRC-32
/// and length). Throws Error naming the stream when the data is not gzip, is cut short, is
/// corrupt, is followed by bytes that are not another member, or inflates past `limit`.
std::unique_ptr<ByteStream> gunzip(std::unique_ptr<ByteStream> packed, SizeLimit limit = {});
/// gunzip() always through zlib's inflate as the data streams by, whatever its size: what
/// gunzip() does for large data, and its reference in tests and bench/inflate.cpp.
std::unique_ptr<ByteStream> gunzip_streamed(std::unique_ptr<ByteStream> packed,
                                            SizeLimit limit = {});
/// One gzip member (RFC 1952) holding `text`, deflated at `level` (1 to 9); members written one
/// after another make a valid .gz file that gunzip reads as one stream.
std::string gzip_member(std::string_view text, int level = 6);

enum class Packing { plain, gzip, zip };

/// Throws Error naming the path when it is not a regular file: "no such file", "is a folder,
/// not a file", "not a regular file".
void require_regular_file(const std::filesystem::path& path);
/// What a regular file holds, from its first bytes: gzip (1f 8b), a zip archive (PK..), else
/// plain. A name ending in .gz or .zip (any case) must hold that; Error otherwise.
Packing file_packing(const std::filesystem::path& path);
/// The text of a plain or gzip file (told apart by file_packing), inflated up to `limit`. A zip
/// archive is refused: its members are files of their own.
std::unique_ptr<ByteStream> open_text(const std::filesystem::path& path, SizeLimit limit = {});

/// A zip archive read member by member.
class ZipArchive {
 public:
  struct Member {
    std::uint64_t index = 0;   ///< in the archive's directory
    std::string name;          ///< as stored
    std::uint64_t size = 0;    ///< inflated, as the directory declares
    std::uint64_t packed = 0;  ///< compressed
    std::uint32_t crc = 0;     ///< CRC-32 of the inflated data, as the directory declares
    bool deflated = false;     ///< deflate, not encrypted: libdeflate may inflate it whole
  };

  /// Opens the archive and lists its members. Throws Error naming the file when it is not a zip
  /// archive or is cut short (no directory at its end), or when its members declare more data
  /// than deflate could pack into the file (members overlapping: a zip bomb).
  explicit ZipArchive(const std::filesystem::path& path);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  const std::string& name() const { return name_; }
  /// The members that are files, in archive order (folders left out).
  const std::vector<Member>& members() const { return members_; }
  /// A member's bytes, named "archive:member". Reading throws Error when the member's data is
  /// missing or corrupt (CRC) or inflates past its declared size.
  std::unique_ptr<ByteStream> open(const Member& member) const;
  /// open() always through libzip's streaming inflate, whatever the member's size: what open()
  /// does for large members, and its reference in tests and bench/inflate.cpp.
  std::unique_ptr<ByteStream> open_streamed(const Member& member) const;

 private:
  std::string member_name(const Member& member) const;

  std::string name_;
  void* archive_ = nullptr;  // zip_t
  std::vector<Member> members_;
};

/// Deflate packs at most 1032 bytes into one (258 repeated bytes per two bits).
inline constexpr std::uint64_t kMaxDeflateRatio = 1032;

}  // namespace softpower

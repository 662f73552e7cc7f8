#include "softpower/core/byte_stream.hpp"

#include <fmt/format.h>
#include <libdeflate.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "softpower/core/error.hpp"
#include "softpower/core/limits.hpp"
#include "softpower/core/table.hpp"

namespace softpower {

namespace {

constexpr std::uint64_t kMinLineLimit = 1000000;

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (suffix.size() > text.size()) return false;
  const std::string_view tail = text.substr(text.size() - suffix.size());
  return std::equal(tail.begin(), tail.end(), suffix.begin(), [](char a, char b) {
    return (a >= 'A' && a <= 'Z' ? a + 32 : a) == (b >= 'A' && b <= 'Z' ? b + 32 : b);
  });
}

// ---- plain bytes

class FileStream : public ByteStream {
 public:
  FileStream(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end)
      : ByteStream(path.string()),
        left_(end == 0 ? std::numeric_limits<std::uint64_t>::max() : end - begin) {
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      throw Error(Location{name()}, "cannot open the file: " +
                                        std::error_code(errno, std::generic_category()).message());
    }
    std::setvbuf(file_, nullptr, _IONBF, 0);  // readers ask for large blocks themselves
    if (begin != 0 && fseeko(file_, static_cast<off_t>(begin), SEEK_SET) != 0) {
      std::fclose(file_);
      throw Error(Location{name()}, "cannot read the file");
    }
  }
  ~FileStream() override { std::fclose(file_); }
  FileStream(const FileStream&) = delete;
  FileStream& operator=(const FileStream&) = delete;

  std::size_t read(char* out, std::size_t n) override {
    const auto ask = static_cast<std::size_t>(std::min<std::uint64_t>(n, left_ - position_));
    if (ask == 0) return 0;
    const std::size_t got = std::fread(out, 1, ask, file_);
    if (got < ask && std::ferror(file_) != 0) {
      throw Error(Location{name()}, "cannot read the file: " +
                                        std::error_code(errno, std::generic_category()).message());
    }
    position_ += got;
    return got;
  }
  std::uint64_t position() const override { return position_; }

 private:
  std::FILE* file_ = nullptr;
  std::uint64_t left_ = 0;
  std::uint64_t position_ = 0;
};

// ---- read ahead

// Reading (mostly inflating) on a thread of its own, a few chunks ahead of the caller. The
// chunks are not zeroed (zeroing 4 MB for each of 3,000 small zip members was most of their
// time).
class ReadAheadStream : public ByteStream {
 public:
  ReadAheadStream(ByteStream& inner, std::size_t chunk)
      : ByteStream(inner.name()), inner_(inner), chunk_(chunk) {
    for (auto& slot : slots_) slot.data = std::make_unique_for_overwrite<char[]>(chunk);
    thread_ = std::thread([this] { produce(); });
  }
  ~ReadAheadStream() override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  std::uint64_t position() const override { return position_; }
  ReadAheadStream(const ReadAheadStream&) = delete;
  ReadAheadStream& operator=(const ReadAheadStream&) = delete;

  std::size_t read(char* out, std::size_t n) override {
    for (;;) {
      if (taking_) {
        Slot& slot = slots_[current_];
        if (offset_ < slot.size) {
          const std::size_t take = std::min(n, slot.size - offset_);
          std::memcpy(out, slot.data.get() + offset_, take);
          offset_ += take;
          return take;
        }
        {
          const std::lock_guard<std::mutex> lock(mutex_);
          slot.full = false;
        }
        changed_.notify_all();
        taking_ = false;
        current_ = (current_ + 1) % slots_.size();
      }
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return slots_[current_].full; });
      if (error_) std::rethrow_exception(error_);
      if (slots_[current_].size == 0) return 0;  // the end
      position_ = slots_[current_].position;
      taking_ = true;
      offset_ = 0;
    }
  }

 private:
  struct Slot {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
    std::uint64_t position = 0;
    bool full = false;
  };

  void produce() {
    std::size_t index = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || !slots_[index].full; });
        if (stop_) return;
      }
      Slot& slot = slots_[index];
      std::size_t got = 0;
      std::exception_ptr error;
      try {
        got = inner_.read(slot.data.get(), chunk_);
      } catch (...) {
        error = std::current_exception();
      }
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        slot.size = got;
        slot.position = error ? 0 : inner_.position();
        slot.full = true;
        if (error) error_ = error;
      }
      changed_.notify_all();
      if (got == 0 || error) return;
      index = (index + 1) % slots_.size();
    }
  }

  ByteStream& inner_;
  std::size_t chunk_;
  std::array<Slot, 4> slots_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stop_ = false;
  std::exception_ptr error_;
  std::size_t current_ = 0;
  bool taking_ = false;
  std::size_t offset_ = 0;
  std::uint64_t position_ = 0;
  std::thread thread_;
};

class MemoryStream : public ByteStream {
 public:
  MemoryStream(std::string_view bytes, std::string name)
      : ByteStream(std::move(name)), bytes_(bytes) {}
  std::size_t read(char* out, std::size_t n) override {
    const std::size_t take = std::min(n, bytes_.size() - position_);
    if (take > 0) std::memcpy(out, bytes_.data() + position_, take);
    position_ += take;
    return take;
  }
  std::uint64_t position() const override { return position_; }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
};

// ---- gzip

// Inflates with zlib's inflate() rather than gzread(): gzread ends a stream cut short as if it
// were whole (the fault only in gzerror), and reads past garbage after a member silently.
class GunzipStream : public ByteStream {
 public:
  GunzipStream(std::unique_ptr<ByteStream> packed, SizeLimit limit)
      : ByteStream(packed->name()),
        packed_(std::move(packed)),
        limit_(std::move(limit)),
        in_(std::make_unique<unsigned char[]>(kInput)) {
    // 16 + 15: a gzip wrapper (its CRC-32 and length checked) around a 32 kB window.
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
      throw Error(Location{name()}, "cannot start inflating: out of memory");
    }
  }
  ~GunzipStream() override { inflateEnd(&z_); }
  GunzipStream(const GunzipStream&) = delete;
  GunzipStream& operator=(const GunzipStream&) = delete;

  std::size_t read(char* out, std::size_t n) override {
    std::size_t produced = 0;
    while (produced < n && !done_) {
      if (z_.avail_in == 0) refill();
      if (!in_member_) {
        if (!start_member()) break;
        continue;
      }
      const auto ask = static_cast<uInt>(std::min<std::size_t>(n - produced, UINT_MAX));
      z_.next_out = reinterpret_cast<Bytef*>(out + produced);
      z_.avail_out = ask;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      produced += ask - z_.avail_out;
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        ++members_;
      } else if (rc == Z_BUF_ERROR || (rc == Z_OK && z_.avail_in == 0 && packed_done_)) {
        // No progress possible: all input used inside a member.
        if (z_.avail_in == 0 && packed_done_ && z_.avail_out != 0) {
          throw Error(Location{name()},
                      fmt::format("truncated gzip data: the file ends inside compressed data "
                                  "(after {} bytes); it was cut short",
                                  consumed()));
        }
      } else if (rc != Z_OK) {
        throw Error(Location{name()}, fmt::format("corrupt gzip data at byte {}: {}", consumed(),
                                                  z_.msg != nullptr ? z_.msg : zError(rc)));
      }
    }
    total_ += produced;
    if (limit_.bytes != 0 && total_ > limit_.bytes) {
      throw Error(Location{name()}, "inflates to more than " + describe(limit_));
    }
    return produced;
  }

  std::uint64_t position() const override { return consumed(); }

 private:
  static constexpr std::size_t kInput = std::size_t{1} << 18;

  std::uint64_t consumed() const { return packed_->position() - z_.avail_in; }

  // Reads more packed bytes after those not yet used.
  void refill() {
    if (packed_done_) return;
    if (z_.avail_in > 0 && z_.next_in != in_.get())
      std::memmove(in_.get(), z_.next_in, z_.avail_in);
    const std::size_t got =
        packed_->read(reinterpret_cast<char*>(in_.get()) + z_.avail_in, kInput - z_.avail_in);
    if (got == 0) packed_done_ = true;
    z_.next_in = in_.get();
    z_.avail_in += static_cast<uInt>(got);
  }

  // Between members: false at the end of the data; a member must start with gzip's magic.
  bool start_member() {
    while (z_.avail_in < 2 && !packed_done_) refill();
    if (z_.avail_in == 0) {
      if (members_ == 0) throw Error(Location{name()}, "not gzip data: the file is empty");
      done_ = true;
      return false;
    }
    if (z_.avail_in < 2 || z_.next_in[0] != 0x1f || z_.next_in[1] != 0x8b) {
      if (members_ == 0) {
        throw Error(Location{name()}, "not gzip data (it does not start as gzip files do)");
      }
      throw Error(Location{name()},
                  fmt::format("garbage after the gzip data: the bytes from byte {} on are not "
                              "another gzip member",
                              consumed()));
    }
    inflateReset(&z_);
    in_member_ = true;
    return true;
  }

  std::unique_ptr<ByteStream> packed_;
  SizeLimit limit_;
  std::unique_ptr<unsigned char[]> in_;
  z_stream z_{};
  bool packed_done_ = false;
  bool in_member_ = false;
  bool done_ = false;
  std::size_t members_ = 0;
  std::uint64_t total_ = 0;
};

// ---- whole buffers

// Small compressed files (GDELT's 15-minute exports: a few hundred kB packed, a few MB of text)
// are inflated whole with libdeflate, which is several times faster than zlib's streaming
// inflate but needs all the input and room for all the output. Larger ones stream through zlib,
// so memory stays bounded. Whatever libdeflate refuses (corrupt, cut short, followed by garbage,
// larger than the bound) is read again by the streaming path, whose messages say exactly what is
// wrong; libdeflate checks each gzip member's CRC-32 and length, and a zip member's CRC-32 is
// checked here.
constexpr std::size_t kWholePacked = std::size_t{16} << 20;  // packed bytes read whole at most
constexpr std::size_t kWholeText = std::size_t{128} << 20;   // text inflated whole at most

// The bounds under the memory limit: the text held whole never more than one line may take
// (1/64 of the limit), the packed bytes an eighth of that, so that a small limit keeps memory
// as bounded as the streaming path does (tests/reference/bad-inputs).
std::size_t whole_text_bound() {
  return static_cast<std::size_t>(std::min<std::uint64_t>(kWholeText, memory_limit() / kLineShare));
}
std::size_t whole_packed_bound() {
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(kWholePacked, memory_limit() / (kLineShare * 8)));
}

class Decompressor {
 public:
  Decompressor() : d_(libdeflate_alloc_decompressor()) {
    if (d_ == nullptr) throw Error("libdeflate: cannot start inflating: out of memory");
  }
  ~Decompressor() { libdeflate_free_decompressor(d_); }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  libdeflate_decompressor* get() const { return d_; }

 private:
  libdeflate_decompressor* d_;
};

// Bytes not zeroed before they are written (zeroing them cost as much as inflating).
struct Buffer {
  std::unique_ptr<char[]> bytes;
  std::size_t size = 0;
  std::size_t capacity = 0;

  void grow(std::size_t to) {
    auto bigger = std::make_unique_for_overwrite<char[]>(to);
    if (size > 0) std::memcpy(bigger.get(), bytes.get(), size);
    bytes = std::move(bigger);
    capacity = to;
  }
};

// Text inflated whole, served front to back; position() is the share of the packed bytes.
class HeldStream : public ByteStream {
 public:
  HeldStream(Buffer text, std::uint64_t packed, std::string name)
      : ByteStream(std::move(name)), text_(std::move(text)), packed_(packed) {}
  std::size_t read(char* out, std::size_t n) override {
    const std::size_t take = std::min(n, text_.size - served_);
    if (take > 0) std::memcpy(out, text_.bytes.get() + served_, take);
    served_ += take;
    return take;
  }
  std::uint64_t position() const override {
    if (text_.size == 0) return packed_;
    return static_cast<std::uint64_t>(
        static_cast<double>(packed_) *
        (static_cast<double>(served_) / static_cast<double>(text_.size)));
  }

 private:
  Buffer text_;
  std::uint64_t packed_ = 0;
  std::size_t served_ = 0;
};

// Bytes already taken from a stream, then the rest of it.
class PrefixedStream : public ByteStream {
 public:
  PrefixedStream(Buffer prefix, std::unique_ptr<ByteStream> rest)
      : ByteStream(rest->name()), prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  std::size_t read(char* out, std::size_t n) override {
    if (served_ < prefix_.size) {
      const std::size_t take = std::min(n, prefix_.size - served_);
      std::memcpy(out, prefix_.bytes.get() + served_, take);
      served_ += take;
      return take;
    }
    return rest_->read(out, n);
  }
  std::uint64_t position() const override { return rest_->position() - (prefix_.size - served_); }

 private:
  Buffer prefix_;
  std::unique_ptr<ByteStream> rest_;
  std::size_t served_ = 0;
};

// Reads `stream` into `into` until it ends or holds more than `most` bytes; true if it ended.
bool read_whole(ByteStream& stream, std::size_t most, Buffer& into) {
  into.grow(std::size_t{1} << 18);
  while (true) {
    if (into.size == into.capacity) {
      if (into.capacity > most) return false;
      into.grow(into.capacity * 2);
    }
    const std::size_t got = stream.read(into.bytes.get() + into.size, into.capacity - into.size);
    if (got == 0) return true;
    into.size += got;
  }
}

// Every gzip member of `packed` inflated into `text`, at most `bound` bytes; false when
// libdeflate refuses the data or the text would pass the bound.
bool inflate_gzip_whole(const Buffer& packed, std::size_t bound, Buffer& text) {
  const auto* in = reinterpret_cast<const unsigned char*>(packed.bytes.get());
  if (packed.size < 18) return false;  // shorter than an empty member
  // The last member's length (mod 2^32): the whole text's for a file of one member.
  const std::uint32_t last = static_cast<std::uint32_t>(in[packed.size - 4]) |
                             static_cast<std::uint32_t>(in[packed.size - 3]) << 8 |
                             static_cast<std::uint32_t>(in[packed.size - 2]) << 16 |
                             static_cast<std::uint32_t>(in[packed.size - 1]) << 24;
  if (last > bound) return false;
  text.grow(std::min(bound, std::max<std::size_t>({last, packed.size * 4, 1 << 16})));
  const Decompressor inflater;
  std::size_t used = 0;
  while (used < packed.size) {
    if (packed.size - used < 2 || in[used] != 0x1f || in[used + 1] != 0x8b) return false;
    std::size_t member_in = 0;
    std::size_t member_out = 0;
    const libdeflate_result rc = libdeflate_gzip_decompress_ex(
        inflater.get(), in + used, packed.size - used, text.bytes.get() + text.size,
        text.capacity - text.size, &member_in, &member_out);
    if (rc == LIBDEFLATE_INSUFFICIENT_SPACE) {
      if (text.capacity >= bound) return false;
      text.grow(std::min(bound, text.capacity * 2));
      continue;
    }
    if (rc != LIBDEFLATE_SUCCESS) return false;
    used += member_in;
    text.size += member_out;
  }
  return true;
}

// gunzip(): the packed bytes read whole and inflated by libdeflate when they are small, else
// (or when libdeflate refuses them) inflated as they stream by GunzipStream. The choice is made
// at the first read, so that it happens on the thread that reads (read_ahead's).
class GzipStream : public ByteStream {
 public:
  GzipStream(std::unique_ptr<ByteStream> packed, SizeLimit limit)
      : ByteStream(packed->name()), packed_(std::move(packed)), limit_(std::move(limit)) {}
  std::size_t read(char* out, std::size_t n) override {
    if (!inner_) start();
    return inner_->read(out, n);
  }
  std::uint64_t position() const override { return inner_ ? inner_->position() : 0; }

 private:
  void start() {
    Buffer packed;
    if (read_whole(*packed_, whole_packed_bound(), packed)) {
      const std::size_t bound =
          limit_.bytes == 0
              ? whole_text_bound()
              : static_cast<std::size_t>(std::min<std::uint64_t>(whole_text_bound(), limit_.bytes));
      Buffer text;
      if (inflate_gzip_whole(packed, bound, text)) {
        inner_ = std::make_unique<HeldStream>(std::move(text), packed.size, name());
        return;
      }
    }
    inner_ = std::make_unique<GunzipStream>(
        std::make_unique<PrefixedStream>(std::move(packed), std::move(packed_)), limit_);
  }

  std::unique_ptr<ByteStream> packed_;
  SizeLimit limit_;
  std::unique_ptr<ByteStream> inner_;
};

// ---- zip

std::string zip_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

class ZipMemberStream : public ByteStream {
 public:
  ZipMemberStream(zip_t* archive, const ZipArchive::Member& member, std::string name)
      : ByteStream(std::move(name)), declared_(member.size) {
    file_ = zip_fopen_index(archive, member.index, 0);
    if (file_ == nullptr) {
      const int code = zip_error_code_zip(zip_get_error(archive));
      throw Error(Location{this->name()},
                  "cannot read the zip member: " +
                      std::string(code == ZIP_ER_INVAL || code == ZIP_ER_SEEK ||
                                          code == ZIP_ER_READ || code == ZIP_ER_NOZIP
                                      ? "its data is missing from the archive"
                                      : zip_strerror(archive)));
    }
  }
  ~ZipMemberStream() override { zip_fclose(file_); }
  ZipMemberStream(const ZipMemberStream&) = delete;
  ZipMemberStream& operator=(const ZipMemberStream&) = delete;

  std::size_t read(char* out, std::size_t n) override {
    const zip_int64_t got = zip_fread(file_, out, n);
    if (got < 0) {
      const int code = zip_error_code_zip(zip_file_get_error(file_));
      throw Error(Location{name()},
                  code == ZIP_ER_CRC
                      ? std::string("corrupt zip member: its CRC-32 does not match its data")
                      : "cannot read the zip member: " + std::string(zip_file_strerror(file_)));
    }
    read_ += static_cast<std::uint64_t>(got);
    if (read_ > declared_) {
      throw Error(Location{name()},
                  fmt::format("the zip member inflates past the {} bytes the archive declares "
                              "for it (a corrupt or hostile archive)",
                              declared_));
    }
    if (got == 0 && n > 0 && read_ != declared_) {
      throw Error(Location{name()},
                  fmt::format("the zip member holds {} bytes where the archive declares {}", read_,
                              declared_));
    }
    return static_cast<std::size_t>(got);
  }

 private:
  zip_file_t* file_ = nullptr;
  std::uint64_t declared_ = 0;
  std::uint64_t read_ = 0;
};

// A deflated zip member inflated whole by libdeflate, its CRC-32 checked, when it is small
// (kWholePacked, kWholeText); when libdeflate or the check refuses it, ZipMemberStream reads it
// again and says what is wrong. The choice is made at the first read, as GzipStream's.
class ZipWholeStream : public ByteStream {
 public:
  // `packed` is the member opened for its compressed bytes; the stream closes it.
  ZipWholeStream(zip_t* archive, const ZipArchive::Member& member, zip_file_t* packed,
                 std::string name)
      : ByteStream(std::move(name)), archive_(archive), member_(member), packed_(packed) {}
  ~ZipWholeStream() override { close(); }
  ZipWholeStream(const ZipWholeStream&) = delete;
  ZipWholeStream& operator=(const ZipWholeStream&) = delete;
  std::size_t read(char* out, std::size_t n) override {
    if (!inner_) start();
    return inner_->read(out, n);
  }
  std::uint64_t position() const override { return inner_ ? inner_->position() : 0; }

 private:
  void close() {
    if (packed_ != nullptr) zip_fclose(packed_);
    packed_ = nullptr;
  }

  void start() {
    Buffer text;
    const bool whole = inflate_whole(text);
    close();
    if (whole) {
      inner_ = std::make_unique<HeldStream>(std::move(text), member_.packed, name());
    } else {
      inner_ = std::make_unique<ZipMemberStream>(archive_, member_, name());
    }
  }

  bool inflate_whole(Buffer& text) const {
    Buffer packed;
    packed.grow(static_cast<std::size_t>(member_.packed));
    const zip_int64_t got = zip_fread(packed_, packed.bytes.get(), member_.packed);
    if (got < 0 || static_cast<std::uint64_t>(got) != member_.packed) return false;
    packed.size = static_cast<std::size_t>(got);
    text.grow(static_cast<std::size_t>(member_.size));
    const Decompressor inflater;
    std::size_t made = 0;
    const libdeflate_result rc = libdeflate_deflate_decompress(
        inflater.get(), packed.bytes.get(), packed.size, text.bytes.get(), text.capacity, &made);
    if (rc != LIBDEFLATE_SUCCESS || made != member_.size) return false;
    text.size = made;
    return libdeflate_crc32(0, text.bytes.get(), text.size) == member_.crc;
  }

  zip_t* archive_;
  ZipArchive::Member member_;
  zip_file_t* packed_;
  std::unique_ptr<ByteStream> inner_;
};

}  // namespace

SizeLimit whole_text_limit() {
  return {memory_limit() / kWholeTextShare, "the most text a file read whole may hold",
          kWholeTextShare};
}

SizeLimit line_limit() {
  return {std::max(memory_limit() / kLineShare, kMinLineLimit),
          "the longest line or record a reader keeps", kLineShare};
}

std::string describe(const SizeLimit& limit) {
  if (limit.share == 0) return format_bytes(limit.bytes) + ", " + limit.what;
  const std::uint64_t memory = memory_limit();
  return fmt::format(
      "{}, {} (1/{} of the memory limit of {}{}; set SOFTPOWER_MAX_MEMORY to change it)",
      format_bytes(limit.bytes), limit.what, limit.share, format_bytes(memory),
      memory / limit.share < limit.bytes ? ", but at least " + format_bytes(limit.bytes) : "");
}

std::size_t read_full(ByteStream& stream, char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const std::size_t got = stream.read(out + done, n - done);
    if (got == 0) break;
    done += got;
  }
  return done;
}

std::unique_ptr<ByteStream> open_file_bytes(const std::filesystem::path& path, std::uint64_t begin,
                                            std::uint64_t end) {
  return std::make_unique<FileStream>(path, begin, end);
}

std::unique_ptr<ByteStream> read_ahead(ByteStream& inner, std::size_t chunk) {
  return std::make_unique<ReadAheadStream>(inner, chunk);
}

std::unique_ptr<ByteStream> memory_bytes(std::string_view bytes, std::string name) {
  return std::make_unique<MemoryStream>(bytes, std::move(name));
}

std::unique_ptr<ByteStream> gunzip(std::unique_ptr<ByteStream> packed, SizeLimit limit) {
  return std::make_unique<GzipStream>(std::move(packed), std::move(limit));
}

std::unique_ptr<ByteStream> gunzip_streamed(std::unique_ptr<ByteStream> packed, SizeLimit limit) {
  return std::make_unique<GunzipStream>(std::move(packed), std::move(limit));
}

void require_regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::regular) return;
  if (status.type() == std::filesystem::file_type::directory) {
    throw Error(Location{path.string()}, "is a folder, not a file");
  }
  if (status.type() == std::filesystem::file_type::not_found ||
      status.type() == std::filesystem::file_type::none) {
    throw Error(Location{path.string()}, "no such file");
  }
  if (ec) throw Error(Location{path.string()}, "cannot open the file: " + ec.message());
  throw Error(Location{path.string()}, "not a regular file (a device, pipe or socket)");
}

Packing file_packing(const std::filesystem::path& path) {
  require_regular_file(path);
  std::array<unsigned char, 4> head{};
  std::size_t got = 0;
  {
    const auto stream = open_file_bytes(path);
    got = read_full(*stream, reinterpret_cast<char*>(head.data()), head.size());
  }
  const bool gzip = got >= 2 && head[0] == 0x1f && head[1] == 0x8b;
  const bool zip = got == 4 && head[0] == 'P' && head[1] == 'K' &&
                   ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
  const std::string name = path.filename().string();
  if (ends_with_ignoring_case(name, ".gz")) {
    if (got == 0) throw Error(Location{path.string()}, "not gzip data: the file is empty");
    if (!gzip) {
      throw Error(Location{path.string()},
                  "not gzip data, although the name ends in .gz (it does not start as gzip files "
                  "do)");
    }
    return Packing::gzip;
  }
  if (ends_with_ignoring_case(name, ".zip")) return Packing::zip;  // libzip says what is wrong
  if (gzip) return Packing::gzip;
  if (zip) return Packing::zip;
  return Packing::plain;
}

std::unique_ptr<ByteStream> open_text(const std::filesystem::path& path, SizeLimit limit) {
  switch (file_packing(path)) {
    case Packing::gzip:
      return gunzip(open_file_bytes(path), std::move(limit));
    case Packing::zip:
      throw Error(Location{path.string()},
                  "a zip archive, not a text file: unpack the file it holds first");
    default:
      return open_file_bytes(path);
  }
}

ZipArchive::ZipArchive(const std::filesystem::path& path) : name_(path.string()) {
  require_regular_file(path);
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (archive == nullptr) {
    throw Error(Location{name_},
                code == ZIP_ER_NOZIP
                    ? std::string("not a zip archive, or one cut short (no directory at its end)")
                    : "cannot open the zip archive: " + zip_message(code));
  }
  archive_ = archive;
  const zip_int64_t n = zip_get_num_entries(archive, 0);
  std::uint64_t deflated = 0;  // declared sizes of the stored and deflated members
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_NAME) == 0) {
      continue;
    }
    const std::string_view member_name(stat.name);
    if (member_name.empty() || member_name.back() == '/') continue;  // a folder
    Member m;
    m.index = static_cast<std::uint64_t>(i);
    m.name = std::string(member_name);
    m.size = (stat.valid & ZIP_STAT_SIZE) != 0 ? stat.size : 0;
    m.packed = (stat.valid & ZIP_STAT_COMP_SIZE) != 0 ? stat.comp_size : 0;
    const bool method_known = (stat.valid & ZIP_STAT_COMP_METHOD) != 0;
    m.deflated =
        method_known && stat.comp_method == ZIP_CM_DEFLATE && (stat.valid & ZIP_STAT_CRC) != 0 &&
        (stat.valid & ZIP_STAT_SIZE) != 0 && (stat.valid & ZIP_STAT_COMP_SIZE) != 0 &&
        (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method == ZIP_EM_NONE;
    m.crc = (stat.valid & ZIP_STAT_CRC) != 0 ? stat.crc : 0;
    if (method_known && (stat.comp_method == ZIP_CM_STORE || stat.comp_method == ZIP_CM_DEFLATE)) {
      deflated = m.size > std::numeric_limits<std::uint64_t>::max() - deflated
                     ? std::numeric_limits<std::uint64_t>::max()
                     : deflated + m.size;
    }
    members_.push_back(std::move(m));
  }
  std::error_code ec;
  const std::uint64_t bytes = std::filesystem::file_size(path, ec);
  if (!ec && deflated / kMaxDeflateRatio > bytes) {
    zip_discard(archive);
    archive_ = nullptr;
    throw Error(Location{name_},
                fmt::format("the zip archive's members declare {} of data, more than deflate can "
                            "pack into its {} (at most {} to 1): members overlap (a zip bomb)",
                            format_bytes(deflated), format_bytes(bytes), kMaxDeflateRatio));
  }
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(static_cast<zip_t*>(archive_));
}

std::string ZipArchive::member_name(const Member& member) const {
  // A member's name is the archive's to choose: control characters would break the one-line
  // messages that name it.
  return name_ + ":" + printable(member.name, 200);
}

std::unique_ptr<ByteStream> ZipArchive::open(const Member& member) const {
  auto* archive = static_cast<zip_t*>(archive_);
  std::string name = member_name(member);
  if (member.deflated && member.packed <= whole_packed_bound() &&
      member.size <= whole_text_bound()) {
    // Opened here, so that a member whose data is missing is refused at once, as below.
    zip_file_t* packed = zip_fopen_index(archive, member.index, ZIP_FL_COMPRESSED);
    if (packed != nullptr) {
      return std::make_unique<ZipWholeStream>(archive, member, packed, std::move(name));
    }
  }
  return std::make_unique<ZipMemberStream>(archive, member, std::move(name));
}

std::unique_ptr<ByteStream> ZipArchive::open_streamed(const Member& member) const {
  return std::make_unique<ZipMemberStream>(static_cast<zip_t*>(archive_), member,
                                           member_name(member));
}

std::string gzip_member(std::string_view text, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error("zlib: cannot start compressing");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw Error("zlib: compressing a chunk failed");
  return out;
}

}  // namespace softpower

#include "softpower/core/md5.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <vector>

#include "softpower/core/error.hpp"

namespace softpower {

namespace {

// RFC 1321 section 3.4: T[i] is the integer part of 2^32 * |sin(i)|, i = 1..64 (radians).
// Computed once; the RFC's test vectors (tests/sources/gdelt_fetch_test.cpp) check them.
std::array<std::uint32_t, 64> sine_table() {
  std::array<std::uint32_t, 64> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = static_cast<std::uint32_t>(
        std::floor(std::fabs(std::sin(static_cast<double>(i + 1))) * 4294967296.0));
  }
  return table;
}

const std::array<std::uint32_t, 64>& round_constants() {
  static const std::array<std::uint32_t, 64> table = sine_table();
  return table;
}

// Rotation amounts of the four rounds (section 3.4), four per round, used in turn.
constexpr std::array<std::array<int, 4>, 4> kShifts = {
    {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}}};

// Section 3.3: A, B, C, D start as the words 01 23 45 67, 89 ab cd ef, fe dc ba 98,
// 76 54 32 10 read low-order byte first.
constexpr std::array<std::uint32_t, 4> kInitialState = {0x67452301, 0xefcdab89, 0x98badcfe,
                                                        0x10325476};

// MD5 reads words low-order byte first (section 2), whatever the host's order.
std::uint32_t load_little_endian(const std::uint8_t* bytes) {
  return std::uint32_t{bytes[0]} | (std::uint32_t{bytes[1]} << 8) |
         (std::uint32_t{bytes[2]} << 16) | (std::uint32_t{bytes[3]} << 24);
}

std::uint32_t rotate_left(std::uint32_t x, int bits) {
  return (x << bits) | (x >> (32 - bits));
}

}  // namespace

Md5::Md5() : state_(kInitialState) {}

Md5& Md5::update(std::string_view bytes) {
  return update(bytes.data(), bytes.size());
}

Md5& Md5::update(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  message_bytes_ += size;
  if (block_used_ > 0) {
    const std::size_t take = std::min(size, block_.size() - block_used_);
    std::copy(bytes, bytes + take, block_.begin() + static_cast<std::ptrdiff_t>(block_used_));
    block_used_ += take;
    bytes += take;
    size -= take;
    if (block_used_ < block_.size()) return *this;
    compress(block_.data());
    block_used_ = 0;
  }
  while (size >= block_.size()) {
    compress(bytes);
    bytes += block_.size();
    size -= block_.size();
  }
  std::copy(bytes, bytes + size, block_.begin());
  block_used_ = size;
  return *this;
}

void Md5::compress(const std::uint8_t* block) {
  const auto& t = round_constants();
  std::array<std::uint32_t, 16> x{};
  for (std::size_t i = 0; i < 16; ++i) x[i] = load_little_endian(block + 4 * i);
  std::uint32_t a = state_[0];
  std::uint32_t b = state_[1];
  std::uint32_t c = state_[2];
  std::uint32_t d = state_[3];
  for (std::size_t i = 0; i < 64; ++i) {
    const std::size_t round = i / 16;
    std::uint32_t f = 0;
    std::size_t word = 0;
    // The auxiliary functions F, G, H, I of section 3.4 and the word each step takes.
    switch (round) {
      case 0:
        f = (b & c) | (~b & d);
        word = i;
        break;
      case 1:
        f = (b & d) | (c & ~d);
        word = (5 * i + 1) % 16;
        break;
      case 2:
        f = b ^ c ^ d;
        word = (3 * i + 5) % 16;
        break;
      default:
        f = c ^ (b | ~d);
        word = (7 * i) % 16;
        break;
    }
    const std::uint32_t sum = a + f + t[i] + x[word];
    a = d;
    d = c;
    c = b;
    b = b + rotate_left(sum, kShifts[round][i % 4]);
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

Md5::Digest Md5::finish() {
  // Section 3.1: a 1 bit, zeros up to 56 bytes mod 64; section 3.2: the bit length, low-order
  // byte first.
  const std::uint64_t bits = message_bytes_ * 8;
  const std::uint8_t one = 0x80;
  update(&one, 1);
  const std::uint8_t zero = 0;
  while (block_used_ != 56) update(&zero, 1);
  std::array<std::uint8_t, 8> length{};
  for (std::size_t i = 0; i < 8; ++i) length[i] = static_cast<std::uint8_t>(bits >> (8 * i));
  update(length.data(), length.size());
  Digest digest{};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t k = 0; k < 4; ++k) {
      digest[4 * i + k] = static_cast<std::uint8_t>(state_[i] >> (8 * k));
    }
  }
  return digest;
}

std::string to_hex(const Md5::Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest.size());
  for (const std::uint8_t byte : digest) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

std::string md5_hex(std::string_view bytes) {
  return to_hex(Md5().update(bytes).finish());
}

std::string md5_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Location{path.string()}, "cannot open the file to compute its MD5");
  Md5 md5;
  std::vector<char> buffer(std::size_t{1} << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    md5.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error(Location{path.string()}, "cannot read the file to compute its MD5");
  return to_hex(md5.finish());
}

}  // namespace softpower

#pragma once
// The fields of one record of delimited text, as views into the record rather than copies: for
// readers that split millions of lines and keep none of them (the GDELT reader). core/table.hpp
// and sources/csv_stream.hpp read whole tables and files; these split a record already found.
//
// - split_quoted_record: quoted CSV as R's write.csv writes it (any one-byte delimiter).
// - TabFields: a tab-separated line, scanned 64 bytes at a time with SSE2 where there is one.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace softpower {

/// Splits a record of quoted CSV: a field is quoted when it starts with '"', "" inside quotes is
/// a quote, text after the closing quote up to the delimiter is dropped, and an unquoted field
/// equal to `missing` (R's NA; "" for none) is empty. The first fields.size() fields are stored,
/// as views into `record` or, for fields with doubled quotes, into `scratch` (cleared first; the
/// views stay valid until it is changed). Returns how many fields the record has.
std::size_t split_quoted_record(std::string_view record, char delimiter, std::string_view missing,
                                std::span<std::string_view> fields, std::string& scratch);

/// The fields of a tab-separated line, kept as the positions of its tabs (field c runs from just
/// after tab c-1 to tab c). A line is read 64 bytes at a time: the tabs of a block are one bit
/// each of a mask, counted all, and their positions are written eight at a time whether or not
/// there are eight, which spares a hard-to-predict branch per tab (a quarter of the GDELT
/// reader's time when fields were cut one tab at a time). Only blocks holding a wanted tab are
/// written out; the others are only counted. Positions are kept for the tabs asked for among the
/// first 64 (and MaxFields); past them only the count goes on.
template <std::size_t MaxFields>
class TabFields {
 public:
  /// Splits `line` (shorter than 4 GiB). Bit t of `wanted` asks for tab t's position (~0: the
  /// first 64); field(c) is then valid for every c whose bounding tabs were asked for. The bytes
  /// from `readable_begin` to `readable_end` may be loaded although not part of the line (a read
  /// buffer around it): the last block is then read in place rather than copied. Returns the
  /// number of fields (tabs + 1).
  std::size_t split(std::string_view line, std::uint64_t wanted, const char* readable_begin,
                    const char* readable_end) {
    const char* const base = line.data();
    const std::size_t size = line.size();
    line_ = line;
    wanted_ = wanted;
    std::size_t n = 0;
    std::size_t i = 0;
    for (; i + 64 <= size; i += 64) n = add_tabs(tab_mask(base + i), i, n);
    if (i < size) {
      // The rest of the line, and the bytes after it, which are not counted. Inside the readable
      // range (mostly the next line) they are read in place; past it the rest is copied (a copy
      // then a wider load cost as much as the rest of the scan).
      const std::uint64_t mine = (std::uint64_t{1} << (size - i)) - 1;
      const char* block = base + i;
      if (block < readable_begin || block + 64 > readable_end) {
        std::memcpy(tail_.data(), block, size - i);
        block = tail_.data();
      }
      n = add_tabs(tab_mask(block) & mine, i, n);
    }
    count_ = n;
    return n + 1;
  }

  /// Field c of the line split last (c < its number of fields, bounding tabs wanted).
  [[gnu::always_inline]] std::string_view field(std::size_t c) const {
    const std::size_t begin = c == 0 ? 0 : tabs_[c - 1] + 1;
    const std::size_t end = c < count_ ? tabs_[c] : line_.size();
    return std::string_view(line_.data() + begin, end - begin);
  }

 private:
  static std::uint64_t tab_mask(const char* block) {
#if defined(__SSE2__)
    const __m128i tab = _mm_set1_epi8('\t');
    std::uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
      const __m128i bytes =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + std::ptrdiff_t{16} * k));
      const auto bits = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, tab)));
      mask |= std::uint64_t{bits} << (16 * k);
    }
    return mask;
#else
    std::uint64_t mask = 0;
    for (int k = 0; k < 64; ++k) mask |= std::uint64_t{block[k] == '\t'} << k;
    return mask;
#endif
  }

  // Bits set in `mask`, by adding neighbouring fields of bits (x86-64's baseline has no popcnt
  // instruction, and std::popcount then calls a library function).
  static int bit_count(std::uint64_t mask) {
    mask -= (mask >> 1) & 0x5555555555555555ULL;
    mask = (mask & 0x3333333333333333ULL) + ((mask >> 2) & 0x3333333333333333ULL);
    mask = (mask + (mask >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<int>((mask * 0x0101010101010101ULL) >> 56);
  }

  static constexpr std::uint64_t kTopBit = std::uint64_t{1} << 63;

  // Adds the tabs of `mask` (bit k: a tab at offset + k) after the n found so far.
  std::size_t add_tabs(std::uint64_t mask, std::size_t offset, std::size_t n) {
    const int count = bit_count(mask);
    // The tabs of this block that are wanted, as bits from tab n on.
    const std::uint64_t wanted =
        (n < 64 ? wanted_ >> n : 0) & (count < 64 ? (std::uint64_t{1} << count) - 1 : ~0ULL);
    if (wanted != 0 && n <= MaxFields) {  // room for all 64 of a block
      // Up to the last tab wanted; the rest of the block's are not written.
      const auto need = static_cast<int>(std::bit_width(wanted));
      auto* out = tabs_.data() + n;
      const auto at = static_cast<std::uint32_t>(offset);
      for (int k = 0; k < need; k += 8) {
        for (int j = 0; j < 8; ++j) {
          // The top bit set keeps the count of trailing zeros defined (and branch-free) once
          // the mask is empty; it changes no other count, and those positions are not used.
          out[k + j] = at + static_cast<std::uint32_t>(__builtin_ctzll(mask | kTopBit));
          mask &= mask - 1;
        }
      }
    }
    return n + static_cast<std::size_t>(count);
  }

  std::string_view line_;
  std::uint64_t wanted_ = ~std::uint64_t{0};
  std::array<std::uint32_t, MaxFields + 65> tabs_{};
  std::size_t count_ = 0;
  std::array<char, 64> tail_{};
};

}  // namespace softpower

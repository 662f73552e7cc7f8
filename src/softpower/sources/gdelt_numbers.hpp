#pragma once
// Numbers of GDELT event fields: the plain forms GDELT writes (20190121, 741917026,
// -2.45901639344262) read by short loops, everything else (signs, exponents, R's 1e+05, more
// digits than a double holds exactly) handed to std::from_chars / fast_float. Both ways give the
// same value, bit for bit, and accept the same texts; tests/sources/gdelt_numbers_test.cpp
// compares them. The reader (gdelt.cpp) parses a few numbers on every line, where the general
// routines were a sixth of its time.

#include <fast_float/fast_float.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "softpower/core/table.hpp"

namespace softpower::sources::gdelt_numbers {

/// Reads the eight characters at `p` as a number when all are digits: one 64-bit load, a
/// test of all eight at once and three multiplications (Lemire, "Fast float parsing in
/// practice", 2021, section 7), instead of eight rounds of a loop. Little-endian only.
[[gnu::always_inline]] inline bool eight_digits(const char* p, std::uint64_t& value) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);
  // A digit is 0x30-0x39: its high nibble is 3, and still is after adding 6.
  if (((v & 0xF0F0F0F0F0F0F0F0ULL) |
       (((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) != 0x3333333333333333ULL) {
    return false;
  }
  v -= 0x3030303030303030ULL;
  v = v * 10 + (v >> 8);  // pairs of digits
  value = (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
           (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
          32;
  return true;
}

/// Digits from `p` on, up to `limit`, appended to `value`; returns where they stop.
[[gnu::always_inline]] inline const char* read_digits(const char* p, const char* limit,
                                                      std::uint64_t& value) {
  if constexpr (std::endian::native == std::endian::little) {
    std::uint64_t eight = 0;
    while (limit - p >= 8 && eight_digits(p, eight)) {
      value = value * 100000000 + eight;
      p += 8;
    }
  }
  while (p < limit && static_cast<unsigned char>(*p - '0') <= 9) value = value * 10 + (*p++ - '0');
  return p;
}

/// The long way of parse_integer: std::from_chars, then a whole real that fits T.
template <typename T>
[[gnu::noinline]] bool parse_integer_general(std::string_view text, T& out) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error == std::errc() && end == text.data() + text.size()) return true;
  double value = 0;
  // Out of a double's range (1e309, 1e-400) is not a number here either.
  if (parse_double(text, value) != NumberText::number) return false;
  if (!(value >= static_cast<double>(std::numeric_limits<T>::min()) &&
        value <= static_cast<double>(std::numeric_limits<T>::max())) ||
      value != std::floor(value)) {
    return false;
  }
  out = static_cast<T>(value);
  return true;
}

/// Whole `text` as an integer of type T, as std::from_chars reads it; failing that, as a real
/// (fast_float) that is whole and fits T, since R's write.csv prints whole doubles as 1e+05.
/// False for empty text, trailing characters, fractions and values out of range. The short way:
/// plain digits, few enough to fit T whatever they are.
template <typename T>
[[gnu::always_inline]] inline bool parse_integer(std::string_view text, T& out) {
  constexpr std::size_t kSafeDigits = std::numeric_limits<T>::digits10;
  if (!text.empty() && text.size() <= kSafeDigits) {
    std::uint64_t value = 0;
    const char* const end = text.data() + text.size();
    if (read_digits(text.data(), end, value) == end) {
      out = static_cast<T>(value);
      return true;
    }
  }
  return parse_integer_general(text, out);
}

/// The long way of parse_real: fast_float, with a text beyond a double's range (1e309, which
/// fast_float reads as infinity, and 1e-400, which it reads as 0) refused.
[[gnu::noinline]] inline bool parse_real_general(std::string_view text, double& out) {
  double value = 0;
  if (parse_double(text, value) != NumberText::number || !std::isfinite(value)) return false;
  out = value;
  return true;
}

/// Whole `text` as a finite double, as fast_float reads it (correctly rounded).
///
/// The short way takes [-]digits[.digits] whose digits, read as one integer m, are at most
/// 2^53 with at most 22 after the point: m and 10^k are then exact doubles, and one IEEE
/// division m / 10^k is the correctly rounded value of the decimal (Clinger 1990, "How to read
/// floating point numbers accurately", the fast path), which is what fast_float returns too.
[[gnu::always_inline]] inline bool parse_real(std::string_view text, double& out) {
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr std::uint64_t kExact = std::uint64_t{1} << 53;
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  const char* const first = p;
  std::uint64_t m = 0;
  // 19 digits cannot overflow 64 bits; a longer run stops early and goes the long way.
  const char* const limit = end - first > 19 ? first + 19 : end;
  p = read_digits(p, limit, m);
  const char* const point = p;
  bool short_way = p != first;
  if (short_way && p != end && *p == '.') {
    ++p;
    p = read_digits(p, limit, m);
    short_way = p != point + 1;  // a digit after the point
  }
  const auto decimals = static_cast<std::size_t>(p - point - (p != point ? 1 : 0));
  if (short_way && p == end && m <= kExact && decimals <= 22) {
    double value = static_cast<double>(m);
    if (decimals != 0) value /= kPowers[decimals];
    out = negative ? -value : value;
    return true;
  }
  return parse_real_general(text, out);
}

}  // namespace softpower::sources::gdelt_numbers

#pragma once
// A work unit's result as bytes (core/distributed: units go from rank to rank and are kept in
// checkpoints, core/checkpoint), written and read back field by field in the same order:
// numbers as their 8 bytes in the machine's order, bit for bit (every rank of a job runs on
// the same kind of machine), texts as their length and their bytes.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "softpower/core/error.hpp"

namespace softpower {

class UnitWriter {
 public:
  template <typename T>
  void number(T value) {
    static_assert(sizeof(T) == 8 && std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void text(std::string_view text) {
    number(std::uint64_t{text.size()});
    bytes_ += text;
  }
  /// Puts `value` over the 8 bytes at `at`, written before (a count known only later).
  template <typename T>
  void number_at(std::size_t at, T value) {
    static_assert(sizeof(T) == 8 && std::is_trivially_copyable_v<T>);
    std::memcpy(bytes_.data() + at, &value, sizeof value);
  }
  void reserve(std::size_t size) { bytes_.reserve(size); }
  /// The bytes so far, to which a caller may append bytes of its own making.
  std::string& bytes() { return bytes_; }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class UnitReader {
 public:
  /// `what` names the bytes in errors ("simulate: a run's bytes").
  UnitReader(std::string_view bytes, std::string what) : bytes_(bytes), what_(std::move(what)) {}

  /// Throws Error when the bytes end before the number.
  template <typename T>
  T number() {
    static_assert(sizeof(T) == 8 && std::is_trivially_copyable_v<T>);
    if (left() < sizeof(T)) throw Error(what_ + " are cut short");
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof value);
    at_ += sizeof value;
    return value;
  }
  std::string text() {
    const auto length = number<std::uint64_t>();
    if (left() < length) throw Error(what_ + " are cut short");
    std::string text(bytes_.substr(at_, length));
    at_ += length;
    return text;
  }
  /// A count of items of at least `smallest` bytes each; throws Error when the bytes left
  /// cannot hold them (so a broken count never makes a huge allocation).
  std::size_t count(std::size_t smallest) {
    const auto n = number<std::uint64_t>();
    if (n > left() / smallest) fail("are not as they were written");
    return static_cast<std::size_t>(n);
  }
  /// Passes over `n` bytes; returns where they start.
  std::size_t skip(std::size_t n) {
    if (left() < n) throw Error(what_ + " are cut short");
    at_ += n;
    return at_ - n;
  }
  std::size_t left() const { return bytes_.size() - at_; }
  /// Throws Error `what` + `problem` ("… are not a run").
  [[noreturn]] void fail(std::string_view problem) const {
    throw Error(what_ + " " + std::string(problem));
  }
  /// Throws Error when bytes are left after the last field.
  void finish() const {
    if (left() != 0) fail("go on past their end");
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
  std::string what_;
};

}  // namespace softpower

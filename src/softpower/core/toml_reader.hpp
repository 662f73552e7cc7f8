#pragma once
// Typed values out of a TOML file (an index spec, a simulation scenario), every problem an
// Error naming the file, the line and the field ("spec.toml:12:normalise.method: unknown
// value 'z' (expected one of: ...)"). Readers of one kind of file derive from it and add
// what only they read.

#include <toml++/toml.h>

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace softpower {

class TomlReader {
 public:
  explicit TomlReader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::node* node, const std::string& field,
                         const std::string& message) const;
  [[noreturn]] void fail(std::size_t line, const std::string& field,
                         const std::string& message) const;

  /// Fails at the first key of `table` that is not in `allowed`, listing the allowed ones.
  void check_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                  const std::string& prefix) const;

  std::optional<std::string> text(const toml::table& t, std::string_view key,
                                  const std::string& prefix) const;
  /// A string that must be there and not be empty; a missing one fails at `line`, or at the
  /// table's own line when `line` is 0.
  std::string required_text(const toml::table& t, std::string_view key, const std::string& prefix,
                            std::size_t line = 0) const;
  /// A finite number in [lo, hi] (open by default).
  std::optional<double> number(const toml::table& t, std::string_view key,
                               const std::string& prefix,
                               double lo = -std::numeric_limits<double>::infinity(),
                               double hi = std::numeric_limits<double>::infinity()) const;
  std::optional<long long> integer(const toml::table& t, std::string_view key,
                                   const std::string& prefix,
                                   long long lo = std::numeric_limits<long long>::min(),
                                   long long hi = std::numeric_limits<long long>::max()) const;
  std::optional<bool> boolean(const toml::table& t, std::string_view key,
                              const std::string& prefix) const;
  std::vector<std::string> texts(const toml::table& t, std::string_view key,
                                 const std::string& prefix) const;
  /// A sub-table, or nullptr when absent.
  const toml::table* table(const toml::table& t, std::string_view key,
                           const std::string& prefix) const;
  /// The tables of an array of tables (`[[key]]`), or none.
  std::vector<const toml::table*> tables(const toml::table& t, std::string_view key,
                                         const std::string& prefix) const;
  /// Fails unless v is finite and in [lo, hi].
  void check_range(const toml::node* node, const std::string& field, double v, double lo,
                   double hi) const;

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

}  // namespace softpower

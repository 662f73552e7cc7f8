#pragma once
// Operations: each capability declares its operations once (name, typed parameters,
// defaults, help) and every front-end is generated from that declaration: the command line
// (apps/cli) and the HTTP API (apps/server). No parameter is spelled twice.

#include <concepts>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "softpower/core/progress.hpp"

namespace softpower {

enum class ParamType { text, path, integer, real, flag, choice, list };

std::string_view param_type_name(ParamType type);

struct Param {
  std::string name;  ///< long name: "--name" on the command line, "name" in JSON
  ParamType type = ParamType::text;
  std::string help;
  std::string default_value;  ///< textual default; empty = none
  bool required = false;
  bool positional = false;           ///< given without a flag on the command line
  std::vector<std::string> choices;  ///< allowed values of a ParamType::choice
  /// Inclusive bounds of a ParamType::integer (every one has them: OperationRegistry::add
  /// refuses one without). Values are read as 64-bit integers, so nothing wider gets in.
  std::optional<std::pair<long long, long long>> integer_bounds;
  /// Inclusive bounds of a ParamType::real (finite; NaN and infinities never pass).
  std::optional<std::pair<double, double>> real_bounds;

  /// This integer parameter between lo and hi inclusive: Param{...}.between(1, 2000).
  Param between(long long lo, long long hi) &&;
  /// This real parameter between lo and hi inclusive: Param{...}.within(0.0, 1.0).
  Param within(double lo, double hi) &&;
  /// "between 1 and 2000" (empty without bounds).
  std::string bounds_text() const;
};

/// Parameter values by name, as text; typed getters check and convert them.
class Args {
 public:
  void set(const std::string& name, std::string value);
  void add(const std::string& name, std::string value);  ///< appends to a list parameter
  bool has(std::string_view name) const;
  const std::string& text(std::string_view name) const;
  std::optional<std::string> optional_text(std::string_view name) const;
  long long integer(std::string_view name) const;
  /// The integer as T; throws Error naming the parameter when it does not fit T (never
  /// narrows silently; the declared bounds keep every value inside the type it is read as).
  template <std::integral T>
  T integer_as(std::string_view name) const {
    const long long v = integer(name);
    if (!std::in_range<T>(v)) throw_out_of_range(name, v);
    return static_cast<T>(v);
  }
  double real(std::string_view name) const;
  bool flag(std::string_view name) const;
  std::vector<std::string> list(std::string_view name) const;
  const std::map<std::string, std::vector<std::string>, std::less<>>& values() const {
    return values_;
  }
  nlohmann::json to_json() const;

 private:
  [[noreturn]] static void throw_out_of_range(std::string_view name, long long value);
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

/// What an operation may use besides its arguments.
struct Context {
  Progress& progress;
  std::ostream& log;  ///< human-readable notes (stderr on the command line)
};

struct Operation {
  std::string name;  ///< words: "index build" is `softpower index build` and /api/index/build
  std::string summary;
  std::string help;
  std::vector<Param> params;
  bool writes = false;  ///< changes files or the workspace (the server needs a write token)
  std::function<nlohmann::json(const Args&, Context&)> run;

  const Param* param(std::string_view name) const;
  /// Applies defaults and checks required parameters, choices, number formats and the
  /// declared bounds; throws Error naming the parameter ("--runs: not an integer: 'x'",
  /// "--L: must be between 1 and 2000, not 20000"). The one check for every front-end.
  Args validate(Args args) const;
  nlohmann::json describe() const;
};

class OperationRegistry {
 public:
  /// Adds an operation; throws Error when it is declared twice or a number parameter has no
  /// bounds.
  void add(Operation operation);
  const std::vector<Operation>& all() const { return operations_; }
  const Operation* find(std::string_view name) const;
  /// A one-line summary of a group of operations ("index" for "index build", ...).
  void describe_group(std::string name, std::string summary);
  const std::map<std::string, std::string>& groups() const { return groups_; }

 private:
  std::vector<Operation> operations_;
  std::map<std::string, std::string> groups_;
};

}  // namespace softpower

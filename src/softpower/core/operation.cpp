#include "softpower/core/operation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "softpower/core/error.hpp"

namespace softpower {

namespace {
Error param_error(std::string_view name, const std::string& message) {
  return Error("--" + std::string(name) + ": " + message);
}

// Decimal digits with an optional minus sign; errc::result_out_of_range beyond 64 bits.
std::errc parse_integer(const std::string& text, long long& value) {
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ptr != end) return std::errc::invalid_argument;
  return result.ec;
}

// Decimal or scientific notation only: no hexadecimal, no "inf" or "nan", no spaces; a value
// beyond the range of a double (1e999) is refused, not made infinite.
bool parse_real(const std::string& text, double& value) {
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value, std::chars_format::general);
  return result.ec == std::errc() && result.ptr == end && std::isfinite(value);
}

// Shortest text of a bound: 1, 0.5, 1e+12 stays 1000000000000.
std::string bound_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{}", v);
}

bool parse_flag(const std::string& text, bool& value) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") {
    value = true;
    return true;
  }
  if (text == "false" || text == "0" || text == "no" || text == "off") {
    value = false;
    return true;
  }
  return false;
}
}  // namespace

std::string_view param_type_name(ParamType type) {
  switch (type) {
    case ParamType::text:
      return "text";
    case ParamType::path:
      return "path";
    case ParamType::integer:
      return "integer";
    case ParamType::real:
      return "number";
    case ParamType::flag:
      return "flag";
    case ParamType::choice:
      return "choice";
    case ParamType::list:
      return "list";
  }
  return "text";
}

void Args::set(const std::string& name, std::string value) {
  values_[name] = {std::move(value)};
}

void Args::add(const std::string& name, std::string value) {
  values_[name].push_back(std::move(value));
}

bool Args::has(std::string_view name) const {
  return values_.find(name) != values_.end();
}

const std::string& Args::text(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) throw param_error(name, "is required");
  return it->second.front();
}

std::optional<std::string> Args::optional_text(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty() || it->second.front().empty()) return std::nullopt;
  return it->second.front();
}

void Args::throw_out_of_range(std::string_view name, long long value) {
  throw param_error(name, "the value " + std::to_string(value) + " is out of range here");
}

long long Args::integer(std::string_view name) const {
  long long value = 0;
  const std::errc ec = parse_integer(text(name), value);
  if (ec == std::errc::result_out_of_range)
    throw param_error(name, "too large to be an integer here: '" + text(name) + "'");
  if (ec != std::errc()) throw param_error(name, "not an integer: '" + text(name) + "'");
  return value;
}

double Args::real(std::string_view name) const {
  double value = 0;
  if (!parse_real(text(name), value)) throw param_error(name, "not a number: '" + text(name) + "'");
  return value;
}

bool Args::flag(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return false;
  bool value = false;
  if (!parse_flag(it->second.front(), value)) {
    throw param_error(name, "not true or false: '" + it->second.front() + "'");
  }
  return value;
}

std::vector<std::string> Args::list(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

nlohmann::json Args::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, values] : values_) {
    out[name] = values.size() == 1 ? nlohmann::json(values.front()) : nlohmann::json(values);
  }
  return out;
}

Param Param::between(long long lo, long long hi) && {
  integer_bounds = {lo, hi};
  return std::move(*this);
}

Param Param::within(double lo, double hi) && {
  real_bounds = {lo, hi};
  return std::move(*this);
}

std::string Param::bounds_text() const {
  if (integer_bounds) {
    return fmt::format("between {} and {}", integer_bounds->first, integer_bounds->second);
  }
  if (real_bounds) {
    return "between " + bound_text(real_bounds->first) + " and " + bound_text(real_bounds->second);
  }
  return {};
}

const Param* Operation::param(std::string_view name) const {
  auto it =
      std::find_if(params.begin(), params.end(), [&](const Param& p) { return p.name == name; });
  return it == params.end() ? nullptr : &*it;
}

Args Operation::validate(Args args) const {
  for (const auto& [name, values] : args.values()) {
    if (param(name) == nullptr)
      throw param_error(name, "unknown parameter of '" + this->name + "'");
  }
  for (const Param& p : params) {
    if (!args.has(p.name) && !p.default_value.empty()) args.set(p.name, p.default_value);
    if (!args.has(p.name)) {
      if (p.required) throw param_error(p.name, "is required");
      continue;
    }
    switch (p.type) {
      case ParamType::integer: {
        const long long v = args.integer(p.name);
        if (p.integer_bounds && (v < p.integer_bounds->first || v > p.integer_bounds->second)) {
          throw param_error(p.name, "must be " + p.bounds_text() + ", not " + std::to_string(v));
        }
        break;
      }
      case ParamType::real: {
        const double v = args.real(p.name);
        if (p.real_bounds && (v < p.real_bounds->first || v > p.real_bounds->second)) {
          throw param_error(p.name, "must be " + p.bounds_text() + ", not " + args.text(p.name));
        }
        break;
      }
      case ParamType::flag:
        (void)args.flag(p.name);
        break;
      case ParamType::choice: {
        const std::string& value = args.text(p.name);
        if (std::find(p.choices.begin(), p.choices.end(), value) == p.choices.end()) {
          std::string allowed;
          for (const auto& c : p.choices) allowed += (allowed.empty() ? "" : ", ") + c;
          throw param_error(p.name, "'" + value + "' is not one of: " + allowed);
        }
        break;
      }
      default:
        break;
    }
  }
  return args;
}

nlohmann::json Operation::describe() const {
  nlohmann::json ps = nlohmann::json::array();
  for (const Param& p : params) {
    nlohmann::json j = {{"name", p.name},
                        {"type", param_type_name(p.type)},
                        {"help", p.help},
                        {"required", p.required}};
    if (!p.default_value.empty()) j["default"] = p.default_value;
    if (!p.choices.empty()) j["choices"] = p.choices;
    if (p.integer_bounds) {
      j["minimum"] = p.integer_bounds->first;
      j["maximum"] = p.integer_bounds->second;
    }
    if (p.real_bounds) {
      j["minimum"] = p.real_bounds->first;
      j["maximum"] = p.real_bounds->second;
    }
    ps.push_back(std::move(j));
  }
  return {{"name", name}, {"summary", summary}, {"help", help}, {"writes", writes}, {"params", ps}};
}

void OperationRegistry::add(Operation operation) {
  if (find(operation.name) != nullptr) throw Error("operation declared twice: " + operation.name);
  for (const Param& p : operation.params) {
    const bool bounded = (p.type == ParamType::integer && p.integer_bounds) ||
                         (p.type == ParamType::real && p.real_bounds) ||
                         (p.type != ParamType::integer && p.type != ParamType::real);
    if (!bounded) throw Error(operation.name + " --" + p.name + ": a number without bounds");
  }
  operations_.push_back(std::move(operation));
}

void OperationRegistry::describe_group(std::string name, std::string summary) {
  groups_[std::move(name)] = std::move(summary);
}

const Operation* OperationRegistry::find(std::string_view name) const {
  auto it = std::find_if(operations_.begin(), operations_.end(),
                         [&](const Operation& o) { return o.name == name; });
  return it == operations_.end() ? nullptr : &*it;
}

}  // namespace softpower

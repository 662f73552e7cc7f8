#include "softpower/core/operation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"

namespace softpower {

namespace {
Error param_error(std::string_view name, const std::string& message) {
  return Error("--" + std::string(name) + ": " + message);
}

// A path value of the reserved form "memory:NAME": only a host language's package names one,
// only for an input, and only one its run has (core/input_memory.hpp).
void check_memory_path(const Param& p, const std::string& value, PathSources sources) {
  if (sources == PathSources::files) {
    throw param_error(p.name, "'" + value +
                                  "' names an in-memory input, which only the Python and R "
                                  "packages give (a file of that name: ./" +
                                  value + ")");
  }
  const bool input = p.role == ParamRole::input_file || p.role == ParamRole::input_folder ||
                     p.role == ParamRole::input_or_builtin || p.role == ParamRole::data_folder;
  if (!input) throw param_error(p.name, "'" + value + "': only an input can be in memory");
  if (memory_entry(value) == MemoryEntry::none) {
    const MemoryInputs* inputs = MemoryInputs::current();
    throw param_error(p.name, "no in-memory input '" + value + "' (this run has: " +
                                  (inputs == nullptr ? std::string("none") : inputs->names()) +
                                  ")");
  }
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
    case ParamType::mapping:
      return "map";
  }
  return "text";
}

std::string_view param_role_name(ParamRole role) {
  switch (role) {
    case ParamRole::value:
      return "value";
    case ParamRole::input_file:
      return "input file";
    case ParamRole::input_folder:
      return "input folder";
    case ParamRole::output_folder:
      return "output folder";
    case ParamRole::output_file:
      return "output file";
    case ParamRole::data_folder:
      return "data folder";
    case ParamRole::workspace:
      return "workspace";
    case ParamRole::country:
      return "country code";
    case ParamRole::input_or_builtin:
      return "input file or built-in name";
  }
  return "value";
}

bool names_path(ParamRole role) {
  return role != ParamRole::value && role != ParamRole::country;
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

std::vector<std::string> Args::items(std::string_view name) const {
  std::vector<std::string> out;
  for (const std::string& value : list(name)) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t comma = value.find(',', start);
      std::string item = value.substr(start, comma - start);
      if (!item.empty()) out.push_back(std::move(item));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

std::map<std::string, double> Args::mapping(std::string_view name) const {
  std::map<std::string, double> out;
  for (const std::string& item : list(name)) {
    if (item.empty()) continue;  // an empty JSON object
    const std::size_t eq = item.rfind('=');
    double value = 0;
    if (eq == 0 || eq == std::string::npos || !parse_real(item.substr(eq + 1), value))
      throw param_error(name, "not name=number: '" + item + "'");
    if (!out.emplace(item.substr(0, eq), value).second)
      throw param_error(name, "'" + item.substr(0, eq) + "' is given twice");
  }
  return out;
}

nlohmann::json Args::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, values] : values_) {
    out[name] = values.size() == 1 ? nlohmann::json(values.front()) : nlohmann::json(values);
  }
  return out;
}

Param seed_param(std::string help) {
  return Param{"seed", ParamType::integer, std::move(help), "1"}.between(
      0, std::numeric_limits<long long>::max());
}

Param Param::between(long long lo, long long hi) && {
  integer_bounds = {lo, hi};
  return std::move(*this);
}

Param Param::within(double lo, double hi) && {
  real_bounds = {lo, hi};
  return std::move(*this);
}

Param Param::as(ParamRole r) && {
  role = r;
  return std::move(*this);
}

bool Param::is_path(std::string_view value) const {
  if (role == ParamRole::input_or_builtin)
    return std::find(choices.begin(), choices.end(), value) == choices.end();
  return names_path(role);
}

bool OutputFile::is_pattern() const {
  return name.find('{') != std::string::npos;
}

bool OutputFile::matches(std::string_view path) const {
  std::string_view pattern = name;
  while (!pattern.empty()) {
    const std::size_t open = pattern.find('{');
    if (open == std::string_view::npos) return path == pattern;
    if (path.substr(0, open) != pattern.substr(0, open)) return false;
    const std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) return false;
    pattern.remove_prefix(close + 1);
    path.remove_prefix(open);
    // The named part runs to the next literal of the pattern, within one path segment.
    const std::size_t next = pattern.empty() ? path.size() : path.find(pattern.front());
    if (next == 0 || next == std::string_view::npos) return false;
    if (path.substr(0, next).find('/') != std::string_view::npos) return false;
    path.remove_prefix(next);
  }
  return path.empty();
}

std::vector<std::string> output_names(const std::vector<OutputFile>& outputs, const Args& args) {
  std::vector<std::string> names;
  for (const OutputFile& f : outputs) {
    if (f.name.empty() || f.is_pattern() || (!f.when.empty() && !args.has(f.when))) continue;
    names.push_back(f.name);
  }
  return names;
}

std::vector<std::string> top_level_output_names(const std::vector<OutputFile>& outputs,
                                                const Args& args) {
  std::vector<std::string> names = output_names(outputs, args);
  std::erase_if(names, [](const std::string& n) { return n.find('/') != std::string::npos; });
  return names;
}

void Param::put_bounds(nlohmann::json& schema) const {
  if (integer_bounds) {
    schema["minimum"] = integer_bounds->first;
    schema["maximum"] = integer_bounds->second;
  }
  if (real_bounds) {
    schema["minimum"] = real_bounds->first;
    schema["maximum"] = real_bounds->second;
  }
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

Args Operation::validate(Args args, PathSources sources) const {
  for (const auto& [name, values] : args.values()) {
    const Param* p = param(name);
    if (p == nullptr) throw param_error(name, "unknown parameter of '" + this->name + "'");
    for (const std::string& value : values) {
      if (p->is_path(value) && is_memory_path(std::string_view(value)))
        check_memory_path(*p, value, sources);
    }
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
      case ParamType::mapping:
        for (const auto& [key, v] : args.mapping(p.name)) {
          if (p.real_bounds && (v < p.real_bounds->first || v > p.real_bounds->second)) {
            throw param_error(
                p.name, "'" + key + "' must be " + p.bounds_text() + ", not " + bound_text(v));
          }
        }
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
    if (p.role != ParamRole::value) j["role"] = param_role_name(p.role);
    if (p.positional) j["positional"] = true;
    if (!p.default_value.empty()) j["default"] = p.default_value;
    if (!p.choices.empty())
      j[p.role == ParamRole::input_or_builtin ? "builtins" : "choices"] = p.choices;
    p.put_bounds(j);
    ps.push_back(std::move(j));
  }
  nlohmann::json files = nlohmann::json::array();
  for (const OutputFile& f : outputs) {
    nlohmann::json j = {{"name", f.name}, {"summary", f.summary}};
    if (!f.columns.empty()) j["columns"] = f.columns;
    if (!f.when.empty()) j["when"] = f.when;
    files.push_back(std::move(j));
  }
  return {{"name", name},
          {"summary", summary},
          {"help", help},
          {"writes", writes},
          {"params", ps},
          {"outputs", files},
          {"method", get ? "GET" : "POST"},
          {"job", job},
          {"media_type", media_type}};
}

namespace {

// What a declaration must say about a parameter's role for the server to confine it.
void check_role(const std::string& operation, const Param& p) {
  const auto refuse = [&](const std::string& why) {
    throw Error(operation + " --" + p.name + ": " + why);
  };
  const bool path_or_list = p.type == ParamType::path || p.type == ParamType::list;
  if (p.type == ParamType::mapping && p.role != ParamRole::value) refuse("a map is plain values");
  if (p.type == ParamType::path && !names_path(p.role)) refuse("a path without a path role");
  if (p.role == ParamRole::input_or_builtin) {
    if (p.type != ParamType::text || p.choices.empty())
      refuse("an input or built-in name is text and lists its built-in names");
  } else if (names_path(p.role) && !path_or_list) {
    refuse("a path role on a parameter that is not a path or a list");
  }
  if (p.role == ParamRole::country && p.type != ParamType::text && p.type != ParamType::list)
    refuse("a country code is text or a list");
}

}  // namespace

void OperationRegistry::add(Operation operation) {
  if (find(operation.name) != nullptr) throw Error("operation declared twice: " + operation.name);
  for (const Param& p : operation.params) {
    const bool numbers =
        p.type == ParamType::integer || p.type == ParamType::real || p.type == ParamType::mapping;
    const bool bounded = !numbers || (p.type == ParamType::integer ? p.integer_bounds.has_value()
                                                                   : p.real_bounds.has_value());
    if (!bounded) throw Error(operation.name + " --" + p.name + ": a number without bounds");
    check_role(operation.name, p);
  }
  if (!operation.outputs.empty() && !operation.writes)
    throw Error(operation.name + ": declares output files but does not write");
  if (operation.get && operation.writes)
    throw Error(operation.name + ": an operation served by GET must not write");
  if (!operation.run == !operation.answer)
    throw Error(operation.name + ": declare either run or answer, not both or neither");
  if ((operation.one_at_a_time || operation.check) && !operation.job)
    throw Error(operation.name + ": one_at_a_time and check are for a job");
  if (operation.job && operation.instant)
    throw Error(operation.name + ": a job is not answered at once");
  if (operation.job && operation.get)
    throw Error(operation.name + ": a job is started by POST, not served by GET");
  if (operation.answer) {
    // The command line and jobs take the answer's JSON; other bytes as text.
    operation.run = [answer = operation.answer](const Args& args, Context& ctx) {
      Answer a = answer(args, ctx);
      if (a.media_type == "application/json") return nlohmann::json::parse(a.body);
      return nlohmann::json{{"media_type", a.media_type}, {"text", std::move(a.body)}};
    };
  }
  for (const OutputFile& f : operation.outputs) {
    if (!f.when.empty() && operation.param(f.when) == nullptr)
      throw Error(operation.name + ": output " + f.name + " depends on an undeclared --" + f.when);
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

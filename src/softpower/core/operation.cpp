#include "softpower/core/operation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "softpower/core/error.hpp"

namespace softpower {

namespace {
Error param_error(std::string_view name, const std::string& message) {
  return Error("--" + std::string(name) + ": " + message);
}

bool parse_integer(const std::string& text, long long& value) {
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  return result.ec == std::errc() && result.ptr == end;
}

bool parse_real(const std::string& text, double& value) {
  try {
    std::size_t used = 0;
    value = std::stod(text, &used);
    return used == text.size() && std::isfinite(value);
  } catch (const std::exception&) {
    return false;
  }
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

long long Args::integer(std::string_view name) const {
  long long value = 0;
  if (!parse_integer(text(name), value))
    throw param_error(name, "not an integer: '" + text(name) + "'");
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
      case ParamType::integer:
        (void)args.integer(p.name);
        break;
      case ParamType::real:
        (void)args.real(p.name);
        break;
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
    ps.push_back(std::move(j));
  }
  return {{"name", name}, {"summary", summary}, {"help", help}, {"writes", writes}, {"params", ps}};
}

void OperationRegistry::add(Operation operation) {
  if (find(operation.name) != nullptr) throw Error("operation declared twice: " + operation.name);
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

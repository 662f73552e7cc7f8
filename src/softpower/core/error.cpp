#include "softpower/core/error.hpp"

namespace softpower {

std::string Location::str() const {
  std::string s = file;
  if (line > 0) s += (s.empty() ? "line " : ":") + std::to_string(line);
  if (!field.empty()) s += (s.empty() ? "" : ": ") + std::string("field '") + field + "'";
  return s;
}

namespace {
std::string located(const Location& where, const std::string& message) {
  const std::string prefix = where.str();
  return prefix.empty() ? message : prefix + ": " + message;
}
}  // namespace

Error::Error(const std::string& message) : std::runtime_error(message) {}

Error::Error(Location where, const std::string& message)
    : std::runtime_error(located(where, message)), where_(std::move(where)) {}

}  // namespace softpower

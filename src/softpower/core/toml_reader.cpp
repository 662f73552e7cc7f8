#include "softpower/core/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "softpower/core/error.hpp"

namespace softpower {

void TomlReader::fail(const toml::node* node, const std::string& field,
                      const std::string& message) const {
  const std::size_t line = node != nullptr ? node->source().begin.line : 0;
  throw Error(Location{file_, line, field}, message);
}

void TomlReader::fail(std::size_t line, const std::string& field,
                      const std::string& message) const {
  throw Error(Location{file_, line, field}, message);
}

void TomlReader::check_keys(const toml::table& table,
                            std::initializer_list<std::string_view> allowed,
                            const std::string& prefix) const {
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(&node, prefix + std::string(key.str()), "unknown key (expected one of: " + list + ")");
  }
}

std::optional<std::string> TomlReader::text(const toml::table& t, std::string_view key,
                                            const std::string& prefix) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) fail(node, prefix + std::string(key), "must be a string");
  return node->value<std::string>().value();
}

std::string TomlReader::required_text(const toml::table& t, std::string_view key,
                                      const std::string& prefix, std::size_t line) const {
  auto v = text(t, key, prefix);
  if (!v || v->empty()) {
    if (line != 0) fail(line, prefix + std::string(key), "is required");
    fail(&t, prefix + std::string(key), "is required");
  }
  return *v;
}

void TomlReader::check_range(const toml::node* node, const std::string& field, double v, double lo,
                             double hi) const {
  if (!std::isfinite(v)) fail(node, field, "must be finite");
  if (v < lo || v > hi) {
    std::ostringstream s;
    s << "must be ";
    if (std::isinf(hi)) {
      s << "at least " << lo;
    } else if (std::isinf(lo)) {
      s << "at most " << hi;
    } else {
      s << "between " << lo << " and " << hi;
    }
    s << ", not " << v;
    fail(node, field, s.str());
  }
}

std::optional<double> TomlReader::number(const toml::table& t, std::string_view key,
                                         const std::string& prefix, double lo, double hi) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_number()) fail(node, prefix + std::string(key), "must be a number");
  const double v = node->value<double>().value();
  check_range(node, prefix + std::string(key), v, lo, hi);
  return v;
}

std::optional<long long> TomlReader::integer(const toml::table& t, std::string_view key,
                                             const std::string& prefix, long long lo,
                                             long long hi) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer()) fail(node, prefix + std::string(key), "must be an integer");
  const long long v = node->value<long long>().value();
  if (v < lo || v > hi) {
    fail(node, prefix + std::string(key),
         "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", not " +
             std::to_string(v));
  }
  return v;
}

std::optional<bool> TomlReader::boolean(const toml::table& t, std::string_view key,
                                        const std::string& prefix) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_boolean()) fail(node, prefix + std::string(key), "must be true or false");
  return node->value<bool>().value();
}

std::vector<std::string> TomlReader::texts(const toml::table& t, std::string_view key,
                                           const std::string& prefix) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return {};
  const toml::array* array = node->as_array();
  if (array == nullptr) fail(node, prefix + std::string(key), "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : *array) {
    if (!item.is_string()) fail(&item, prefix + std::string(key), "must be an array of strings");
    out.push_back(item.value<std::string>().value());
  }
  return out;
}

const toml::table* TomlReader::table(const toml::table& t, std::string_view key,
                                     const std::string& prefix) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return nullptr;
  if (!node->is_table()) fail(node, prefix + std::string(key), "must be a table");
  return node->as_table();
}

std::vector<const toml::table*> TomlReader::tables(const toml::table& t, std::string_view key,
                                                   const std::string& prefix) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return {};
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    fail(node, prefix + std::string(key),
         "must be an array of tables ([[" + std::string(key) + "]])");
  }
  std::vector<const toml::table*> out;
  for (const auto& item : *array) {
    if (!item.is_table()) fail(&item, prefix + std::string(key), "must hold tables");
    out.push_back(item.as_table());
  }
  return out;
}

}  // namespace softpower

#include "softpower/diffusion/sweep.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/core/text.hpp"

namespace softpower::diffusion {

std::size_t Grid::points() const {
  std::size_t n = axes.empty() ? 0 : 1;
  for (const GridAxis& a : axes) n *= a.values.size();
  return n;
}

std::vector<std::size_t> Grid::at(std::size_t point) const {
  std::vector<std::size_t> index(axes.size());
  for (std::size_t k = axes.size(); k-- > 0;) {
    index[k] = point % axes[k].values.size();
    point /= axes[k].values.size();
  }
  return index;
}

namespace {

// Digits after the decimal point of a number written without an exponent (0 with one).
int decimals(std::string_view text) {
  if (text.find_first_of("eE") != std::string_view::npos) return 0;
  const std::size_t dot = text.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

double number(std::string_view text, const std::string& field, const std::string& name) {
  double v = 0;
  if (text.empty() || parse_double(text, v) != NumberText::number || !std::isfinite(v)) {
    throw Error(fmt::format("{}: {}: '{}' is not a number", field, name, printable(text)));
  }
  return v;
}

GridAxis parse_axis(std::string_view item, const std::string& field) {
  const std::size_t eq = item.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw Error(
        fmt::format("{}: '{}' is not name=start:stop:step or name=value", field, printable(item)));
  }
  GridAxis axis;
  axis.name = std::string(trim(item.substr(0, eq)));
  std::vector<std::string_view> parts;
  std::string_view rest = item.substr(eq + 1);
  for (std::size_t colon; (colon = rest.find(':')) != std::string_view::npos;) {
    parts.push_back(trim(rest.substr(0, colon)));
    rest = rest.substr(colon + 1);
  }
  parts.push_back(trim(rest));
  if (parts.size() != 1 && parts.size() != 3) {
    throw Error(fmt::format("{}: {}: '{}' is not start:stop:step or a single value", field,
                            axis.name, printable(item.substr(eq + 1))));
  }
  const double start = number(parts[0], field, axis.name);
  const double stop = parts.size() == 3 ? number(parts[1], field, axis.name) : start;
  const double step = parts.size() == 3 ? number(parts[2], field, axis.name) : 1;
  if (!(step > 0)) throw Error(fmt::format("{}: {}: the step must be positive", field, axis.name));
  if (stop < start) {
    throw Error(fmt::format("{}: {}: the stop {} is below the start {}", field, axis.name, parts[1],
                            parts[0]));
  }
  int places = 0;
  axis.integer = true;
  for (std::string_view p : parts) {
    places = std::max(places, decimals(p));
    double v = 0;
    (void)parse_double(p, v);
    axis.integer = axis.integer && v == std::floor(v) && std::abs(v) < 9.0e15;
  }
  const double count = std::floor((stop - start) / step + 1e-9) + 1;
  if (count > static_cast<double>(kMaxGridPoints)) {
    throw Error(fmt::format("{}: {}: more than {} values", field, axis.name, kMaxGridPoints));
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
    // Written with the places of the range's own numbers, and read back: 0.07, not
    // 0.07000000000000001.
    const std::string text =
        axis.integer
            ? fmt::format("{}", static_cast<long long>(start) +
                                    static_cast<long long>(i) * static_cast<long long>(step))
            : fmt::format("{:.{}f}", start + static_cast<double>(i) * step, places);
    double v = 0;
    (void)parse_double(text, v);
    axis.values.push_back(v);
    axis.texts.push_back(text);
  }
  return axis;
}

}  // namespace

Grid parse_grid(const std::vector<std::string>& items, const std::string& field) {
  Grid grid;
  std::set<std::string> names;
  for (const std::string& item : items) {
    std::string_view rest = item;
    for (;;) {
      const std::size_t comma = rest.find(',');
      const std::string_view part = trim(rest.substr(0, comma));
      if (!part.empty()) {
        GridAxis axis = parse_axis(part, field);
        if (!names.insert(axis.name).second) {
          throw Error(fmt::format("{}: {} is named twice", field, axis.name));
        }
        grid.axes.push_back(std::move(axis));
      }
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  if (grid.axes.empty()) throw Error(field + ": give at least one parameter, e.g. q=2:20:2");
  double points = 1;
  for (const GridAxis& a : grid.axes) points *= static_cast<double>(a.values.size());
  if (points > static_cast<double>(kMaxGridPoints)) {
    throw Error(fmt::format("{}: {} grid points, more than {}", field, points, kMaxGridPoints));
  }
  return grid;
}

namespace {

// Sets the number at `node` (an integer or a float of the file) to v.
void set_number(toml::node* node, const std::string& name, double v, const std::string& label) {
  if (node == nullptr) {
    throw Error(fmt::format("{}: {} names no key of the scenario file", label, name));
  }
  if (auto* i = node->as_integer()) {
    if (v != std::floor(v)) {
      throw Error(fmt::format("{}: {} takes whole numbers, not {}", label, name, v));
    }
    *i = static_cast<std::int64_t>(v);
  } else if (auto* f = node->as_floating_point()) {
    *f = v;
  } else {
    throw Error(fmt::format("{}: {} is not a number in the scenario file", label, name));
  }
}

}  // namespace

Scenario scenario_at(std::string_view toml_text, const std::string& label,
                     const std::vector<std::pair<std::string, double>>& values) {
  toml::table root;
  try {
    root = toml::parse(toml_text, label);
  } catch (const toml::parse_error& e) {
    throw Error(Location{label, e.source().begin.line}, std::string(e.description()));
  }
  for (const auto& [name, v] : values) {
    if (name == "q" || name == "F") {
      toml::table* head = root["scenario"].as_table();
      if (head == nullptr) throw Error(label + ": the file needs a [scenario] table");
      if (v != std::floor(v)) {
        throw Error(fmt::format("{}: {} takes whole numbers, not {}", label, name, v));
      }
      head->insert_or_assign(name == "q" ? "traits" : "features", static_cast<std::int64_t>(v));
    } else if (name == "B") {
      toml::array* fields = root["field"].as_array();
      if (fields == nullptr || fields->empty()) {
        throw Error(label + ": B is the strength of the scenario's fields, and it has none");
      }
      for (toml::node& f : *fields) {
        if (toml::table* t = f.as_table()) t->insert_or_assign("strength", v);
      }
    } else {
      set_number(root.at_path(name).node(), name, v, label);
    }
  }
  std::ostringstream text;
  text << root;
  return parse_scenario(text.str(), label);
}

}  // namespace softpower::diffusion

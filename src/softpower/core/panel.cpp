#include "softpower/core/panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "softpower/core/error.hpp"

namespace softpower {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t intern(std::vector<std::string>& names,
                   std::unordered_map<std::string, std::size_t>& pos, std::string_view name) {
  auto it = pos.find(std::string(name));
  if (it != pos.end()) return it->second;
  names.emplace_back(name);
  pos.emplace(std::string(name), names.size() - 1);
  return names.size() - 1;
}
}  // namespace

Panel::Panel(std::vector<std::string> units, std::vector<std::string> indicators,
             std::vector<int> years)
    : units_(std::move(units)), indicators_(std::move(indicators)), years_(std::move(years)) {
  values_.assign(units_.size() * indicators_.size() * years_.size(), kNaN);
  for (std::size_t u = 0; u < units_.size(); ++u) unit_pos_.emplace(units_[u], u);
  for (std::size_t i = 0; i < indicators_.size(); ++i) indicator_pos_.emplace(indicators_[i], i);
  info_.resize(indicators_.size());
  for (std::size_t i = 0; i < indicators_.size(); ++i) info_[i].code = indicators_[i];
}

std::optional<std::size_t> Panel::unit_index(std::string_view unit) const {
  auto it = unit_pos_.find(std::string(unit));
  if (it == unit_pos_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Panel::indicator_index(std::string_view indicator) const {
  auto it = indicator_pos_.find(std::string(indicator));
  if (it == indicator_pos_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Panel::year_index(int year) const {
  auto it = std::lower_bound(years_.begin(), years_.end(), year);
  if (it == years_.end() || *it != year) return std::nullopt;
  return static_cast<std::size_t>(it - years_.begin());
}

double Panel::value(std::string_view unit, std::string_view indicator, int year) const {
  const auto u = unit_index(unit);
  const auto i = indicator_index(indicator);
  const auto t = year_index(year);
  if (!u || !i || !t) return kNaN;
  return at(*u, *i, *t);
}

Eigen::MatrixXd Panel::year_slice(int year) const {
  const auto t = year_index(year);
  if (!t) throw Error("the panel has no data for year " + std::to_string(year));
  Eigen::MatrixXd out(units_.size(), indicators_.size());
  for (std::size_t i = 0; i < indicators_.size(); ++i) {
    for (std::size_t u = 0; u < units_.size(); ++u) {
      out(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(i)) = at(u, i, *t);
    }
  }
  return out;
}

std::size_t Panel::count() const {
  return static_cast<std::size_t>(
      std::count_if(values_.begin(), values_.end(), [](double v) { return !std::isnan(v); }));
}

void PanelBuilder::set(std::string_view unit, std::string_view indicator, int year, double value) {
  const std::size_t u = intern(units_, unit_pos_, unit);
  const std::size_t i = intern(indicators_, indicator_pos_, indicator);
  facts_.push_back(Fact{u, i, year, value});
}

void PanelBuilder::describe(IndicatorInfo info) {
  intern(indicators_, indicator_pos_, info.code);
  std::string code = info.code;
  info_[code] = std::move(info);
}

Panel PanelBuilder::build() {
  std::set<int> year_set;
  for (const auto& f : facts_) year_set.insert(f.year);
  Panel panel(units_, indicators_, std::vector<int>(year_set.begin(), year_set.end()));
  std::map<int, std::size_t> year_pos;
  for (std::size_t t = 0; t < panel.years().size(); ++t) year_pos[panel.years()[t]] = t;
  std::vector<bool> seen(units_.size() * indicators_.size() * year_set.size(), false);
  duplicates_ = 0;
  for (const auto& f : facts_) {
    const std::size_t t = year_pos[f.year];
    const std::size_t key = (t * indicators_.size() + f.indicator) * units_.size() + f.unit;
    if (seen[key]) ++duplicates_;
    seen[key] = true;
    panel.at(f.unit, f.indicator, t) = f.value;
  }
  for (std::size_t i = 0; i < indicators_.size(); ++i) {
    auto it = info_.find(indicators_[i]);
    if (it != info_.end()) panel.info()[i] = it->second;
  }
  return panel;
}

}  // namespace softpower

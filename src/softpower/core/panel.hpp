#pragma once
// A panel of indicator data: unit × indicator × year, NaN where a value is missing.
// Units are registry codes (ISO alpha-3 for countries). Storage is dense with each
// (indicator, year) column contiguous, so a year's unit × indicator slice is cheap.

#include <Eigen/Dense>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace softpower {

/// What an indicator is and where it comes from.
struct IndicatorInfo {
  std::string code;
  std::string name;
  std::string unit;
  std::string source;  ///< the file or URL it was read from
};

class Panel {
 public:
  Panel() = default;
  Panel(std::vector<std::string> units, std::vector<std::string> indicators,
        std::vector<int> years);

  const std::vector<std::string>& units() const { return units_; }
  const std::vector<std::string>& indicators() const { return indicators_; }
  const std::vector<int>& years() const { return years_; }
  std::vector<IndicatorInfo>& info() { return info_; }
  const std::vector<IndicatorInfo>& info() const { return info_; }

  std::optional<std::size_t> unit_index(std::string_view unit) const;
  std::optional<std::size_t> indicator_index(std::string_view indicator) const;
  std::optional<std::size_t> year_index(int year) const;

  double at(std::size_t unit, std::size_t indicator, std::size_t year) const {
    return values_[offset(unit, indicator, year)];
  }
  double& at(std::size_t unit, std::size_t indicator, std::size_t year) {
    return values_[offset(unit, indicator, year)];
  }
  /// NaN when the unit, indicator or year is not in the panel.
  double value(std::string_view unit, std::string_view indicator, int year) const;

  /// Unit × indicator matrix for one year (rows follow units(), columns indicators()).
  /// Throws Error when the year is not in the panel.
  Eigen::MatrixXd year_slice(int year) const;
  /// Number of non-missing values.
  std::size_t count() const;

 private:
  std::size_t offset(std::size_t u, std::size_t i, std::size_t t) const {
    return (t * indicators_.size() + i) * units_.size() + u;
  }
  std::vector<std::string> units_, indicators_;
  std::vector<int> years_;
  std::vector<IndicatorInfo> info_;
  std::vector<double> values_;
  std::unordered_map<std::string, std::size_t> unit_pos_, indicator_pos_;
};

/// Collects (unit, indicator, year, value) facts in any order, then builds a dense Panel with
/// units and indicators in first-seen order and years ascending. A repeated fact keeps the
/// last value and is counted in duplicates().
class PanelBuilder {
 public:
  void set(std::string_view unit, std::string_view indicator, int year, double value);
  void describe(IndicatorInfo info);
  std::size_t duplicates() const { return duplicates_; }
  Panel build();

 private:
  struct Fact {
    std::size_t unit, indicator;
    int year;
    double value;
  };
  std::vector<std::string> units_, indicators_;
  std::unordered_map<std::string, std::size_t> unit_pos_, indicator_pos_;
  std::unordered_map<std::string, IndicatorInfo> info_;
  std::vector<Fact> facts_;
  std::size_t duplicates_ = 0;
};

}  // namespace softpower

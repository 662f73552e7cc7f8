#pragma once
// The panel every evaluation estimator reads: units observed over periods, an outcome and a
// treatment. A long panel (one row per unit and period, as a CSV holds it) is checked and held
// as a balanced N × T matrix with each unit's cohort (its first treated period), so that the
// estimators index outcomes directly. The checks name the unit and period that break a rule
// (docs/evaluation.md, "Panels"): a missing or repeated unit-period, a treatment that switches
// off, a cohort that changes within a unit, no never-treated unit, too few pre-periods.

#include <Eigen/Dense>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/table.hpp"

namespace softpower::evaluation {

/// How the treatment column is coded.
enum class TreatmentCoding {
  indicator,  ///< 0/1 for each unit and period: 1 from the first treated period on, never back
  cohort,     ///< the unit's first treated period on every row; `never_value` for never treated
};

/// A long panel: one entry per row, in the order read. `line` (the source line of each row,
/// may be empty) and `source` (a file name) only serve the error messages.
struct LongPanel {
  std::string source;
  std::vector<std::string> unit;
  std::vector<long long> time;
  std::vector<double> outcome;  ///< NaN where missing
  std::vector<double> treatment;
  std::vector<std::size_t> line;

  std::size_t size() const { return unit.size(); }
};

/// The columns of a table that hold the panel.
struct PanelColumns {
  std::string unit;
  std::string time;
  std::string outcome;
  std::string treatment;
};

/// Reads the four columns of a table (in memory) into a long panel. Throws Error naming the
/// file, line and field for a missing column, a time that is not a whole number, or a
/// treatment or outcome that is not a number.
LongPanel long_panel(const Table& table, const PanelColumns& columns);

/// A balanced panel: every unit observed in every period.
struct BalancedPanel {
  std::vector<std::string> units;  ///< in order of first appearance
  std::vector<long long> times;    ///< ascending
  Eigen::MatrixXd y;               ///< N × T outcomes, row = unit, column = period
  /// First treated period of each unit; empty for a never-treated unit. A cohort need not be
  /// one of `times` (a unit first treated between two observed periods).
  std::vector<std::optional<long long>> cohort;

  std::size_t n_units() const { return units.size(); }
  std::size_t n_times() const { return times.size(); }
  bool treated(std::size_t unit, std::size_t period) const {
    return cohort[unit].has_value() && times[period] >= *cohort[unit];
  }
};

/// Checks a long panel and makes it balanced. With `coding` indicator, the cohort of a unit is
/// its first period with treatment 1; with cohort, the (constant) value of the column, where
/// `never_value` marks the never treated. A cohort later than the last period counts as never
/// treated (the effect cannot be seen), as the R package did does. Throws Error naming the unit
/// and period for: a repeated unit-period, a unit without a row for some period (unbalanced), a
/// missing outcome, a treatment that is not 0/1 or that switches off, a cohort that changes
/// within a unit, and for an empty panel.
BalancedPanel balance(const LongPanel& panel, TreatmentCoding coding, double never_value = 0);

/// Throws Error when no unit is never treated, naming the last unit to be treated and its
/// period. `why` names the estimator that needs them.
void require_never_treated(const BalancedPanel& panel, std::string_view why);

/// Throws Error when a treated unit has fewer than `minimum` periods before its cohort, naming
/// the unit, its first treated period and the periods it has before.
void require_pre_periods(const BalancedPanel& panel, std::size_t minimum, std::string_view why);

/// Throws Error when treated units start in different periods (a design with one adoption
/// date is needed), naming two units and their periods; returns that one period.
long long require_one_adoption(const BalancedPanel& panel, std::string_view why);

/// The N × T matrix of D_it: 1 where unit i is treated in period t.
Eigen::MatrixXd treatment_matrix(const BalancedPanel& panel);

/// An N × T matrix as one column in unit-major order (row i·T + t).
Eigen::VectorXd unit_major(const Eigen::MatrixXd& z);

/// Two-way demeaning of an N × T matrix, z_it − z̄_i· − z̄_·t + z̄, in unit-major order: on a
/// balanced panel exactly the residual of z on unit and period dummies (Frisch–Waugh–Lovell).
Eigen::VectorXd two_way_demeaned(const Eigen::MatrixXd& z);

/// The matrices of synthetic control and synthetic DiD (synthdid's panel.matrices): outcomes
/// N × T with the N0 control units first and the T0 pre-periods first.
struct BlockPanel {
  Eigen::MatrixXd y;
  std::size_t n0 = 0;  ///< control (never-treated) units: the first n0 rows
  std::size_t t0 = 0;  ///< pre-treatment periods: the first t0 columns
  std::vector<std::string> units;
  std::vector<long long> times;
};

/// Reorders a balanced panel with one adoption date into a block panel. Throws Error (naming
/// units and periods) when there is no never-treated unit, when treated units start at
/// different dates, or when there are fewer than two pre-periods.
BlockPanel block_panel(const BalancedPanel& panel);

}  // namespace softpower::evaluation

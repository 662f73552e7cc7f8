#pragma once
// Where `evaluate panel` and `evaluate staggered` read their panel from, and how the
// programme is given (docs/evaluation.md, "Input"): a CSV file as it is, a CSV file whose unit
// column names countries (mapped through the registry), or workspace datasets joined by
// country and year; the treatment as a column, as the first period a programme's activity is
// positive, or as named units from a period on. The result is a table with one row per unit
// and period that the estimators' panel checks read (evaluation/panel.hpp).

#include <string>
#include <vector>

#include "softpower/core/operation.hpp"
#include "softpower/core/table.hpp"
#include "softpower/evaluation/panel.hpp"

namespace softpower::evaluation {

/// The two designs: one adoption date (a 0/1 treatment), or staggered adoption (a cohort).
enum class Design { panel, staggered };

/// The panel as read, with the columns that hold it.
struct EvaluationTable {
  Table table;
  PanelColumns columns;  ///< `treatment` is the treatment (panel) or cohort (staggered) column
  std::string source;    ///< what was read, for pages and messages
  std::vector<std::string> left_out;  ///< units left out, each with the reason
};

/// The input parameters of both commands: file, dataset, code-system, unit, time, outcome,
/// units, periods, drop-incomplete, adoption, above, and the design's own (panel: treatment,
/// treated, start; staggered: cohort, never-value).
std::vector<Param> evaluation_input_params(Design design);

/// Reads the panel the arguments describe. `extra` names further value columns to keep (they
/// follow the outcome and treatment in the table). Throws Error for an input given twice or
/// not at all, a column or dataset that does not exist, a unit or period range that selects
/// nothing, and a programme column without values; each names what is wrong.
EvaluationTable evaluation_table(const Args& args, Design design, Context& ctx,
                                 const std::vector<std::string>& extra = {});

}  // namespace softpower::evaluation

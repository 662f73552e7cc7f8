#pragma once
// COINr's ASEM example beyond its panels: the indicator metadata table (ASEM_iMeta), which
// gives the index framework (levels, parents, directions, weights) as well as each
// indicator's name and unit.

#include <filesystem>
#include <string>
#include <vector>

namespace softpower::sources {

/// One row of coinr-asem/ASEM_iMeta.csv.
struct AsemMeta {
  int level = 0;      ///< 1 indicator, 2 pillar, 3 sub-index, 4 index; 0 groups, denominators
  std::string code;   ///< iCode: "LPI", "Physical", "Conn", "Index", "GDP_group", "Area"
  std::string name;   ///< iName
  int direction = 0;  ///< +1 higher is better, -1 lower is better, 0 not given
  double weight = 0;  ///< weight within the parent (NaN when not given)
  std::string unit;
  double target = 0;        ///< distance-to-target value (NaN when not given)
  std::string denominator;  ///< code of the denominator COINr divides by, or empty
  std::string parent;       ///< code of the parent in the framework, or empty
  std::string type;         ///< Indicator, Aggregate, Group or Denominator
  std::size_t line = 0;     ///< line in the file
};

/// Reads coinr-asem/ASEM_iMeta.csv; throws Error naming the file, line and field on bad input.
std::vector<AsemMeta> read_asem_metadata(const std::filesystem::path& data_dir);

}  // namespace softpower::sources

#pragma once
// The Elcano Global Presence Index tables beyond its panels: the blocs (EU, EFTA, candidate
// countries, UN M49 regions) that countries belong to, and the weights of the index's
// variables. The input variables themselves are read by reader("elcano").

#include <filesystem>
#include <string>
#include <vector>

#include "softpower/sources/reader.hpp"

namespace softpower::sources {

/// A bloc of elcano/country_relation.csv with the members listed directly under it.
struct ElcanoBloc {
  std::string id;    ///< as in the file: "eu900" (EU), "eu901" .. "eu905", "un" + M49 region
  std::string name;  ///< English name from master_country.csv ("European Union (EU)")
  std::vector<std::string> countries;  ///< registry codes of member countries
  std::vector<std::string> sub_blocs;  ///< ids of member regions (un419 lists un005, un013, ...)
};

struct ElcanoBlocs {
  std::vector<ElcanoBloc> blocs;  ///< in the order the file first names them
  /// Member rows whose child is neither a registry country nor a bloc of the file.
  std::vector<UnmappedRow> unmapped;
  std::vector<std::filesystem::path> files;
};

/// Reads elcano/country_relation.csv, naming blocs from elcano/master_country.csv.
ElcanoBlocs read_elcano_blocs(const std::filesystem::path& data_dir);

/// One variable of the index with its weights (elcano/elcano_iepg_weights.csv).
struct ElcanoWeight {
  std::string dimension;            ///< economic, military or soft
  std::string variable;             ///< as in the inputs panel (energy, troops, culture, ...)
  double within_dimension_pct = 0;  ///< weight of the variable in its dimension, %
  double dimension_pct = 0;         ///< weight of the dimension in the index, %
  /// The flat coefficient in the repository's const.py, used only for its contribution
  /// display; it does not reproduce the published index.
  double const_py_coefficient = 0;
};

std::vector<ElcanoWeight> read_elcano_weights(const std::filesystem::path& data_dir);

}  // namespace softpower::sources

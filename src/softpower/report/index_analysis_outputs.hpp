#pragma once
// The files of `softpower index uncertainty`, `index sensitivity` and `index reach`: CSV
// tables for machines and one self-contained HTML page each for people (a rank interval
// plot, Sobol' bars, a rank reach plot).

#include <filesystem>
#include <map>
#include <string>

#include "softpower/core/output_folder.hpp"
#include "softpower/index/reach.hpp"
#include "softpower/index/uncertainty.hpp"

namespace softpower::report {

/// Display names by unit code (units without one show their code).
using UnitNames = std::map<std::string, std::string>;

/// The columns of rank_intervals.csv, spelled once (the writer's header and the declaration in
/// ops/): unit, nominal rank, mean, median, 5th and 95th percentiles of its rank.
const std::vector<std::string>& rank_intervals_columns();
/// The columns of sobol.csv, likewise: input, S1 and ST with their interval bounds.
const std::vector<std::string>& sobol_columns();

/// rank_intervals.csv: one row per unit.
std::string rank_intervals_csv(const index::UncertaintyResult& result);
/// One row per replication: `run`, each input's value, `status`, `error`, `mean_rank_shift`.
std::string runs_csv(const index::UncertaintyResult& result,
                     const index::UncertaintyDesign& design);
/// sobol.csv: one row per input.
std::string sobol_csv(const index::SensitivityResult& result);
/// `unit,nominal,best,worst` then the weights attaining the best and the worst rank.
std::string reach_csv(const index::ReachResult& result, const index::Framework& framework);

std::string uncertainty_html(const std::string& index_name, const index::UncertaintyResult& result,
                             const index::UncertaintyDesign& design, const UnitNames& names);
std::string sensitivity_html(const std::string& index_name, const index::SensitivityResult& result);
std::string reach_html(const std::string& index_name, const index::ReachResult& result,
                       const index::Framework& framework, const UnitNames& names);

/// Writes `files` (name -> content) into the output folder and puts them in place
/// (core/output_folder.hpp).
void write_files(OutputFolder& out, const std::map<std::string, std::string>& files);

}  // namespace softpower::report

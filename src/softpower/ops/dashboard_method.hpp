#pragma once
// The method choices that matter, on the dashboard: `index choices` rebuilds the ranking of the
// dashboard's index for a year with another normalisation, outlier treatment or aggregation
// (at one level or all), starting from the index's imputed and screened data kept in the
// server's cache, and answers each unit's rank under the spec's own choices beside it; `index
// sobol` computes the Sobol' indices of the spec's uncertain inputs as a background job and keeps
// them, so that `index choices` shows which choice drives the ranking. docs/dashboard.md.

#include <string>

#include "softpower/core/operation.hpp"
#include "softpower/index/spec.hpp"

namespace softpower {

/// What `index choices` changes in a spec ("spec": as the spec has it).
struct MethodChoices {
  std::string normalise = "spec";  ///< spec | minmax | zscore | rank | prank | borda | ...
  std::string treat = "spec";      ///< spec | none | winsorise | winsorise-only | log
  std::string aggregate = "spec";  ///< spec | arithmetic | geometric | harmonic | copeland | ...
  int level = 0;                   ///< the level whose aggregation changes (0: every level)
  int winmax = 5;                  ///< most points winsorised (winsorise, winsorise-only)
};

/// `spec` with `choices` made: the chosen normalisation or treatment replaces the spec's and
/// every indicator's own (a treat or normalise step is added where the spec has none; "none"
/// removes the treat step), the chosen aggregation replaces the method of `choices.level` (every
/// level for 0). The steps before the first treat, normalise or aggregate step are unchanged.
/// Throws Error naming --level when the framework has no such level.
index::Spec spec_with_choices(const index::Spec& spec, const MethodChoices& choices, int top_level);

/// `index choices` (GET /api/index/choices) and `index sobol` (a job on a server, POST
/// /api/index/sobol).
void register_dashboard_method_operations(OperationRegistry& registry);

}  // namespace softpower

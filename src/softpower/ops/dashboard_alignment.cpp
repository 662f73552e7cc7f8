#include "softpower/ops/dashboard_alignment.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "softpower/alignment/agreement.hpp"
#include "softpower/alignment/agreement_matrix.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/ops/dashboard.hpp"

namespace softpower::alignment {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

int period_of(const RollCall& call, Period by) {
  return by == Period::session ? call.session : call.year;
}

// The votes of one period only: its roll calls, every state. agreement() on them gives that
// period's dyads as it gives them from all the votes (periods are computed apart).
RollCallVotes period_votes(const RollCallVotes& votes, Period by, int period) {
  std::vector<std::size_t> kept;
  std::vector<RollCall> calls;
  for (std::size_t c = 0; c < votes.call_count(); ++c) {
    if (period_of(votes.calls()[c], by) != period) continue;
    kept.push_back(c);
    calls.push_back(votes.calls()[c]);
  }
  RollCallVotes out(std::move(calls), votes.countries());
  for (std::size_t s = 0; s < votes.country_count(); ++s) {
    for (std::size_t c = 0; c < kept.size(); ++c) out.set(s, c, votes.at(s, kept[c]));
  }
  return out;
}

// A matrix and the roll calls of its period the filters kept.
struct PeriodMatrix {
  AgreementMatrix matrix;
  std::size_t roll_calls = 0;
};

json run_matrix(const Args& args, Context& ctx) {
  const fs::path data = resolve_data_dir(args.optional_text("data"));
  const AgreementOptions options = agreement_filters(args);
  const auto votes = cached_votes(ctx, data);
  // The periods that have a roll call the filters keep (an Error names the filter that left
  // none).
  std::set<int> periods;
  for (const std::size_t c : selected_calls(*votes, options))
    periods.insert(period_of(votes->calls()[c], options.by));
  const std::string& by = args.text("by");
  const int period = args.has("period") ? args.integer_as<int>("period") : *periods.rbegin();
  if (!periods.contains(period)) {
    throw Error(fmt::format("--period {}: no roll call of {} {} is kept (the {}s run {}–{})",
                            period, by, period, by, *periods.begin(), *periods.rbegin()));
  }
  const std::string key =
      fmt::format("alignment matrix {} {} {} {} {}", data.string(), by, options.issue,
                  options.important_only ? "important" : "all", period);
  const auto m = cached<PeriodMatrix>(ctx, key, [&] {
    const RollCallVotes one = period_votes(*votes, options.by, period);
    return PeriodMatrix{agreement_matrix(agreement(one, options, ctx.progress), period),
                        selected_calls(one, options).size()};
  });
  const AgreementMatrix& matrix = m->matrix;
  json names = json::array();
  for (const std::string& code : matrix.codes)
    names.push_back(CountryRegistry::world().display_name(code));
  // NaN (no common vote, undefined kappa) is null.
  const auto values = [](const std::vector<double>& v) {
    json out = json::array();
    for (const double x : v) out.push_back(std::isnan(x) ? json(nullptr) : json(x));
    return out;
  };
  return {{"by", by},
          {"period", period},
          {"periods", periods},
          {"issue", options.issue},
          {"important", options.important_only},
          {"roll_calls", m->roll_calls},
          {"order",
           "first principal coordinate of the distances 1 − agree (classical scaling), the half "
           "with the higher mean agreement first"},
          {"codes", matrix.codes},
          {"names", names},
          {"agree", values(matrix.agree)},
          {"kappa", values(matrix.kappa)},
          {"n", matrix.n}};
}

}  // namespace

void register_dashboard_operations(OperationRegistry& registry) {
  std::vector<Param> params = agreement_filter_params();
  params.push_back(
      Param{"period", ParamType::integer, "the session or year (default: the latest)"}.between(
          1, 3000));
  params.push_back(data_param());
  registry.add(dashboard_operation(
      "alignment matrix", "One period's UN agreement between every pair of states, ordered",
      "For the dashboard's agreement heatmap: the states that voted in the session or year, in "
      "the order of agreement.html (blocs that vote alike side by side; `order` says how), "
      "and for every pair the upper triangle of the matrix, row by row ((0,1), (0,2) … (1,2) "
      "…): Voeten's agreement, Cohen's kappa (null: no common vote, or undefined) and the roll "
      "calls both voted on, as agreement.csv has them (docs/alignment-agreement.md); `periods` "
      "lists those with a kept roll call. From the data directory's UN votes, read once and "
      "kept by a server with every matrix it made.",
      std::move(params), run_matrix, "/api/alignment/matrix"));
}

}  // namespace softpower::alignment

// Validation of the ideal points on the UN General Assembly's votes
// (docs/alignment-ideal-points.md, "Validation"), for every model of
// tests/alignment/ideal_point_models.hpp: agreement with the published Bailey-Strezhnev-Voeten
// positions (tests/reference/alignment/ideal_points/), face validity on known shifts (Eastern
// Europe after 1989, Brazil in 2019, Cuba in 1959-60), and softpower's posterior mode against
// emIRT's ordIRT on the same model.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "alignment/ideal_point_models.hpp"
#include "softpower/alignment/ideal_point_model.hpp"
#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/stats.hpp"
#include "softpower/core/table.hpp"
#include "softpower/sources/un_votes.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

namespace softpower::alignment {
namespace {

using validation::ModelCase;

using Key = std::pair<int, std::string>;  // session, registry code

std::filesystem::path reference_dir() {
  return softpower::testing::source_dir() / "tests" / "reference" / "alignment" / "ideal_points";
}

const RollCallVotes& un_votes(const std::filesystem::path& data) {
  static const RollCallVotes votes = [&] {
    std::vector<sources::UnmappedRow> unmapped;
    return sources::read_un_votes(data, unmapped);
  }();
  return votes;
}

// Every session's positions by a model, fitted once per test process.
const std::map<Key, double>& positions(const ModelCase& model, const std::filesystem::path& data) {
  static std::map<std::string, std::map<Key, double>> fitted;
  auto [it, added] = fitted.try_emplace(model.name);
  if (added) {
    IdealPointOptions o;
    model.choose(o);
    Progress quiet;
    for (const IdealPoint& p : estimate_ideal_points(un_votes(data), o, quiet).points)
      it->second[{p.session, p.country}] = p.x;
  }
  return it->second;
}

// A reference table's column by (session, country); `file` relative to reference_dir().
std::map<Key, double> read_reference(const std::string& file, const std::string& column) {
  const Table t = read_csv(reference_dir() / file);
  const std::size_t session = t.column("session"), country = t.column("country"),
                    value = t.column(column);
  std::map<Key, double> out;
  for (std::size_t r = 0; r < t.size(); ++r)
    out[{static_cast<int>(t.number(r, session)), t.cell(r, country)}] = t.number(r, value);
  return out;
}

// Pearson r over the country-sessions in both, in `session` (0: all sessions).
std::pair<double, std::size_t> agreement(const std::map<Key, double>& a,
                                         const std::map<Key, double>& b, int session) {
  std::vector<double> x, y;
  for (const auto& [key, value] : a) {
    if (session != 0 && key.first != session) continue;
    if (auto it = b.find(key); it != b.end()) {
      x.push_back(value);
      y.push_back(it->second);
    }
  }
  return {stats::pearson(x, y), x.size()};
}

class IdealPointValidation : public ::testing::TestWithParam<ModelCase> {};

// ---------------------------------------------------------------- published positions

// Bailey, Strezhnev and Voeten's positions (the June 2024 release; provenance in the
// reference folder's README.md) are posterior means of a dynamic model bridged by identical
// resolutions: per session, softpower's order of states must agree with theirs. Then pscl's
// ideal (a binary model fitted by Gibbs sampling, tests/reference/alignment/
// ideal-points-pscl.toml) on sessions 70 and 40.
TEST_P(IdealPointValidation, AgreesWithThePublishedPositionsAndPscl) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::map<Key, double>& x = positions(GetParam(), data);
  const std::map<Key, double> published = read_reference("bsv_jun2024.csv", "x");
  const int sessions[4] = {25, 45, 60, 74};
  for (int k = 0; k < 4; ++k) {
    const auto [r, n] = agreement(x, published, sessions[k]);
    std::cout << GetParam().name << ", session " << sessions[k] << ": r = " << r << " over " << n
              << " states\n";
    EXPECT_GE(n, 120u) << sessions[k];
    EXPECT_GE(r, GetParam().published[k]) << sessions[k];
  }
  // Reported, not asserted: over every country-session (per-session scales differ), and the
  // spread of the per-session r over the 73 sessions both have (the published file has no
  // session 19, 1964, whose one roll call was by acclamation in all but name).
  const auto [pooled, n] = agreement(x, published, 0);
  std::vector<std::pair<double, int>> per_session;
  double mean = 0;
  for (int s = 1; s <= 74; ++s) {
    const auto [r, states] = agreement(x, published, s);
    if (states == 0) continue;
    per_session.emplace_back(r, s);
    mean += r;
  }
  std::sort(per_session.begin(), per_session.end());
  mean /= static_cast<double>(per_session.size());
  std::cout << GetParam().name << ": pooled r = " << pooled << " over " << n
            << " country-sessions; per session (" << per_session.size() << ") mean " << mean
            << ", median " << per_session[per_session.size() / 2].first << ", min "
            << per_session.front().first << " (session " << per_session.front().second << ")\n";
  EXPECT_EQ(per_session.size(), 73u);
  // Every published country-session is matched but two of session 45 (1990-91), where the
  // published file keeps West Germany and North Yemen and the votes have united Germany and
  // Yemen.
  EXPECT_EQ(n, published.size() - 2);

  const int pscl_sessions[2] = {70, 40};
  for (int k = 0; k < 2; ++k) {
    const std::string file =
        "../ideal-points-session-" + std::to_string(pscl_sessions[k]) + ".pscl.csv";
    const std::map<Key, double> pscl = read_reference(file, "x");
    const auto [r, states] = agreement(x, pscl, pscl_sessions[k]);
    std::cout << GetParam().name << ", pscl, session " << pscl_sessions[k] << ": r = " << r
              << " over " << states << " states\n";
    EXPECT_EQ(states, pscl.size());
    EXPECT_GE(r, GetParam().pscl[k]) << pscl_sessions[k];
  }
}

// ---------------------------------------------------------------- face validity

// A state's distance from the United States in units of the session's spread of positions
// (standard deviation over its states), so that sessions fitted on their own scales compare.
double distance_from_usa(const std::map<Key, double>& x, int session, const std::string& state) {
  std::vector<double> all;
  for (const auto& [key, value] : x)
    if (key.first == session) all.push_back(value);
  double mean = 0, squares = 0;
  for (double v : all) mean += v / static_cast<double>(all.size());
  for (double v : all) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / static_cast<double>(all.size()));
  return std::abs(x.at({session, state}) - x.at({session, "USA"})) / sd;
}

// After 1989 Poland, Czechoslovakia and Hungary left the Soviet bloc's votes: from session 44
// (1989) to 47 (1992) they move towards the United States' side (positive) and their distance
// from it falls by a fifth at least (measured: by 35-56% in the session model, 35-47% in the
// dynamic model).
TEST_P(IdealPointValidation, EasternEuropeMovesWestAfter1989) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::map<Key, double>& x = positions(GetParam(), data);
  for (const char* state : {"POL", "CSK", "HUN"}) {
    const double before = distance_from_usa(x, 44, state), after = distance_from_usa(x, 47, state);
    std::cout << GetParam().name << ", " << state << ": x " << x.at({44, state}) << " -> "
              << x.at({47, state}) << ", distance from the USA " << before << " -> " << after
              << " sd\n";
    EXPECT_GT(x.at({47, state}), x.at({44, state})) << state;
    EXPECT_LT(after, 0.8 * before) << state;
  }
}

// Brazil under Bolsonaro (session 74, 2019) voted with the United States more than before
// (session 73, 2018).
TEST_P(IdealPointValidation, BrazilMovesTowardsTheUnitedStatesIn2019) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::map<Key, double>& x = positions(GetParam(), data);
  const double before = distance_from_usa(x, 73, "BRA"), after = distance_from_usa(x, 74, "BRA");
  std::cout << GetParam().name << ", BRA: x " << x.at({73, "BRA"}) << " -> " << x.at({74, "BRA"})
            << ", distance from the USA " << before << " -> " << after << " sd\n";
  EXPECT_GT(x.at({74, "BRA"}), x.at({73, "BRA"}));
  EXPECT_LT(after, before);
}

// Cuba after its revolution (January 1959): in session 13 (1958) beside the United States, in
// sessions 14 (1959) and 15 (1960) ever further from it.
TEST_P(IdealPointValidation, CubaMovesAwayFromTheUnitedStatesIn1959And1960) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::map<Key, double>& x = positions(GetParam(), data);
  const double d13 = distance_from_usa(x, 13, "CUB"), d14 = distance_from_usa(x, 14, "CUB"),
               d15 = distance_from_usa(x, 15, "CUB");
  std::cout << GetParam().name << ", CUB: x " << x.at({13, "CUB"}) << ", " << x.at({14, "CUB"})
            << ", " << x.at({15, "CUB"}) << "; distance from the USA " << d13 << ", " << d14 << ", "
            << d15 << " sd\n";
  EXPECT_LT(x.at({14, "CUB"}), x.at({13, "CUB"}));
  EXPECT_LT(x.at({15, "CUB"}), x.at({14, "CUB"}));
  EXPECT_GT(d14, d13 + 0.3);
  EXPECT_GT(d15, d13 + 1);
}

// ---------------------------------------------------------------- emIRT's ordIRT

// ordIRT's estimates of one session, mapped onto softpower's states and roll calls.
struct OrdIrtFit {
  std::vector<double> x;
  model::ItemParameters items;
};

OrdIrtFit ordirt_fit(const std::string& run, const RollCallVotes& votes,
                     const model::SessionVotes& session) {
  static std::map<std::string, std::pair<std::map<Key, double>, Table>> files;
  auto [it, added] = files.try_emplace(run);
  if (added) {
    it->second.first = read_reference(run + "_positions.csv", "x");
    it->second.second = read_csv(reference_dir() / (run + "_items.csv"));
  }
  const auto& [positions, items] = it->second;
  OrdIrtFit fit;
  for (std::size_t state : session.states) {
    const auto found = positions.find({session.session, votes.countries()[state]});
    EXPECT_NE(found, positions.end()) << run << " " << votes.countries()[state];
    fit.x.push_back(found == positions.end() ? 0 : found->second);
  }
  std::map<int, std::size_t> row_of;
  for (std::size_t r = 0; r < items.size(); ++r) {
    if (static_cast<int>(items.number(r, items.column("session"))) == session.session)
      row_of[static_cast<int>(items.number(r, items.column("rcid")))] = r;
  }
  EXPECT_EQ(row_of.size(), session.item_count()) << run << " " << session.session;
  for (std::size_t call : session.calls) {
    const auto found = row_of.find(votes.calls()[call].id);
    EXPECT_NE(found, row_of.end()) << run << " rcid " << votes.calls()[call].id;
    const std::size_t r = found == row_of.end() ? 0 : found->second;
    fit.items.intercept.push_back(items.number(r, items.column("a")));
    fit.items.discrimination.push_back(items.number(r, items.column("b")));
    fit.items.precision.push_back(items.number(r, items.column("p")));
  }
  return fit;
}

// Issue 19 asked softpower to "match or beat ordIRT" per session. ordIRT (emIRT 0.0.14) fits
// the same model (z ~ N(tau + beta x, 1 / DD), thresholds 0 and 1) with the same priors on x
// and the items (no prior on DD), so softpower's log posterior at ordIRT's estimates says
// whether ordIRT ends at the mode. ordIRT runs only where it does not abort (README.md): session
// 25 from softpower's cold start, session 74 from emIRT's example start, each as users run it
// (at most 500 iterations, stopping when successive estimates correlate above 1 - 1e-6), and
// session 74 also for 20,000 iterations (session 25 aborts when run on). Softpower's mode must
// be at least as high, with and without the precision prior, and softpower's EM started from
// ordIRT's estimates must climb to softpower's mode (the same positions).
TEST(IdealPointOrdIrt, SoftpowersModeIsAtLeastAsHighAsOrdIrtsEstimates) {
  SOFTPOWER_REQUIRE_DATA(data);
  const RollCallVotes& votes = un_votes(data);
  const std::vector<model::SessionVotes> sessions = model::session_votes(votes);
  const std::map<Key, double> published = read_reference("bsv_jun2024.csv", "x");
  const IdealPointOptions o;
  const std::vector<std::pair<int, std::string>> runs = {
      {25, "ordirt_25_default"}, {74, "ordirt_74_default"}, {74, "ordirt_74_long"}};
  for (const auto& [number, run] : runs) {
    const model::SessionVotes& session = sessions.at(static_cast<std::size_t>(number) - 1);
    ASSERT_EQ(session.session, number);
    const model::SessionEstimate mode =
        model::fit_session(session, model::start_values(session, o), o);
    const double at_mode = model::log_posterior(session, mode.x, mode.items, o);
    const OrdIrtFit fit = ordirt_fit(run, votes, session);
    const double at_ordirt = model::log_posterior(session, fit.x, fit.items, o);
    model::SessionEstimate start;
    start.x = fit.x;
    start.items = fit.items;
    const model::SessionEstimate polished = model::fit_session(session, start, o);
    const double r_mode = std::abs(stats::pearson(fit.x, mode.x));
    const double r_polished = std::abs(stats::pearson(polished.x, mode.x));
    std::map<Key, double> ordirt, softpower;
    for (std::size_t i = 0; i < session.state_count(); ++i) {
      ordirt[{number, votes.countries()[session.states[i]]}] = fit.x[i];
      softpower[{number, votes.countries()[session.states[i]]}] = mode.x[i];
    }
    // Without the Gamma prior on the precisions (ordIRT puts none on DD): the likelihood and
    // the normal priors on positions and items.
    auto flat = [&](const std::vector<double>& x, const model::ItemParameters& items) {
      double log_prior = 0;
      for (double v : x) log_prior -= v * v / (2 * o.position_sd * o.position_sd);
      for (std::size_t j = 0; j < items.size(); ++j) {
        log_prior -= (items.intercept[j] * items.intercept[j] +
                      items.discrimination[j] * items.discrimination[j]) /
                     (2 * o.item_sd * o.item_sd);
      }
      return model::log_likelihood(session, x, items) + log_prior;
    };
    const double largest_p =
        *std::max_element(fit.items.precision.begin(), fit.items.precision.end());
    std::cout << run << ": without the precision prior " << flat(fit.x, fit.items)
              << " (softpower's mode " << flat(mode.x, mode.items) << "), ordIRT's largest DD "
              << largest_p << "\n";
    std::cout << run << ": log posterior " << at_ordirt << " (softpower's mode " << at_mode << ", "
              << at_mode - at_ordirt << " higher); r with softpower's mode " << r_mode
              << ", after softpower's EM " << r_polished << "; |r| with the published positions "
              << std::abs(agreement(ordirt, published, number).first) << " (softpower "
              << std::abs(agreement(softpower, published, number).first) << ")\n";
    EXPECT_GE(at_mode, at_ordirt) << run;
    EXPECT_GE(flat(mode.x, mode.items), flat(fit.x, fit.items)) << run;
    EXPECT_GT(r_polished, 0.9999) << run;
    EXPECT_NEAR(model::log_posterior(session, polished.x, polished.items, o), at_mode, 1e-2) << run;
  }
}

INSTANTIATE_TEST_SUITE_P(Models, IdealPointValidation, ::testing::ValuesIn(validation::models()),
                         validation::model_name);

}  // namespace
}  // namespace softpower::alignment

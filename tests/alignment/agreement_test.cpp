// Dyadic agreement: the measures against Signorino and Ritter's Germany–Russia 1914 example and
// hand-computed tables, their invariants, the roll-call filters, independence from the thread
// count, the real UN votes against a naive loop, and the `alignment agreement` operation.

#include "softpower/alignment/agreement.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "softpower/alignment/agreement_matrix.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/report/agreement_html.hpp"
#include "softpower/report/alignment_csv.hpp"
#include "softpower/sources/un_votes.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"
#include "support/data.hpp"

namespace softpower::alignment {
namespace {

// NaN equals NaN here: an undefined measure must be undefined in both.
void expect_same(double a, double b, double tolerance, const std::string& what) {
  if (std::isnan(a) || std::isnan(b)) {
    EXPECT_TRUE(std::isnan(a) && std::isnan(b)) << what << ": " << a << " vs " << b;
  } else {
    EXPECT_NEAR(a, b, tolerance) << what;
  }
}

void expect_same(const DyadAgreement& x, const DyadAgreement& y, double tolerance = 0) {
  const std::string what = std::to_string(x.period) + " " + x.a + "-" + x.b;
  EXPECT_EQ(x.period, y.period) << what;
  EXPECT_EQ(x.a, y.a) << what;
  EXPECT_EQ(x.b, y.b) << what;
  EXPECT_EQ(x.n, y.n) << what;
  expect_same(x.agree, y.agree, tolerance, what + " agree");
  expect_same(x.s_score, y.s_score, tolerance, what + " s_score");
  expect_same(x.kappa, y.kappa, tolerance, what + " kappa");
  expect_same(x.kappa_w, y.kappa_w, tolerance, what + " kappa_w");
  expect_same(x.pi, y.pi, tolerance, what + " pi");
  expect_same(x.alignment, y.alignment, tolerance, what + " alignment");
}

// Signorino and Ritter (1999, table 6): the alliance commitments of Germany and Russia with
// the 20 European states of 1914, 0 (none) to 3 (defence pact).
const std::vector<int> kGermany = {3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};
const std::vector<int> kRussia = {0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

TEST(AlignmentAgreement, ReproducesTheGermanyRussia1914Example) {
  const PairMeasures m = pair_measures(kGermany, kRussia, 4);
  EXPECT_EQ(m.n, 20u);
  // The published values: S = 0.4 (Signorino and Ritter, absolute distances), quadratic kappa
  // −0.07758621 (Häge 2011; fpsim's cohenk), A = −0.04 (Benati and Capurri 2026; fpsim's bcai).
  EXPECT_NEAR(m.s_absolute, 0.4, 1e-12);
  EXPECT_NEAR(m.kappa_w, -0.07758621, 1e-8);
  EXPECT_NEAR(m.alignment, -0.04, 1e-12);

  // By hand. Distances |d| = 3,3,1,3,3,2,0,…,0,3,0,… sum to 18, d² to 50; dmax = 3.
  EXPECT_NEAR(m.s_squared, 1 - 2.0 * 50 / (20 * 9), 1e-12);
  EXPECT_NEAR(m.agree, 1 - 18.0 / (20 * 3), 1e-12);
  // Table (Germany rows, Russia columns): (0,0) 13, (0,1) 1, (0,3) 2, (3,0) 3, (3,1) 1.
  // Germany's marginals .8 0 0 .2, Russia's .8 .1 0 .1; 13 of 20 on the diagonal.
  const double po = 13.0 / 20;
  const double pe_cohen = 0.8 * 0.8 + 0.2 * 0.1;
  EXPECT_NEAR(m.kappa, (po - pe_cohen) / (1 - pe_cohen), 1e-12);
  EXPECT_NEAR(m.kappa, -1.0 / 34, 1e-12);
  // Scott: pooled marginals .8 .05 0 .15.
  const double pe_scott = 0.8 * 0.8 + 0.05 * 0.05 + 0.15 * 0.15;
  EXPECT_NEAR(m.pi, (po - pe_scott) / (1 - pe_scott), 1e-12);
  EXPECT_NEAR(m.pi, -0.0447761194, 1e-9);

  // The same from the table itself.
  std::vector<double> table(16, 0.0);
  table[0 * 4 + 0] = 13;
  table[0 * 4 + 1] = 1;
  table[0 * 4 + 3] = 2;
  table[3 * 4 + 0] = 3;
  table[3 * 4 + 1] = 1;
  const PairMeasures t = table_measures(table, 4);
  EXPECT_EQ(t.n, 20u);
  EXPECT_DOUBLE_EQ(t.s_absolute, m.s_absolute);
  EXPECT_DOUBLE_EQ(t.kappa_w, m.kappa_w);
  EXPECT_DOUBLE_EQ(t.alignment, m.alignment);
  EXPECT_DOUBLE_EQ(t.pi, m.pi);
}

TEST(AlignmentAgreement, MeasuresKeepTheirInvariants) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> vote(-1, 2);  // −1: missing
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<int> a(30), b(30);
    for (auto& v : a) v = vote(rng);
    for (auto& v : b) v = vote(rng);
    const PairMeasures ab = pair_measures(a, b, 3);
    const PairMeasures ba = pair_measures(b, a, 3);
    ASSERT_GT(ab.n, 0u);
    EXPECT_EQ(ab.n, ba.n);
    // Symmetric in the pair (up to rounding).
    expect_same(ab.agree, ba.agree, 1e-12, "agree");
    expect_same(ab.s_squared, ba.s_squared, 1e-12, "S");
    expect_same(ab.kappa, ba.kappa, 1e-12, "kappa");
    expect_same(ab.kappa_w, ba.kappa_w, 1e-12, "kappa_w");
    expect_same(ab.pi, ba.pi, 1e-12, "pi");
    expect_same(ab.alignment, ba.alignment, 1e-12, "A");
    EXPECT_GE(ab.agree, 0);
    EXPECT_LE(ab.agree, 1);
    EXPECT_GE(ab.s_squared, -1);
    EXPECT_LE(ab.s_squared, 1);
    EXPECT_GE(ab.s_absolute, -1);
    EXPECT_LE(ab.s_absolute, 1);
    EXPECT_LE(ab.kappa, 1);
    EXPECT_LE(ab.pi, 1);
    // For two levels apart at most: Voeten's agreement is S with absolute distances rescaled.
    EXPECT_NEAR(ab.s_absolute, 2 * ab.agree - 1, 1e-12);
    // Identical votes agree perfectly on every measure.
    const PairMeasures aa = pair_measures(a, a, 3);
    EXPECT_DOUBLE_EQ(aa.agree, 1);
    EXPECT_DOUBLE_EQ(aa.s_squared, 1);
    EXPECT_DOUBLE_EQ(aa.s_absolute, 1);
    EXPECT_DOUBLE_EQ(aa.kappa, 1);
    EXPECT_DOUBLE_EQ(aa.kappa_w, 1);
    EXPECT_DOUBLE_EQ(aa.pi, 1);
    EXPECT_GE(aa.alignment, 0);
  }
}

TEST(AlignmentAgreement, UndefinedMeasuresAreNaNAndBadInputIsAnError) {
  // Both always yes: chance agreement is already 1, so kappa, weighted kappa and pi are 0/0.
  const std::vector<int> yes = {2, 2, 2, 2};
  const PairMeasures m = pair_measures(yes, yes, 3);
  EXPECT_EQ(m.n, 4u);
  EXPECT_DOUBLE_EQ(m.agree, 1);
  EXPECT_DOUBLE_EQ(m.s_squared, 1);
  EXPECT_TRUE(std::isnan(m.kappa));
  EXPECT_TRUE(std::isnan(m.kappa_w));
  EXPECT_TRUE(std::isnan(m.pi));
  EXPECT_DOUBLE_EQ(m.alignment, 0);
  // Always yes against always no: total disagreement, chance-corrected to 0 by Cohen.
  const PairMeasures opposite = pair_measures(yes, std::vector<int>{0, 0, 0, 0}, 3);
  EXPECT_DOUBLE_EQ(opposite.agree, 0);
  EXPECT_DOUBLE_EQ(opposite.s_squared, -1);
  EXPECT_DOUBLE_EQ(opposite.kappa, 0);
  EXPECT_DOUBLE_EQ(opposite.kappa_w, 0);
  EXPECT_DOUBLE_EQ(opposite.pi, -1);
  EXPECT_DOUBLE_EQ(opposite.alignment, 0);
  // Missing values leave the item out; nothing in common is all NaN with n = 0.
  const PairMeasures none = pair_measures(std::vector<int>{2, -1}, std::vector<int>{-1, 0}, 3);
  EXPECT_EQ(none.n, 0u);
  EXPECT_TRUE(std::isnan(none.agree));

  EXPECT_THROW(pair_measures(std::vector<int>{1, 2}, std::vector<int>{1}, 3), Error);
  EXPECT_THROW(pair_measures(std::vector<int>{3}, std::vector<int>{1}, 3), Error);
  EXPECT_THROW(pair_measures(std::vector<int>{0}, std::vector<int>{0}, 1), Error);
  EXPECT_THROW(table_measures(std::vector<double>{1, 2, 3}, 2), Error);
  EXPECT_THROW(table_measures(std::vector<double>{1, -1, 0, 0}, 2), Error);
}

// Three states, six roll calls in two sessions and three years:
//        c1  c2  c3  c4  c5  c6
//  FRA   Y   Y   A   N   Y   absent
//  GBR   Y   A   N   N   N   Y
//  USA   N   Y   A   Y   -   Y
RollCallVotes small_votes() {
  std::vector<RollCall> calls(6);
  calls[0] = {.id = 1, .session = 1, .year = 1946, .important = true, .issues = {"co"}};
  calls[1] = {.id = 2, .session = 1, .year = 1946, .important = false, .issues = {"hr"}};
  calls[2] = {.id = 3, .session = 1, .year = 1947, .issues = {"co", "hr"}};
  calls[3] = {.id = 4, .session = 1, .year = 1947, .important = true};
  calls[4] = {.id = 5, .session = 2, .year = 1947, .issues = {"me"}};
  calls[5] = {.id = 6, .session = 2, .year = 1948, .important = true, .issues = {"me"}};
  RollCallVotes v(calls, {"FRA", "GBR", "USA"});
  const Vote y = Vote::yes, a = Vote::abstain, n = Vote::no;
  const std::vector<std::vector<Vote>> rows = {
      {y, y, a, n, y, Vote::absent}, {y, a, n, n, n, y}, {n, y, a, y, Vote::none, y}};
  for (std::size_t s = 0; s < 3; ++s) {
    for (std::size_t c = 0; c < 6; ++c) v.set(s, c, rows[s][c]);
  }
  return v;
}

DyadAgreement dyad(int period, std::string a, std::string b, std::size_t n, double agree, double s,
                   double kappa, double kappa_w, double pi, double alignment) {
  return {period, std::move(a), std::move(b), n, agree, s, kappa, kappa_w, pi, alignment};
}

TEST(AlignmentAgreement, EveryMeasureOfASmallAssemblyMatchesHandComputation) {
  Progress quiet;
  const std::vector<DyadAgreement> rows = agreement(small_votes(), {}, quiet);
  const double nan = std::nan("");
  // Session 1, FRA–GBR: (Y,Y) (Y,A) (A,N) (N,N). Levels 2 2 1 0 and 2 1 0 0: |d| 0 1 1 0.
  // Agree 1 − 2/8; S 1 − 2·2/(4·4). Marginals (no, abstain, yes) FRA 1 1 2, GBR 2 1 1; two on
  // the diagonal: kappa (8 − 5)/(16 − 5); expected Σd² 26/16, observed 2/4: kappa_w 1 − 8/26;
  // pooled 3 2 3: pi (1/2 − 22/64)/(1 − 22/64) = 5/21; S_abs 0.5, expected Σ|d| 16/16: A 0.5.
  // Session 1, FRA–USA: 2 2 1 0 and 0 2 1 2: |d| 2 0 0 2, d² 8. Agree 0.5, S 0; marginals
  // 1 1 2 both: kappa (.5 − 6/16)/(1 − 6/16) = .2 = pi; expected Σd² 22/16: kappa_w 1 − 2/1.375;
  // S_abs 0, expected Σ|d| 14/16, S_e 0.125: A −0.125.
  // Session 1, GBR–USA: 2 1 0 0 and 0 2 1 2: |d| 2 1 1 2, d² 10; agree 0.25, S 1 − 20/16;
  // marginals GBR 2 1 1, USA 1 1 2, diagonal 0: kappa (0 − 5/16)/(11/16) = −5/11; expected
  // Σd² (2·1·1 + 2·2·4 + 1·1·1 + 1·2·1 + 1·1·4 + 1·1·1)/16 = 26/16: kappa_w 1 − 2.5/1.625;
  // pooled 3 2 3: pi (0 − 22/64)/(42/64) = −11/21; S_abs −0.5, expected Σ|d| 16/16: A −0.5.
  // Session 2, FRA–GBR: c5 only (Y, N): agree 0, S −1, kappa 0/1, kappa_w 1 − 4/4 = 0,
  // pi (0 − .5)/.5 = −1, A 0 (one roll call: the table is its own expectation).
  // Session 2, FRA–USA: no common vote (USA none on c5, FRA absent on c6): no row.
  // Session 2, GBR–USA: c6 (Y, Y): agree 1, S 1, chance-corrected measures 0/0, A 0.
  const std::vector<DyadAgreement> expected = {
      dyad(1, "FRA", "GBR", 4, 0.75, 0.75, 3.0 / 11, 1 - 8.0 / 26, 5.0 / 21, 0.5),
      dyad(1, "FRA", "USA", 4, 0.5, 0, 0.2, 1 - 2 / 1.375, 0.2, -0.125),
      dyad(1, "GBR", "USA", 4, 0.25, 1 - 20.0 / 16, -5.0 / 11, 1 - 2.5 / 1.625, -11.0 / 21, -0.5),
      dyad(2, "FRA", "GBR", 1, 0, -1, 0, 0, -1, 0),
      dyad(2, "GBR", "USA", 1, 1, 1, nan, nan, nan, 0),
  };
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) expect_same(rows[i], expected[i], 1e-12);
}

TEST(AlignmentAgreement, FiltersKeepTheRightRollCalls) {
  Progress quiet;
  const RollCallVotes v = small_votes();
  // Colonialism: c1 and c3. FRA 2 1, GBR 2 0, USA 0 1.
  const auto co = agreement(v, {.issue = "co"}, quiet);
  ASSERT_EQ(co.size(), 3u);
  EXPECT_EQ(co[0].n, 2u);
  EXPECT_DOUBLE_EQ(co[0].agree, 0.75);  // FRA–GBR: |d| 0 1
  EXPECT_DOUBLE_EQ(co[1].agree, 0.5);   // FRA–USA: |d| 2 0
  EXPECT_DOUBLE_EQ(co[2].agree, 0.25);  // GBR–USA: |d| 2 1
  // Important: c1, c4 and c6 (c3's importance is unknown and not kept).
  const auto important = agreement(v, {.important_only = true}, quiet);
  EXPECT_EQ(selected_calls(v, {.important_only = true}), (std::vector<std::size_t>{0, 3, 5}));
  ASSERT_EQ(important.size(), 4u);
  EXPECT_EQ(important[0].a + important[0].b, "FRAGBR");
  EXPECT_DOUBLE_EQ(important[0].kappa, 1);  // (Y,Y) (N,N)
  EXPECT_EQ(important[3].period, 2);
  EXPECT_EQ(important[3].a + important[3].b, "GBRUSA");
  // Issue and importance together: c6 only.
  EXPECT_EQ(selected_calls(v, {.issue = "me", .important_only = true}),
            (std::vector<std::size_t>{5}));
  // By year: 1946 c1 c2, 1947 c3 c4 c5, 1948 c6. FRA–GBR 1947: (A,N) (N,N) (Y,N): |d| 1 0 2.
  const auto years = agreement(v, {.by = Period::year}, quiet);
  ASSERT_EQ(years.size(), 3u + 3u + 1u);
  EXPECT_EQ(years[3].period, 1947);
  EXPECT_EQ(years[3].a + years[3].b, "FRAGBR");
  EXPECT_EQ(years[3].n, 3u);
  EXPECT_DOUBLE_EQ(years[3].agree, 0.5);
  EXPECT_EQ(years[6].period, 1948);
  // A focal state keeps its dyads, in the same order, a < b.
  const auto all = agreement(v, {}, quiet);
  const auto gbr = agreement(v, {.focal = "GBR"}, quiet);
  std::vector<DyadAgreement> with_gbr;
  for (const auto& d : all) {
    if (d.a == "GBR" || d.b == "GBR") with_gbr.push_back(d);
  }
  ASSERT_EQ(gbr.size(), with_gbr.size());
  for (std::size_t i = 0; i < gbr.size(); ++i) expect_same(gbr[i], with_gbr[i]);

  // Errors name what went wrong.
  auto message = [&](const AgreementOptions& o) {
    try {
      agreement(v, o, quiet);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({.issue = "xx"}).find("unknown issue 'xx'"), std::string::npos);
  EXPECT_NE(message({.issue = "nu"}).find("none of the 6 roll calls has issue 'nu'"),
            std::string::npos);
  EXPECT_NE(message({.issue = "hr", .important_only = true})
                .find("none of the 2 roll calls with issue 'hr' is marked important"),
            std::string::npos);
  EXPECT_NE(message({.focal = "DEU"}).find("'DEU'"), std::string::npos);
}

// A larger random assembly: 60 states, 12 sessions of 40 to 150 roll calls (more than one
// 64-bit word), a fifth of the votes missing.
RollCallVotes random_votes() {
  std::mt19937 rng(2024);
  std::vector<RollCall> calls;
  int id = 0;
  for (int session = 1; session <= 12; ++session) {
    const int count = 40 + static_cast<int>(rng() % 111);
    for (int k = 0; k < count; ++k) {
      calls.push_back({.id = ++id, .session = session, .year = 1945 + session});
    }
  }
  std::vector<std::string> states;
  states.reserve(60);
  for (int s = 0; s < 60; ++s) {
    states.push_back(
        std::string{static_cast<char>('A' + s / 26), static_cast<char>('A' + s % 26), 'X'});
  }
  RollCallVotes v(calls, states);
  const Vote choices[] = {Vote::yes, Vote::yes, Vote::yes, Vote::abstain, Vote::no, Vote::absent};
  for (std::size_t s = 0; s < states.size(); ++s) {
    for (std::size_t c = 0; c < calls.size(); ++c) v.set(s, c, choices[rng() % 6]);
  }
  return v;
}

TEST(AlignmentAgreement, ResultsDoNotDependOnTheThreadCount) {
  Progress quiet;
  const RollCallVotes v = random_votes();
  const auto one = agreement(v, {.threads = 1}, quiet);
  ASSERT_EQ(one.size(), 12u * 60 * 59 / 2);
  for (const std::size_t threads : {2u, 3u, 8u}) {
    const auto many = agreement(v, {.threads = threads}, quiet);
    ASSERT_EQ(many.size(), one.size());
    for (std::size_t i = 0; i < one.size(); ++i) expect_same(many[i], one[i]);
  }
  // And each dyad equals the pair function on its vote vectors.
  for (std::size_t i = 0; i < one.size(); i += 97) {
    const DyadAgreement& d = one[i];
    std::vector<int> a, b;
    for (std::size_t c = 0; c < v.call_count(); ++c) {
      if (v.calls()[c].session != d.period) continue;
      a.push_back(vote_level(v.at(*v.country_index(d.a), c)));
      b.push_back(vote_level(v.at(*v.country_index(d.b), c)));
    }
    const PairMeasures m = pair_measures(a, b, kVoteLevels);
    expect_same(
        d,
        dyad(d.period, d.a, d.b, m.n, m.agree, m.s_squared, m.kappa, m.kappa_w, m.pi, m.alignment),
        1e-12);
  }
}

const RollCallVotes& un_votes(const std::filesystem::path& data) {
  static const RollCallVotes votes = [&] {
    std::vector<sources::UnmappedRow> unmapped;
    return sources::read_un_votes(data, unmapped);
  }();
  return votes;
}

// The naive way: every session's roll calls one by one, through pair_measures.
DyadAgreement naive(const RollCallVotes& v, int session, const std::string& x,
                    const std::string& y) {
  const std::size_t sx = *v.country_index(x), sy = *v.country_index(y);
  std::vector<int> a, b;
  for (std::size_t c = 0; c < v.call_count(); ++c) {
    if (v.calls()[c].session != session) continue;
    a.push_back(vote_level(v.at(sx, c)));
    b.push_back(vote_level(v.at(sy, c)));
  }
  const PairMeasures m = pair_measures(a, b, kVoteLevels);
  return dyad(session, std::min(x, y), std::max(x, y), m.n, m.agree, m.s_squared, m.kappa,
              m.kappa_w, m.pi, m.alignment);
}

TEST(AlignmentAgreement, RealUnVotesMatchANaiveLoopAndKnownAlignments) {
  SOFTPOWER_REQUIRE_DATA(data);
  const RollCallVotes& v = un_votes(data);
  Progress quiet;
  const auto rows = agreement(v, {}, quiet);

  std::set<int> periods;
  for (const auto& d : rows) periods.insert(d.period);
  EXPECT_EQ(periods.size(), 74u);  // sessions 1-74, each with at least one roll call
  EXPECT_EQ(*periods.begin(), 1);
  EXPECT_EQ(*periods.rbegin(), 74);
  // Dyads with a common vote, counted naively session by session.
  std::size_t naive_dyads = 0;
  std::map<int, std::vector<std::size_t>> calls;
  for (std::size_t c = 0; c < v.call_count(); ++c) calls[v.calls()[c].session].push_back(c);
  for (const auto& [session, list] : calls) {
    for (std::size_t x = 0; x < v.country_count(); ++x) {
      for (std::size_t y = x + 1; y < v.country_count(); ++y) {
        naive_dyads += std::any_of(list.begin(), list.end(), [&](std::size_t c) {
          return is_cast(v.at(x, c)) && is_cast(v.at(y, c));
        });
      }
    }
  }
  EXPECT_EQ(rows.size(), naive_dyads);
  // Also counted by a script from un_votes.csv (bit masks of each state's roll calls per
  // session, the Soviet, Yugoslav, German and Yemeni seats keyed as the reader keys them).
  EXPECT_EQ(rows.size(), 826'826u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_TRUE(std::tie(rows[i - 1].period, rows[i - 1].a, rows[i - 1].b) <
                std::tie(rows[i].period, rows[i].a, rows[i].b));
  }

  // The United States with every state in every session equals the naive loop.
  std::size_t usa = 0;
  for (const auto& d : rows) {
    if (d.a != "USA" && d.b != "USA") continue;
    ++usa;
    expect_same(d, naive(v, d.period, d.a, d.b), 1e-12);
  }
  EXPECT_GT(usa, 74u * 50);

  // The United States' dyads of sessions 1, 30 and 74 counted from un_votes.csv by a script
  // (Israel and Cuba in session 74 among them): tests/reference/alignment/agreement-usa.toml.
  // Ten thousand more dyads of four sessions against the naive loop.
  for (const int session : {1, 19, 45, 74}) {
    std::size_t checked = 0;
    for (const auto& d : rows) {
      if (d.period != session || (checked++ % 7) != 0) continue;
      expect_same(d, naive(v, session, d.a, d.b), 1e-12);
    }
  }
}

TEST(AlignmentAgreement, TheOperationWritesTheTableAndTheHeatmap) {
  SOFTPOWER_REQUIRE_DATA(data);
  OperationRegistry registry;
  register_agreement_operations(registry);
  const Operation* op = registry.find("alignment agreement");
  ASSERT_NE(op, nullptr);
  testing::ScratchDir dir;
  Args args;
  args.set("votes", (data / "un-votes").string());
  args.set("issue", "me");
  args.set("out", (dir / "out").string());
  Progress quiet;
  std::ostringstream log;
  Context ctx{quiet, log};
  const nlohmann::json result = op->run(op->validate(args), ctx);

  const Table csv = read_csv(dir / "out" / "agreement.csv");
  EXPECT_EQ(csv.header, (std::vector<std::string>{"period", "a", "b", "n", "agree", "s_score",
                                                  "kappa", "kappa_w", "pi", "alignment"}));
  const auto rows = agreement(un_votes(data), {.issue = "me"}, quiet);
  EXPECT_EQ(csv.size(), rows.size());
  EXPECT_EQ(result["dyads"], rows.size());
  EXPECT_EQ(result["out"], (dir / "out").string());
  // The last row, as written.
  const std::size_t last = csv.size() - 1;
  EXPECT_EQ(csv.cell(last, 0), std::to_string(rows.back().period));
  EXPECT_EQ(csv.cell(last, 2), rows.back().b);
  EXPECT_NEAR(csv.number(last, 4), rows.back().agree, 1e-6);

  std::ifstream html_file(dir / "out" / "agreement.html");
  ASSERT_TRUE(html_file.good());
  std::stringstream html;
  html << html_file.rdbuf();
  EXPECT_NE(html.str().find("id=\"agreement-data\""), std::string::npos);
  EXPECT_NE(html.str().find("data-value=\"74\""), std::string::npos);
  EXPECT_NE(html.str().find("<option value=\"kappa\">Cohen's kappa</option>"), std::string::npos);
  EXPECT_NE(html.str().find("United States"), std::string::npos);
  EXPECT_EQ(html.str().find("http://"), std::string::npos);  // loads nothing from outside
  EXPECT_NE(result["message"].get<std::string>().find("roll calls on issue me"), std::string::npos);

  // An issue outside the six is rejected before anything is read.
  Args bad = args;
  bad.set("issue", "xx");
  EXPECT_THROW(op->validate(bad), Error);
}

TEST(AlignmentAgreement, TheOperationReadsAWorkspaceDatasetAndIsRecordedThere) {
  testing::ScratchDir dir;
  const auto workspace = dir / "w.sqlite";
  {
    store::Workspace ws = store::Workspace::open(workspace);
    store::DatasetRecord meta;
    meta.name = "small";
    meta.reader = "test";
    meta.title = "three states, six roll calls";
    ws.import_votes(meta, small_votes());
  }
  OperationRegistry registry;
  register_agreement_operations(registry);
  const Operation* op = registry.find("alignment agreement");
  ASSERT_NE(op, nullptr);
  Args args;
  args.set("dataset", "small");
  args.set("workspace", workspace.string());
  args.set("out", (dir / "out").string());
  Progress quiet;
  std::ostringstream log;
  Context ctx{quiet, log};
  const nlohmann::json result = op->run(op->validate(args), ctx);
  EXPECT_EQ(result["dyads"], 5);
  EXPECT_EQ(result["periods"], 2);
  EXPECT_EQ(read_file(dir / "out" / "agreement.csv"),
            "period,a,b,n,agree,s_score,kappa,kappa_w,pi,alignment\n"
            "1,FRA,GBR,4,0.75,0.75,0.2727272727272727,0.6923076923076923,0.23809523809523808,"
            "0.5\n"
            "1,FRA,USA,4,0.5,0,0.2,-0.4545454545454546,0.2,-0.125\n"
            "1,GBR,USA,4,0.25,-0.25,-0.45454545454545453,-0.5384615384615385,-0.5238095238095238,"
            "-0.5\n"
            "2,FRA,GBR,1,0,-1,0,0,-1,0\n"
            "2,GBR,USA,1,1,1,,,,0\n");
  // Recorded as a run with both files.
  const store::Workspace ws = store::Workspace::open_read_only(workspace);
  const auto runs = ws.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].operation, "alignment agreement");
  EXPECT_EQ(runs[0].status, store::RunStatus::ok);
  const auto results = ws.results(runs[0].id);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].name, "agreement.csv");
  EXPECT_EQ(results[1].name, "agreement.html");

  // Filters that leave nothing stop the operation with the filter's name.
  args.set("issue", "nu");
  try {
    op->run(op->validate(args), ctx);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("none of the 6 roll calls has issue 'nu'"),
              std::string::npos)
        << e.what();
  }
}

TEST(AlignmentAgreement, CsvWritesShortestRoundTripAndLeavesUndefinedEmpty) {
  const std::vector<DyadAgreement> rows = {
      dyad(74, "CUB", "USA", 89, 30.0 / 178, -0.5, -0.25, 0, -1e-9, 1),
      dyad(74, "GBR", "USA", 1, 1, 1, std::nan(""), std::nan(""), std::nan(""), 0)};
  EXPECT_EQ(report::agreement_csv(rows),
            "period,a,b,n,agree,s_score,kappa,kappa_w,pi,alignment\n"
            "74,CUB,USA,89,0.16853932584269662,-0.5,-0.25,0,-1e-09,1\n"
            "74,GBR,USA,1,1,1,,,,0\n");
  EXPECT_EQ(report::heatmap_periods({1, 2, 3, 4, 5, 6, 7, 8, 9}, 3), (std::vector<int>{1, 5, 9}));
  EXPECT_EQ(report::heatmap_periods({3, 4}, 6), (std::vector<int>{3, 4}));
}

TEST(AlignmentAgreement, SeriationPutsBlocsTogether) {
  // Two blocs that agree within (0.9) and disagree across (0.1): each bloc is contiguous.
  std::vector<DyadAgreement> rows;
  const std::vector<std::string> codes = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF"};
  const std::vector<int> bloc = {0, 1, 0, 1, 0, 1};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    for (std::size_t j = i + 1; j < codes.size(); ++j) {
      const double a = bloc[i] == bloc[j] ? 0.9 : 0.1;
      rows.push_back(dyad(1, codes[i], codes[j], 10, a, 0, 0, 0, 0, 0));
    }
  }
  const auto order = agreement_matrix(rows, 1).codes;
  ASSERT_EQ(order.size(), 6u);
  std::vector<int> blocs;
  blocs.reserve(order.size());
  for (const auto& c : order) blocs.push_back(bloc[static_cast<std::size_t>(c[0] - 'A')]);
  EXPECT_TRUE(blocs == (std::vector<int>{0, 0, 0, 1, 1, 1}) ||
              blocs == (std::vector<int>{1, 1, 1, 0, 0, 0}));
}

}  // namespace
}  // namespace softpower::alignment

#include "softpower/alignment/ideal_point_simulate.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/random.hpp"

namespace softpower::alignment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check(const RollCallSimulation& o) {
  auto fail = [](const char* what) { throw Error(std::string("simulated roll calls: ") + what); };
  if (o.states < 2) fail("states must be at least 2");
  if (o.sessions < 1) fail("sessions must be at least 1");
  if (o.items_per_session < 1) fail("items_per_session must be at least 1");
  if (!(o.bridged_share >= 0 && o.bridged_share <= 1)) fail("bridged_share must be in [0, 1]");
  if (o.bridge_span < 2) fail("bridge_span must be at least 2");
  if (!(o.position_sd > 0) || !std::isfinite(o.position_sd)) fail("position_sd must be positive");
  if (!(o.drift >= 0) || !std::isfinite(o.drift)) fail("drift must be 0 or more");
  if (!std::isfinite(o.shift)) fail("shift must be a finite number");
  if (!(o.missing >= 0 && o.missing < 1)) fail("missing must be in [0, 1)");
  if (!(o.late_entry >= 0 && o.late_entry < 1)) fail("late_entry must be in [0, 1)");
}

struct Item {
  double a = 0, b = 0, p = 1;
};

Item draw_item(Rng& rng) {
  const double tau = 1 + 2 * rng.uniform();
  const double sign = rng.uniform() < 0.5 ? -1 : 1;
  const double beta = sign * (0.7 + 1.3 * rng.uniform());
  const double alpha = tau * (0.5 + 0.6 * rng.normal());
  return {alpha / tau, beta / tau, tau * tau};
}

}  // namespace

SimulatedRollCalls simulate_roll_calls(const RollCallSimulation& o) {
  check(o);
  SimulatedRollCalls out;

  // Positions: each state's walk from its first session; the first `entering` states of a
  // random order join late.
  Rng walk(seed_of(o.seed, 0));
  std::vector<std::size_t> first(o.states, 0);
  if (o.sessions > 1) {
    for (std::size_t i = 0; i < o.states; ++i) {
      if (walk.uniform() < o.late_entry) first[i] = 1 + walk.below(o.sessions - 1);
    }
  }
  out.x.assign(o.sessions, std::vector<double>(o.states, kNaN));
  for (std::size_t i = 0; i < o.states; ++i) {
    // A late entrant starts where the assembly has moved to.
    double x = o.position_sd * walk.normal() + o.shift * static_cast<double>(first[i]);
    for (std::size_t s = first[i]; s < o.sessions; ++s) {
      if (s > first[i]) x += o.shift + o.drift * walk.normal();
      out.x[s][i] = x;
    }
  }

  // Roll calls: every session but the last begins ceil(bridged slots / span) bridged items,
  // each voted in `bridge_span` consecutive sessions (fewer at the end), so that consecutive
  // sessions share (span - 1) x that many; the rest of a session's roll calls are its own.
  Rng items(seed_of(o.seed, 1));
  const auto bridged_slots = static_cast<std::size_t>(
      std::lround(o.bridged_share * static_cast<double>(o.items_per_session)));
  const std::size_t starts = (bridged_slots + o.bridge_span - 1) / o.bridge_span;
  std::vector<Item> bridged;               // every bridged item
  std::vector<std::size_t> bridged_first;  // its first session
  std::vector<RollCall> calls;
  std::size_t next_item = 0;                 // items so far, bridged and own
  std::vector<std::size_t> bridged_item_id;  // the item number of each bridged item
  auto add_call = [&](std::size_t s, const Item& item, std::size_t id, const std::string& text) {
    RollCall c;
    c.id = static_cast<int>(calls.size()) + 1;
    c.session = static_cast<int>(s) + 1;
    c.year = 1945 + c.session;
    c.date = std::to_string(c.year) + "-10-01";
    c.issues = {"co"};
    c.description = text;
    c.long_description = text;
    c.amendment = false;
    c.paragraph = false;
    calls.push_back(std::move(c));
    out.a.push_back(item.a);
    out.b.push_back(item.b);
    out.p.push_back(item.p);
    out.item.push_back(id);
  };
  for (std::size_t s = 0; s < o.sessions; ++s) {
    for (std::size_t k = 0; k < starts && s + 1 < o.sessions; ++k) {
      bridged.push_back(draw_item(items));
      bridged_first.push_back(s);
      bridged_item_id.push_back(next_item++);
    }
    std::size_t used = 0;
    for (std::size_t k = 0; k < bridged.size() && used < o.items_per_session; ++k) {
      if (bridged_first[k] <= s && s < bridged_first[k] + o.bridge_span) {
        add_call(s, bridged[k], bridged_item_id[k], "BRIDGED ITEM " + std::to_string(k + 1));
        ++used;
      }
    }
    for (; used < o.items_per_session; ++used) {
      add_call(s, draw_item(items), next_item++, "ROLL CALL " + std::to_string(calls.size() + 1));
    }
  }
  out.bridged_items = bridged.size();

  std::vector<std::string> countries;
  countries.reserve(o.states);
  for (std::size_t i = 0; i < o.states; ++i) countries.push_back("S" + std::to_string(1000 + i));
  out.votes = RollCallVotes(calls, countries);

  // Votes, one stream per roll call.
  for (std::size_t r = 0; r < calls.size(); ++r) {
    Rng rng(seed_of(seed_of(o.seed, 2), r));
    const auto s = static_cast<std::size_t>(calls[r].session) - 1;
    const double sd = 1 / std::sqrt(out.p[r]);
    for (std::size_t i = 0; i < o.states; ++i) {
      if (std::isnan(out.x[s][i])) {
        out.votes.set(i, r, Vote::not_member);
        continue;
      }
      const double z = out.a[r] + out.b[r] * out.x[s][i] + sd * rng.normal();
      const bool absent = rng.uniform() < o.missing;
      out.votes.set(i, r,
                    absent  ? Vote::absent
                    : z < 0 ? Vote::no
                    : z < 1 ? Vote::abstain
                            : Vote::yes);
    }
  }
  return out;
}

}  // namespace softpower::alignment

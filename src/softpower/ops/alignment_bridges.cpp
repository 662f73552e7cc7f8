// `softpower alignment bridges`: the roll calls that are one item across UN sessions (issue 19;
// alignment/bridges.hpp gives the rule), written as bridges.csv and session_links.csv, with a
// summary of which sessions they link.

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "softpower/alignment/bridges.hpp"
#include "softpower/core/csv_writer.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/ops/votes_input.hpp"
#include "softpower/report/index_analysis_outputs.hpp"

namespace softpower::alignment {

namespace {

const std::vector<std::string> kBridgeColumns = {"group",      "rcid",  "session", "year",
                                                 "resolution", "title", "issues",  "amendment",
                                                 "paragraph",  "text"};
const std::vector<std::string> kLinkColumns = {"session_a", "session_b", "direct", "spanning"};

// The files `alignment bridges` writes, declared once (core/operation.hpp: OutputFile).
const std::vector<OutputFile>& bridge_outputs() {
  static const std::vector<OutputFile> files = {
      {"bridges.csv", "every roll call of every bridge group, one row per session", kBridgeColumns},
      {"session_links.csv",
       "groups linking two sessions: directly (both hold the item) and spanning (before and "
       "after); every consecutive pair and every directly linked pair",
       kLinkColumns}};
  return files;
}

std::string flag_cell(const std::optional<bool>& f) {
  if (!f) return "";
  return *f ? "1" : "0";
}

std::string bridges_csv(const RollCallVotes& votes, const Bridges& bridges) {
  std::string text;
  CsvWriter w(text, kBridgeColumns);
  for (std::size_t g = 0; g < bridges.groups.size(); ++g) {
    const BridgeGroup& group = bridges.groups[g];
    for (const std::size_t i : group.calls) {
      const RollCall& c = votes.calls()[i];
      w.row(g + 1, c.id, c.session, c.year, c.resolution, bridge_title(c),
            fmt::format("{}", fmt::join(group.issues, " ")), flag_cell(group.amendment),
            flag_cell(group.paragraph), group.text);
    }
  }
  return text;
}

std::string links_csv(const Bridges& bridges) {
  std::string text;
  CsvWriter w(text, kLinkColumns);
  for (const SessionLink& l : bridges.links) w.row(l.a, l.b, l.direct, l.spanning);
  return text;
}

// Consecutive pairs as runs: (1,2), (2,3), (5,6) -> "1-3, 5-6".
std::string pair_runs(const std::vector<const SessionLink*>& pairs) {
  std::vector<std::string> runs;
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j + 1 < pairs.size() && pairs[j + 1]->a == pairs[j]->b) ++j;
    runs.push_back(fmt::format("{}-{}", pairs[i]->a, pairs[j]->b));
    i = j + 1;
  }
  return runs.empty() ? std::string("none") : fmt::format("{}", fmt::join(runs, ", "));
}

nlohmann::json run_bridges(const Args& args, Context& ctx) {
  OutputFolder folder(args.text("out"), output_names(bridge_outputs(), args));
  const std::string& out = folder.display();
  const VotesInput in = load_votes(args, ctx);
  const auto started = std::chrono::steady_clock::now();
  const Bridges bridges = find_bridges(in.votes);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report::write_files(folder, {{"bridges.csv", bridges_csv(in.votes, bridges)},
                               {"session_links.csv", links_csv(bridges)}});

  std::vector<const SessionLink*> no_direct, no_spanning;
  std::size_t consecutive = 0;
  std::map<int, int> next;
  for (std::size_t s = 0; s + 1 < bridges.sessions.size(); ++s)
    next[bridges.sessions[s]] = bridges.sessions[s + 1];
  for (const SessionLink& l : bridges.links) {
    const auto it = next.find(l.a);
    if (it == next.end() || it->second != l.b) continue;
    ++consecutive;
    if (l.direct == 0) no_direct.push_back(&l);
    if (l.spanning == 0) no_spanning.push_back(&l);
  }
  std::vector<std::string> linked;
  std::size_t alone = 0;
  for (const std::vector<int>& c : bridges.components) {
    if (c.size() == 1) {
      ++alone;
    } else {
      const bool runs_through = c.back() - c.front() + 1 == static_cast<int>(c.size());
      linked.push_back(runs_through ? fmt::format("sessions {}-{}", c.front(), c.back())
                                    : fmt::format("sessions {}", fmt::join(c, ", ")));
    }
  }
  std::string message;
  if (bridges.titled == 0) {
    message =
        "No roll call of these votes has a title (the voeten format has none; --format unvotes "
        "has them), so no roll calls can be matched across sessions.\n";
  }
  message += fmt::format(
      "Bridges between {} sessions: {} groups of {} roll calls ({} roll calls left out: one of "
      "several with the same title in a session), found in {:.2f} s.\n"
      "Consecutive sessions with no direct bridge ({} of {}): {}\n"
      "with none spanning them either: {}\n"
      "Linked together: {}; {} sessions linked to none.\n"
      "Wrote {}/bridges.csv and {}/session_links.csv",
      bridges.sessions.size(), bridges.groups.size(), bridges.bridged_calls(),
      bridges.ambiguous.size(), seconds, no_direct.size(), consecutive, pair_runs(no_direct),
      pair_runs(no_spanning),
      linked.empty() ? std::string("none") : fmt::format("{}", fmt::join(linked, "; ")), alone, out,
      out);
  return {{"message", message},
          {"out", out},
          {"files", top_level_output_names(bridge_outputs(), args)},
          {"groups", bridges.groups.size()},
          {"roll_calls", bridges.bridged_calls()},
          {"ambiguous", bridges.ambiguous.size()},
          {"sessions", bridges.sessions.size()},
          {"components", bridges.components.size()},
          {"consecutive_without_direct", no_direct.size()},
          {"consecutive_without_spanning", no_spanning.size()}};
}

}  // namespace

void register_bridge_operations(OperationRegistry& registry) {
  registry.add(votes_operation(
      "alignment bridges", "Roll calls that are one item across UN sessions (bridges)",
      "Finds the resolutions voted in several sessions under the same title, with the same "
      "issue codes and the same amendment and paragraph flags: the bridges that put ideal "
      "points of all sessions on one scale (Bailey, Strezhnev and Voeten 2017). Writes every "
      "group's roll calls and how many groups link each pair of sessions. "
      "docs/alignment-bridges.md gives the rule and the counts.",
      {}, "out/bridges", run_bridges, bridge_outputs()));
}

}  // namespace softpower::alignment

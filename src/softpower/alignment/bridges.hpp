#pragma once
// Bridges between UN sessions (issue 19): roll calls voted in two or more sessions on the same
// resolution are the same item, as Bailey, Strezhnev and Voeten (2017) bridge their ideal
// points. The matching rule, its evidence and its counts are in docs/alignment-bridges.md:
//
// - The text matched is the resolution's title: `descr`, except where `descr` is an agenda
//   reference ("A/71/251 39 - ...", sessions 71-73), then `short`; the boilerplate
//   " : resolution / adopted by the General Assembly" (whole or cut short) is dropped.
// - Normalised: ASCII letters upper-cased, every other character than A-Z and 0-9 a space,
//   runs of spaces one. Numbers and ordinal words are kept (a budget of 1986-1987 is not that
//   of 1988-1989; the Second Decade is not the Third).
// - Same title, same issue codes, same amendment and paragraph flags (unknown is a value of its
//   own): one key. A key in two or more sessions is a bridge group.
// - A session with two or more roll calls of one key cannot say which of them is the other
//   sessions' item: those roll calls are left out of the group (ambiguous); the group keeps
//   the sessions with exactly one, and is a group only while two sessions remain.
// Pure: no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/votes.hpp"

namespace softpower::alignment {

/// The title a roll call is matched by, before normalisation ("" when it has none).
std::string bridge_title(const RollCall& call);

/// `text` upper-cased (ASCII), every character but A-Z and 0-9 a space, spaces collapsed and
/// trimmed.
std::string normalised_text(std::string_view text);

/// Roll calls of several sessions that are one item.
struct BridgeGroup {
  std::string text;                 ///< the normalised title
  std::vector<std::string> issues;  ///< sorted issue codes
  std::optional<bool> amendment;
  std::optional<bool> paragraph;
  std::vector<std::size_t> calls;  ///< indices into the votes' calls, one per session, by session
  std::vector<int> sessions;       ///< the calls' sessions, ascending, each once
};

/// How many groups link two sessions: `direct` hold both, `spanning` hold a session at or
/// before `a` and one at or after `b` (so direct <= spanning).
struct SessionLink {
  int a = 0;
  int b = 0;
  std::size_t direct = 0;
  std::size_t spanning = 0;
};

struct Bridges {
  std::vector<BridgeGroup> groups;     ///< ordered by first session, then first call index
  std::vector<std::size_t> ambiguous;  ///< calls left out: one of several of a key in a session
  std::vector<int> sessions;           ///< every session of the votes, ascending
  /// Every consecutive pair of `sessions` (even when nothing links it), then every other pair
  /// that some group links directly; ordered by a, then b.
  std::vector<SessionLink> links;
  /// The connected components of the sessions, two sessions joined when a group holds both;
  /// each ascending, ordered by their first session (a session without bridges is one alone).
  std::vector<std::vector<int>> components;
  /// Roll calls with a title (the voeten format's have none, so it has no bridges).
  std::size_t titled = 0;

  std::size_t bridged_calls() const;
};

/// The bridge groups of `votes` by the rule above, and their report.
Bridges find_bridges(const RollCallVotes& votes);

}  // namespace softpower::alignment

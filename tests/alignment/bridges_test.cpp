// Bridges between UN sessions (alignment/bridges.hpp): the matching rule on constructed roll
// calls, and its counts on the real roll calls against tests/reference/alignment/
// bridges/counts.csv and bridges/links.csv, which tests/reference/alignment/make/bridges.py
// counted from the files with Python's standard library alone (the command is in the script).

#include "softpower/alignment/bridges.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "softpower/core/table.hpp"
#include "softpower/sources/un_votes.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

namespace softpower::alignment {
namespace {

struct Call {
  int session;
  std::string descr;
  std::vector<std::string> issues = {};
  std::optional<bool> amendment = std::nullopt;
  std::optional<bool> paragraph = std::nullopt;
  std::string short_text = "";
};

RollCallVotes votes_of(const std::vector<Call>& given) {
  std::vector<RollCall> calls;
  for (std::size_t i = 0; i < given.size(); ++i) {
    RollCall c;
    c.id = static_cast<int>(i) + 1;
    c.session = given[i].session;
    c.long_description = given[i].descr;
    c.description = given[i].short_text;
    c.issues = given[i].issues;
    c.amendment = given[i].amendment;
    c.paragraph = given[i].paragraph;
    calls.push_back(std::move(c));
  }
  return RollCallVotes(std::move(calls), {"USA"});
}

// Each group as the ids of its roll calls.
std::vector<std::vector<int>> group_ids(const RollCallVotes& votes, const Bridges& b) {
  std::vector<std::vector<int>> out;
  for (const BridgeGroup& g : b.groups) {
    std::vector<int> ids;
    for (const std::size_t i : g.calls) ids.push_back(votes.calls()[i].id);
    out.push_back(ids);
  }
  return out;
}

using Ids = std::vector<std::vector<int>>;

TEST(BridgeRule, TheSameTitleInTwoSessionsIsOneGroup) {
  const RollCallVotes v = votes_of({{40, "Prevention of an arms race in outer space", {"di"}},
                                    {40, "Right of peoples to peace"},
                                    {41, "Prevention of an arms race in outer space", {"di"}}});
  const Bridges b = find_bridges(v);
  EXPECT_EQ(group_ids(v, b), (Ids{{1, 3}}));
  EXPECT_EQ(b.groups[0].sessions, (std::vector<int>{40, 41}));
  EXPECT_EQ(b.groups[0].text, "PREVENTION OF AN ARMS RACE IN OUTER SPACE");
  EXPECT_EQ(b.bridged_calls(), 2u);
  EXPECT_EQ(b.titled, 3u);
  EXPECT_TRUE(b.ambiguous.empty());
}

TEST(BridgeRule, RollCallsWithoutTitlesHaveNoBridges) {
  // The voeten format: resolutions and issues, no text.
  const RollCallVotes v = votes_of({{40, "", {"di"}}, {41, "", {"di"}}, {42, " . ", {"di"}}});
  const Bridges b = find_bridges(v);
  EXPECT_TRUE(b.groups.empty());
  EXPECT_EQ(b.titled, 0u);
  EXPECT_EQ(b.components.size(), 3u);
  ASSERT_EQ(b.links.size(), 2u);
  EXPECT_EQ(b.links[1].a, 41);
  EXPECT_EQ(b.links[1].direct + b.links[1].spanning, 0u);
}

TEST(BridgeRule, AmendmentsAndParagraphsStayApartFromTheResolution) {
  const RollCallVotes v = votes_of({{60, "Rights of the child", {"hr"}, false, false},
                                    {60, "Rights of the child", {"hr"}, true, false},
                                    {60, "Rights of the child", {"hr"}, false, true},
                                    {61, "Rights of the child", {"hr"}, false, false},
                                    {61, "Rights of the child", {"hr"}, true, false},
                                    {62, "Rights of the child", {"hr"}, false, true},
                                    // unknown is a value of its own: no match with false
                                    {63, "Rights of the child", {"hr"}, std::nullopt, false}});
  const Bridges b = find_bridges(v);
  EXPECT_EQ(group_ids(v, b), (Ids{{1, 4}, {2, 5}, {3, 6}}));
  EXPECT_EQ(b.groups[1].amendment, std::optional<bool>(true));
  EXPECT_EQ(b.groups[2].paragraph, std::optional<bool>(true));
}

TEST(BridgeRule, DifferentIssuesStayApartAndTheirOrderDoesNotMatter) {
  const RollCallVotes v = votes_of({{50, "Nuclear weapon freeze", {"nu", "di"}},
                                    {51, "Nuclear weapon freeze", {"di", "nu"}},
                                    {52, "Nuclear weapon freeze", {"nu"}},
                                    {53, "Nuclear weapon freeze", {}}});
  const Bridges b = find_bridges(v);
  EXPECT_EQ(group_ids(v, b), (Ids{{1, 2}}));
  EXPECT_EQ(b.groups[0].issues, (std::vector<std::string>{"di", "nu"}));
}

TEST(BridgeRule, ASessionWithTheSameTitleTwiceIsLeftOutOfTheGroup) {
  const RollCallVotes v = votes_of({{41, "Implementation of the Declaration", {"co"}},
                                    {41, "Implementation of the Declaration", {"co"}},
                                    {42, "Implementation of the Declaration", {"co"}},
                                    {43, "Implementation of the Declaration", {"co"}},
                                    {44, "Human rights and science", {"hr"}},
                                    {45, "Human rights and science", {"hr"}},
                                    {45, "Human rights and science", {"hr"}}});
  const Bridges b = find_bridges(v);
  // 41 cannot say which of its two is 42's item; 45 likewise, which leaves 44 alone.
  EXPECT_EQ(group_ids(v, b), (Ids{{3, 4}}));
  EXPECT_EQ(b.ambiguous, (std::vector<std::size_t>{0, 1, 5, 6}));
}

TEST(BridgeRule, NormalisesCasePunctuationAndSpacesButNotNumbers) {
  EXPECT_EQ(normalised_text("  Zone of peace and co-operation:  the South\tAtlantic. "),
            "ZONE OF PEACE AND CO OPERATION THE SOUTH ATLANTIC");
  EXPECT_EQ(normalised_text("Côte d'Ivoire"), "C TE D IVOIRE");
  EXPECT_EQ(normalised_text("...!"), "");
  const RollCallVotes v = votes_of({{40, "Budget appropriations for the biennium 1986-1987"},
                                    {42, "Budget appropriations for the biennium 1988-1989"},
                                    {60,
                                     "Second International Decade for the Eradication of "
                                     "Colonialism"},
                                    {65,
                                     "Third International Decade for the Eradication of "
                                     "Colonialism"},
                                    {66, "ZONE OF PEACE AND CO-OPERATION OF THE SOUTH ATLANTIC"},
                                    {67, "Zone of peace and cooperation of the South Atlantic"},
                                    {68, "Zone of peace and co-operation of the south Atlantic."}});
  const Bridges b = find_bridges(v);
  // Numbers and ordinals are kept; "cooperation" is not "co-operation" (no spelling rules).
  EXPECT_EQ(group_ids(v, b), (Ids{{5, 7}}));
}

TEST(BridgeRule, TheTitleIsShortWhereDescrIsAnAgendaReferenceAndLosesTheBoilerplate) {
  RollCall agenda;
  agenda.long_description = "A/71/251 39 - Necessity of ending the embargo. - CUBA--UNITED STATES";
  agenda.description =
      "Necessity of ending the embargo : resolution / adopted by the General Assembly";
  EXPECT_EQ(bridge_title(agenda), "Necessity of ending the embargo");
  RollCall cut;  // session 60's short is cut at 60 characters
  cut.long_description = "Human Rights Council : resolution / adopted by the General A";
  EXPECT_EQ(bridge_title(cut), "Human Rights Council");
  RollCall colon;  // a colon of the title itself stays
  colon.long_description = "Investing in the United Nations : for a stronger Organization";
  EXPECT_EQ(bridge_title(colon), "Investing in the United Nations : for a stronger Organization");
  RollCall not_agenda;  // "A/" alone is no agenda reference
  not_agenda.long_description = "A/B testing of resolutions";
  not_agenda.description = "other";
  EXPECT_EQ(bridge_title(not_agenda), "A/B testing of resolutions");

  const RollCallVotes v = votes_of(
      {{70, "Necessity of ending the embargo : resolution / adopted by the General Assembly"},
       {71,
        "A/71/251 39 - Necessity of ending the embargo. - CUBA--UNITED STATES",
        {},
        {},
        {},
        "Necessity of ending the embargo : resolution / adopted by the General Assembly"},
       {74, "Necessity of ending the embargo ", {}, {}, {}, "Necessity of ending the embargo "},
       {72, "", {}, {}, {}, "Necessity of ending the embargo"}});  // no descr: no title
  const Bridges b = find_bridges(v);
  EXPECT_EQ(group_ids(v, b), (Ids{{1, 2, 3}}));
}

TEST(BridgeRule, LinksCountDirectAndSpanningGroupsAndComponentsJoinSessions) {
  const RollCallVotes v =
      votes_of({{1, "a"}, {2, "b"}, {3, "a"}, {3, "c"}, {4, "c"}, {5, "d"}, {6, "e"}, {7, "e"}});
  const Bridges b = find_bridges(v);
  EXPECT_EQ(group_ids(v, b), (Ids{{1, 3}, {4, 5}, {7, 8}}));
  std::map<std::pair<int, int>, std::pair<std::size_t, std::size_t>> links;
  for (const SessionLink& l : b.links) links[{l.a, l.b}] = {l.direct, l.spanning};
  using P = std::pair<std::size_t, std::size_t>;
  EXPECT_EQ(links.size(), 7u);           // the 6 consecutive pairs and 1-3
  EXPECT_EQ(links.at({1, 2}), P(0, 1));  // "a" spans 1-3
  EXPECT_EQ(links.at({2, 3}), P(0, 1));
  EXPECT_EQ(links.at({1, 3}), P(1, 1));
  EXPECT_EQ(links.at({3, 4}), P(1, 1));
  EXPECT_EQ(links.at({4, 5}), P(0, 0));
  EXPECT_EQ(links.at({5, 6}), P(0, 0));
  EXPECT_EQ(links.at({6, 7}), P(1, 1));
  EXPECT_EQ(b.components, (std::vector<std::vector<int>>{{1, 3, 4}, {2}, {5}, {6, 7}}));
  EXPECT_EQ(b.sessions, (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
}

// ---- the real roll calls

std::filesystem::path reference(const std::string& name) {
  return testing::source_dir() / "tests" / "reference" / "alignment" / name;
}

TEST(BridgeData, CountsAgreeWithThePythonCountOfTheFiles) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::vector<sources::UnmappedRow> unmapped;
  const RollCallVotes votes = sources::read_un_votes(data, unmapped);
  const Bridges b = find_bridges(votes);

  std::size_t consecutive = 0, no_direct = 0, no_spanning = 0, multi = 0, largest = 0;
  int first_of_largest = 0;
  std::map<std::pair<int, int>, const SessionLink*> links;
  for (const SessionLink& l : b.links) links[{l.a, l.b}] = &l;
  for (std::size_t s = 0; s + 1 < b.sessions.size(); ++s) {
    const SessionLink& l = *links.at({b.sessions[s], b.sessions[s + 1]});
    ++consecutive;
    no_direct += l.direct == 0;
    no_spanning += l.spanning == 0;
  }
  for (const std::vector<int>& c : b.components) {
    multi += c.size() > 1;
    if (c.size() > largest) {
      largest = c.size();
      first_of_largest = c.front();
    }
  }
  const std::map<std::string, double> mine = {{"sessions", b.sessions.size()},
                                              {"titled_roll_calls", b.titled},
                                              {"groups", b.groups.size()},
                                              {"bridged_roll_calls", b.bridged_calls()},
                                              {"ambiguous_roll_calls", b.ambiguous.size()},
                                              {"consecutive_pairs", consecutive},
                                              {"consecutive_without_direct", no_direct},
                                              {"consecutive_without_spanning", no_spanning},
                                              {"components", b.components.size()},
                                              {"components_of_two_or_more", multi},
                                              {"largest_component", largest},
                                              {"first_of_largest_component", first_of_largest}};
  const Table counts = read_csv(reference("bridges/counts.csv"));
  ASSERT_EQ(counts.size(), mine.size());
  for (std::size_t r = 0; r < counts.size(); ++r) {
    const std::string& figure = counts.cell(r, counts.column("figure"));
    ASSERT_TRUE(mine.count(figure)) << figure;
    EXPECT_EQ(mine.at(figure), counts.number(r, counts.column("value"))) << figure;
  }
  // The figures docs/alignment-bridges.md quotes.
  EXPECT_EQ(b.groups.size(), 361u);
  EXPECT_EQ(b.bridged_calls(), 2205u);
  EXPECT_EQ(b.ambiguous.size(), 79u);
  EXPECT_EQ(no_direct, 36u);
  EXPECT_EQ(no_spanning, 32u);
  EXPECT_EQ(b.components.back(), (std::vector<int>{40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,
                                                   52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
                                                   64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74}));

  const Table expected = read_csv(reference("bridges/links.csv"));
  ASSERT_EQ(expected.size(), consecutive);
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const int a = static_cast<int>(expected.number(r, expected.column("session_a")));
    const int bb = static_cast<int>(expected.number(r, expected.column("session_b")));
    const SessionLink& l = *links.at({a, bb});
    EXPECT_EQ(l.direct, expected.number(r, expected.column("direct"))) << a << "-" << bb;
    EXPECT_EQ(l.spanning, expected.number(r, expected.column("spanning"))) << a << "-" << bb;
  }
}

TEST(BridgeData, EveryGroupHoldsOneRollCallPerSessionWithOneKey) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::vector<sources::UnmappedRow> unmapped;
  const RollCallVotes votes = sources::read_un_votes(data, unmapped);
  const Bridges b = find_bridges(votes);
  for (const BridgeGroup& g : b.groups) {
    ASSERT_GE(g.calls.size(), 2u);
    ASSERT_EQ(g.calls.size(), g.sessions.size());
    for (std::size_t k = 0; k < g.calls.size(); ++k) {
      const RollCall& c = votes.calls()[g.calls[k]];
      EXPECT_EQ(c.session, g.sessions[k]);
      if (k > 0) EXPECT_LT(g.sessions[k - 1], g.sessions[k]);
      EXPECT_EQ(normalised_text(bridge_title(c)), g.text);
      EXPECT_EQ(c.amendment, g.amendment);
      EXPECT_EQ(c.paragraph, g.paragraph);
    }
  }
}

}  // namespace
}  // namespace softpower::alignment

#pragma once
// The parts of report.html for an index build, shared by the index_html*.cpp files: a
// read-only view over results.json and audit.json (the framework as a tree, each year's
// units in rank order) and one function per section of the page.
//
// The page stays one a person reads, and is made in time about linear in the size of
// results.json, whatever the width or depth of the framework: the view indexes nodes by code
// and by level once (no search per lookup, no recursion), and the parts that would grow with
// the square of the framework or with every aggregate of every unit are bounded below; what a
// bound leaves out is said on the page and is in results.json and audit.json.

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "softpower/report/html.hpp"
#include "softpower/report/index_html.hpp"
#include "softpower/report/sink.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

using Json = nlohmann::json;

/// Rows of the framework table and of the audit's tables (the rest are in the JSON files).
inline constexpr std::size_t kMaxTableRows = 1000;
/// Levels of indentation in the framework table and the profiles (deeper rows stay there).
inline constexpr int kMaxIndent = 16;

/// The member at key, or null when the object has none (never a dangling reference).
const Json& member(const Json& object, std::string_view key);
/// The text at key, or "" when it is absent or not text.
std::string text_of(const Json& object, std::string_view key);
/// The number at key, or nothing when it is absent, null or not a number.
std::optional<double> number_of(const Json& object, std::string_view key);

/// A node of the framework: an indicator (level 1) or an aggregate (level >= 2).
struct Node {
  std::string code, name, parent;  ///< parent is "" for the root
  int level = 1;
  double weight = 0, effective_weight = 0;
  const Json* entry = nullptr;  ///< the framework entry in results.json
  std::vector<std::size_t> children;
};

/// A unit's results in one year.
struct UnitResult {
  const Json* entry = nullptr;
  std::string code, name;
  std::optional<double> score(std::string_view node) const;
  std::optional<double> rank(std::string_view node) const;
};

/// Node codes to node indices, looked up by any string type.
struct CodeHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view code) const {
    return std::hash<std::string_view>{}(code);
  }
};
using CodeIndex = std::unordered_map<std::string, std::size_t, CodeHash, std::equal_to<>>;

/// One year of results, units in rank order of the index (unranked units last).
struct YearView {
  int year = 0;
  const Json* entry = nullptr;  ///< results.json years[i]
  const Json* audit = nullptr;  ///< audit.json entry for the same year, if any
  std::vector<UnitResult> units;
  std::map<std::string, std::size_t, std::less<>> position;  ///< of each unit code in units
  const UnitResult* find(std::string_view code) const;
  /// How many units have a rank for the node (the "n" in "rank r of n"), counted once.
  std::size_t ranked(std::string_view node) const;

  const CodeIndex* codes = nullptr;         ///< the view's index of node codes
  std::vector<std::size_t> ranked_by_node;  ///< ranked() of every node of the framework
};

class IndexView {
 public:
  IndexView(const Json& results, const Json& audit);
  IndexView(const IndexView&) = delete;  // years hold a pointer to the index of codes
  IndexView& operator=(const IndexView&) = delete;

  const Json& results;
  const Json& audit;
  std::vector<Node> nodes;  ///< in results.json order
  std::size_t root = 0;
  std::vector<YearView> years;  ///< in results.json order (oldest first)

  const Node& root_node() const { return nodes[root]; }
  const Node* node(std::string_view code) const;
  /// Display name of a node; its code when the framework does not know it.
  std::string name_of(std::string_view code) const;
  /// Every node depth-first from the root, children in framework order.
  const std::vector<std::size_t>& tree_order() const { return tree_order_; }
  /// The nodes of one level in tree order.
  const std::vector<std::size_t>& at_level(int level) const;
  std::size_t indicator_count() const { return at_level(1).size(); }
  /// Whether the per-aggregate parts draw the level (lowest_level_drawn).
  bool shown(int level) const { return level >= lowest_shown_; }
  /// How many aggregates the per-aggregate parts leave out (on levels not shown).
  std::size_t aggregates_not_shown() const { return aggregates_not_shown_; }
  int top_level() const { return root_node().level; }
  /// The spec's name for a level ("Pillar"), or "Level n".
  std::string level_name(int level) const;
  /// The group attributes units are ranked within (e.g. "EurAsia_group").
  const std::vector<std::string>& group_attributes() const { return group_attributes_; }

  const YearView& latest() const { return years.back(); }
  /// The year before `year` in the results, if any.
  const YearView* previous(const YearView& year) const;
  /// Where the scores of one level lie over every year: the normalisation range when the
  /// scores stay inside it, else a rounded interval (from 0 when no score is negative).
  html::Domain score_domain(int level) const;

 private:
  CodeIndex index_;  ///< code -> node
  std::vector<std::size_t> tree_order_;
  std::map<int, std::vector<std::size_t>> levels_;  ///< level -> nodes in tree order
  int lowest_shown_ = 0;
  std::size_t aggregates_not_shown_ = 0;
  std::vector<std::string> group_attributes_;
  std::optional<html::Domain> range_;    ///< the normalisation's range, if it has one
  std::map<int, html::Domain> domains_;  ///< score_domain of each level, computed once
};

/// A rank as "3 of 51" (kMissing when there is none).
std::string rank_of(std::optional<double> rank, std::size_t of);
/// Left padding of a row `depth` levels below the index: `base` + `step` per level, up to
/// kMaxIndent levels.
int indent(int depth, int base, int step);
/// For templates/index_left_out.mustache: that a table shows the first kMaxTableRows of
/// `total` rows and where the rest are; false when it shows them all.
templates::Data rows_left_out(std::size_t total, std::string_view what, std::string_view where);

/// The aggregates the ranking shows beside the index: the level just below it, when the page
/// shows that level (kMaxShownAggregates).
const std::vector<std::size_t>& main_components(const IndexView& view);
/// A group attribute as a label: "EurAsia_group" reads as "EurAsia group".
std::string group_label(std::string attribute);
/// The most units any year ranks in the index (the bottom of the rank trends' scale).
std::size_t most_ranked(const IndexView& view);

/// The years of a panel held once (templates/index_years.mustache): the years, the units (the
/// latest year's in rank order first), each year's index rank of each unit (0 for none, null
/// for a unit not in the year), the scores in hundredths of the index and of the ranking's
/// components per year and unit, their scales, and ranks within groups.
Json years_data(const IndexView& view);
/// years_data in a script element with the page's script that ranks any year from it.
std::string years_script(const IndexView& view);

// The sections of the page, each written into `out` (its large tables row by row).
void ranking_section(const IndexView& view, Sink& out);
void pillar_section(const IndexView& view, Sink& out);
void level_charts_section(const IndexView& view, Sink& out);
void framework_section(const IndexView& view, Sink& out);
void audit_section(const IndexView& view, Sink& out);

}  // namespace softpower::report::index_page

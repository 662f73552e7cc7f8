// The framework tree of report.html with every weight shown: declared, used (when the weight
// method changed them) and effective (the share of the index a component carries).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

// The weights the latest year used, when any differs from the declared one (PCA or equal
// weighting, or weights a user changed for that year).
std::map<std::string, double> weights_used(const IndexView& view) {
  std::map<std::string, double> used;
  bool differs = false;
  for (const Node& n : view.nodes) {
    const auto w = number_of(member(*view.latest().entry, "weights"), n.code);
    if (!w) continue;
    used[n.code] = *w;
    differs = differs || std::abs(*w - n.weight) > 1e-12 * std::max(1.0, std::abs(n.weight));
  }
  return differs ? used : std::map<std::string, double>{};
}

// Bars compare components of one level: the largest effective weight of a level fills its bar.
std::map<int, double> largest_effective_weight(const IndexView& view) {
  std::map<int, double> largest;
  for (const Node& n : view.nodes)
    largest[n.level] = std::max(largest[n.level], n.effective_weight);
  return largest;
}

templates::Data weight_row(const IndexView& view, const Node& node,
                           const std::map<std::string, double>& used,
                           const std::map<int, double>& largest) {
  const auto used_weight = used.find(node.code);
  const double top = largest.at(node.level);
  return templates::Object{
      {"used", !used.empty()},
      {"class", node.level > 1 ? "agg lvl-" + std::to_string(node.level) : std::string("ind")},
      {"indent", std::to_string(indent(view.top_level() - node.level, 8, 20))},
      {"aggregate", node.level > 1},
      {"name", node.name},
      {"code", node.code},
      {"description", templates::optional(text_of(*node.entry, "description"))},
      {"level", view.level_name(node.level)},
      {"weight", html::number(node.weight, node.weight == std::round(node.weight) ? 0 : 3)},
      {"used_weight", used_weight == used.end() ? std::string(html::kMissing)
                                                : html::number(used_weight->second, 3)},
      {"effective", html::percent(node.effective_weight, 2)},
      {"bar", fmt::format("{:.1f}", top > 0 ? 100 * node.effective_weight / top : 0)},
      {"indicator", node.level == 1},
      {"lower_better", number_of(*node.entry, "direction").value_or(1) < 0},
      {"unit", text_of(*node.entry, "unit")},
      {"source", text_of(*node.entry, "source")},
      {"denominator", templates::optional(text_of(*node.entry, "denominator"))}};
}

}  // namespace

void framework_section(const IndexView& view, Sink& out) {
  const auto used = weights_used(view);
  const auto largest = largest_effective_weight(view);
  const std::vector<std::size_t>& order = view.tree_order();
  // Written into the page row by row as it reaches them (a template slot).
  templates::Slots slots;
  const templates::Data rows = slots.add([&](Sink& o) {
    for (std::size_t i = 0; i < order.size() && i < kMaxTableRows; ++i)
      templates::render(o, "index_framework_row",
                        weight_row(view, view.nodes[order[i]], used, largest));
  });
  const templates::Data data(templates::Object{
      {"indicator_count", std::to_string(view.indicator_count())},
      {"root", view.root_node().name},
      {"used", !used.empty()},
      {"year", std::to_string(view.latest().year)},
      {"rows", rows},
      {"left_out",
       rows_left_out(order.size(), "components (from the index down)", "results.json")}});
  templates::render(out, "index_framework", data, slots);
}

}  // namespace softpower::report::index_page

// The framework tree of report.html with every weight shown: declared, used (when the weight
// method changed them) and effective (the share of the index a component carries).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "softpower/report/index_html_parts.hpp"

namespace softpower::report::index_page {

namespace {

using html::attr;
using html::element;
using html::escape;

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

std::string direction_text(const Node& node) {
  if (node.level != 1) return "";
  const auto d = number_of(*node.entry, "direction").value_or(1);
  return d < 0 ? "<span title=\"lower values score higher\">↓ lower is better</span>"
               : "<span title=\"higher values score higher\">↑ higher is better</span>";
}

std::string source_text(const Node& node) {
  std::string out = escape(text_of(*node.entry, "source"));
  const std::string denominator = text_of(*node.entry, "denominator");
  if (!denominator.empty()) out += " <span class=\"muted\">per</span> " + escape(denominator);
  return out;
}

std::string name_cell(const IndexView& view, const Node& node) {
  const int depth = view.top_level() - node.level;
  std::string inner =
      (node.level > 1 ? "<strong>" + escape(node.name) + "</strong>" : escape(node.name)) +
      " <span class=\"code\">" + escape(node.code) + "</span>";
  const std::string description = text_of(*node.entry, "description");
  if (!description.empty())
    inner += "<br><span class=\"muted small\">" + escape(description) + "</span>";
  return element(
      "td",
      attr("class", "node") + attr("style", fmt::format("padding-left:{}px", indent(depth, 8, 20))),
      inner);
}

// Bars compare components of one level: the largest effective weight of a level fills its bar.
std::map<int, double> largest_effective_weight(const IndexView& view) {
  std::map<int, double> largest;
  for (const Node& n : view.nodes)
    largest[n.level] = std::max(largest[n.level], n.effective_weight);
  return largest;
}

std::string weight_row(const IndexView& view, const Node& node,
                       const std::map<std::string, double>& used,
                       const std::map<int, double>& largest) {
  std::string row = name_cell(view, node);
  row += element("td", attr("class", "nowrap"), escape(view.level_name(node.level)));
  row += element("td", attr("class", "num"),
                 html::number(node.weight, node.weight == std::round(node.weight) ? 0 : 3));
  if (!used.empty()) {
    auto it = used.find(node.code);
    row += element("td", attr("class", "num"),
                   it == used.end() ? std::string(html::kMissing) : html::number(it->second, 3));
  }
  const double top = largest.at(node.level);
  row +=
      element("td", attr("class", "eff"),
              fmt::format("<div class=\"sb\"><span class=\"v\">{}</span><span class=\"bar\"><span "
                          "style=\"width:{:.1f}%\"></span></span></div>",
                          html::percent(node.effective_weight, 2),
                          top > 0 ? 100 * node.effective_weight / top : 0));
  row += element("td", attr("class", "nowrap"), direction_text(node));
  row += element("td", "", node.level == 1 ? escape(text_of(*node.entry, "unit")) : "");
  row += element("td", attr("class", "source"), node.level == 1 ? source_text(node) : "");
  return "<tr" + attr("class", node.level > 1 ? "agg lvl-" + std::to_string(node.level) : "ind") +
         ">" + row + "</tr>";
}

}  // namespace

std::string framework_section(const IndexView& view) {
  const auto used = weights_used(view);
  const auto largest = largest_effective_weight(view);
  std::vector<html::Column> columns = {{"Component"}, {"Level"}, {"Declared weight", "", true}};
  if (!used.empty()) {
    columns.push_back({"Weight used in " + std::to_string(view.latest().year), "", true});
  }
  columns.push_back({"Effective weight", "", false, "", "", "share of the index", "score-col"});
  columns.push_back({"Direction"});
  columns.push_back({"Measured in"});
  columns.push_back({"Source"});
  std::string body;
  const std::vector<std::size_t>& order = view.tree_order();
  for (std::size_t i = 0; i < order.size() && i < kMaxTableRows; ++i)
    body += weight_row(view, view.nodes[order[i]], used, largest);
  return fmt::format(
      "<section id=\"framework\"><h2>Framework and weights</h2><p>How {} indicators build up to "
      "the index. A declared weight counts relative to its siblings: within a parent the weights "
      "are divided by their sum. The <strong>effective weight</strong> multiplies these shares "
      "from the index down, so it is the share of the index each component carries (exactly so "
      "for an arithmetic mean with no missing values). Bars compare components of the same "
      "level.</p><div class=\"scroll\"><table class=\"tree\"><caption>The framework of {}, "
      "from the index down to its indicators.</caption>{}<tbody>{}</tbody></table></div>{}"
      "</section>",
      view.indicator_count(), escape(view.root_node().name), html::table_head(columns), body,
      rows_left_out(order.size(), "components (from the index down)", "results.json"));
}

}  // namespace softpower::report::index_page

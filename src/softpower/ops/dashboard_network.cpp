#include "softpower/ops/dashboard_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "softpower/core/countries.hpp"
#include "softpower/core/country_operations.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/networks/measures.hpp"
#include "softpower/ops/dashboard.hpp"
#include "softpower/ops/network.hpp"
#include "softpower/ops/network_ties.hpp"
#include "softpower/sources/gdelt_input.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::networks {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every year of a source is asked for; the readers keep what they have.
constexpr int kFirstYear = 1800;
constexpr int kLastYear = 2100;

// A source's ties over all its years, and the years that have any.
struct SourceTies {
  DyadSet ties;
  std::vector<int> years;
};

// A year of a source measured: what the answers need, without the igraph graph and its
// indices (an IGO year's 18,910 ties are about 450 kB here).
struct MeasuredYear {
  int year = 0;
  std::vector<std::string> labels;
  std::vector<Graph::Edge> edges;  ///< by decreasing weight, ties in the graph's order
  std::vector<double> weights;     ///< of `edges`
  NodeMeasures measures;
};

// What `network build` reads (every year), and its key in the server's cache.
struct TieOptions {
  TieRequest request{"", {}, kFirstYear, kLastYear};

  std::string key() const {
    const TieRequest& r = request;
    std::string k = "network ties " + r.source + " " + r.data.string();
    if (r.source == "un-agreement")
      k += fmt::format(" {} {}", r.agreement.threshold, r.agreement.min_votes);
    if (r.source == "china-diplomacy") k += " " + r.activity;
    if (r.source == "media") k += r.mentions ? " mentions" : " events";
    return k;
  }
};

// The source's ties as `network build` reads them (ops/network_ties.hpp), every year; the UN
// votes and the GDELT sums are the server's cached copies, shared with the other pages.
DyadSet read_source(const TieOptions& o, Context& ctx) {
  std::vector<sources::UnmappedRow> unmapped;
  std::size_t unpriced = 0;
  const TieInputs inputs{
      [&] { return cached_votes(ctx, o.request.data); },
      [&] { return cached_gdelt(ctx, o.request.data, perception::PeriodUnit::year); }};
  return read_ties(o.request, inputs, unmapped, unpriced, ctx.progress);
}

std::shared_ptr<const SourceTies> source_ties(const TieOptions& o, Context& ctx) {
  return cached<SourceTies>(ctx, o.key(), [&] {
    SourceTies s{read_source(o, ctx), {}};
    std::set<int> years;
    for (const Dyad& d : s.ties.dyads) years.insert(d.year);
    s.years.assign(years.begin(), years.end());
    return s;
  });
}

std::shared_ptr<const MeasuredYear> measured_year(const TieOptions& o, int year, Context& ctx) {
  const auto ties = source_ties(o, ctx);
  if (!std::binary_search(ties->years.begin(), ties->years.end(), year)) {
    throw Error(fmt::format("--year {}: {} has no ties that year (it has {}–{})", year,
                            o.request.source, ties->years.front(), ties->years.back()));
  }
  return cached<MeasuredYear>(ctx, fmt::format("{} year {}", o.key(), year), [&] {
    YearGraph g = year_graph(ties->ties, year);
    MeasuredYear y{year, std::move(g.labels), {}, {}, measure(g.graph)};
    const Graph& graph = g.graph;
    std::vector<std::size_t> order(graph.edges());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return graph.weights()[a] > graph.weights()[b];
    });
    for (const std::size_t e : order) {
      y.edges.push_back(graph.edge_list()[e]);
      y.weights.push_back(graph.weights()[e]);
    }
    return y;
  });
}

// What the media network of `year` rests on (the server's GDELT sums; the data directory's files).
json media_basis_answer(const TieOptions& o, int year, Context& ctx) {
  const auto aggregate = cached_gdelt(ctx, o.request.data, perception::PeriodUnit::year);
  const fs::path folder = o.request.data / "gdelt" / "events";
  return media_basis_json(networks::media_basis(
      *aggregate, sources::resolve_gdelt_inputs(folder.string()).files, year));
}

// Node indices by decreasing PageRank (ties by label).
std::vector<std::size_t> by_pagerank(const MeasuredYear& y) {
  std::vector<std::size_t> order(y.labels.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& p = y.measures.pagerank;
    return p[a] != p[b] ? p[a] > p[b] : y.labels[a] < y.labels[b];
  });
  return order;
}

json node_json(const MeasuredYear& y, std::size_t i, std::size_t rank) {
  const NodeMeasures& m = y.measures;
  const std::string& code = y.labels[i];
  return {{"country", code},
          {"name", CountryRegistry::world().display_name(code)},
          {"rank", rank},
          {"in_degree", m.in_degree[i]},
          {"out_degree", m.out_degree[i]},
          {"in_strength", m.in_strength[i]},
          {"out_strength", m.out_strength[i]},
          {"pagerank", m.pagerank[i]},
          {"eigenvector", m.eigenvector[i]},
          {"hub", m.hub[i]},
          {"authority", m.authority[i]},
          {"betweenness", m.betweenness[i]},
          {"harmonic", m.harmonic[i]},
          {"community", m.community[i]}};
}

TieOptions tie_options(const Args& args) {
  TieOptions o;
  o.request.source = args.text("source");
  o.request.data = resolve_data_dir(args.optional_text("data"));
  o.request.agreement = {args.real("threshold"), args.integer_as<std::size_t>("min-votes")};
  o.request.activity = args.text("activity");
  o.request.mentions = args.text("media-count") == "mentions";
  return o;
}

json run_graph(const Args& args, Context& ctx) {
  const TieOptions o = tie_options(args);
  const auto ties = source_ties(o, ctx);
  if (ties->years.empty()) throw Error(o.request.source + ": no ties in the data directory");
  const int year = args.has("year") ? args.integer_as<int>("year") : ties->years.back();
  const auto measured = measured_year(o, year, ctx);
  const MeasuredYear& y = *measured;

  json nodes = json::array();
  const std::vector<std::size_t> order = by_pagerank(y);
  std::map<int, std::vector<std::string>> members;
  for (std::size_t r = 0; r < order.size(); ++r) {
    nodes.push_back(node_json(y, order[r], r + 1));
    members[y.measures.community[order[r]]].push_back(y.labels[order[r]]);
  }

  const auto top = std::min<std::size_t>(y.edges.size(), args.integer_as<std::size_t>("top"));
  json tie_list = json::array();
  for (std::size_t k = 0; k < top; ++k) {
    const auto [a, b] = y.edges[k];
    tie_list.push_back({{"from", y.labels[a]}, {"to", y.labels[b]}, {"weight", y.weights[k]}});
  }

  json communities = json::array();
  for (const auto& [c, codes] : members) {
    double share = 0;
    for (std::size_t i = 0; i < y.labels.size(); ++i)
      share += y.measures.community[i] == c ? y.measures.pagerank[i] : 0;
    communities.push_back(
        {{"community", c}, {"size", codes.size()}, {"pagerank", share}, {"members", codes}});
  }
  json answer = {{"source", o.request.source},
                 {"directed", ties->ties.directed},
                 {"weight", ties->ties.weight},
                 {"year", year},
                 {"years", ties->years},
                 {"node_count", y.labels.size()},
                 {"tie_count", y.edges.size()},
                 {"modularity", y.measures.modularity},
                 {"nodes", nodes},
                 {"ties", tie_list},
                 {"communities", communities}};
  if (o.request.source == "media") answer["basis"] = media_basis_answer(o, year, ctx);
  return answer;
}

// The partners with the most weight both ways (the first `count`).
json top_partners(const MeasuredYear& y, std::size_t node, std::size_t count) {
  std::map<std::size_t, double> weight;
  for (std::size_t e = 0; e < y.edges.size(); ++e) {
    const auto [a, b] = y.edges[e];
    if (a == node) weight[b] += y.weights[e];
    if (b == node) weight[a] += y.weights[e];
  }
  std::vector<std::pair<std::size_t, double>> sorted(weight.begin(), weight.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  json out = json::array();
  for (std::size_t k = 0; k < std::min(count, sorted.size()); ++k)
    out.push_back({{"country", y.labels[sorted[k].first]}, {"weight", sorted[k].second}});
  return out;
}

json run_position(const Args& args, Context& ctx) {
  const std::string country = country_key(args.text("country"), "country");
  json networks = json::array();
  for (const std::string source : {"alliances", "igo", "students", "migration"}) {
    TieOptions o;
    o.request.source = source;
    o.request.data = resolve_data_dir(args.optional_text("data"));
    const auto ties = source_ties(o, ctx);
    if (ties->years.empty()) continue;
    const auto measured = measured_year(o, ties->years.back(), ctx);
    const MeasuredYear& y = *measured;
    json entry = {{"source", source},
                  {"year", y.year},
                  {"directed", ties->ties.directed},
                  {"weight", ties->ties.weight},
                  {"nodes", y.labels.size()}};
    const auto at = std::find(y.labels.begin(), y.labels.end(), country);
    if (at == y.labels.end()) {
      entry["present"] = false;
      networks.push_back(entry);
      continue;
    }
    const auto node = static_cast<std::size_t>(at - y.labels.begin());
    const std::vector<std::size_t> order = by_pagerank(y);
    const auto rank =
        static_cast<std::size_t>(std::find(order.begin(), order.end(), node) - order.begin() + 1);
    const int community = y.measures.community[node];
    const auto size =
        std::count(y.measures.community.begin(), y.measures.community.end(), community);
    entry["present"] = true;
    entry["position"] = node_json(y, node, rank);
    entry["community_size"] = size;
    entry["communities"] = y.measures.communities;
    entry["partners"] = top_partners(y, node, 5);
    networks.push_back(entry);
  }
  return {{"country", country},
          {"name", CountryRegistry::world().display_name(country)},
          {"networks", networks}};
}

// `network build`'s source parameters (the source, --activity, --media-count, --threshold,
// --min-votes; not --input: the media network reads the data directory's GDELT events), --year,
// --top and --data.
std::vector<Param> graph_params() {
  std::vector<Param> params;
  for (Param& p : network_source_params()) {
    if (p.name == "input") continue;
    params.push_back(std::move(p));
  }
  params.push_back(
      Param{"year", ParamType::integer, "the year (default: the source's latest)"}.between(1800,
                                                                                           2100));
  params.push_back(
      Param{"top", ParamType::integer, "how many of the strongest ties to answer", "300"}.between(
          0, 100000));
  params.push_back(data_param());
  return params;
}

}  // namespace

void register_dashboard_operations(OperationRegistry& registry) {
  registry.add(dashboard_operation(
      "network graph", "One year of a network: every country's centrality, the strongest ties",
      "For the dashboard's network page: the year's countries with every measure of `network "
      "build` (degree, strength, PageRank, eigenvector, hub, authority, betweenness, harmonic "
      "closeness, community), ranked by PageRank; the --top strongest ties; the communities "
      "with their members and modularity; and the years the source has. A server reads each "
      "source once and keeps every year it measured (docs/dashboard.md, \"Network\").",
      graph_params(), run_graph, "/api/network/graph"));
  registry.add(dashboard_operation(
      "network position", "A country's place in the alliance, IGO, student and migrant networks",
      "For the country page: in the latest year of each of alliances, igo, students and "
      "migration, the country's PageRank and its rank, degree, strength, community (and its "
      "size) and its five strongest partners; `present` is false where the country has no "
      "ties that year.",
      {Param{"country", ParamType::text, "the country (ISO3 or registry code)", "", true, true}.as(
           ParamRole::country),
       data_param()},
      run_position, "/api/network/position"));
}

}  // namespace softpower::networks

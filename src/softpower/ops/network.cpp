#include "softpower/ops/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/networks/measures.hpp"
#include "softpower/report/network_csv.hpp"
#include "softpower/sources/network_dyads.hpp"
#include "softpower/store/recorded.hpp"

namespace softpower::networks {

namespace {

using nlohmann::json;

const std::vector<std::string>& source_names() {
  static const std::vector<std::string> names = {"alliances", "igo"};
  return names;
}

const std::vector<OutputFile>& build_outputs() {
  static const std::vector<OutputFile> files = {
      {"nodes.csv",
       "every country and year: degree, strength, PageRank, eigenvector, hub and authority, "
       "betweenness, harmonic closeness and community",
       report::network_nodes_columns()},
      {"edges.csv", "every tie and year, with its share of the source's ties and reciprocity",
       report::network_edges_columns()}};
  return files;
}

// The years asked for: --year, or --from and --to.
std::pair<int, int> years_of(const Args& args) {
  if (args.has("year")) {
    if (args.has("from") || args.has("to")) throw Error("--year: give --year, or --from and --to");
    const int y = args.integer_as<int>("year");
    return {y, y};
  }
  if (!args.has("from") || !args.has("to")) {
    throw Error("--year: give the year (--year Y), or a range (--from Y --to Y)");
  }
  const int from = args.integer_as<int>("from"), to = args.integer_as<int>("to");
  if (from > to) throw Error(fmt::format("--from {} is after --to {}", from, to));
  return {from, to};
}

json run_build(const Args& args, Context& ctx) {
  const std::string& source = args.text("source");
  const auto [from, to] = years_of(args);
  OutputFolder folder(args.text("out"), output_names(build_outputs(), args));
  const std::filesystem::path data = resolve_data_dir(args.optional_text("data"));
  std::vector<sources::UnmappedRow> unmapped;
  ctx.progress.start("reading " + source, 0);
  const DyadSet ties = source == "alliances"
                           ? sources::read_atop_alliances(data, from, to, unmapped)
                           : sources::read_cow_igo(data, from, to, unmapped);
  ctx.progress.finish();
  if (!unmapped.empty()) {
    ctx.log << fmt::format(
        "{}: {} rows not mapped to a state in their year (e.g. line {}: '{}', "
        "{})\n",
        source, unmapped.size(), unmapped.front().where.line, unmapped.front().value,
        unmapped.front().reason);
  }
  MeasureOptions options;
  options.resolution = args.real("resolution");
  options.seed = args.integer_as<std::uint64_t>("seed");
  std::string nodes, edges;
  json years = json::array();
  ctx.progress.start("years", static_cast<std::size_t>(to - from + 1));
  for (int y = from; y <= to; ++y) {
    const YearGraph g = year_graph(ties, y);
    if (g.graph.nodes() > 0) {
      const NodeMeasures m = measure(g.graph, options);
      report::append_network_nodes(nodes, g, m);
      report::append_network_edges(edges, g);
      std::vector<std::size_t> order(g.labels.size());
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(),
                [&](std::size_t a, std::size_t b) { return m.pagerank[a] > m.pagerank[b]; });
      json top = json::array();
      for (std::size_t k = 0; k < std::min<std::size_t>(5, order.size()); ++k)
        top.push_back(g.labels[order[k]]);
      years.push_back({{"year", y},
                       {"nodes", g.graph.nodes()},
                       {"ties", g.graph.edges()},
                       {"communities", m.communities},
                       {"modularity", m.modularity},
                       {"top_pagerank", top}});
    }
    ctx.progress.advance();
  }
  ctx.progress.finish();
  if (years.empty()) throw Error(fmt::format("{}: no ties in {}–{}", source, from, to));
  folder.write("nodes.csv", nodes);
  folder.write("edges.csv", edges);
  folder.commit();
  const json& last = years.back();
  std::string message = fmt::format(
      "{} ({}, weight: {}): {} years; {}: {} countries, {} ties, {} communities (modularity "
      "{:.3f}); highest PageRank:",
      source, ties.directed ? "directed" : "undirected", ties.weight, years.size(),
      last["year"].get<int>(), last["nodes"].get<std::size_t>(), last["ties"].get<std::size_t>(),
      last["communities"].get<int>(), last["modularity"].get<double>());
  for (const auto& c : last["top_pagerank"]) message += " " + c.get<std::string>();
  message += "\nWrote " + folder.display();
  return {{"message", message},    {"out", folder.display()},
          {"source", source},      {"directed", ties.directed},
          {"weight", ties.weight}, {"unmapped", unmapped.size()},
          {"years", years},        {"files", top_level_output_names(build_outputs(), args)}};
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  std::vector<Param> params = {
      Param{"source", ParamType::choice,
            "the ties: alliances (ATOP obligations, directed, weight = kinds of pledge) or igo "
            "(COW shared IGO memberships, undirected)",
            "", true, true, source_names()},
      Param{"year", ParamType::integer, "the year"}.between(1800, 2100),
      Param{"from", ParamType::integer, "the first year of a range (with --to)"}.between(1800,
                                                                                         2100),
      Param{"to", ParamType::integer, "the last year of a range"}.between(1800, 2100),
      Param{"resolution", ParamType::real,
            "modularity resolution of the communities (larger: more, smaller communities)", "1"}
          .within(0.01, 100),
      seed_param("random seed of the community search; the same seed gives the same communities"),
      data_param(),
      output_folder_param("default: out/network-SOURCE", "out/network"),
      workspace_param()};
  registry.add(store::recorded(Operation{
      "network build", "A source's ties as yearly networks: centrality and communities",
      "Reads a source of ties between countries (alliances, IGO co-memberships) and, for each "
      "year, builds the network with igraph and computes every country's degree and strength, "
      "PageRank, eigenvector centrality, hub and authority scores, betweenness and harmonic "
      "closeness (distances 1 / weight) and its Leiden community (modularity), and every tie's "
      "share of its source's ties (docs/networks.md).",
      std::move(params), true, run_build, build_outputs()}));
}

}  // namespace softpower::networks

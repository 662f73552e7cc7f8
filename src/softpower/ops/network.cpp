#include "softpower/ops/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "softpower/core/countries.hpp"
#include "softpower/core/csv_writer.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/networks/community_change.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/networks/imbalance.hpp"
#include "softpower/networks/measures.hpp"
#include "softpower/ops/network_ties.hpp"
#include "softpower/ops/perception_input.hpp"
#include "softpower/report/network_csv.hpp"
#include "softpower/report/network_html.hpp"
#include "softpower/sources/china_diplomacy.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/sources/un_votes.hpp"
#include "softpower/sources/unmapped.hpp"
#include "softpower/store/recorded.hpp"

namespace softpower::networks {

namespace {

using nlohmann::json;

const std::vector<std::string>& source_names() {
  static const std::vector<std::string> names = {"alliances",    "igo",         "students",
                                                 "migration",    "us-missions", "china-diplomacy",
                                                 "un-agreement", "media"};
  return names;
}

const std::vector<OutputFile>& build_outputs() {
  static const std::vector<OutputFile> files = {
      {"nodes.csv",
       "every country and year: degree, strength, PageRank, eigenvector, hub and authority, "
       "betweenness, harmonic closeness and community",
       report::network_nodes_columns()},
      {"edges.csv", "every tie and year, with its share of the source's ties and reciprocity",
       report::network_edges_columns()},
      {"communities.csv",
       "each year's communities against the previous year's: normalised mutual information, "
       "adjusted Rand index and the countries that changed community (a header only for one "
       "year)",
       report::network_communities_columns()},
      {"network.html",
       "the page: the last year's most central countries and strongest ties by community, "
       "every country's centrality, the communities, each country's top partners, and PageRank "
       "over the years"}};
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

const std::vector<OutputFile>& imbalance_outputs() {
  static const std::vector<OutputFile> files = {
      {"imbalance.csv",
       "the country's ties with each partner: weight each way, asymmetry and each side's share "
       "of its own ties",
       report::network_imbalance_columns()},
      {"concentration.csv",
       "every country's number of partners and the Herfindahl concentration of its ties",
       report::network_concentration_columns()},
      {"imbalance.html",
       "the page: the country's partners on a map coloured by the flow's asymmetry, its flows "
       "and dependence with each, and where its concentration stands"}};
  return files;
}

// The source's ties in from..to (ops/network_ties.hpp), read for this one run: the UN votes
// from the data directory, GDELT's events through the one place the GDELT reader meets the
// algorithm (ops/perception_input); the rows it could not map counted in the log.
// `media_bases` gets, for the media source, what each year from..to with events rests on.
DyadSet read_ties(const Args& args, int from, int to, Context& ctx, std::size_t& unmapped_rows,
                  std::vector<networks::MediaBasis>* media_bases = nullptr) {
  const std::string& source = args.text("source");
  TieRequest request{source,
                     resolve_data_dir(args.optional_text("data")),
                     from,
                     to,
                     args.text("activity"),
                     args.text("media-count") == "mentions",
                     {args.real("threshold"), args.integer_as<std::size_t>("min-votes")}};
  std::vector<sources::UnmappedRow> unmapped;
  const TieInputs inputs{
      [&] {
        return std::make_shared<const RollCallVotes>(
            sources::read_un_votes(request.data, unmapped));
      },
      [&] {
        const perception::GdeltInputFiles files = perception::gdelt_input_files(args, ctx.log);
        perception::AggregateOptions options;
        options.by = perception::PeriodUnit::year;
        perception::GdeltAggregate summed = perception::aggregate_gdelt(files.files, options);
        if (summed.report.malformed > 0) {
          ctx.log << fmt::format("media: {} malformed GDELT lines skipped\n",
                                 summed.report.malformed);
        }
        std::vector<networks::MediaBasis> bases;
        for (const auto& [year, tally] : summed.aggregate.periods) {
          if (year >= from && year <= to)
            bases.push_back(networks::media_basis(summed.aggregate, files.files, year));
        }
        ctx.log << networks::thin_media_note(bases);
        if (media_bases != nullptr) *media_bases = std::move(bases);
        return std::make_shared<const perception::Aggregate>(std::move(summed.aggregate));
      }};
  ctx.progress.start("reading " + source, 0);
  std::size_t unpriced = 0;
  DyadSet ties = networks::read_ties(request, inputs, unmapped, unpriced, ctx.progress);
  if (unpriced > 0)
    ctx.log << fmt::format("china-diplomacy: {} projects without an amount left out\n", unpriced);
  ctx.progress.finish();
  if (!unmapped.empty()) {
    ctx.log << fmt::format("{}: {} rows not mapped to a country (e.g. {}:{}: '{}', {})\n", source,
                           unmapped.size(), unmapped.front().where.file,
                           unmapped.front().where.line, unmapped.front().value,
                           unmapped.front().reason);
    if (ctx.verbose) ctx.log << sources::unmapped_details(unmapped);
  }
  unmapped_rows = unmapped.size();
  return ties;
}

json run_imbalance(const Args& args, Context& ctx) {
  const std::string& source = args.text("source");
  const int year = args.integer_as<int>("year");
  const std::string& country = args.text("country");
  OutputFolder folder(args.text("out"), output_names(imbalance_outputs(), args));
  std::size_t unmapped = 0;
  const DyadSet ties = read_ties(args, year, year, ctx, unmapped);
  const YearGraph g = year_graph(ties, year);
  const auto at = std::find(g.labels.begin(), g.labels.end(), country);
  if (at == g.labels.end()) {
    const CountryRegistry& world = CountryRegistry::world();
    const bool known = world.find(CodeSystem::key, country) != nullptr;
    std::string suggestion = known ? std::string() : world.suggest_key(country);
    if (!suggestion.empty()) suggestion += " ";
    throw Error(
        fmt::format("--country {}: no {} ties in {} ({}a code as `softpower countries` "
                    "lists it)",
                    country, source, year, suggestion));
  }
  const auto index = static_cast<std::size_t>(at - g.labels.begin());
  folder.write("imbalance.csv", report::network_imbalance_csv(g, index));
  folder.write("concentration.csv", report::network_concentration_csv(g));
  folder.write("imbalance.html", report::imbalance_html({source, ties.weight, &g, index}));
  folder.commit();
  const std::vector<double> h = concentration(g.graph);
  std::size_t rank = 1;
  for (const double x : h) rank += x > h[index] ? 1 : 0;
  std::size_t partners = 0;
  for (const PairFlow& p : pair_flows(g.graph)) partners += p.a == index || p.b == index ? 1 : 0;
  std::string message = fmt::format(
      "{} in the {} network of {}: {} partners; concentration (Herfindahl) {:.3f}, rank {} of {} "
      "(1: the most concentrated)\nWrote {}",
      country, source, year, partners, h[index], rank, h.size(), folder.display());
  return {{"message", message},
          {"out", folder.display()},
          {"country", country},
          {"year", year},
          {"partners", partners},
          {"concentration", h[index]},
          {"concentration_rank", rank},
          {"unmapped", unmapped},
          {"files", top_level_output_names(imbalance_outputs(), args)}};
}

json run_build(const Args& args, Context& ctx) {
  const std::string& source = args.text("source");
  const auto [from, to] = years_of(args);
  OutputFolder folder(args.text("out"), output_names(build_outputs(), args));
  std::size_t unmapped = 0;
  std::vector<networks::MediaBasis> bases;
  const DyadSet ties = read_ties(args, from, to, ctx, unmapped, &bases);
  MeasureOptions options;
  options.resolution = args.real("resolution");
  options.seed = args.integer_as<std::uint64_t>("seed");
  std::string nodes, edges;
  json years = json::array();
  report::NetworkPage page{source, ties.directed, ties.weight, nullptr, nullptr, {}};
  std::optional<YearGraph> last_graph;
  NodeMeasures last_measures;
  std::string communities = csv_text(report::network_communities_columns(), {});
  ctx.progress.start("years", static_cast<std::size_t>(to - from) + 1);
  const std::optional<double> backbone_level =
      args.has("backbone") ? std::optional<double>(args.real("backbone")) : std::nullopt;
  for (int y = from; y <= to; ++y) {
    YearGraph g = year_graph(ties, y);
    const std::size_t all_ties = g.graph.edges();
    if (backbone_level) g.graph = backbone_graph(g.graph, *backbone_level);
    if (g.graph.nodes() > 0) {
      NodeMeasures m = measure(g.graph, options);
      for (std::size_t i = 0; i < g.labels.size(); ++i)
        page.pagerank_by_year[g.labels[i]].emplace_back(y, m.pagerank[i]);
      report::append_network_nodes(nodes, g, m);
      report::append_network_edges(edges, g);
      if (last_graph) {
        const CommunityChange change = compare_partitions(
            {last_graph->labels, last_measures.community}, {g.labels, m.community});
        report::append_network_communities(communities, y, last_graph->year, change);
      }
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
                       {"ties_before_backbone", all_ties},
                       {"communities", m.communities},
                       {"modularity", m.modularity},
                       {"top_pagerank", top}});
      for (const networks::MediaBasis& b : bases) {
        if (b.year == y) years.back()["basis"] = networks::media_basis_json(b);
      }
      last_graph.emplace(std::move(g));
      last_measures = std::move(m);
    }
    ctx.progress.advance();
  }
  ctx.progress.finish();
  if (years.empty()) throw Error(fmt::format("{}: no ties in {}–{}", source, from, to));
  folder.write("nodes.csv", nodes);
  folder.write("edges.csv", edges);
  folder.write("communities.csv", communities);
  page.year = &*last_graph;
  page.measures = &last_measures;
  for (const networks::MediaBasis& b : bases) {
    if (b.year == last_graph->year) page.data_note = networks::media_basis_sentence(b);
  }
  folder.write("network.html", report::network_html(page));
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
          {"weight", ties.weight}, {"unmapped", unmapped},
          {"years", years},        {"files", top_level_output_names(build_outputs(), args)}};
}

}  // namespace

std::vector<Param> network_source_params() {
  return {
      Param{"source", ParamType::choice,
            "the ties: alliances (ATOP obligations, directed, weight = kinds of pledge), igo "
            "(COW shared IGO memberships, undirected), students (origin to OECD host, 2022, "
            "% of the host's international students), migration (UN DESA migrant stock, "
            "origin to destination, 1990-2020), us-missions (the USA to each country where it is "
            "represented, weight = level 1 interests section .. 8 embassy, 1816-2024), "
            "china-diplomacy (China to each country of East Asia, the Pacific, South and Central "
            "Asia, 2000-2018, weight = --activity) un-agreement (UN General Assembly, "
            "undirected, share of identical votes) or media (GDELT events from one country's "
            "actors to another's, by the events' year, from --input)",
            "", true, true, source_names()},
      Param{"activity", ParamType::choice,
            "china-diplomacy: what a tie weighs (AidData's columns: visits, Confucius Institutes "
            "opened, students...; finance: official finance in 2017 US dollars)",
            "total_elite_visits", false, false, sources::china_diplomacy_activities()},
      Param{"input", ParamType::list,
            "media: GDELT event files, folders, globs or a master file list, as perception "
            "aggregate reads them (default: gdelt/events of the data directory)"}
          .as(ParamRole::input_file),
      Param{"media-count",
            ParamType::choice,
            "media: what a tie weighs: events, or their mentions in articles (NumMentions)",
            "events",
            false,
            false,
            {"events", "mentions"}},
      Param{"threshold", ParamType::real,
            "un-agreement: leave out ties below this share of identical votes (0: keep all, "
            "weighted)",
            "0"}
          .within(0, 1),
      Param{"min-votes", ParamType::integer,
            "un-agreement: leave out pairs that voted together on fewer roll calls in the year",
            "10"}
          .between(1, 10000)};
}

namespace {

// The source's parameters, then an operation's own, then --data, --out and --workspace.
std::vector<Param> network_params(std::vector<Param> own, const std::string& default_out) {
  std::vector<Param> params = network_source_params();
  for (Param& p : own) params.push_back(std::move(p));
  params.push_back(data_param());
  params.push_back(output_folder_param("default: " + default_out, default_out));
  params.push_back(workspace_param());
  return params;
}

}  // namespace

void register_operations(OperationRegistry& registry) {
  std::vector<Param> params = network_params(
      {Param{"year", ParamType::integer, "the year"}.between(1800, 2100),
       Param{"from", ParamType::integer, "the first year of a range (with --to)"}.between(1800,
                                                                                          2100),
       Param{"to", ParamType::integer, "the last year of a range"}.between(1800, 2100),
       Param{"resolution", ParamType::real,
             "modularity resolution of the communities (larger: more, smaller communities)", "1"}
           .within(0.01, 100),
       seed_param("random seed of the community search; the same seed gives the same "
                  "communities"),
       Param{"backbone", ParamType::real,
             "keep only the backbone: ties significant at this level from at least one end "
             "(the disparity filter, Serrano et al. 2009; e.g. 0.05), measured on it"}
           .within(1e-12, 1)},
      "out/network");
  registry.add(store::recorded(Operation{
      "network build", "A source's ties as yearly networks: centrality and communities",
      "Reads a source of ties between countries (alliances, IGO co-memberships, students, "
      "migrants, US diplomatic missions, China's public diplomacy, UN voting agreement, GDELT "
      "media attention) and, for each "
      "year, builds the network with igraph and computes every country's degree and strength, "
      "PageRank, eigenvector centrality, hub and authority scores, betweenness and harmonic "
      "closeness (distances 1 / weight) and its Leiden community (modularity), and every tie's "
      "share of its source's ties, and how each year's communities differ from the previous "
      "year's (docs/networks.md).",
      std::move(params), true, run_build, build_outputs()}));

  std::vector<Param> imbalance = network_params(
      {Param{"country", ParamType::text, "the country: an ISO3 or registry code", "", true},
       Param{"year", ParamType::integer, "the year", "", true}.between(1800, 2100)},
      "out/network-imbalance");
  registry.add(store::recorded(Operation{
      "network imbalance", "Who depends on whom: a country's flows each way and concentration",
      "For one country and year of a source of ties: with each partner, the weight each way, "
      "the flow asymmetry (net over gross: 1 all from the country, -1 all to it) and the share "
      "of each side's ties that go to the other (dependence); and for every country the "
      "Herfindahl concentration of its ties (docs/networks.md, \"Imbalance\").",
      std::move(imbalance), true, run_imbalance, imbalance_outputs()}));
}

}  // namespace softpower::networks

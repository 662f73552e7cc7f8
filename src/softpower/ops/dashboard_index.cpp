#include "softpower/ops/dashboard_index.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <sstream>

#include "softpower/core/countries.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/ops/dashboard.hpp"
#include "softpower/ops/dashboard_method.hpp"
#include "softpower/ops/index.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower {

namespace fs = std::filesystem;
using nlohmann::json;

// A JSON number in its shortest round-trip form, or null for NaN and infinities.
void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buffer[32];
  char* end = nullptr;
  if (v == std::trunc(v) && std::abs(v) < 1e15) {
    // Ranks and counts: integer digits are much cheaper than the shortest-double search.
    end = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(v)).ptr;
  } else {
    end = fmt::format_to(buffer, FMT_COMPILE("{}"), v);  // shortest round trip (Dragonbox)
  }
  out.append(buffer, end);
}

json json_number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json();
}

const index::YearResult& DashboardIndex::year(int y) const {
  for (const auto& yr : result.years) {
    if (yr.year == y) return yr;
  }
  throw Error(fmt::format("--year: {} is not one of the index years", y));
}

std::shared_ptr<const DashboardIndex> build_dashboard_index(const fs::path& spec_path,
                                                            const fs::path& data_dir) {
  return build_dashboard_index(read_file(spec_path), spec_path, data_dir);
}

std::shared_ptr<const DashboardIndex> build_dashboard_index(const std::string& spec_text,
                                                            const fs::path& spec_path,
                                                            const fs::path& data_dir) {
  auto d = std::make_shared<DashboardIndex>();
  d->spec_path = spec_path;
  d->spec = index::parse_spec(spec_text, spec_path.string());
  // The datasets as `index build` reads them (network measures included); what reading
  // notes is not the dashboard's to print.
  Progress progress;
  std::ostringstream notes;
  Context quiet{progress, notes, nullptr};
  index::LoadedData loaded = index::load_data(d->spec, data_dir, quiet);
  d->provenance = std::move(loaded.provenance);
  d->pipeline = std::make_unique<index::Pipeline>(d->spec);
  d->input = index::assemble_input(d->spec, loaded.datasets, loaded.groups);
  d->result = d->pipeline->run(d->input);
  if (d->result.years.empty()) throw Error(spec_path.string() + ": the index has no year");
  for (const auto& yr : d->result.years) {
    d->reweighters[yr.year] = std::make_unique<index::Reweighter>(*d->pipeline, yr);
  }
  const index::Framework& f = d->pipeline->framework();
  d->pillars = f.nodes()[static_cast<std::size_t>(f.root())].children;
  for (int p : d->pillars) d->pillar_codes.push_back(f.nodes()[static_cast<std::size_t>(p)].code);
  for (const auto& code : d->input.units) {
    d->names.push_back(CountryRegistry::world().display_name(code));
    d->unit_prefix.push_back(
        fmt::format(R"({{"iso3":{},"name":{})", json(code).dump(), json(d->names.back()).dump()));
  }
  for (const auto& code : d->pillar_codes) d->pillar_keys.push_back(json(code).dump() + ":");
  const int root = f.root();
  for (const auto& yr : d->result.years) {
    DashboardIndex::YearText& text = d->text[yr.year];
    for (std::size_t r = 0; r < yr.rows.size(); ++r) {
      const auto row = static_cast<Eigen::Index>(r);
      std::string t = R"(,"nominal_rank":)";
      append_json_number(t, yr.ranks(row, root));
      t += R"(,"pillars":{)";
      for (std::size_t p = 0; p < d->pillars.size(); ++p) {
        if (p > 0) t += ',';
        t += d->pillar_keys[p];
        append_json_number(t, yr.scores(row, d->pillars[p]));
      }
      t += "}}";
      text.typical_size +=
          d->unit_prefix[static_cast<std::size_t>(yr.rows[r])].size() + t.size() + 64;
      text.rank_and_pillars.push_back(std::move(t));
    }
    text.typical_size += 256;
  }
  d->framework = json::array();
  for (std::size_t n = 0; n < f.nodes().size(); ++n) {
    const index::Node& node = f.nodes()[n];
    json j = {
        {"code", node.code},
        {"name", node.name},
        {"level", node.level},
        {"weight", node.weight},
        {"indicator", node.is_indicator},
        {"parent",
         node.parent < 0 ? json() : json(f.nodes()[static_cast<std::size_t>(node.parent)].code)}};
    json children = json::array();
    for (int c : node.children) children.push_back(f.nodes()[static_cast<std::size_t>(c)].code);
    j["children"] = children;
    d->framework.push_back(std::move(j));
  }
  return d;
}

namespace {

json unit_row(const DashboardIndex& d, const index::YearResult& yr, std::size_t r,
              const Eigen::MatrixXd& scores, double rank) {
  const int root = d.pipeline->framework().root();
  const auto row = static_cast<Eigen::Index>(r);
  const std::string& code = d.input.units[static_cast<std::size_t>(yr.rows[r])];
  json pillars = json::object();
  for (std::size_t k = 0; k < d.pillars.size(); ++k) {
    const double v = scores(row, d.pillars[k]);
    pillars[d.pillar_codes[k]] = std::isnan(v) ? json() : json(v);
  }
  const double score = scores(row, root);
  return {{"iso3", code},
          {"name", d.names[static_cast<std::size_t>(yr.rows[r])]},
          {"score", std::isnan(score) ? json() : json(score)},
          {"rank", std::isnan(rank) ? json() : json(rank)},
          {"pillars", std::move(pillars)}};
}

}  // namespace

std::optional<fs::path> dashboard_workspace(Context& ctx) {
  if (ctx.cache != nullptr) {
    if (auto ws = ctx.cache->find<fs::path>(kServerWorkspaceKey)) return *ws;
    return std::nullopt;
  }
  const char* env = std::getenv("SOFTPOWER_WORKSPACE");
  if (env == nullptr || *env == '\0') return std::nullopt;
  return store::resolve_workspace(std::nullopt);
}

std::string dashboard_key(const Args& args) {
  const std::string data = " on " + resolve_data_dir(args.optional_text("data")).string();
  if (args.has("saved")) return "saved index " + args.text("saved") + data;
  if (!args.has("spec")) return {};
  return "index " + args.text("spec") + data;
}

namespace {

// The spec saved in the workspace as `name` (its latest version), built once per version.
std::shared_ptr<const DashboardIndex> saved_index(const Args& args, Context& ctx) {
  if (args.has("spec")) throw Error("--saved: give --spec or --saved, not both");
  const std::string& name = args.text("saved");
  const auto path = dashboard_workspace(ctx);
  if (!path) throw Error("--saved: there is no workspace here whose specs could be shown");
  const auto record = store::Workspace::open_read_only(*path).spec(name);
  if (!record) {
    throw Error("--saved: no spec '" + name + "' in the workspace " + path->string() +
                " (GET /api/index/list lists them)");
  }
  const fs::path data = resolve_data_dir(args.optional_text("data"));
  return *cached<std::shared_ptr<const DashboardIndex>>(
      ctx, dashboard_key(args) + " " + record->sha256,
      [&] { return build_dashboard_index(record->text, record->source, data); });
}

}  // namespace

std::string rank_intervals_key(const Args& args) {
  const std::string key = dashboard_key(args);
  return key.empty() ? std::string(kRankIntervalsKey)
                     : std::string(kRankIntervalsKey) + " of " + key;
}

std::shared_ptr<const DashboardIndex> dashboard_of(const Args& args, Context& ctx) {
  if (args.has("saved")) return saved_index(args, ctx);
  if (args.has("spec")) {
    const fs::path spec = args.text("spec");
    const fs::path data = resolve_data_dir(args.optional_text("data"));
    return *cached<std::shared_ptr<const DashboardIndex>>(
        ctx, dashboard_key(args), [&] { return build_dashboard_index(spec, data); });
  }
  if (ctx.cache != nullptr) {
    if (auto built = ctx.cache->find<DashboardIndex>(kDashboardIndexKey)) return built;
    if (auto why = ctx.cache->find<std::string>(kDashboardIndexErrorKey))
      throw Unavailable("--spec: the server's index is not available (" + *why + "): name a spec");
  }
  throw Error("--spec: no dashboard index here: name the index's spec");
}

index::MonteCarloOptions dashboard_monte_carlo(const Args& args, const DashboardIndex& d) {
  index::MonteCarloOptions mc;
  mc.runs = args.integer_as<std::size_t>("runs");
  mc.seed = args.integer_as<std::uint64_t>("seed");
  mc.year = dashboard_year(args, d);
  mc.threads = 1;  // a server leaves the other cores to the requests
  return mc;
}

std::vector<std::size_t> best_first(const index::YearResult& yr, int root) {
  std::vector<std::size_t> order(yr.rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double ra = yr.ranks(static_cast<Eigen::Index>(a), root);
    const double rb = yr.ranks(static_cast<Eigen::Index>(b), root);
    if (std::isnan(ra)) return false;
    return std::isnan(rb) || ra < rb;
  });
  return order;
}

int dashboard_year(const Args& args, const DashboardIndex& d) {
  const int y = args.has("year") ? args.integer_as<int>("year") : d.result.years.back().year;
  (void)d.year(y);  // throws when the index has no such year
  return y;
}

namespace {

json scores(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  const int y = dashboard_year(args, d);
  const index::YearResult& yr = d.year(y);
  std::shared_ptr<const RankIntervals> iv;
  if (ctx.cache != nullptr) iv = ctx.cache->find<RankIntervals>(rank_intervals_key(args));
  const int root = d.pipeline->framework().root();
  const std::vector<std::size_t> order = best_first(yr, root);
  json units = json::array();
  for (std::size_t r : order) {
    json row = unit_row(d, yr, r, yr.scores, yr.ranks(static_cast<Eigen::Index>(r), root));
    if (iv && iv->year == y) {
      auto it = iv->by_unit.find(row["iso3"].get<std::string>());
      if (it != iv->by_unit.end()) {
        row["interval"] = {{"q05", it->second.q05},
                           {"q95", it->second.q95},
                           {"median", it->second.median},
                           {"mean", it->second.mean}};
      }
    }
    units.push_back(std::move(row));
  }
  json years = json::array();
  for (const auto& r : d.result.years) years.push_back(r.year);
  json weights = json::object();
  for (std::size_t k = 0; k < d.pillars.size(); ++k)
    weights[d.pillar_codes[k]] = yr.weights[static_cast<std::size_t>(d.pillars[k])];
  json out = {{"name", d.spec.name},
              {"description", d.spec.description},
              {"spec", d.spec_path.string()},
              {"year", y},
              {"years", years},
              {"pillars", d.pillar_codes},
              {"weights", weights},
              {"framework", d.framework},
              {"units", units}};
  out["intervals"] = iv ? json{{"year", iv->year}, {"runs", iv->runs}, {"seed", iv->seed}} : json();
  return out;
}

// An aggregate whose children all weigh 0 has no score (0/0): a ranking of nulls. Refused
// where the request made it so (a spec's own zero weights are the index layer's to judge).
void refuse_all_zero(const DashboardIndex& d, const index::YearResult& yr,
                     const std::vector<double>& weights) {
  for (const index::Node& node : d.pipeline->framework().nodes()) {
    if (node.children.empty()) continue;
    bool zero = true, nominal_zero = true;
    for (int c : node.children) {
      const auto child = static_cast<std::size_t>(c);
      zero = zero && weights[child] == 0;
      nominal_zero = nominal_zero && yr.weights[child] == 0;
    }
    if (zero && !nominal_zero) {
      throw Error("--weights: the weights of every part of '" + node.code +
                  "' are 0, so it has no score: give at least one a weight above 0");
    }
  }
}

// The hot path of the weight sliders: the ranking is written straight into the answer's text
// (nlohmann's objects cost more than the reweighting itself).
Answer ranking(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  const int y = dashboard_year(args, d);
  const index::YearResult& yr = d.year(y);
  const index::Reweighter& rw = *d.reweighters.at(y);
  const bool with_pillars = args.flag("pillars");
  std::vector<double> weights;
  index::Ranking ranking;
  try {
    weights = rw.weights(args.mapping("weights"));
    refuse_all_zero(d, yr, weights);
    ranking = rw.rank(weights);
  } catch (const Error& e) {
    const std::string what = e.what();
    throw Error(what.rfind("--", 0) == 0 ? what : "--weights: " + what);
  }
  const int root = d.pipeline->framework().root();
  const DashboardIndex::YearText& text = d.text.at(y);
  std::string out;
  out.reserve(text.typical_size);
  fmt::format_to(std::back_inserter(out), R"({{"year":{},"weights":{{)", y);
  for (std::size_t k = 0; k < d.pillars.size(); ++k) {
    if (k > 0) out += ',';
    out += d.pillar_keys[k];
    append_json_number(out, weights[static_cast<std::size_t>(d.pillars[k])]);
  }
  out += R"(},"ranking":[)";
  for (std::size_t k = 0; k < ranking.order.size(); ++k) {
    const auto r = static_cast<Eigen::Index>(ranking.order[k]);
    const auto unit = static_cast<std::size_t>(ranking.rows[static_cast<std::size_t>(r)]);
    if (k > 0) out += ',';
    out += d.unit_prefix[unit];
    out += R"(,"score":)";
    append_json_number(out, ranking.scores(r, root));
    out += R"(,"rank":)";
    append_json_number(out, ranking.ranks[static_cast<std::size_t>(r)]);
    if (!with_pillars) {
      out += R"(,"nominal_rank":)";
      append_json_number(out, yr.ranks(r, root));
      out += '}';
      continue;
    }
    // Pillar scores move only when weights below the pillars change; a slider on a pillar
    // leaves them as built, and their text is then taken from the cache.
    bool nominal = true;
    for (int p : d.pillars) {
      const double now = ranking.scores(r, p), was = yr.scores(r, p);
      if (!(now == was || (std::isnan(now) && std::isnan(was)))) {
        nominal = false;
        break;
      }
    }
    if (nominal) {
      out += text.rank_and_pillars[static_cast<std::size_t>(r)];
      continue;
    }
    out += R"(,"nominal_rank":)";
    append_json_number(out, yr.ranks(r, root));
    out += R"(,"pillars":{)";
    for (std::size_t p = 0; p < d.pillars.size(); ++p) {
      if (p > 0) out += ',';
      out += d.pillar_keys[p];
      append_json_number(out, ranking.scores(r, d.pillars[p]));
    }
    out += "}}";
  }
  out += "]}";
  return {std::move(out)};
}

// Rank intervals of the dashboard index by Monte Carlo; a server keeps them in its cache,
// where `index scores` adds each unit's interval.
json intervals(const Args& args, Context& ctx) {
  const std::shared_ptr<const DashboardIndex> built = dashboard_of(args, ctx);
  const DashboardIndex& d = *built;
  const index::MonteCarloOptions mc = dashboard_monte_carlo(args, d);
  const index::UncertaintyResult r =
      index::uncertainty_analysis(*d.pipeline, d.input, mc, ctx.progress);
  auto iv = std::make_shared<RankIntervals>();
  iv->year = r.year;
  iv->runs = r.replications.size();
  iv->seed = mc.seed;
  json units = json::array();
  for (const auto& u : r.ranks) {
    iv->by_unit[u.unit] = u;
    units.push_back(
        {{"iso3", u.unit}, {"q05", u.q05}, {"median", u.median}, {"q95", u.q95}, {"mean", u.mean}});
  }
  json out = {{"year", r.year},
              {"runs", r.replications.size()},
              {"failed", r.failed},
              {"seed", mc.seed},
              {"units", std::move(units)}};
  if (ctx.cache != nullptr) ctx.cache->put<RankIntervals>(rank_intervals_key(args), std::move(iv));
  return out;
}

}  // namespace

Param dashboard_spec_param() {
  return Param{"spec", ParamType::path, "index spec file (default on a server: its dashboard's)",
               "",     false,           true}
      .as(ParamRole::input_file);
}

Param dashboard_saved_param() {
  return Param{"saved", ParamType::text,
               "an index spec saved in the workspace, by name (its latest version; GET "
               "/api/index/list lists them), instead of --spec"};
}

Param dashboard_year_param() {
  return Param{"year", ParamType::integer, "index year (default: the last)"}.between(1000, 9999);
}

void register_dashboard_index_operations(OperationRegistry& registry) {
  const Param year = dashboard_year_param();
  registry.add(dashboard_operation(
      "index scores",
      "An index's scores, ranks and pillar scores for a year, with rank intervals once computed",
      "The dashboard's index: its framework with nominal weights and every unit with score, "
      "rank and pillar scores, best first; on a server, the index of its --spec, kept in memory, "
      "with each unit's rank interval once POST /api/index/intervals has computed them. On the "
      "command line, the index of SPEC.",
      {dashboard_spec_param(), dashboard_saved_param(), year, data_param()}, scores));

  Operation ranking_op{
      "index ranking",
      "The ranking under changed weights, at once (the dashboard's weight sliders)",
      "Reweights the built index without rebuilding it (docs/index-reweight.md): every unit's "
      "score, rank, nominal rank and pillar scores, best first, with the weights given for "
      "pillars or any node and the rest as the spec has them. On a server, the index of its "
      "--spec, kept in memory; an answer for 200 units takes well under a millisecond.",
      {dashboard_spec_param(), dashboard_saved_param(),
       Param{"weights", ParamType::mapping,
             "new weights by node code: code=weight, repeatable (JSON: {code: weight})"}
           .within(0, index::kMaxWeight),
       year,
       Param{"pillars", ParamType::flag,
             "with each unit's pillar scores (--pillars=false: only the ranking)", "true"},
       data_param()}};
  ranking_op.answer = ranking;
  ranking_op.instant = true;
  ranking_op.http_path = "/api/index/reweight";
  registry.add(std::move(ranking_op));

  Operation intervals_op{
      "index intervals",
      "Rank intervals of the dashboard index by Monte Carlo (a background job on a server)",
      "Replicates the index under the uncertainty its spec declares (docs/index-uncertainty.md) "
      "and answers each unit's 5th, 50th and 95th percentile and mean rank. A server runs it as "
      "a job, on one core, and keeps the intervals of its own index in memory, where GET "
      "/api/index/scores shows them; `index uncertainty` writes the full analysis to files.",
      {dashboard_spec_param(), dashboard_saved_param(),
       Param{"runs", ParamType::integer, "replications", "200"}.between(2, 5000),
       seed_param("random seed; the same seed gives the same intervals"), year, data_param()},
      false,
      intervals};
  intervals_op.job = true;
  registry.add(std::move(intervals_op));
  register_dashboard_analyst_operations(registry);
  register_dashboard_method_operations(registry);
}

}  // namespace softpower

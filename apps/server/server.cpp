#include "apps/server/server.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <atomic>
#include <charconv>
#include <cmath>
#include <fstream>
#include <semaphore>
#include <sstream>
#include <thread>

#include "apps/server/api.hpp"
#include "apps/server/jobs.hpp"
#include "apps/server/rate_limit.hpp"
#include "apps/server/request_policy.hpp"
#include "apps/server/static_files.hpp"
#include "softpower/alignment/agreement.hpp"
#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/build_info.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/diffusion/ensemble.hpp"
#include "softpower/diffusion/scenario.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/reweight.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/index/uncertainty.hpp"
#include "softpower/operations.hpp"
#include "softpower/ops/perception_input.hpp"
#include "softpower/ops/votes_input.hpp"
#include "softpower/perception/aggregate.hpp"
#include "softpower/perception/series.hpp"
#include "softpower/sources/gdelt_input.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/listing.hpp"
#include "softpower/store/workspace.hpp"

// After Eigen: httplib.h (through OpenSSL) defines macros that break Eigen's headers.
#include <httplib.h>

#include "apps/server/connections.hpp"

namespace softpower::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

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

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, const ApiError& e) {
  send_json(res, e.status(), e.body());
}

// A country given as ISO3 or registry key, as the registry key; ApiError 400 otherwise.
std::string country_key(const std::string& given, const std::string& param) {
  const CountryRegistry& world = CountryRegistry::world();
  if (world.find(CodeSystem::key, given) != nullptr) return given;
  if (const Country* c = world.find(CodeSystem::iso3, given)) return c->code;
  throw ApiError(400, "'" + given + "' is not a country code (GET /api/countries lists them)",
                 param);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool same_token(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The dashboard's index: built once, reweighted on every slider move.
struct DashboardIndex {
  index::Spec spec;
  std::unique_ptr<index::Pipeline> pipeline;
  index::IndexInput input;
  index::IndexResult result;
  std::map<int, std::unique_ptr<index::Reweighter>> reweighters;  // by year
  std::vector<int> pillars;                                       // the root's children
  std::vector<std::string> pillar_codes;
  std::vector<std::string> names;        // per unit of input
  std::vector<std::string> unit_prefix;  // per unit of input: {"iso3":"USA","name":"..."
  std::vector<std::string> pillar_keys;  // "culture":
  json framework;
  // The reweighting answer's text that stays as built: per year and row,
  // ,"nominal_rank":R,"pillars":{...}} with the built pillar scores.
  struct YearText {
    std::vector<std::string> rank_and_pillars;
    std::size_t typical_size = 0;  // of a whole answer, to reserve once
  };
  std::map<int, YearText> text;

  const index::YearResult& year(int y) const {
    for (const auto& yr : result.years) {
      if (yr.year == y) return yr;
    }
    throw ApiError(400, fmt::format("{} is not one of the index years", y), "year");
  }
};

std::unique_ptr<DashboardIndex> build_index(const fs::path& spec_path, const fs::path& data_dir) {
  auto d = std::make_unique<DashboardIndex>();
  d->spec = index::parse_spec(read_file(spec_path), spec_path.string());
  std::map<std::string, Panel> datasets;
  index::UnitGroups groups;
  for (const std::string& id : d->spec.datasets) {
    sources::ReadResult read = sources::reader(id).read(data_dir);
    for (auto& [attribute, by_unit] : read.groups) groups[attribute].merge(by_unit);
    datasets.emplace(id, std::move(read.panel));
  }
  d->pipeline = std::make_unique<index::Pipeline>(d->spec);
  d->input = index::assemble_input(d->spec, datasets, groups);
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

struct Intervals {
  int year = 0;
  std::size_t runs = 0;
  std::uint64_t seed = 0;
  std::map<std::string, index::UnitRanks> by_unit;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  PathPolicy policy;
  HostPolicy hosts;
  HttpServer http;
  std::thread listener;
  int port = 0;
  std::unique_ptr<JobManager> jobs;
  RateLimiter limiter;
  std::counting_semaphore<64> sync_slots;
  std::atomic<std::uint64_t> out_counter{0};
  std::atomic<std::size_t> open_streams{0};
  std::unique_ptr<DashboardIndex> dashboard;
  std::string dashboard_error;
  std::mutex intervals_mutex;
  std::shared_ptr<const Intervals> intervals;
  std::shared_ptr<Job> intervals_job;
  // Loaded on first use and kept: the UN votes and the GDELT aggregate.
  std::mutex votes_mutex;
  std::unique_ptr<RollCallVotes> votes;
  std::mutex ideal_mutex;
  std::shared_ptr<const alignment::IdealPointResult> ideal;
  std::shared_ptr<Job> ideal_job;
  std::mutex perception_mutex;
  std::map<std::string, std::unique_ptr<perception::Aggregate>> aggregates;  // by period unit

  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        hosts(options.host),
        limiter(options.rate, options.burst),
        sync_slots(
            static_cast<std::ptrdiff_t>(std::clamp<std::size_t>(options.max_sync_calls, 1, 64))) {}

  bool may_write(const httplib::Request& req) const {
    if (options.write_token.empty()) return false;
    std::string given = req.get_header_value("X-Softpower-Token");
    const std::string auth = req.get_header_value("Authorization");
    if (given.empty() && auth.rfind("Bearer ", 0) == 0) given = auth.substr(7);
    return same_token(given, options.write_token);
  }

  void require_write(const httplib::Request& req, const std::string& what) const {
    if (options.write_token.empty())
      throw ApiError(403, what + " writes; this server is read-only (start it with --write-token)");
    if (!may_write(req))
      throw ApiError(403, what + " writes: send the write token as 'Authorization: Bearer TOKEN'");
  }

  const DashboardIndex& index() const {
    if (!dashboard)
      throw ApiError(503, "the dashboard's index is not available: " + dashboard_error);
    return *dashboard;
  }

  // ---- the generated API

  json describe_api() const {
    json ops = json::array();
    for (const Operation& op : operations().all()) {
      json d = op.describe();
      d["method"] = "POST";
      d["path"] = operation_path(op);
      ops.push_back(std::move(d));
    }
    json roots = json::array();
    for (const auto& r : policy.read_roots) roots.push_back(r.string());
    const auto endpoint = [](std::string method, std::string path, std::string summary,
                             json params = json::array()) {
      return json{{"method", std::move(method)},
                  {"path", std::move(path)},
                  {"summary", std::move(summary)},
                  {"params", std::move(params)}};
    };
    const auto p = [](std::string name, std::string type, std::string help, bool required = false) {
      return json{{"name", std::move(name)},
                  {"type", std::move(type)},
                  {"help", std::move(help)},
                  {"required", required}};
    };
    json endpoints = json::array(
        {endpoint("GET", "/api", "this list"),
         endpoint("GET", "/api/index/scores",
                  "the dashboard index: framework with nominal weights, units with score, rank, "
                  "pillar scores and rank intervals when computed",
                  {p("year", "integer", "index year (default: the last)")}),
         endpoint("POST", "/api/index/reweight", "the ranking under new weights (JSON body)",
                  {p("weights", "object", "{code: weight >= 0} for pillars or any node", true),
                   p("year", "integer", "index year (default: the last)"),
                   p("pillars", "boolean",
                     "false: leave each country's pillar scores out (a smaller answer; "
                     "default true)")}),
         endpoint("POST", "/api/index/intervals",
                  "start a background job computing rank intervals of the dashboard index "
                  "(read-only, kept in memory; GET /api/index/scores shows them)",
                  {p("runs", "integer", "replications (default 200, at most 5000)"),
                   p("seed", "integer", "random seed (default 1)")}),
         endpoint("GET", "/api/countries", "the country registry",
                  {p("index", "flag", "only the countries of the dashboard index")}),
         endpoint("GET", "/api/runs", "runs recorded in the workspace, newest first",
                  {p("limit", "integer", "at most this many (default 50)")}),
         endpoint("GET", "/api/runs/{id}", "one run with its provenance and result names"),
         endpoint("GET", "/api/runs/{id}/results/{name}", "one result of a run, as stored"),
         endpoint("GET", "/api/alignment/agreement",
                  "UN General Assembly agreement of a country with partners, per session or year",
                  {p("country", "text", "ISO3 code", true),
                   p("partners", "text", "ISO3 codes, comma-separated", true),
                   p("by", "choice", "session (default) or year")}),
         endpoint("GET", "/api/alignment/ideal-points",
                  "dynamic ideal points per UN session (the first call starts a job: 202 with "
                  "its id; ask again when it has ended)",
                  {p("countries", "text", "ISO3 codes, comma-separated", true)}),
         endpoint("GET", "/api/perception/series",
                  "a country's media treatment over time (GDELT) with its change points",
                  {p("country", "text", "ISO3 code", true),
                   p("partner", "text", "ISO3 code of the source (role dyad)"),
                   p("role", "choice", "target (default), source or dyad"),
                   p("measure", "choice",
                     "tone (default), mean_tone, goldstein, events, mentions, "
                     "share, coop, q1, q2, q3, q4"),
                   p("by", "choice", "day, week, month (default), quarter or year")}),
         endpoint("GET", "/api/simulation/scenarios", "the example scenarios (examples/scenarios)"),
         endpoint("POST", "/api/simulation",
                  "start a background job running a scenario's ensemble in memory (read-only); "
                  "its result has each measure's mean and 95% interval over time",
                  {p("scenario", "path", "a scenario file, e.g. scenarios/small.toml", true),
                   p("runs", "integer", "runs in the ensemble, 1-100 (default 5)"),
                   p("seed", "integer", "random seed (default 1)")}),
         endpoint("GET", "/api/jobs", "every job with its state"),
         endpoint("POST", "/api/jobs", "start an operation as a background job",
                  {p("operation", "text", "an operation's name, e.g. 'index uncertainty'", true),
                   p("params", "object", "its parameters, as for POST on its path")}),
         endpoint("GET", "/api/jobs/{id}", "state, progress and result"),
         endpoint("GET", "/api/jobs/{id}/events", "Server-Sent Events: progress, then end"),
         endpoint("DELETE", "/api/jobs/{id}", "cancel")});
    return {{"name", "softpower"},
            {"version", SOFTPOWER_VERSION},
            {"writable", !options.write_token.empty()},
            {"hosts", hosts.names()},
            {"read_roots", roots},
            {"out_root", policy.out_root.string()},
            {"limits",
             {{"max_body_bytes", options.max_body},
              {"rate_per_second", options.rate},
              {"burst", options.burst},
              {"max_queued_jobs", options.max_queued_jobs},
              {"keep_jobs", options.keep_jobs},
              {"max_connections", options.max_connections},
              {"max_connections_per_client", options.max_connections_per_client},
              {"max_sync_calls", options.max_sync_calls}}},
            {"operations", ops},
            {"endpoints", endpoints}};
  }

  // Validated, confined arguments of an operation from a JSON object of parameters.
  Args prepare_args(const Operation& op, const json& params) {
    const Args validated = args_from_json(op, params);
    std::string slug = op.name;
    std::replace(slug.begin(), slug.end(), ' ', '-');
    return confine_args(op, validated, policy, fmt::format("{}-{}", slug, ++out_counter));
  }

  void run_operation(const Operation& op, const httplib::Request& req, httplib::Response& res) {
    if (op.writes) require_write(req, "'" + op.name + "'");
    const Args args = prepare_args(op, parse_body(req.body));
    if (!sync_slots.try_acquire()) {
      res.set_header("Retry-After", "1");
      throw ApiError(503,
                     "the server is running as many operations as it may; retry, or use "
                     "POST /api/jobs");
    }
    struct Release {
      std::counting_semaphore<64>& s;
      ~Release() { s.release(); }
    } release{sync_slots};
    Progress progress;
    std::ostringstream log;
    Context ctx{progress, log};
    try {
      json result = op.run(args, ctx);
      if (!log.str().empty()) result["log"] = log.str();
      send_json(res, 200, result);
    } catch (const Error& e) {
      throw ApiError(400, e.what());
    }
  }

  // ---- dashboard

  json unit_row(const DashboardIndex& d, const index::YearResult& yr, std::size_t r,
                const Eigen::MatrixXd& scores, double rank) const {
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

  int year_of(const DashboardIndex& d, const json& value) const {
    if (value.is_null()) return d.result.years.back().year;
    if (!value.is_number_integer()) throw ApiError(400, "must be an integer", "year");
    return value.get<int>();
  }

  // An aggregate whose children all weigh 0 has no score (0/0): a ranking of nulls. Refused
  // where the request made it so (a spec's own zero weights are the index layer's to judge).
  static void refuse_all_zero(const DashboardIndex& d, const index::YearResult& yr,
                              const std::vector<double>& weights) {
    const index::Framework& f = d.pipeline->framework();
    for (const index::Node& node : f.nodes()) {
      if (node.children.empty()) continue;
      bool zero = true, nominal_zero = true;
      for (int c : node.children) {
        const auto child = static_cast<std::size_t>(c);
        zero = zero && weights[child] == 0;
        nominal_zero = nominal_zero && yr.weights[child] == 0;
      }
      if (zero && !nominal_zero) {
        throw Error("the weights of every part of '" + node.code +
                    "' are 0, so it has no score: give at least one a weight above 0");
      }
    }
  }

  // The hot path of the weight sliders: the ranking is written straight into the answer's
  // text (nlohmann's objects cost more than the reweighting itself).
  std::string reweight(const json& body) {
    const DashboardIndex& d = index();
    if (!body.contains("weights") || !body["weights"].is_object())
      throw ApiError(400, "give the weights as an object {code: weight}", "weights");
    for (const auto& [key, value] : body.items()) {
      if (key != "weights" && key != "year" && key != "pillars")
        throw ApiError(400, "unknown parameter", key);
    }
    // "pillars": false leaves the pillar scores out (the weights page shows only the ranking).
    bool with_pillars = true;
    if (body.contains("pillars")) {
      if (!body["pillars"].is_boolean()) throw ApiError(400, "must be true or false", "pillars");
      with_pillars = body["pillars"].get<bool>();
    }
    const int y = year_of(d, body.contains("year") ? body["year"] : json());
    const index::YearResult& yr = d.year(y);
    const index::Reweighter& rw = *d.reweighters.at(y);
    std::map<std::string, double> changes;
    for (const auto& [code, w] : body["weights"].items()) {
      if (!w.is_number())
        throw ApiError(400, "weight of '" + code + "' is not a number", "weights");
      changes[code] = w.get<double>();
    }
    std::vector<double> weights;
    index::Ranking ranking;
    try {
      weights = rw.weights(changes);
      refuse_all_zero(d, yr, weights);
      ranking = rw.rank(weights);
    } catch (const Error& e) {
      throw ApiError(400, e.what(), "weights");
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
        const double now = ranking.scores(r, p), built = yr.scores(r, p);
        if (!(now == built || (std::isnan(now) && std::isnan(built)))) {
          nominal = false;
          break;
        }
      }
      if (nominal) {
        out += text.rank_and_pillars[static_cast<std::size_t>(r)];
      } else {
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
    }
    out += "]}";
    return out;
  }

  json scores(const httplib::Request& req) {
    const DashboardIndex& d = index();
    int y = d.result.years.back().year;
    if (req.has_param("year")) {
      try {
        y = std::stoi(req.get_param_value("year"));
      } catch (const std::exception&) {
        throw ApiError(400, "must be an integer", "year");
      }
    }
    const index::YearResult& yr = d.year(y);
    std::shared_ptr<const Intervals> iv;
    json job;
    {
      std::lock_guard<std::mutex> lock(intervals_mutex);
      iv = intervals;
      if (intervals_job) job = intervals_job->status();
    }
    const int root = d.pipeline->framework().root();
    std::vector<std::size_t> order(yr.rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double ra = yr.ranks(static_cast<Eigen::Index>(a), root);
      const double rb = yr.ranks(static_cast<Eigen::Index>(b), root);
      if (std::isnan(ra)) return false;
      return std::isnan(rb) || ra < rb;
    });
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
                {"spec", options.spec.string()},
                {"year", y},
                {"years", years},
                {"pillars", d.pillar_codes},
                {"weights", weights},
                {"framework", d.framework},
                {"units", units}};
    out["intervals"] =
        iv ? json{{"year", iv->year}, {"runs", iv->runs}, {"seed", iv->seed}} : json();
    if (!job.is_null()) out["intervals_job"] = job;
    return out;
  }

  json start_intervals(const json& body) {
    const DashboardIndex& d = index();
    for (const auto& [key, value] : body.items()) {
      if (key != "runs" && key != "seed") throw ApiError(400, "unknown parameter", key);
      if (!value.is_number_integer()) throw ApiError(400, "must be an integer", key);
    }
    index::MonteCarloOptions mc;
    mc.runs = 200;
    if (body.contains("runs")) {
      const auto runs = body["runs"].get<long long>();
      if (runs < 2 || runs > 5000) throw ApiError(400, "must be between 2 and 5000", "runs");
      mc.runs = static_cast<std::size_t>(runs);
    }
    if (body.contains("seed")) mc.seed = body["seed"].get<std::uint64_t>();
    mc.year = d.result.years.back().year;
    mc.threads = 1;  // leave the other cores to the requests
    auto job = jobs->submit(
        "index intervals", {{"runs", mc.runs}, {"seed", mc.seed}},
        [this, &d, mc](Progress& progress) {
          const index::UncertaintyResult r =
              index::uncertainty_analysis(*d.pipeline, d.input, mc, progress);
          if (r.cancelled) throw Error("cancelled");
          auto iv = std::make_shared<Intervals>();
          iv->year = r.year;
          iv->runs = r.replications.size();
          iv->seed = mc.seed;
          for (const auto& u : r.ranks) iv->by_unit[u.unit] = u;
          std::lock_guard<std::mutex> lock(intervals_mutex);
          intervals = iv;
          return json{{"year", r.year}, {"runs", r.replications.size()}, {"failed", r.failed}};
        });
    if (!job) throw ApiError(429, "too many jobs are queued; retry later");
    std::lock_guard<std::mutex> lock(intervals_mutex);
    intervals_job = job;
    return {{"id", job->id()}, {"events", fmt::format("/api/jobs/{}/events", job->id())}};
  }

  json countries(const httplib::Request& req) {
    std::set<std::string> in_index;
    if (dashboard) in_index.insert(dashboard->input.units.begin(), dashboard->input.units.end());
    const bool only_index = req.has_param("index") && req.get_param_value("index") != "false";
    json out = json::array();
    for (const Country& c : CountryRegistry::world().all()) {
      const bool listed = in_index.count(c.code) > 0;
      if (only_index && !listed) continue;
      out.push_back({{"code", c.code},
                     {"iso3", c.iso3},
                     {"iso2", c.iso2},
                     {"iso_numeric", c.iso_numeric > 0 ? json(c.iso_numeric) : json()},
                     {"m49", c.m49 > 0 ? json(c.m49) : json()},
                     {"name", c.name},
                     {"region", c.region},
                     {"subregion", c.subregion},
                     {"status", country_status_name(c.status)},
                     {"in_index", listed}});
    }
    return out;
  }

  store::Workspace open_workspace() const {
    if (!policy.workspace) throw ApiError(404, "this server has no workspace (--workspace FILE)");
    if (!fs::exists(*policy.workspace))
      throw ApiError(404, "the workspace " + policy.workspace->string() + " does not exist yet");
    try {
      return store::Workspace::open_read_only(*policy.workspace);
    } catch (const Error& e) {
      throw ApiError(500, e.what());
    }
  }

  json runs(const httplib::Request& req) {
    std::size_t limit = 50;
    if (req.has_param("limit")) {
      try {
        limit = static_cast<std::size_t>(std::stoul(req.get_param_value("limit")));
      } catch (const std::exception&) {
        throw ApiError(400, "must be a non-negative integer", "limit");
      }
    }
    store::Workspace ws = open_workspace();
    json out = json::array();
    for (const auto& r : ws.runs(limit)) out.push_back(store::run_json(r));
    return {{"workspace", policy.workspace->string()}, {"runs", out}};
  }

  json run(std::int64_t id) {
    store::Workspace ws = open_workspace();
    store::RunRecord r;
    try {
      r = ws.run(id);
    } catch (const Error& e) {
      throw ApiError(404, e.what());
    }
    json j = store::run_json(r);
    json results = json::array();
    for (const auto& res : ws.results(id)) {
      results.push_back({{"name", res.name},
                         {"media_type", res.media_type},
                         {"bytes", res.content.size()},
                         {"path", fmt::format("/api/runs/{}/results/{}", id, res.name)}});
    }
    j["results"] = results;
    return j;
  }

  // ---- alignment and perception series for the country and dyad pages

  const RollCallVotes& load_votes_once() {
    std::lock_guard<std::mutex> lock(votes_mutex);
    if (!votes) {
      Args args;
      args.set("data", policy.data_dir.string());
      args.set("format", "unvotes");
      Progress progress;
      std::ostringstream log;
      Context ctx{progress, log};
      votes = std::make_unique<RollCallVotes>(alignment::load_votes(args, ctx).votes);
    }
    return *votes;
  }

  json agreement(const httplib::Request& req) {
    if (!req.has_param("country")) throw ApiError(400, "is required", "country");
    if (!req.has_param("partners")) throw ApiError(400, "is required", "partners");
    const std::string focal = country_key(req.get_param_value("country"), "country");
    std::vector<std::string> partners;
    for (const auto& p : split_list(req.get_param_value("partners")))
      partners.push_back(country_key(p, "partners"));
    if (partners.empty() || partners.size() > 50)
      throw ApiError(400, "give 1 to 50 partners", "partners");
    alignment::AgreementOptions o;
    o.focal = focal;
    const std::string by = req.has_param("by") ? req.get_param_value("by") : "session";
    if (by != "session" && by != "year") throw ApiError(400, "is session or year", "by");
    o.by = by == "year" ? alignment::Period::year : alignment::Period::session;
    o.threads = 1;
    const RollCallVotes& v = load_votes_once();
    Progress progress;
    std::vector<alignment::DyadAgreement> rows;
    try {
      rows = alignment::agreement(v, o, progress);
    } catch (const Error& e) {
      throw ApiError(400, e.what(), "country");
    }
    json series = json::object();
    for (const auto& p : partners) series[p] = json::array();
    for (const auto& r : rows) {
      const std::string& other = r.a == focal ? r.b : r.a;
      if (!series.contains(other)) continue;
      series[other].push_back({{"period", r.period},
                               {"n", r.n},
                               {"agree", r.agree},
                               {"s_score", r.s_score},
                               {"kappa", r.kappa},
                               {"pi", r.pi},
                               {"alignment", r.alignment}});
    }
    json names = json::object();
    for (const auto& p : partners) names[p] = CountryRegistry::world().display_name(p);
    return {{"country", focal},
            {"name", CountryRegistry::world().display_name(focal)},
            {"by", by},
            {"partners", names},
            {"series", series}};
  }

  // Dynamic ideal points of every state in every session: a few seconds, so the first
  // request starts a job (202) and later ones answer from memory.
  json ideal_points(const httplib::Request& req, int& status) {
    if (!req.has_param("countries")) throw ApiError(400, "is required", "countries");
    std::vector<std::string> countries;
    for (const auto& c : split_list(req.get_param_value("countries")))
      countries.push_back(country_key(c, "countries"));
    if (countries.empty() || countries.size() > 50)
      throw ApiError(400, "give 1 to 50 countries", "countries");
    std::lock_guard<std::mutex> lock(ideal_mutex);
    if (!ideal) {
      if (!ideal_job || ideal_job->status()["state"] == "failed" ||
          ideal_job->status()["state"] == "cancelled") {
        ideal_job =
            jobs->submit("alignment ideal points", {{"dynamic", true}}, [this](Progress& progress) {
              const RollCallVotes& v = load_votes_once();
              alignment::IdealPointOptions o;
              o.dynamic = true;
              auto r = std::make_shared<alignment::IdealPointResult>(
                  alignment::estimate_ideal_points(v, o, progress));
              std::lock_guard<std::mutex> done(ideal_mutex);
              ideal = r;
              return json{{"sessions", r->sessions.size()}, {"points", r->points.size()}};
            });
        if (!ideal_job) throw ApiError(429, "too many jobs are queued; retry later");
      }
      status = 202;
      return {{"id", ideal_job->id()},
              {"events", fmt::format("/api/jobs/{}/events", ideal_job->id())},
              {"message", "estimating; ask again when the job has ended"}};
    }
    json series = json::object();
    for (const auto& c : countries) series[c] = json::array();
    for (const auto& p : ideal->points) {
      if (!series.contains(p.country)) continue;
      series[p.country].push_back({{"session", p.session}, {"x", p.x}, {"votes", p.votes}});
    }
    json years = json::object();
    for (const auto& f : ideal->sessions) years[std::to_string(f.session)] = f.year;
    status = 200;
    return {{"dynamic", ideal->dynamic},
            {"anchor", ideal->anchor},
            {"session_years", years},
            {"series", series}};
  }

  const perception::Aggregate& aggregate_once(const std::string& by) {
    std::lock_guard<std::mutex> lock(perception_mutex);
    auto& slot = aggregates[by];
    if (!slot) {
      const fs::path events = policy.data_dir / "gdelt" / "events";
      const sources::GdeltInputs inputs = sources::resolve_gdelt_inputs(events.string());
      perception::AggregateOptions o;
      o.by = perception::parse_period_unit(by);
      slot = std::make_unique<perception::Aggregate>(
          perception::aggregate_gdelt(inputs.files, o).aggregate);
    }
    return *slot;
  }

  json perception_series(const httplib::Request& req) {
    if (!req.has_param("country")) throw ApiError(400, "is required", "country");
    const auto param = [&](const std::string& name, const std::string& fallback) {
      return req.has_param(name) ? req.get_param_value(name) : fallback;
    };
    perception::SeriesOptions o;
    o.country = country_key(req.get_param_value("country"), "country");
    const std::string by = param("by", "month");
    try {
      o.role = perception::parse_role(param("role", "target"));
    } catch (const Error& e) {
      throw ApiError(400, e.what(), "role");
    }
    try {
      o.measure = perception::parse_measure(param("measure", "tone"));
    } catch (const Error& e) {
      throw ApiError(400, e.what(), "measure");
    }
    try {
      (void)perception::parse_period_unit(by);
    } catch (const Error& e) {
      throw ApiError(400, e.what(), "by");
    }
    if (req.has_param("partner"))
      o.partner = country_key(req.get_param_value("partner"), "partner");
    if (o.role == perception::Role::dyad && o.partner.empty())
      throw ApiError(400, "a dyad series needs a partner", "partner");
    const perception::Aggregate& a = aggregate_once(by);
    const perception::Series s = perception::make_series(a, o);
    json points = json::array();
    for (std::size_t k = 0; k < s.periods.size(); ++k) {
      points.push_back({{"period", perception::period_label(s.periods[k], a.by)},
                        {"value", s.values[k]},
                        {"events", s.events[k]}});
    }
    json shifts = json::array();
    const perception::SeriesShifts found = perception::find_shifts(s);
    for (const auto& sh : found.shifts) {
      shifts.push_back({{"period", perception::period_label(sh.period, a.by)},
                        {"before", sh.before},
                        {"after", sh.after}});
    }
    return {{"country", o.country},
            {"name", CountryRegistry::world().display_name(o.country)},
            {"partner", o.partner},
            {"role", perception::role_name(o.role)},
            {"measure", perception::measure_name(o.measure)},
            {"by", by},
            {"points", points},
            {"dropped", s.dropped},
            {"shifts", shifts}};
  }

  // ---- simulation page: a scenario's ensemble in memory, as a job (nothing is written)

  json scenarios() const {
    json out = json::array();
    const fs::path dir = source_dir() / "examples" / "scenarios";
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".toml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      try {
        const diffusion::Scenario sc = diffusion::load_scenario(f.string());
        out.push_back({{"scenario", "scenarios/" + f.filename().string()},
                       {"name", sc.name},
                       {"description", sc.description},
                       {"agents", sc.agents()},
                       {"max_events", sc.max_events}});
      } catch (const Error&) {
        // A scenario that does not parse is left out of the list.
      }
    }
    return out;
  }

  json start_simulation(const json& body) {
    for (const auto& [key, value] : body.items()) {
      if (key != "scenario" && key != "runs" && key != "seed")
        throw ApiError(400, "unknown parameter", key);
    }
    if (!body.contains("scenario") || !body["scenario"].is_string()) {
      throw ApiError(400, "name a scenario file (GET /api/simulation/scenarios lists them)",
                     "scenario");
    }
    const std::string path =
        confine(policy, PathRole::input, "scenario", body["scenario"].get<std::string>());
    long long runs = 5;
    std::uint64_t seed = 1;
    if (body.contains("runs")) {
      if (!body["runs"].is_number_integer()) throw ApiError(400, "must be an integer", "runs");
      runs = body["runs"].get<long long>();
      if (runs < 1 || runs > 100) throw ApiError(400, "must be between 1 and 100", "runs");
    }
    if (body.contains("seed")) {
      if (!body["seed"].is_number_unsigned())
        throw ApiError(400, "must be an integer >= 0", "seed");
      seed = body["seed"].get<std::uint64_t>();
    }
    diffusion::Scenario scenario;
    try {
      scenario = diffusion::load_scenario(path);
      // The same checks as `simulate` (series points, the memory estimate), before a job starts.
      const std::uint64_t every = scenario.checkpoint_every > 0
                                      ? scenario.checkpoint_every
                                      : std::max<std::uint64_t>(1, scenario.max_events / 40);
      diffusion::check_checkpoints(every, static_cast<std::uint64_t>(scenario.agents()),
                                   scenario.max_events, path + ": scenario.checkpoint_every");
      diffusion::check_scenario_memory(scenario, static_cast<std::uint64_t>(runs),
                                       scenario.max_events, every);
    } catch (const Error& e) {
      throw ApiError(400, e.what(), "scenario");
    }
    auto job = jobs->submit(
        "simulation", {{"scenario", body["scenario"]}, {"runs", runs}, {"seed", seed}},
        [scenario, runs, seed](Progress& progress) {
          const std::uint64_t every = scenario.checkpoint_every > 0
                                          ? scenario.checkpoint_every
                                          : std::max<std::uint64_t>(1, scenario.max_events / 40);
          const diffusion::Ensemble e = diffusion::run_ensemble(
              static_cast<std::size_t>(runs), seed, diffusion::scenario_measures(scenario), every,
              [&](std::uint64_t run_seed, Progress& p) {
                return diffusion::run_scenario(scenario, run_seed, scenario.max_events, every, &p);
              },
              progress);
          const auto over = diffusion::over_time(e);
          json series = json::object();
          for (std::size_t m = 0; m < e.measures.size(); ++m) {
            json mean = json::array(), lo = json::array(), hi = json::array();
            for (const auto& point : over) {
              mean.push_back(point[m].mean);
              lo.push_back(point[m].lo);
              hi.push_back(point[m].hi);
            }
            series[e.measures[m]] = {{"mean", mean}, {"lo", lo}, {"hi", hi}};
          }
          json countries = json::array();
          for (const auto& c : scenario.countries)
            countries.push_back({{"code", c.code}, {"name", c.name}});
          return json{{"name", scenario.name},  {"description", scenario.description},
                      {"runs", e.runs.size()},  {"measures", e.measures},
                      {"countries", countries}, {"events", e.grid()},
                      {"series", series}};
        });
    if (!job) throw ApiError(429, "too many jobs are queued; retry later");
    return {{"id", job->id()}, {"events", fmt::format("/api/jobs/{}/events", job->id())}};
  }

  // ---- jobs

  json start_job(const httplib::Request& req) {
    const json body = parse_body(req.body);
    if (!body.contains("operation") || !body["operation"].is_string())
      throw ApiError(400, "name the operation, e.g. \"index uncertainty\"", "operation");
    for (const auto& [key, value] : body.items()) {
      if (key != "operation" && key != "params") throw ApiError(400, "unknown parameter", key);
    }
    const Operation* op = operations().find(body["operation"].get<std::string>());
    if (op == nullptr) throw ApiError(404, "no such operation (GET /api lists them)", "operation");
    if (op->writes) require_write(req, "'" + op->name + "'");
    const json params = body.contains("params") ? body["params"] : json::object();
    if (!params.is_object()) throw ApiError(400, "must be an object", "params");
    const Args args = prepare_args(*op, params);
    auto job = jobs->submit(op->name, args.to_json(), [op, args](Progress& progress) {
      std::ostringstream log;
      Context ctx{progress, log};
      json result = op->run(args, ctx);
      if (!log.str().empty()) result["log"] = log.str();
      return result;
    });
    if (!job) throw ApiError(429, "too many jobs are queued; retry later");
    return {{"id", job->id()}, {"events", fmt::format("/api/jobs/{}/events", job->id())}};
  }

  std::shared_ptr<Job> job_of(const httplib::Request& req) const {
    std::int64_t id = 0;
    try {
      id = std::stoll(req.matches[1].str());
    } catch (const std::exception&) {
      throw ApiError(404, "no such job");
    }
    auto job = jobs->find(id);
    if (!job) throw ApiError(404, "no such job");
    return job;
  }

  // An open event stream holds one HTTP worker until its job ends, so at most half of them
  // stream at once; the rest of the API keeps answering.
  void stream_events(const std::shared_ptr<Job>& job, httplib::Response& res) {
    const std::size_t most = std::max<std::size_t>(options.threads / 2, 1);
    if (open_streams.fetch_add(1) >= most) {
      --open_streams;
      res.set_header("Retry-After", "1");
      throw ApiError(503, fmt::format("{} event streams are open, as many as this server keeps; "
                                      "retry, or poll GET /api/jobs/{}",
                                      most, job->id()));
    }
    auto last = std::make_shared<std::uint64_t>(~std::uint64_t{0});
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream",
        [job, last](std::size_t, httplib::DataSink& sink) {
          if (*last != ~std::uint64_t{0}) {
            *last = job->wait_change(*last, std::chrono::milliseconds(1000));
          }
          const json status = job->status();
          const bool end = job->finished();
          *last = status["version"].get<std::uint64_t>();
          const std::string event =
              fmt::format("event: {}\ndata: {}\n\n", end ? "end" : "progress",
                          status.dump(-1, ' ', false, json::error_handler_t::replace));
          if (!sink.write(event.data(), event.size())) return false;
          if (end) sink.done();
          return true;
        },
        [this](bool) { --open_streams; });
  }

  // ---- routes

  template <typename F>
  static httplib::Server::Handler guarded(F f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
      try {
        f(req, res);
      } catch (const ApiError& e) {
        send_error(res, e);
      } catch (const Error& e) {
        send_json(res, 400, {{"error", e.what()}});
      } catch (const std::exception& e) {
        send_json(res, 500, {{"error", std::string("internal error: ") + e.what()}});
      }
    };
  }

  void routes() {
    http.set_payload_max_length(options.max_body);
    http.set_read_timeout(options.timeout_seconds);
    http.set_write_timeout(options.timeout_seconds);
    httplib::Headers defaults;
    for (const auto& [name, value] : security_headers()) defaults.emplace(name, value);
    http.set_default_headers(std::move(defaults));
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      // The connection layer let only heads with exactly one well-formed Host through.
      const std::string host = req.get_header_value("Host");
      if (!hosts.allows_host(host, req.local_addr)) {
        send_json(res, 421,
                  {{"error", "this server does not answer to the name '" + host.substr(0, 100) +
                                 "' (start it with --allow-host NAME to add a name)"}});
        return httplib::Server::HandlerResponse::Handled;
      }
      const auto origins = req.headers.equal_range("Origin");
      for (auto it = origins.first; it != origins.second; ++it) {
        if (!hosts.allows_origin(it->second, req.local_addr)) {
          send_json(res, 403,
                    {{"error", "a request from another site's page is refused (Origin '" +
                                   it->second.substr(0, 100) + "')"}});
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      // A browser sends a cross-site form or text/plain POST without asking first; a JSON
      // one only after a preflight this server never grants.
      if (req.method == "POST" && !is_json_media_type(req.get_header_value("Content-Type"))) {
        send_json(res, 415,
                  {{"error", "send the body as JSON, with Content-Type: application/json"}});
        return httplib::Server::HandlerResponse::Handled;
      }
      double wait = 0;
      if (!limiter.allow(req.remote_addr, wait)) {
        res.set_header("Retry-After", std::to_string(static_cast<int>(std::ceil(wait))));
        send_json(res, 429, {{"error", "too many requests; retry after the given seconds"}});
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      const char* what = res.status == 413   ? "the request body is too large"
                         : res.status == 404 ? "not found"
                         : res.status == 405 ? "method not allowed"
                         : res.status == 400 ? "bad request"
                                             : "error";
      send_json(res, res.status, {{"error", what}});
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
          send_json(res, 500, {{"error", "internal error"}});
        });

    http.Get("/api",
             guarded([this](const auto&, auto& res) { send_json(res, 200, describe_api()); }));
    http.Get("/api/index/scores",
             guarded([this](const auto& req, auto& res) { send_json(res, 200, scores(req)); }));
    http.Post("/api/index/reweight", guarded([this](const auto& req, auto& res) {
                res.set_content(reweight(parse_body(req.body)), "application/json");
              }));
    http.Post("/api/index/intervals", guarded([this](const auto& req, auto& res) {
                send_json(res, 202, start_intervals(parse_body(req.body)));
              }));
    http.Get("/api/countries",
             guarded([this](const auto& req, auto& res) { send_json(res, 200, countries(req)); }));
    http.Get("/api/runs",
             guarded([this](const auto& req, auto& res) { send_json(res, 200, runs(req)); }));
    http.Get(R"(/api/runs/(\d{1,18}))", guarded([this](const auto& req, auto& res) {
               send_json(res, 200, run(std::stoll(req.matches[1].str())));
             }));
    http.Get(R"(/api/runs/(\d{1,18})/results/([^/]+))", guarded([this](const auto& req, auto& res) {
               store::Workspace ws = open_workspace();
               const std::int64_t id = std::stoll(req.matches[1].str());
               const std::string name = req.matches[2].str();
               for (const auto& r : ws.results(id)) {
                 if (r.name != name) continue;
                 res.set_content(r.content,
                                 r.media_type.empty() ? "application/octet-stream" : r.media_type);
                 // A stored page runs no script and reaches nothing: sandboxed, on top of the
                 // policy every answer has (one header, so it replaces that one).
                 res.headers.erase("Content-Security-Policy");
                 res.set_header("Content-Security-Policy",
                                "sandbox; " + security_headers().front().second);
                 return;
               }
               throw ApiError(404, "no such result of run " + std::to_string(id));
             }));
    http.Get("/api/alignment/agreement",
             guarded([this](const auto& req, auto& res) { send_json(res, 200, agreement(req)); }));
    http.Get("/api/alignment/ideal-points", guarded([this](const auto& req, auto& res) {
               int status = 200;
               const json body = ideal_points(req, status);
               send_json(res, status, body);
             }));
    http.Get("/api/perception/series", guarded([this](const auto& req, auto& res) {
               send_json(res, 200, perception_series(req));
             }));
    http.Get("/api/simulation/scenarios",
             guarded([this](const auto&, auto& res) { send_json(res, 200, scenarios()); }));
    http.Post("/api/simulation", guarded([this](const auto& req, auto& res) {
                send_json(res, 202, start_simulation(parse_body(req.body)));
              }));
    http.Get("/api/jobs",
             guarded([this](const auto&, auto& res) { send_json(res, 200, jobs->list()); }));
    http.Post("/api/jobs",
              guarded([this](const auto& req, auto& res) { send_json(res, 202, start_job(req)); }));
    http.Get(R"(/api/jobs/(\d{1,18}))", guarded([this](const auto& req, auto& res) {
               send_json(res, 200, job_of(req)->status());
             }));
    http.Get(R"(/api/jobs/(\d{1,18})/events)",
             guarded([this](const auto& req, auto& res) { stream_events(job_of(req), res); }));
    http.Delete(R"(/api/jobs/(\d{1,18}))", guarded([this](const auto& req, auto& res) {
                  auto job = job_of(req);
                  job->cancel();
                  send_json(res, 202, job->status());
                }));
    http.Post(R"(/api/.*)", guarded([this](const auto& req, auto& res) {
                const Operation* op = operation_at(operations(), req.path);
                if (op == nullptr) throw ApiError(404, "no such endpoint (GET /api lists them)");
                run_operation(*op, req, res);
              }));
    http.Get(R"(/api(/.*)?)", guarded([](const auto& req, auto&) {
               if (operation_at(operations(), req.path) != nullptr)
                 throw ApiError(405, "operations are called with POST and a JSON object");
               throw ApiError(404, "no such endpoint (GET /api lists them)");
             }));
    http.Get(R"(/.*)", guarded([this](const auto& req, auto& res) {
               const StaticFile file = resolve_static(options.web_dir, req.path);
               if (file.status != 200) {
                 if (options.web_dir.empty() && (req.path == "/" || req.path == "/index.html")) {
                   res.set_content(
                       "<!doctype html><title>softpower</title><p>The dashboard is not built "
                       "(npm in web/). The API is at <a href=\"/api\">/api</a>.",
                       "text/html; charset=utf-8");
                   return;
                 }
                 throw ApiError(file.status, file.status == 404 ? "not found" : "bad path");
               }
               std::ifstream in(file.path, std::ios::binary);
               std::ostringstream data;
               data << in.rdbuf();
               res.set_content(data.str(), file.media_type);  // nosniff: every answer has it
             }));
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  Impl& s = *impl_;
  for (const std::string& name : s.options.allow_hosts) s.hosts.allow(name);
  std::error_code ec;
  try {
    s.policy.data_dir = fs::canonical(resolve_data_dir(s.options.data));
  } catch (const Error& e) {
    s.dashboard_error = e.what();
  }
  if (s.options.workspace || std::getenv("SOFTPOWER_WORKSPACE") != nullptr) {
    s.policy.workspace = fs::weakly_canonical(store::resolve_workspace(s.options.workspace));
  }
  if (s.options.out_root.empty()) {
    s.options.out_root = fs::temp_directory_path() / fmt::format("softpower-serve-{}", ::getpid());
  }
  if (!s.options.write_token.empty()) {
    fs::create_directories(s.options.out_root, ec);
    if (ec) throw Error("--out-root " + s.options.out_root.string() + ": " + ec.message());
    s.policy.out_root = fs::canonical(s.options.out_root);
  }
  if (!s.policy.data_dir.empty()) s.policy.read_roots.push_back(s.policy.data_dir);
  const fs::path examples = source_dir() / "examples";
  if (fs::is_directory(examples, ec)) s.policy.read_roots.push_back(fs::canonical(examples));
  if (!s.options.spec.empty() && fs::exists(s.options.spec, ec))
    s.policy.read_roots.push_back(fs::canonical(s.options.spec).parent_path());
  if (!s.policy.out_root.empty()) s.policy.read_roots.push_back(s.policy.out_root);
  for (const auto& dir : s.options.allow_read) {
    if (!fs::is_directory(dir, ec))
      throw Error("--allow-read " + dir.string() + ": no such folder");
    s.policy.read_roots.push_back(fs::canonical(dir));
  }
  if (!s.options.web_dir.empty()) {
    if (!fs::is_directory(s.options.web_dir, ec))
      throw Error("--web " + s.options.web_dir.string() + ": no such folder");
    s.options.web_dir = fs::canonical(s.options.web_dir);
  }
  if (s.dashboard_error.empty() && !s.options.spec.empty()) {
    try {
      s.dashboard = build_index(s.options.spec, s.policy.data_dir);
    } catch (const std::exception& e) {
      s.dashboard_error = e.what();
    }
  } else if (s.options.spec.empty()) {
    s.dashboard_error = "no --spec given";
  }
  JobLimits job_limits;
  job_limits.max_queued = s.options.max_queued_jobs;
  job_limits.keep_finished = s.options.keep_jobs;
  job_limits.keep_for = s.options.keep_jobs_for;
  s.jobs = std::make_unique<JobManager>(s.options.job_workers, job_limits);
  s.routes();
}

Server::~Server() {
  stop();
}

int Server::start() {
  Impl& s = *impl_;
  if (s.options.port == 0) {
    s.port = s.http.bind_to_any_port(s.options.host);
  } else {
    s.port = s.http.bind_to_port(s.options.host, s.options.port) ? s.options.port : -1;
  }
  if (s.port <= 0) {
    throw Error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                            s.options.host, s.options.port));
  }
  s.http.widen_backlog();
  ConnectionOptions co;
  co.head.max_body = s.options.max_body;
  co.max_connections = s.options.max_connections;
  co.max_per_client = s.options.max_connections_per_client;
  co.workers = s.options.threads;
  co.io_timeout_seconds = s.options.timeout_seconds;
  s.http.start_connections(co);
  s.listener = std::thread([&s] { s.http.listen_after_bind(); });
  return s.port;
}

void Server::stop() {
  Impl& s = *impl_;
  if (s.jobs) s.jobs->shutdown();
  if (s.listener.joinable()) {
    s.http.stop();
    s.listener.join();
  }
  s.http.stop_connections();
}

int Server::port() const {
  return impl_->port;
}

std::string Server::index_error() const {
  return impl_->dashboard_error;
}

}  // namespace softpower::server

#include "apps/server/server.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <semaphore>
#include <sstream>
#include <thread>

#include "apps/server/api.hpp"
#include "apps/server/jobs.hpp"
#include "apps/server/openapi.hpp"
#include "apps/server/rate_limit.hpp"
#include "apps/server/request_policy.hpp"
#include "apps/server/static_files.hpp"
#include "softpower/core/build_info.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/operations.hpp"
#include "softpower/ops/dashboard.hpp"
#include "softpower/ops/dashboard_index.hpp"
#include "softpower/store/workspace.hpp"

// After Eigen: httplib.h (through OpenSSL) defines macros that break Eigen's headers.
#include <httplib.h>

#include "apps/server/connections.hpp"

namespace softpower::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, const ApiError& e) {
  send_json(res, e.status(), e.body());
}

bool same_token(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  PathPolicy policy;
  HostPolicy hosts;
  HttpServer http;
  std::thread listener;
  std::atomic<bool> listener_done{false};  // listen_after_bind has returned
  int port = 0;
  std::unique_ptr<JobManager> jobs;
  RateLimiter limiter;
  std::counting_semaphore<64> sync_slots;
  std::atomic<std::uint64_t> out_counter{0};
  std::atomic<std::size_t> open_streams{0};
  std::string dashboard_error;
  // What operations load once and keep (UN votes, GDELT aggregates, the dashboard's index).
  Cache cache;
  // The job of each operation that runs one at a time (Operation::one_at_a_time).
  std::mutex single_mutex;
  std::map<std::string, std::shared_ptr<Job>> single_jobs;

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

  // ---- the generated API

  json describe_api() const {
    json ops = json::array();
    for (const Operation& op : operations().all()) {
      json d = op.describe();
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
    json endpoints = json::array();
    for (const TransportEndpoint& e : transport_endpoints()) {
      json params = json::array();
      for (const Param& q : e.query)
        params.push_back(p(q.name, std::string(param_type_name(q.type)), q.help, q.required));
      if (e.body.is_object()) {
        const json required = e.body.value("required", json::array());
        for (const auto& [name, schema] : e.body["properties"].items()) {
          params.push_back(
              p(name, schema["type"].get<std::string>(), schema.value("description", ""),
                std::find(required.begin(), required.end(), json(name)) != required.end()));
        }
      }
      endpoints.push_back(endpoint(e.method, e.path, e.summary, params));
    }
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
    // A fresh output folder only for an operation that has one (the hot path has none).
    std::string fresh;
    if (std::any_of(op.params.begin(), op.params.end(),
                    [](const Param& p) { return p.role == ParamRole::output_folder; })) {
      std::string slug = op.name;
      std::replace(slug.begin(), slug.end(), ' ', '-');
      fresh = fmt::format("{}-{}", slug, ++out_counter);
    }
    return confine_args(op, validated, policy, fresh);
  }

  // Runs `f`, answering an operation's errors: NotFound 404, Unavailable 503, other errors 400
  // naming the parameter their message names.
  template <typename F>
  static auto answering(F f) {
    try {
      return f();
    } catch (const store::NotFound& e) {
      throw ApiError(404, e.what());
    } catch (const Unavailable& e) {
      throw ApiError(503, e.what(), param_of(e.what()));
    } catch (const Error& e) {
      throw ApiError(400, e.what(), param_of(e.what()));
    }
  }

  // The answer of an operation that writes it as text; a user's stored bytes sandboxed.
  static void send_answer(httplib::Response& res, Answer answer) {
    res.set_content(std::move(answer.body), answer.media_type);
    if (answer.stored) {
      // A stored page runs no script and reaches nothing: sandboxed, on top of the policy
      // every answer has (one header, so it replaces that one).
      res.headers.erase("Content-Security-Policy");
      res.set_header("Content-Security-Policy", "sandbox; " + security_headers().front().second);
    }
  }

  // An operation called by POST: at once, or as a job when it declares one.
  void run_operation(const Operation& op, const httplib::Request& req, httplib::Response& res) {
    if (op.writes) require_write(req, "'" + op.name + "'");
    const Args args = prepare_args(op, parse_body(req.body));
    if (op.job) {
      send_json(res, 202, start_operation_job(op, args));
      return;
    }
    // An instant operation answers from memory without a slot; any other takes one of the
    // --max-sync-calls slots or is refused.
    const bool slot = !op.instant;
    if (slot && !sync_slots.try_acquire()) {
      res.set_header("Retry-After", "1");
      throw ApiError(503,
                     "the server is running as many operations as it may; retry, or use "
                     "POST /api/jobs");
    }
    struct Release {
      std::counting_semaphore<64>& s;
      bool held;
      ~Release() {
        if (held) s.release();
      }
    } release{sync_slots, slot};
    Progress progress;
    std::ostringstream log;
    Context ctx{progress, log, &cache};
    if (op.answer) {
      send_answer(res, answering([&] { return op.answer(args, ctx); }));
      return;
    }
    json result = answering([&] { return op.run(args, ctx); });
    if (!log.str().empty()) result["log"] = log.str();
    send_json(res, 200, result);
  }

  // An operation served by GET: it only reads and answers at once, with the server's cache.
  void read_operation(const Operation& op, const httplib::Request& req, httplib::Response& res) {
    std::multimap<std::string, std::string> query(req.params.begin(), req.params.end());
    std::map<std::string, std::string> captured;
    (void)operation_at(operations(), req.path, true, &captured);
    for (const auto& [name, value] : captured) {
      if (query.count(name) != 0) throw ApiError(400, "given in the path and the query", name);
      query.emplace(name, value);
    }
    // An operation on the workspace reads only the server's own; without one there is nothing.
    for (const Param& p : op.params) {
      if (p.role == ParamRole::workspace && !policy.workspace)
        throw ApiError(404, "this server has no workspace (--workspace FILE)");
    }
    const Args args = confine_args(op, args_from_query(op, query), policy, "");
    Progress progress;
    std::ostringstream log;
    Context ctx{progress, log, &cache};
    if (op.answer) {
      send_answer(res, answering([&] { return op.answer(args, ctx); }));
      return;
    }
    send_json(res, 200, answering([&] { return op.run(args, ctx); }));
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
    return start_operation_job(*op, prepare_args(*op, params));
  }

  // Queues `op` as a background job (after its declared checks) and answers its id and event
  // stream; an operation that runs one at a time answers the job already queued or running.
  json start_operation_job(const Operation& op, const Args& args) {
    if (op.check) answering([&] { op.check(args); });
    std::unique_lock<std::mutex> single(single_mutex, std::defer_lock);
    if (op.one_at_a_time) {
      single.lock();
      const auto it = single_jobs.find(op.name);
      if (it != single_jobs.end() && !it->second->finished()) return job_answer(*it->second);
    }
    const Operation* declared = &op;
    auto job = jobs->submit(op.name, args.to_json(), [this, declared, args](Progress& progress) {
      std::ostringstream log;
      Context ctx{progress, log, &cache};
      json result = declared->run(args, ctx);
      if (!log.str().empty() && result.is_object()) result["log"] = log.str();
      return result;
    });
    if (!job) throw ApiError(429, "too many jobs are queued; retry later");
    if (op.one_at_a_time) single_jobs[op.name] = job;
    return job_answer(*job);
  }

  static json job_answer(const Job& job) {
    return {{"id", job.id()}, {"events", fmt::format("/api/jobs/{}/events", job.id())}};
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
        send_error(res, ApiError(400, e.what(), param_of(e.what())));
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
    http.Get("/api/openapi.json", guarded([](const auto&, auto& res) {
               std::vector<const Operation*> all;
               for (const Operation& op : operations().all()) all.push_back(&op);
               send_json(res, 200, openapi_document(all));
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
                  // Cancelling a writing operation's job takes the token that started it.
                  if (const Operation* op = operations().find(job->operation());
                      op != nullptr && op->writes)
                    require_write(req, "cancelling '" + op->name + "'");
                  job->cancel();
                  send_json(res, 202, job->status());
                }));
    http.Post(R"(/api/.*)", guarded([this](const auto& req, auto& res) {
                const Operation* op = operation_at(operations(), req.path);
                if (op == nullptr) throw ApiError(404, "no such endpoint (GET /api lists them)");
                if (op->get) throw ApiError(405, "this operation is called with GET");
                run_operation(*op, req, res);
              }));
    http.Get(R"(/api(/.*)?)", guarded([this](const auto& req, auto& res) {
               const Operation* op = operation_at(operations(), req.path, true);
               if (op == nullptr) throw ApiError(404, "no such endpoint (GET /api lists them)");
               if (!op->get)
                 throw ApiError(405, "operations are called with POST and a JSON object");
               read_operation(*op, req, res);
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
      auto dashboard = build_dashboard_index(s.options.spec, s.policy.data_dir);
      s.cache.put(kDashboardUnitsKey,
                  std::make_shared<const std::vector<std::string>>(dashboard->input.units));
      s.cache.put<DashboardIndex>(kDashboardIndexKey, std::move(dashboard));
    } catch (const std::exception& e) {
      s.dashboard_error = e.what();
    }
  } else if (s.options.spec.empty()) {
    s.dashboard_error = "no --spec given";
  }
  if (!s.dashboard_error.empty())
    s.cache.put(kDashboardIndexErrorKey, std::make_shared<const std::string>(s.dashboard_error));
  // The dashboard lists the workspace's saved index specs and builds them by name (wt-method).
  if (s.policy.workspace)
    s.cache.put(kServerWorkspaceKey, std::make_shared<const fs::path>(*s.policy.workspace));
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
  // Loopback is two addresses: the port is held on the other one too, so that no other
  // process can answer a browser that opens localhost:port (docs/serve.md, Safety).
  const std::string other = s.options.host == "127.0.0.1" ? "::1"
                            : s.options.host == "::1"     ? "127.0.0.1"
                                                          : "";
  for (int attempt = 0; attempt < 20; ++attempt) {
    int port = s.options.port;
    if (!other.empty()) {
      const int held = s.http.hold_address(other, port);
      if (held < 0) {
        const std::string shown = other == "::1" ? "[::1]" : other;
        throw Error(fmt::format(
            "--port {}: cannot listen on {}:{}: another process listens on {}:{}, where a "
            "browser opening localhost:{} would reach it (stop it, or give another --port; 0 "
            "takes any free port)",
            port, s.options.host, port, shown, port, port));
      }
      if (held > 0) port = held;
    }
    if (port == 0) {
      s.port = s.http.bind_to_any_port(s.options.host);
    } else {
      s.port = s.http.bind_to_port(s.options.host, port) ? port : -1;
    }
    // With --port 0, the port found free on the other address may be taken on this one.
    if (s.port > 0 || s.options.port != 0) break;
  }
  if (s.port <= 0) {
    const int error = HttpServer::bind_error(s.options.host, s.options.port);
    throw Error(fmt::format(
        "--port {}: cannot listen on {}:{}: {}", s.options.port, s.options.host, s.options.port,
        error == EADDRINUSE || error == 0
            ? "the port is in use by another process (stop it, or give "
              "another --port; 0 takes any free port)"
            : std::string(std::strerror(error)) + " (is --host an address of this machine?)"));
  }
  s.http.widen_backlog();
  ConnectionOptions co;
  co.head.max_body = s.options.max_body;
  co.max_connections = s.options.max_connections;
  co.max_per_client = s.options.max_connections_per_client;
  co.workers = s.options.threads;
  co.io_timeout_seconds = s.options.timeout_seconds;
  s.http.start_connections(co);
  s.listener = std::thread([&s] {
    s.http.listen_after_bind();
    s.listener_done = true;
  });
  return s.port;
}

void Server::stop() {
  Impl& s = *impl_;
  if (s.jobs) s.jobs->shutdown();
  if (s.listener.joinable()) {
    // httplib's stop() does nothing until its listening loop has begun: a server stopped at
    // once after start() would otherwise listen on, and the join wait for ever.
    while (!s.http.is_running() && !s.listener_done)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
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

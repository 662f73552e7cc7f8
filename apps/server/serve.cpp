#include "apps/server/serve.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "apps/server/http_head.hpp"
#include "apps/server/request_policy.hpp"
#include "apps/server/server.hpp"
#include "softpower/core/build_info.hpp"
#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/limits.hpp"

namespace softpower::server {

namespace {

nlohmann::json serve(const Args& args, Context& ctx) {
  ServerOptions o;
  o.host = args.text("host");
  o.port = args.integer_as<int>("port");
  o.spec = args.text("spec");
  o.data = args.optional_text("data");
  o.workspace = args.optional_text("workspace");
  if (auto web = args.optional_text("web")) {
    o.web_dir = *web;
  } else {
    const std::filesystem::path built = source_dir() / "web/dist";
    std::error_code ec;
    if (std::filesystem::is_directory(built, ec)) o.web_dir = built;
  }
  if (auto token = args.optional_text("write-token")) {
    o.write_token = *token;
  } else if (const char* env = std::getenv("SOFTPOWER_WRITE_TOKEN"); env != nullptr) {
    o.write_token = env;
  }
  if (!o.write_token.empty() && o.write_token.size() < 8)
    throw Error("--write-token: use at least 8 characters");
  if (auto out = args.optional_text("out-root")) o.out_root = *out;
  for (const auto& dir : args.list("allow-read")) o.allow_read.emplace_back(dir);
  for (const auto& name : args.list("allow-host")) {
    HostPolicy().allow(name);  // the error names the option and the value
    o.allow_hosts.push_back(name);
  }
  // The bounds of each number are declared below and checked by Operation::validate.
  o.rate = args.real("rate");
  o.burst = args.real("burst");
  o.threads = args.integer_as<std::size_t>("threads");
  o.max_body = args.integer_as<std::size_t>("max-body");
  o.max_connections = args.integer_as<std::size_t>("max-connections");
  o.max_connections_per_client = args.integer_as<std::size_t>("max-connections-per-client");
  if (o.max_connections_per_client > o.max_connections) {
    throw Error("--max-connections-per-client: at most --max-connections (" +
                std::to_string(o.max_connections) + "), not " +
                std::to_string(o.max_connections_per_client));
  }
  o.keep_jobs = args.integer_as<std::size_t>("keep-jobs");
  // Every open connection may buffer a whole request: the worst case must fit in memory.
  check_memory(static_cast<std::uint64_t>(o.max_connections) *
                   (static_cast<std::uint64_t>(o.max_body) + HeadLimits{}.max_head),
               "--max-connections × --max-body (the requests open connections may buffer)");

  // SIGINT and SIGTERM are taken by sigwait below, so every thread the server starts must
  // block them first.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Server server(o);
  if (!server.index_error().empty()) {
    ctx.log << "softpower serve: the dashboard index is unavailable: " << server.index_error()
            << "\n";
  }
  const int bound = server.start();
  std::printf("softpower serve: listening on http://%s:%d/ (%s; API at /api)\n", o.host.c_str(),
              bound, o.write_token.empty() ? "read-only" : "writes allowed with the token");
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  server.stop();
  return {{"message", fmt::format("softpower serve: stopped ({})",
                                  received == SIGINT ? "SIGINT" : "SIGTERM")}};
}

}  // namespace

Operation serve_operation() {
  return Operation{
      "serve",
      "The HTTP API and the dashboard",
      "Serves the JSON API generated from every operation's declaration (GET /api lists it), "
      "the dashboard's endpoints (instant reweighting of --spec's index, scores, countries, "
      "runs, alignment and perception series), background jobs with progress as Server-Sent "
      "Events, and the front-end's files. Read-only unless a write token is given. See "
      "docs/serve.md.",
      {Param{"port", ParamType::integer, "TCP port (0 = any free port, printed)", "8765"}.between(
           0, 65535),
       Param{"host", ParamType::text, "address to listen on", "127.0.0.1"},
       Param{"spec", ParamType::path, "the dashboard's index spec",
             (source_dir() / "examples/soft-power.toml").string()}
           .as(ParamRole::input_file),
       data_param(), workspace_param(),
       Param{"web", ParamType::path,
             "the front-end's built files (default: web/dist of the checkout)"}
           .as(ParamRole::input_folder),
       Param{"write-token", ParamType::text,
             "allow operations that write to requests carrying this token (default: "
             "$SOFTPOWER_WRITE_TOKEN; none = read-only)"},
       Param{"out-root", ParamType::path,
             "where writing operations write (default: a folder in the temp directory)"}
           .as(ParamRole::output_folder),
       Param{"allow-read", ParamType::list, "more folders parameters may name (repeatable)"}.as(
           ParamRole::input_folder),
       Param{"allow-host", ParamType::list,
             "another name the server answers to in the Host header (repeatable; "
             "127.0.0.1, localhost, [::1] and --host always)"},
       Param{"rate", ParamType::real, "requests per second per client (0 = no limit)", "50"}.within(
           0.0, 1e9),
       Param{"burst", ParamType::real, "requests a client may send at once", "100"}.within(1.0,
                                                                                           1e9),
       Param{"threads", ParamType::integer,
             "HTTP workers: requests answered at once (an open event stream holds one; idle "
             "connections none)",
             "8"}
           .between(2, 1024),
       Param{"max-body", ParamType::integer, "largest request body in bytes", "1048576"}.between(
           1024, 1LL << 30),
       Param{"max-connections", ParamType::integer, "open connections at most, in all", "1024"}
           .between(1, 65536),
       Param{"max-connections-per-client", ParamType::integer,
             "open connections at most from one client address (a newer one replaces the "
             "one that waited longest)",
             "256"}
           .between(1, 65536),
       Param{"keep-jobs", ParamType::integer,
             "finished background jobs kept for GET /api/jobs (the newest; each at most an hour)",
             "100"}
           .between(0, 100000)},
      false,
      serve};
}

}  // namespace softpower::server

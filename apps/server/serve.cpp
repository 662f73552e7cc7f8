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
  const long long port = args.integer("port");
  if (port < 0 || port > 65535) throw Error("--port: not a port number: " + std::to_string(port));
  o.port = static_cast<int>(port);
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
  o.rate = args.real("rate");
  o.burst = args.real("burst");
  if (o.rate < 0 || o.burst < 1) throw Error("--rate must be >= 0 and --burst >= 1");
  const long long threads = args.integer("threads");
  if (threads < 2 || threads > 1024)
    throw Error("--threads: between 2 and 1024, not " + std::to_string(threads));
  o.threads = static_cast<std::size_t>(threads);
  const long long body = args.integer("max-body");
  if (body < 1024 || body > (1LL << 30))
    throw Error("--max-body: between 1024 bytes and 1 GiB, not " + std::to_string(body));
  o.max_body = static_cast<std::size_t>(body);
  const long long connections = args.integer("max-connections");
  if (connections < 1 || connections > 65536)
    throw Error("--max-connections: between 1 and 65536, not " + std::to_string(connections));
  o.max_connections = static_cast<std::size_t>(connections);
  const long long per_client = args.integer("max-connections-per-client");
  if (per_client < 1 || per_client > connections) {
    throw Error("--max-connections-per-client: between 1 and --max-connections (" +
                std::to_string(connections) + "), not " + std::to_string(per_client));
  }
  o.max_connections_per_client = static_cast<std::size_t>(per_client);
  const long long keep = args.integer("keep-jobs");
  if (keep < 0 || keep > 100000)
    throw Error("--keep-jobs: between 0 and 100000, not " + std::to_string(keep));
  o.keep_jobs = static_cast<std::size_t>(keep);
  // Every open connection may buffer a whole request: the worst case must fit in memory.
  check_memory(static_cast<std::uint64_t>(connections) *
                   (static_cast<std::uint64_t>(body) + HeadLimits{}.max_head),
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
      {Param{"port", ParamType::integer, "TCP port (0 = any free port, printed)", "8765"},
       Param{"host", ParamType::text, "address to listen on", "127.0.0.1"},
       Param{"spec", ParamType::path, "the dashboard's index spec",
             (source_dir() / "examples/soft-power.toml").string()},
       data_param(), workspace_param(),
       Param{"web", ParamType::path,
             "the front-end's built files (default: web/dist of the checkout)"},
       Param{"write-token", ParamType::text,
             "allow operations that write to requests carrying this token (default: "
             "$SOFTPOWER_WRITE_TOKEN; none = read-only)"},
       Param{"out-root", ParamType::path,
             "where writing operations write (default: a folder in the temp directory)"},
       Param{"allow-read", ParamType::list, "more folders parameters may name (repeatable)"},
       Param{"allow-host", ParamType::list,
             "another name the server answers to in the Host header (repeatable; "
             "127.0.0.1, localhost, [::1] and --host always)"},
       Param{"rate", ParamType::real, "requests per second per client (0 = no limit)", "50"},
       Param{"burst", ParamType::real, "requests a client may send at once", "100"},
       Param{"threads", ParamType::integer,
             "HTTP workers: requests answered at once (an open event stream holds one; idle "
             "connections none)",
             "8"},
       Param{"max-body", ParamType::integer, "largest request body in bytes", "1048576"},
       Param{"max-connections", ParamType::integer, "open connections at most, in all", "1024"},
       Param{"max-connections-per-client", ParamType::integer,
             "open connections at most from one client address (a newer one replaces the "
             "one that waited longest)",
             "256"},
       Param{"keep-jobs", ParamType::integer,
             "finished background jobs kept for GET /api/jobs (the newest; each at most an hour)",
             "100"}},
      false,
      serve};
}

}  // namespace softpower::server

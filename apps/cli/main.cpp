// The `softpower` command: a thin front-end generated from the operation declarations.
// It parses arguments, calls the library and prints; it knows no operation by name.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "apps/server/serve.hpp"
#include "softpower/core/distributed.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/operations.hpp"

namespace {

using softpower::Operation;
using softpower::Param;
using softpower::ParamType;

struct Binding {
  const Operation* operation = nullptr;
  CLI::App* command = nullptr;
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, bool> flags;
  std::map<std::string, CLI::Option*> options;
};

CLI::App* command_for(CLI::App& root, const std::string& name,
                      std::map<std::string, CLI::App*>& groups) {
  CLI::App* parent = &root;
  std::string prefix;
  std::size_t start = 0;
  for (;;) {
    const std::size_t space = name.find(' ', start);
    const std::string word = name.substr(start, space - start);
    prefix += (prefix.empty() ? "" : " ") + word;
    if (space == std::string::npos) {
      // An operation may also be the group of others (`simulate`, `simulate sweep`).
      auto made = groups.find(prefix);
      if (made != groups.end()) return made->second->require_subcommand(0);
      return groups.emplace(prefix, parent->add_subcommand(word)).first->second;
    }
    auto it = groups.find(prefix);
    if (it == groups.end()) {
      it = groups.emplace(prefix, parent->add_subcommand(word)).first;
      it->second->require_subcommand(1);
      if (auto g = softpower::operations().groups().find(prefix);
          g != softpower::operations().groups().end()) {
        it->second->description(g->second);
      }
    }
    parent = it->second;
    start = space + 1;
  }
}

std::string help_of(const Param& p) {
  std::string help = p.help;
  if (!p.choices.empty()) {
    help += p.role == softpower::ParamRole::input_or_builtin ? " (built-in:" : " (one of:";
    for (const auto& c : p.choices) help += " " + c;
    help += ")";
  }
  if (!p.bounds_text().empty()) help += " (" + p.bounds_text() + ")";
  if (!p.default_value.empty()) help += " [default: " + p.default_value + "]";
  return help;
}

void bind(Binding& b) {
  for (const Param& p : b.operation->params) {
    if (p.type == ParamType::flag) {
      b.options[p.name] = b.command->add_flag("--" + p.name, b.flags[p.name], help_of(p));
      continue;
    }
    const std::string flag = p.positional ? p.name : "--" + p.name;
    CLI::Option* option = b.command->add_option(flag, b.values[p.name], help_of(p));
    if (!softpower::repeatable(p.type)) option->expected(1);
    if (p.required && p.positional) option->required();
    b.options[p.name] = option;
  }
}

// The files an operation writes, from its declaration: "Writes:" and a line per file.
std::string outputs_text(const Operation& op) {
  std::string text;
  for (const softpower::OutputFile& f : op.outputs) {
    if (f.name.empty()) continue;  // the file --out names: the help says so
    text += "\n  " + f.name + ": " + f.summary;
  }
  return text.empty() ? text : "\n\nWrites:" + text;
}

// Ctrl-C and SIGTERM cancel the running operation through its Progress: the engines check the
// flag often enough to stop within a second, the operation throws an Error before writing
// anything, and the command prints one line and exits 1. A second signal ends the process at
// once (outputs are written to a temporary place and renamed, so nothing half-written stays
// under the output's name).
std::atomic<softpower::Progress*> g_running{nullptr};
std::atomic<int> g_signals{0};
std::atomic<int> g_signal{0};

extern "C" void on_signal(int signal) {
  if (g_signals.fetch_add(1) > 0) _exit(128 + signal);
  g_signal = signal;
  if (softpower::Progress* progress = g_running.load()) progress->cancel();
}

void catch_signals() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

softpower::Args collect(const Binding& b) {
  softpower::Args args;
  for (const auto& [name, option] : b.options) {
    if (option->count() == 0) continue;
    if (auto f = b.flags.find(name); f != b.flags.end()) {
      args.set(name, f->second ? "true" : "false");
      continue;
    }
    for (const auto& v : b.values.at(name)) args.add(name, v);
  }
  return args;
}

// Under MPI (core/distributed.hpp), rank 0 prints and the other ranks are silent; an operation
// that is not distributed runs on rank 0 alone. Every rank ends through distributed::agree, so
// an error on any rank ends them all with its message, printed once.
int run(const Operation& op, softpower::Args given, bool verbose, bool json_output) {
  namespace distributed = softpower::distributed;
  const bool root = distributed::is_root();
  softpower::TerminalProgress terminal;
  softpower::Progress silent;
  softpower::Progress& progress = root ? static_cast<softpower::Progress&>(terminal) : silent;
  std::ostringstream unheard;
  // `serve` waits for SIGINT and SIGTERM itself.
  if (op.name != "serve") {
    g_running = &progress;
    catch_signals();
  }
  try {
    softpower::Context context{progress, root ? static_cast<std::ostream&>(std::cerr) : unheard};
    context.verbose = verbose;
    std::string printed;
    if (root || op.distributed) {
      std::optional<distributed::Alone> alone;
      if (!op.distributed) alone.emplace();
      const auto args = op.validate(std::move(given));
      if (op.answer) {
        // An answer written as text (a stored result's bytes, JSON of a hot path): as it is.
        printed = op.answer(args, context).body;
        if (!printed.empty() && printed.back() != '\n') printed += "\n";
      } else {
        const nlohmann::json result = op.run(args, context);
        if (json_output) {
          printed = result.dump(2) + "\n";
        } else if (result.contains("message")) {
          printed = result["message"].get<std::string>() + "\n";
        } else {
          printed = result.dump(2) + "\n";
        }
      }
    }
    g_running = nullptr;
    if (const std::string error = distributed::agree(""); !error.empty()) {
      throw distributed::JobError(error);
    }
    if (root) std::cout << printed;
    return 0;
  } catch (const softpower::Error& e) {
    g_running = nullptr;
    // A JobError is known to every rank already; any other error is agreed now.
    const std::string message = dynamic_cast<const distributed::JobError*>(&e) != nullptr
                                    ? e.what()
                                    : distributed::agree(e.what());
    if (progress.cancelled()) {
      if (root) {
        std::cerr << "softpower: cancelled (" << (g_signal == SIGINT ? "SIGINT" : "SIGTERM")
                  << "); nothing was written\n";
      }
      return 128 + g_signal;
    }
    if (root) std::cerr << "softpower: error: " << message << "\n";
    return 1;
  } catch (const std::exception& e) {
    g_running = nullptr;
    const std::string message = distributed::agree(std::string("internal error: ") + e.what());
    if (root) std::cerr << "softpower: " << message << "\n";
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<softpower::distributed::Session> mpi;
  try {
    mpi.emplace();
  } catch (const softpower::Error& e) {
    std::cerr << "softpower: error: " << e.what() << "\n";
    return 1;
  }
  CLI::App app{
      "softpower: measure, track, evaluate and simulate soft power and cultural diplomacy"};
  app.set_version_flag("--version", SOFTPOWER_VERSION);
  app.require_subcommand(1);
  bool json_output = false;
  app.add_flag("--json", json_output, "print each operation's full JSON result");
  bool verbose = false;
  app.add_flag("--verbose", verbose,
               "print notes in full (each row of the data not mapped to a country, by dataset)");
  // --json and --verbose may also follow the command's own options.
  app.fallthrough();

  std::map<std::string, CLI::App*> groups;
  std::vector<std::unique_ptr<Binding>> bindings;
  // `serve` is a command-line operation only (apps/server/serve.hpp).
  static const Operation serve = softpower::server::serve_operation();
  std::vector<const Operation*> all;
  for (const Operation& op : softpower::operations().all()) all.push_back(&op);
  all.push_back(&serve);
  for (const Operation* op_pointer : all) {
    const Operation& op = *op_pointer;
    auto b = std::make_unique<Binding>();
    b->operation = &op;
    b->command = command_for(app, op.name, groups);
    b->command->description(op.summary + (op.help.empty() ? "" : "\n\n" + op.help) +
                            outputs_text(op));
    bind(*b);
    bindings.push_back(std::move(b));
  }

  // An operation that is also a group (`simulate` of `simulate sweep`): its positionals are
  // checked by Operation::validate, since the group's command line has none.
  for (const auto& b : bindings) {
    if (b->command->get_subcommands([](CLI::App*) { return true; }).empty()) continue;
    for (auto& [name, option] : b->options) option->required(false);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  for (const auto& b : bindings) {
    // A group's own operation runs only when none of its operations was named.
    if (!b->command->parsed() || !b->command->get_subcommands().empty()) continue;
    return run(*b->operation, collect(*b), verbose, json_output);
  }
  return 0;
}

#pragma once
// Operations: each capability declares its operations once (name, typed parameters with their
// roles, defaults, bounds, help, and the files it writes) and every front-end is generated from
// that declaration: the command line (apps/cli), the HTTP API with its path confinement and
// OpenAPI document (apps/server) and run recording (store/recorded). No parameter or output
// file name is spelled twice.

#include <concepts>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "softpower/core/progress.hpp"

namespace softpower {

/// `mapping`: name=number pairs (weights by code): repeated `--weights values=2` on the command
/// line, an object {"values": 2} in JSON; its numbers have the declared real bounds.
enum class ParamType { text, path, integer, real, flag, choice, list, mapping };

std::string_view param_type_name(ParamType type);
/// Whether a parameter of this type takes several values (a list's items, a map's pairs).
inline bool repeatable(ParamType type) {
  return type == ParamType::list || type == ParamType::mapping;
}

/// What a parameter's value stands for. The server confines paths by it (inputs under its read
/// roots, outputs under its output root) and the OpenAPI document describes it; nothing is
/// guessed from a parameter's name or value. A list's role is that of each of its items.
enum class ParamRole {
  value,             ///< a plain value: text, a number, a flag, a choice; never a path
  input_file,        ///< a file read (for lists of inputs: a file, a folder or a glob)
  input_folder,      ///< a folder read
  output_folder,     ///< a folder written (its files are the operation's declared outputs)
  output_file,       ///< a single file written
  data_folder,       ///< the data directory (--data)
  workspace,         ///< the workspace file (--workspace)
  country,           ///< a country code: ISO3 or registry key
  input_or_builtin,  ///< an input file, or one of the built-in names listed in `choices`
};

std::string_view param_role_name(ParamRole role);
/// Whether a value of this role names a path (an input, an output, data or the workspace).
bool names_path(ParamRole role);

/// Where the paths an operation's arguments name may lie: in files only (the command line, the
/// HTTP API), or also among the in-memory inputs of a host language's package (embedded.hpp).
enum class PathSources { files, files_and_memory };

struct Param {
  std::string name;  ///< long name: "--name" on the command line, "name" in JSON
  ParamType type = ParamType::text;
  std::string help;
  std::string default_value;  ///< textual default; empty = none
  bool required = false;
  bool positional = false;  ///< given without a flag on the command line
  /// Allowed values of a ParamType::choice; the built-in names of ParamRole::input_or_builtin.
  std::vector<std::string> choices;
  ParamRole role = ParamRole::value;
  /// Inclusive bounds of a ParamType::integer (every one has them: OperationRegistry::add
  /// refuses one without). Values are read as 64-bit integers, so nothing wider gets in.
  std::optional<std::pair<long long, long long>> integer_bounds;
  /// Inclusive bounds of a ParamType::real or of the numbers of a ParamType::mapping (finite;
  /// NaN and infinities never pass).
  std::optional<std::pair<double, double>> real_bounds;

  /// This integer parameter between lo and hi inclusive: Param{...}.between(1, 2000).
  Param between(long long lo, long long hi) &&;
  /// This real parameter between lo and hi inclusive: Param{...}.within(0.0, 1.0).
  Param within(double lo, double hi) &&;
  /// This parameter with the role `r`: Param{...}.as(ParamRole::input_file).
  Param as(ParamRole r) &&;
  /// Whether `value` is a path (by the role; a built-in name of input_or_builtin is not).
  bool is_path(std::string_view value) const;
  /// "between 1 and 2000" (empty without bounds).
  std::string bounds_text() const;
  /// The bounds as JSON Schema's "minimum" and "maximum" in `schema` (none without bounds).
  void put_bounds(nlohmann::json& schema) const;
};

/// --seed: a random seed, 0 to the largest 64-bit signed integer, default 1; `help` says what
/// the same seed gives.
Param seed_param(std::string help);

/// Parameter values by name, as text; typed getters check and convert them.
class Args {
 public:
  void set(const std::string& name, std::string value);
  void add(const std::string& name, std::string value);  ///< appends to a list parameter
  bool has(std::string_view name) const;
  const std::string& text(std::string_view name) const;
  std::optional<std::string> optional_text(std::string_view name) const;
  long long integer(std::string_view name) const;
  /// The integer as T; throws Error naming the parameter when it does not fit T (never
  /// narrows silently; the declared bounds keep every value inside the type it is read as).
  template <std::integral T>
  T integer_as(std::string_view name) const {
    const long long v = integer(name);
    if (!std::in_range<T>(v)) throw_out_of_range(name, v);
    return static_cast<T>(v);
  }
  double real(std::string_view name) const;
  bool flag(std::string_view name) const;
  std::vector<std::string> list(std::string_view name) const;
  /// A list's items, each also split at commas ("FRA,CUB", as a query string gives it); empty
  /// items are dropped.
  std::vector<std::string> items(std::string_view name) const;
  /// A ParamType::mapping's name=number pairs (none when not given); throws Error naming the
  /// parameter for an item that is not name=number or names a key twice.
  std::map<std::string, double> mapping(std::string_view name) const;
  const std::map<std::string, std::vector<std::string>, std::less<>>& values() const {
    return values_;
  }
  nlohmann::json to_json() const;

 private:
  [[noreturn]] static void throw_out_of_range(std::string_view name, long long value);
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

/// Things loaded once and kept by a long-lived front-end (the server): UN votes, GDELT
/// aggregates, the dashboard's index. An operation asks for one by key with the function that
/// makes it; the first caller makes it (others asking for the same key wait), later callers
/// share it. Items are never dropped while the cache lives.
class Cache {
 public:
  template <typename T>
  std::shared_ptr<const T> get(const std::string& key, const std::function<T()>& make) {
    std::shared_ptr<Slot> slot;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto& s = slots_[key];
      if (!s) s = std::make_shared<Slot>();
      slot = s;
    }
    std::lock_guard<std::mutex> lock(slot->mutex);
    if (!slot->item) slot->item = std::make_shared<const T>(make());
    return std::static_pointer_cast<const T>(slot->item);
  }
  /// Puts `item` under `key` (replacing what was there).
  template <typename T>
  void put(const std::string& key, std::shared_ptr<const T> item) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& s = slots_[key];
    s = std::make_shared<Slot>();
    s->item = std::move(item);
  }
  /// The item under `key`, or nullptr when none was made.
  template <typename T>
  std::shared_ptr<const T> find(const std::string& key) const {
    std::shared_ptr<Slot> slot;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = slots_.find(key);
      if (it == slots_.end()) return nullptr;
      slot = it->second;
    }
    std::lock_guard<std::mutex> lock(slot->mutex);
    return std::static_pointer_cast<const T>(slot->item);
  }

 private:
  struct Slot {
    std::mutex mutex;
    std::shared_ptr<const void> item;
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;
};

/// What an operation may use besides its arguments.
struct Context {
  Progress& progress;
  std::ostream& log;       ///< human-readable notes (stderr on the command line)
  Cache* cache = nullptr;  ///< what a server keeps loaded (none on the command line)
  /// Notes in full (every row a reader could not map), not summed up in one line.
  bool verbose = false;
};

/// `make()`, through the context's cache under `key` when there is one (made once and kept),
/// else made now.
template <typename T>
std::shared_ptr<const T> cached(Context& ctx, const std::string& key,
                                const std::function<T()>& make) {
  if (ctx.cache != nullptr) return ctx.cache->get<T>(key, make);
  return std::make_shared<const T>(make());
}

/// A file an operation writes, declared once: the output folder's list of names, the results
/// stored with a recorded run, the "files" of the result and the OpenAPI document all come
/// from it, and tests/cli/declared_outputs_test.cpp checks that the writers write exactly it.
struct OutputFile {
  /// Path inside the output folder ("scores.csv", "compare/summary.csv"); a part in braces is
  /// named at run time ("datasets/{step}.csv"). Empty: the file --out names itself.
  std::string name;
  std::string summary;  ///< one line: what the file holds
  /// A CSV file's header; a last "..." stands for columns named at run time.
  std::vector<std::string> columns;
  /// Written only when this parameter is given ("" = always).
  std::string when = {};

  bool is_pattern() const;
  /// Whether `path` (relative, with '/') is this file: equal, or matching its pattern where a
  /// part in braces matches one name without '/'.
  bool matches(std::string_view path) const;
};

/// The fixed names of `outputs` written under `args` (patterns and a --out file left out).
std::vector<std::string> output_names(const std::vector<OutputFile>& outputs, const Args& args);
/// The same, only those directly in the output folder: the files a recorded run stores and a
/// result lists under "files".
std::vector<std::string> top_level_output_names(const std::vector<OutputFile>& outputs,
                                                const Args& args);

/// An answer an operation writes as text itself: JSON it serialises on a hot path, or a stored
/// file's bytes. Front-ends send or print it as it is.
struct Answer {
  std::string body;
  std::string media_type = "application/json";
  /// Bytes a user stored (a run's result page): a server serves them sandboxed.
  bool stored = false;
};

struct Operation {
  std::string name;  ///< words: "index build" is `softpower index build` and /api/index/build
  std::string summary;
  std::string help;
  std::vector<Param> params;
  bool writes = false;  ///< changes files or the workspace (the server needs a write token)
  std::function<nlohmann::json(const Args&, Context&)> run;
  std::vector<OutputFile> outputs;  ///< the files it writes into its output (empty: none)
  /// Served by GET with its parameters in the query string (an operation that only reads and
  /// answers at once, for the dashboard), rather than by POST with a JSON body.
  bool get = false;
  /// Its HTTP path when not the one its name gives (the dashboard's "/api/countries").
  std::string http_path = {};
  /// Instead of `run`: the answer as text (OperationRegistry::add derives `run` from it).
  std::function<Answer(const Args&, Context&)> answer = {};
  /// The media type of a successful answer ("*/*": whatever a user stored).
  std::string media_type = "application/json";
  /// Long work a server runs as a background job: the request answers 202 with the job's id
  /// and its event stream; the result is the job's. The command line runs it at once.
  bool job = false;
  /// Answers at once from what is in memory (as every GET operation does): a server runs it
  /// without waiting for one of its --max-sync-calls slots (the weight sliders' hot path).
  bool instant = false;
  /// With `job`: while one such job is queued or running, a new request answers its id.
  bool one_at_a_time = false;
  /// With `job`: checks of the arguments a server makes before queuing the job, so a bad
  /// input answers 400 at once (throws Error naming the parameter).
  std::function<void(const Args&)> check = {};
  /// Spreads its work over the ranks of an MPI job (core/distributed.hpp, docs/cluster.md):
  /// every rank runs it. Under mpirun, any other operation runs on rank 0 alone.
  bool distributed = false;

  const Param* param(std::string_view name) const;
  /// Applies defaults and checks required parameters, choices, number formats and the
  /// declared bounds; throws Error naming the parameter ("--runs: not an integer: 'x'",
  /// "--L: must be between 1 and 2000, not 20000"). The one check for every front-end. A path
  /// of the reserved form "memory:NAME" (core/input_memory.hpp) is refused unless `sources`
  /// allows it (a host language's package, embedded.hpp), and then must be an input that the
  /// run on this thread has.
  Args validate(Args args, PathSources sources = PathSources::files) const;
  nlohmann::json describe() const;
};

class OperationRegistry {
 public:
  /// Adds an operation; throws Error when it is declared twice, a number parameter has no
  /// bounds, a path parameter has no path role (or a role does not fit its type), or it
  /// declares outputs but does not write.
  void add(Operation operation);
  const std::vector<Operation>& all() const { return operations_; }
  const Operation* find(std::string_view name) const;
  /// A one-line summary of a group of operations ("index" for "index build", ...).
  void describe_group(std::string name, std::string summary);
  const std::map<std::string, std::string>& groups() const { return groups_; }

 private:
  std::vector<Operation> operations_;
  std::map<std::string, std::string> groups_;
};

}  // namespace softpower

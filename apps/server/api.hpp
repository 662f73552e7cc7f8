#pragma once
// The pure layer of the HTTP API, with no sockets: JSON bodies turned into an operation's
// Args, routes turned into operations, and paths in parameters confined to the folders the
// server may read or write. The fuzz target (fuzz/targets/api.cpp) drives these functions.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/operation.hpp"

namespace softpower::server {

/// An error answered as JSON {"error": message, "param": param} with an HTTP status.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message, std::string param = {})
      : std::runtime_error(message), status_(status), param_(std::move(param)) {}
  int status() const { return status_; }
  const std::string& param() const { return param_; }
  nlohmann::json body() const;

 private:
  int status_;
  std::string param_;
};

/// "index build" -> "/api/index/build"; the declared Operation::http_path where it has one.
std::string operation_path(const Operation& op);
/// The operation whose path is `path` (exactly) served by GET (`get`) or POST; else one at
/// that path served by the other method (the caller answers 405), else nullptr. Two operations
/// may share a path with different methods (GET /api/alignment/agreement is `alignment
/// series`, POST `alignment agreement`). A segment "{name}" of a declared path matches any
/// one non-empty segment, whose text goes into `captured` as the parameter `name` ("/api/runs/7"
/// at "/api/runs/{id}" gives id=7).
const Operation* operation_at(const OperationRegistry& registry, std::string_view path,
                              bool get = false,
                              std::map<std::string, std::string>* captured = nullptr);

/// The parameter an Error's message names ("--runs: ..." -> "runs"), or "".
std::string param_of(const std::string& message);

/// Parses a request body as a JSON object (empty body = {}); ApiError 400 otherwise.
nlohmann::json parse_body(std::string_view body);

/// A JSON object of parameters as Args: strings, numbers and booleans become text (a
/// number keeps its JSON spelling, a boolean "true"/"false"); arrays only for list
/// parameters, of strings or numbers; null leaves the parameter out. Unknown names,
/// objects and wrong shapes are ApiError 400 naming the parameter. Then Operation::validate.
Args args_from_json(const Operation& op, const nlohmann::json& params);

/// A query string's parameters (of an operation served by GET) as validated Args: each given
/// once, a list's items one per repetition; a flag given without a value is set. As
/// args_from_json otherwise.
Args args_from_query(const Operation& op, const std::multimap<std::string, std::string>& query);

/// What a parameter's value is, for confinement.
enum class PathRole { none, input, output, data, workspace };
/// The confinement of `value` of `param`, from its declared role (Param::role) alone: input
/// files and folders are inputs, output files and folders outputs, a built-in name of an
/// input-or-built-in parameter is no path; names and values are never looked at.
PathRole path_role(const Param& param, std::string_view value);

/// The folders a server lets parameters name.
struct PathPolicy {
  std::vector<std::filesystem::path> read_roots;   ///< canonical
  std::filesystem::path out_root;                  ///< canonical; empty = no writing
  std::filesystem::path data_dir;                  ///< canonical; empty = none
  std::optional<std::filesystem::path> workspace;  ///< the server's workspace file, if any
};

/// Whether `path` (canonical) is `root` or below it.
bool is_within(const std::filesystem::path& path, const std::filesystem::path& root);

/// The confined, absolute form of one value: relative inputs are looked for under each read
/// root in turn (the first that exists); relative outputs go under out_root; symlinks are
/// resolved before checking; '..' never escapes. ApiError 400 naming `param` otherwise.
std::string confine(const PathPolicy& policy, PathRole role, const std::string& param,
                    const std::string& value);

/// Confines every path in the validated Args of `op` and fills in the server's data
/// directory and workspace where the operation takes them (by role) and the request did not;
/// an output folder the request left out becomes out_root/`fresh_out`, so nothing lands in the
/// server's working directory.
Args confine_args(const Operation& op, const Args& args, const PathPolicy& policy,
                  const std::string& fresh_out);

}  // namespace softpower::server

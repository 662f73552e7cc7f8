#include "softpower/store/recorded.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "softpower/core/output_folder.hpp"
#include "softpower/core/table.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::store {

namespace {

std::optional<std::filesystem::path> run_workspace(const Args& args) {
  const char* env = std::getenv("SOFTPOWER_WORKSPACE");
  if (!args.has("workspace") && (env == nullptr || *env == '\0')) return std::nullopt;
  return resolve_workspace(args.optional_text("workspace"));
}

std::string media_type(const std::string& name) {
  if (name.ends_with(".csv")) return "text/csv";
  if (name.ends_with(".json")) return "application/json";
  if (name.ends_with(".html")) return "text/html";
  return "application/octet-stream";
}

std::vector<std::string> files_in(const std::filesystem::path& out) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(out, ec)) {
    if (entry.is_regular_file() && !is_output_bookkeeping(entry.path())) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

OperationBody recorded(const std::string& operation, const std::vector<std::string>& result_files,
                       const OperationBody& body) {
  return [operation, result_files, body](const Args& args, Context& ctx) {
    const auto path = run_workspace(args);
    if (!path) return body(args, ctx);
    Workspace ws = Workspace::open(*path);
    const RunId run = ws.begin_run(operation, args.to_json());
    nlohmann::json result;
    try {
      if (args.has("spec")) {
        const std::string& spec_path = args.text("spec");
        ws.save_spec(std::filesystem::path(spec_path).stem().string(), read_file(spec_path),
                     spec_path);
      }
      result = body(args, ctx);
    } catch (const std::exception& e) {
      ws.finish_run(run, RunStatus::failed, e.what(), nlohmann::json::object());
      throw;
    }
    const std::filesystem::path out = result.value("out", "");
    const std::vector<std::string> names =
        result_files.empty() && !out.empty() ? files_in(out) : result_files;
    for (const std::string& name : names) {
      if (std::filesystem::exists(out / name))
        ws.add_result(run, name, media_type(name), read_file(out / name));
    }
    nlohmann::json summary = result;
    summary.erase("message");
    ws.finish_run(run, RunStatus::ok, result.value("message", ""), summary);
    result["run"] = run;
    result["message"] = result.value("message", "") + "\nRecorded as run " + std::to_string(run) +
                        " in " + path->string();
    return result;
  };
}

}  // namespace softpower::store

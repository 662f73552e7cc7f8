#include "softpower/store/recorded.hpp"

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

}  // namespace

Operation recorded(Operation operation) {
  operation.run = [name = operation.name, outputs = operation.outputs,
                   body = std::move(operation.run)](const Args& args, Context& ctx) {
    const auto path = run_workspace(args);
    if (!path) return body(args, ctx);
    Workspace ws = Workspace::open(*path);
    const RunId run = ws.begin_run(name, args.to_json());
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
    // Outputs kept in memory (the Python package) are stored from there.
    const OutputCapture* kept = OutputCapture::current();
    for (const std::string& file : top_level_output_names(outputs, args)) {
      if (kept != nullptr) {
        if (const auto it = kept->files.find(file); it != kept->files.end())
          ws.add_result(run, file, media_type(file), it->second);
      } else if (!out.empty() && std::filesystem::exists(out / file)) {
        ws.add_result(run, file, media_type(file), read_file(out / file));
      }
    }
    nlohmann::json summary = result;
    summary.erase("message");
    ws.finish_run(run, RunStatus::ok, result.value("message", ""), summary);
    result["run"] = run;
    result["message"] = result.value("message", "") + "\nRecorded as run " + std::to_string(run) +
                        " in " + path->string();
    return result;
  };
  return operation;
}

}  // namespace softpower::store

#include "softpower/embedded.hpp"

#include <chrono>
#include <optional>
#include <sstream>
#include <utility>

#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/operations.hpp"

namespace softpower::embedded {

std::string operations_json() {
  nlohmann::json ops = nlohmann::json::array();
  for (const Operation& op : operations().all()) ops.push_back(op.describe());
  return nlohmann::json{{"operations", ops}, {"groups", operations().groups()}}.dump();
}

RunOutcome run(const RunRequest& request, Progress& progress) {
  const Operation* op = operations().find(request.name);
  if (op == nullptr) throw Error("no operation named '" + request.name + "'");
  Args args;
  for (const auto& [param, items] : request.values) {
    for (const std::string& item : items) args.add(param, item);
  }
  std::ostringstream log;
  RunOutcome out;
  out.media_type = op->media_type;
  const auto started = std::chrono::steady_clock::now();
  Context ctx{progress, log};
  ctx.verbose = request.verbose;
  const MemoryInputs inputs(request.inputs);
  const Args checked = op->validate(std::move(args), PathSources::files_and_memory);
  std::optional<OutputCapture> capture;
  if (request.keep_outputs) capture.emplace();
  if (op->answer) {
    Answer answer = op->answer(checked, ctx);
    out.result = std::move(answer.body);
    out.media_type = answer.media_type;
  } else {
    out.result = op->run(checked, ctx).dump();
  }
  if (progress.cancelled()) throw Error("cancelled");
  if (capture) out.files = std::move(capture->files);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  out.seconds = took.count();
  out.log = log.str();
  return out;
}

}  // namespace softpower::embedded

#include "softpower/store/operations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/importer.hpp"
#include "softpower/store/listing.hpp"
#include "softpower/store/long_csv.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::store {

namespace {

// The layout parameters of --file, which mean nothing without it.
constexpr const char* kFileParams[] = {"unit-column", "year-column", "value-columns", "name",
                                       "licence"};

// The front-end prints the message followed by a line break of its own.
std::string without_last_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// "A,B" and "A B" both name two columns.
std::vector<std::string> split_commas(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    std::size_t start = 0;
    while (start <= item.size()) {
      const std::size_t comma = std::min(item.find(',', start), item.size());
      std::string part = item.substr(start, comma - start);
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
      if (!part.empty()) out.push_back(std::move(part));
      start = comma + 1;
    }
  }
  return out;
}

std::vector<std::string> requested_readers(const Args& args) {
  std::vector<std::string> ids;
  if (args.flag("all")) ids = public_source_ids();
  for (const std::string& id : split_commas(args.list("sources"))) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

std::optional<ImportSource> requested_file(const Args& args) {
  const auto file = args.optional_text("file");
  if (!file) {
    for (const char* name : kFileParams) {
      if (args.has(name)) throw Error(std::string("--") + name + ": used only with --file");
    }
    return std::nullopt;
  }
  for (const char* name : {"unit-column", "year-column", "value-columns"}) {
    if (!args.has(name)) throw Error(std::string("--") + name + ": is required with --file");
  }
  LongCsvLayout layout{*file, args.text("unit-column"), args.text("code-system"),
                       args.text("year-column"), split_commas(args.list("value-columns"))};
  const std::string name =
      args.optional_text("name").value_or(std::filesystem::path(*file).stem().string());
  return file_source(layout, name, args.optional_text("licence").value_or(""));
}

nlohmann::json import_data(const Args& args, Context& ctx) {
  std::vector<ImportSource> list;
  const std::vector<std::string> ids = requested_readers(args);
  if (!ids.empty()) {
    const auto data_dir = resolve_data_dir(args.optional_text("data"));
    for (const std::string& id : ids) list.push_back(public_source(id, data_dir));
  }
  if (auto file = requested_file(args)) list.push_back(std::move(*file));
  if (list.empty()) {
    throw Error(
        "nothing to import: name sources (`softpower import olympics cpi`), give --all, or "
        "--file PATH with its columns");
  }
  Workspace workspace = Workspace::open(resolve_workspace(args.optional_text("workspace")));
  const auto start = std::chrono::steady_clock::now();
  const std::vector<ImportedDataset> imported =
      import_sources(workspace, list, ctx.progress, ctx.log);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json datasets = nlohmann::json::array();
  for (const ImportedDataset& i : imported) datasets.push_back(imported_json(i));
  const std::string message = fmt::format(
      "Imported {} dataset{} into {} in {}:\n{}", imported.size(), imported.size() == 1 ? "" : "s",
      workspace.path().string(), format_duration(seconds), imported_text(imported));
  return {{"message", without_last_newline(message)},
          {"workspace", workspace.path().string()},
          {"seconds", seconds},
          {"datasets", datasets}};
}

nlohmann::json list_datasets(const Args& args, Context&) {
  const Workspace workspace =
      Workspace::open_read_only(resolve_workspace(args.optional_text("workspace")));
  const std::string where = workspace.path().string();
  if (const auto name = args.optional_text("name")) {
    const auto dataset = workspace.dataset(*name);
    if (!dataset) {
      throw Error(Location{where, 0, *name},
                  "no such dataset in the workspace (`softpower datasets` lists them)");
    }
    return {{"message", without_last_newline(dataset_text(*dataset))},
            {"workspace", where},
            {"dataset", dataset_json(*dataset)}};
  }
  const std::vector<DatasetRecord> all = workspace.datasets();
  nlohmann::json datasets = nlohmann::json::array();
  for (const DatasetRecord& d : all) {
    datasets.push_back(dataset_json(d));
    // The columns and units a panel offers (`evaluate --dataset NAME --outcome CODE --treated
    // ISO3`), for the dashboard's pickers.
    if (d.kind == DatasetKind::panel) {
      datasets.back()["indicator_codes"] = d.indicator_codes;
      datasets.back()["unit_codes"] = d.unit_codes;
    }
  }
  const std::string message =
      all.empty() ? fmt::format(
                        "{} holds no datasets yet; `softpower import --all` imports the "
                        "public sources.",
                        where)
                  : fmt::format("{} datasets in {}:\n{}", all.size(), where, datasets_text(all));
  return {{"message", without_last_newline(message)}, {"workspace", where}, {"datasets", datasets}};
}

// One run with the names, media types and sizes of its results; `paths` adds each result's
// HTTP path (the dashboard's link to it).
nlohmann::json one_run_json(const RunRecord& run, const std::vector<ResultRecord>& results,
                            bool paths) {
  nlohmann::json j = run_json(run);
  j["results"] = nlohmann::json::array();
  for (const ResultRecord& r : results) {
    nlohmann::json item = {
        {"name", r.name}, {"media_type", r.media_type}, {"bytes", r.content.size()}};
    if (paths) item["path"] = fmt::format("/api/runs/{}/results/{}", run.id, r.name);
    j["results"].push_back(std::move(item));
  }
  return j;
}

nlohmann::json list_runs(const Args& args, Context&) {
  const Workspace workspace =
      Workspace::open_read_only(resolve_workspace(args.optional_text("workspace")));
  const std::string where = workspace.path().string();
  if (args.has("id")) {
    const RunRecord run = workspace.run(args.integer("id"));
    const std::vector<ResultRecord> results = workspace.results(run.id);
    return {{"message", without_last_newline(run_text(run, results))},
            {"workspace", where},
            {"run", one_run_json(run, results, false)}};
  }
  const long long limit = args.integer("limit");
  if (limit < 0) throw Error("--limit: must be 0 (all) or more, not " + std::to_string(limit));
  const std::vector<RunRecord> all = workspace.runs(static_cast<std::size_t>(limit));
  nlohmann::json runs = nlohmann::json::array();
  for (const RunRecord& r : all) runs.push_back(run_json(r));
  const std::string message = all.empty()
                                  ? fmt::format("{} has no runs yet.", where)
                                  : fmt::format("Latest runs in {}:\n{}", where, runs_text(all));
  return {{"message", without_last_newline(message)}, {"workspace", where}, {"runs", runs}};
}

// The dashboard's view of one run: the run's fields at the top, its results with their paths.
nlohmann::json show_run(const Args& args, Context&) {
  const Workspace workspace =
      Workspace::open_read_only(resolve_workspace(args.optional_text("workspace")));
  const RunRecord run = workspace.run(args.integer("id"));
  const std::vector<ResultRecord> results = workspace.results(run.id);
  nlohmann::json j = one_run_json(run, results, true);
  j["message"] = without_last_newline(run_text(run, results));
  return j;
}

// One result of a run, its bytes as stored (the dashboard's CSV series, a run's report page).
Answer run_result(const Args& args, Context&) {
  const Workspace workspace =
      Workspace::open_read_only(resolve_workspace(args.optional_text("workspace")));
  const RunId id = args.integer("id");
  const std::string& name = args.text("name");
  for (ResultRecord& r : workspace.results(id)) {
    if (r.name != name) continue;
    return {std::move(r.content),
            r.media_type.empty() ? "application/octet-stream" : std::move(r.media_type), true};
  }
  throw NotFound(
      fmt::format("run {} has no result '{}' (`softpower runs --id {}` lists them)", id, name, id));
}

std::string reader_ids() {
  std::string ids;
  for (const std::string& id : public_source_ids()) ids += (ids.empty() ? "" : ", ") + id;
  return ids;
}

}  // namespace

void register_store_operations(OperationRegistry& registry) {
  registry.add(Operation{
      "import",
      "Import public sources or a CSV file of your own into the workspace, with provenance",
      "Reads each named source from the data directory, records the SHA-256 of every file it "
      "read, and stores its values in the workspace; importing a name again replaces it. All "
      "sources go in one transaction: when one fails, none is imported. The UN General "
      "Assembly's roll-call votes (un-votes, un-votes-voeten) are stored as votes datasets. "
      "Sources: " +
          reader_ids() +
          ".\nA long-format CSV of your own: --file data.csv --unit-column country "
          "--code-system name --year-column year --value-columns a,b",
      {Param{"sources", ParamType::list, "ids of the public sources to import", "", false, true},
       Param{"all", ParamType::flag, "import every public source"}, data_param(), workspace_param(),
       Param{"file", ParamType::path, "a long-format CSV file: one row per unit and year"}.as(
           ParamRole::input_file),
       Param{"unit-column", ParamType::text, "with --file: the column naming the country"},
       Param{"code-system", ParamType::choice, "with --file: how that column names countries",
             "iso3", false, false, unit_code_choices()},
       Param{"year-column", ParamType::text, "with --file: the column holding the year"},
       Param{"value-columns", ParamType::list,
             "with --file: the columns holding values, each stored as an indicator (A,B)"},
       Param{"name", ParamType::text,
             "with --file: the dataset's name in the workspace (default: the file's stem)"},
       Param{"licence", ParamType::text, "with --file: the licence of the data, kept with it"}},
      true,
      import_data});
  registry.add(Operation{
      "datasets",
      "List the datasets in the workspace with their provenance",
      "Shows each dataset's source, the SHA-256 of its first file, licence, import time and "
      "size; --name shows one dataset in full, with every file's digest and the rows that "
      "could not be mapped to a country.",
      {workspace_param(), Param{"name", ParamType::text, "show this dataset in full"}},
      false,
      list_datasets});
  registry.add(Operation{
      "runs",
      "List the runs recorded in the workspace",
      "Shows the latest runs (id, operation, status, start, duration, message); --id shows one "
      "run with its parameters, summary and the names of its results.",
      {workspace_param(),
       Param{"id", ParamType::integer, "show this run in full"}.between(
           1, std::numeric_limits<long long>::max()),
       Param{"limit", ParamType::integer, "how many of the latest runs to list (0 = all)", "20"}
           .between(0, 1'000'000'000)},
      false,
      list_runs,
      {},
      true});
  Operation run{
      "run",
      "Show one run recorded in the workspace, with the paths of its results",
      "The run's fields (as `runs --id`) at the top level of the answer, and each result's "
      "name, media type, size and HTTP path; served as GET /api/runs/{id} for the dashboard.",
      {workspace_param(), Param{"id", ParamType::integer, "the run", "", true}.between(
                              1, std::numeric_limits<long long>::max())},
      false,
      show_run};
  run.get = true;
  run.http_path = "/api/runs/{id}";
  registry.add(std::move(run));

  Operation result{
      "result",
      "One result of a run recorded in the workspace, as stored",
      "The bytes of the result NAME of run ID (a CSV file, a report page) with its "
      "media type; served as GET /api/runs/{id}/results/{name}, where a page is "
      "sandboxed (it runs no script).",
      {workspace_param(),
       Param{"id", ParamType::integer, "the run", "", true}.between(
           1, std::numeric_limits<long long>::max()),
       Param{"name", ParamType::text, "the result's name, e.g. scores.csv", "", true}}};
  result.answer = run_result;
  result.media_type = "*/*";
  result.get = true;
  result.http_path = "/api/runs/{id}/results/{name}";
  registry.add(std::move(result));
}

}  // namespace softpower::store

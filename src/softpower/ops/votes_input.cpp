#include "softpower/ops/votes_input.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/ops/resumable.hpp"
#include "softpower/sources/un_votes.hpp"
#include "softpower/store/recorded.hpp"
#include "softpower/store/workspace.hpp"

namespace softpower::alignment {

std::vector<Param> votes_params() {
  return {Param{"votes", ParamType::path,
                "folder with the UN votes: un_votes.csv, un_roll_calls.csv and "
                "un_roll_call_issues.csv, or un_votes_voeten_raw.csv.gz (default: un-votes/ of "
                "the data directory)"}
              .as(ParamRole::input_folder),
          Param{"format",
                ParamType::choice,
                "file format: unvotes (sessions 1-74, cast votes) or voeten (sessions 1-70, "
                "with absences)",
                "unvotes",
                false,
                false,
                {"unvotes", "voeten"}},
          Param{"dataset", ParamType::text,
                "read a votes dataset imported into the workspace instead (softpower import "
                "un-votes)"},
          data_param(), workspace_param()};
}

Operation votes_operation(std::string name, std::string summary, std::string help,
                          std::vector<Param> params, const std::string& default_out,
                          std::function<nlohmann::json(const Args&, Context&)> run,
                          std::vector<OutputFile> outputs) {
  std::vector<Param> all = votes_params();
  for (Param& p : params) all.push_back(std::move(p));
  all.push_back(output_folder_param("", default_out));
  return store::recorded(Operation{std::move(name), std::move(summary), std::move(help),
                                   std::move(all), true, std::move(run), std::move(outputs)});
}

namespace {

// The folder of vote files the arguments name: --votes, or the data directory.
std::filesystem::path votes_folder(const Args& args) {
  return args.has("votes") ? std::filesystem::path(args.text("votes"))
                           : resolve_data_dir(args.optional_text("data"));
}

}  // namespace

VotesInput load_votes(const Args& args, Context& ctx) {
  VotesInput in;
  if (const auto dataset = args.optional_text("dataset")) {
    const std::filesystem::path path = store::resolve_workspace(args.optional_text("workspace"));
    if (!std::filesystem::exists(path)) {
      throw Error("--workspace " + path.string() + ": no such workspace (import the votes first: " +
                  "softpower import un-votes --workspace " + path.string() + ")");
    }
    in.votes = store::Workspace::open(path).load_votes(*dataset);
    in.origin = "workspace " + path.string() + ", dataset " + *dataset;
  } else {
    const std::filesystem::path dir = votes_folder(args);
    if (!is_input_folder(dir)) {
      throw Error("--votes " + dir.string() + ": no such directory");
    }
    std::vector<sources::UnmappedRow> unmapped;
    ctx.progress.start("reading votes", 0);
    in.votes = args.text("format") == "voeten" ? sources::read_voeten_votes(dir, unmapped)
                                               : sources::read_un_votes(dir, unmapped);
    ctx.progress.finish();
    in.unmapped = unmapped.size();
    in.origin = dir.string();
  }
  if (in.votes.call_count() == 0) throw Error(in.origin + ": no roll calls");
  ctx.log << fmt::format("{}: {} roll calls, {} states, {} votes cast", in.origin,
                         in.votes.call_count(), in.votes.country_count(), in.votes.cast_count());
  if (in.unmapped > 0) ctx.log << fmt::format("; {} rows not mapped to a state", in.unmapped);
  ctx.log << "\n";
  return in;
}

std::optional<Checkpoint> open_votes_checkpoint(std::string_view operation, const Args& args) {
  if (!args.flag("resume")) return std::nullopt;
  if (const auto dataset = args.optional_text("dataset")) {
    const auto record =
        store::Workspace::open_read_only(store::resolve_workspace(args.optional_text("workspace")))
            .dataset(*dataset);
    Args keyed = args;
    keyed.set("dataset", *dataset + " imported " + (record ? record->imported_at : ""));
    return open_checkpoint(operation, keyed, {});
  }
  std::vector<std::string> files;
  for (const auto& file :
       sources::un_votes_files(votes_folder(args), args.text("format") == "voeten")) {
    files.push_back(file.string());
  }
  return open_checkpoint(operation, args, files);
}

}  // namespace softpower::alignment

// `softpower alignment agreement`: every dyad's agreement in every session or year, written as
// agreement.csv and agreement.html.

#include <fmt/format.h>

#include <chrono>

#include "softpower/alignment/agreement.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/text.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/ops/votes_input.hpp"
#include "softpower/report/agreement_html.hpp"
#include "softpower/report/alignment_csv.hpp"
#include "softpower/report/index_analysis_outputs.hpp"

namespace softpower::alignment {

namespace {

std::string selection_words(const AgreementOptions& o) {
  std::string words = o.issue.empty() ? "all roll calls" : "roll calls on issue " + o.issue;
  if (o.important_only) words += ", important votes only";
  if (!o.focal.empty()) words += ", dyads of " + o.focal;
  return words;
}

// The files `alignment agreement` writes, declared once (core/operation.hpp: OutputFile).
const std::vector<OutputFile>& agreement_outputs() {
  static const std::vector<OutputFile> files = {
      {"agreement.csv", "every dyad's agreement measures in every period",
       report::agreement_columns()},
      {"agreement.html", "a heatmap of the latest periods", {}}};
  return files;
}

nlohmann::json run_agreement(const Args& args, Context& ctx) {
  const auto started = std::chrono::steady_clock::now();
  AgreementOptions options = agreement_filters(args);
  options.focal = upper_ascii(args.optional_text("focal").value_or(""));
  OutputFolder folder(args.text("out"), output_names(agreement_outputs(), args));
  const std::string& out = folder.display();

  const VotesInput in = load_votes(args, ctx);
  const std::size_t calls = selected_calls(in.votes, options).size();
  const std::vector<DyadAgreement> dyads = agreement(in.votes, options, ctx.progress);

  std::vector<int> periods;
  for (const auto& d : dyads) {
    if (periods.empty() || periods.back() != d.period) periods.push_back(d.period);
  }
  const std::string period_name = options.by == Period::year ? "year" : "session";
  report::AgreementPageInfo info{period_name, selection_words(options), in.origin, calls};
  ctx.progress.start("writing agreement.csv and agreement.html", 0);
  report::write_files(folder, {{"agreement.csv", report::agreement_csv(dyads)},
                               {"agreement.html", report::agreement_html(dyads, info)}});
  ctx.progress.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string span = periods.empty() ? "no " + period_name + "s"
                                     : fmt::format("{} {}s, {}–{}", periods.size(), period_name,
                                                   periods.front(), periods.back());
  const std::string message = fmt::format(
      "Agreement of {} dyads in {} from {} of {} roll calls ({}) in {:.2f} s.\nWrote "
      "{}/agreement.csv "
      "and {}/agreement.html",
      dyads.size(), span, calls, in.votes.call_count(), selection_words(options), seconds, out,
      out);
  return {{"message", message},
          {"out", out},
          {"files", top_level_output_names(agreement_outputs(), args)},
          {"dyads", dyads.size()},
          {"periods", periods.size()},
          {"roll_calls", calls},
          {"seconds", seconds}};
}

}  // namespace

std::vector<Param> agreement_filter_params() {
  std::vector<std::string> issues;
  for (const std::string_view code : issue_codes()) issues.emplace_back(code);
  return {Param{"by",
                ParamType::choice,
                "period of the dyads: session or calendar year",
                "session",
                false,
                false,
                {"session", "year"}},
          Param{"issue", ParamType::choice,
                "only roll calls on this issue: me (Palestinian conflict), nu (nuclear "
                "weapons), di (arms control), hr (human rights), co (colonialism), ec "
                "(economic development)",
                "", false, false, issues},
          Param{"important", ParamType::flag,
                "only the roll calls the US State Department marked important"}};
}

AgreementOptions agreement_filters(const Args& args) {
  AgreementOptions options;
  options.by = args.text("by") == "year" ? Period::year : Period::session;
  options.issue = args.optional_text("issue").value_or("");
  options.important_only = args.flag("important");
  return options;
}

void register_agreement_operations(OperationRegistry& registry) {
  std::vector<Param> params = agreement_filter_params();
  params.push_back(
      Param{"focal", ParamType::text, "only the dyads of this state (registry code, e.g. USA)"}.as(
          ParamRole::country));
  registry.add(votes_operation(
      "alignment agreement", "Agreement of every pair of states in UN votes, per session or year",
      "For every dyad and period: the roll calls both voted on (n), Voeten's agreement, "
      "Signorino and Ritter's S (squared distances), Cohen's kappa, quadratically weighted "
      "kappa, Scott's pi and Benati and Capurri's alignment index A. "
      "docs/alignment-agreement.md gives the formulas.",
      std::move(params), "out/agreement", run_agreement, agreement_outputs()));
}

}  // namespace softpower::alignment

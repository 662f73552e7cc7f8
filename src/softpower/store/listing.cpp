#include "softpower/store/listing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "softpower/core/limits.hpp"

namespace softpower::store {

namespace {

// Characters, not bytes, so that "Côte d'Ivoire" lines up with its neighbours.
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string dash_if_empty(const std::string& text) {
  return text.empty() ? "-" : text;
}

// "2026-11-28T10:57:32.123Z" -> "2026-11-28 10:57": enough to tell imports apart in a list.
std::string short_time(const std::string& iso) {
  if (iso.size() < 16) return dash_if_empty(iso);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::uint64_t total_bytes(const DatasetRecord& d) {
  std::uint64_t bytes = 0;
  for (const SourceFileRecord& f : d.files) bytes += f.bytes;
  return bytes;
}

// The first file's digest, shortened as git shortens commits; "+2" when there are more.
std::string digest_prefix(const DatasetRecord& d) {
  if (d.files.empty()) return "-";
  std::string text = d.files.front().sha256.substr(0, 12);
  if (d.files.size() > 1) text += fmt::format(" +{}", d.files.size() - 1);
  return text;
}

// The first line, cut to `limit` characters, with "..." when anything was left out.
std::string one_line(const std::string& text, std::size_t limit) {
  const std::size_t end_of_line = text.find('\n');
  std::string line = text.substr(0, end_of_line);
  bool cut = end_of_line != std::string::npos;
  if (display_width(line) > limit) {
    std::size_t chars = 0, at = 0;
    for (; at < line.size(); ++at) {
      const bool starts_char = (static_cast<unsigned char>(line[at]) & 0xC0) != 0x80;
      if (starts_char && chars++ == limit) break;
    }
    line.resize(at);
    cut = true;
  }
  return cut ? line + "..." : line;
}

nlohmann::json files_json(const std::vector<SourceFileRecord>& files) {
  nlohmann::json out = nlohmann::json::array();
  for (const SourceFileRecord& f : files) {
    nlohmann::json j = {{"path", f.path}, {"sha256", f.sha256}, {"bytes", f.bytes}};
    if (!f.download_url.empty()) j["download_url"] = f.download_url;
    if (!f.derivation.empty()) j["derivation"] = f.derivation;
    out.push_back(std::move(j));
  }
  return out;
}

std::map<std::string, std::size_t> count_by_reason(const std::vector<sources::UnmappedRow>& rows) {
  std::map<std::string, std::size_t> counts;
  for (const sources::UnmappedRow& row : rows) ++counts[row.reason];
  return counts;
}

}  // namespace

std::string text_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right_aligned) {
  std::vector<std::size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      const std::string pad(widths[c] - display_width(cell), ' ');
      const bool right = c < right_aligned.size() && right_aligned[c];
      const bool last = c + 1 == widths.size();
      out += right ? pad + cell : cell + (last ? "" : pad);
      if (!last) out += "  ";
    }
    out.erase(out.find_last_not_of(' ') + 1);
    return out + "\n";
  };
  std::string out = line(header);
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string format_duration(double seconds) {
  if (seconds < 10) return fmt::format("{:.2f} s", seconds);
  const auto whole = static_cast<long long>(std::llround(seconds));
  if (whole < 60) return fmt::format("{} s", whole);
  if (whole < 3600) return fmt::format("{} min {:02} s", whole / 60, whole % 60);
  return fmt::format("{} h {:02} min", whole / 3600, whole % 3600 / 60);
}

nlohmann::json unmapped_json(const std::vector<sources::UnmappedRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const sources::UnmappedRow& row : rows) {
    out.push_back({{"file", row.where.file},
                   {"line", row.where.line},
                   {"field", row.where.field},
                   {"value", row.value},
                   {"reason", row.reason}});
  }
  return out;
}

std::string unmapped_text(const std::vector<sources::UnmappedRow>& rows, std::size_t limit) {
  std::string out;
  for (std::size_t k = 0; k < rows.size() && k < limit; ++k) {
    const sources::UnmappedRow& row = rows[k];
    const std::string where =
        row.where.line > 0 ? fmt::format("{}:{}", row.where.file, row.where.line) : row.where.file;
    out += fmt::format("  {}: '{}' ({})\n", where, row.value, row.reason);
  }
  if (rows.size() > limit) out += fmt::format("  ... and {} more\n", rows.size() - limit);
  return out;
}

nlohmann::json dataset_json(const DatasetRecord& d) {
  nlohmann::json j = {{"id", d.id},
                      {"name", d.name},
                      {"reader", d.reader},
                      {"title", d.title},
                      {"source", d.source},
                      {"origin_url", d.origin_url},
                      {"producer_url", d.producer_url},
                      {"licence", d.licence},
                      {"imported_at", d.imported_at},
                      {"softpower_version", d.softpower_version},
                      {"rows_read", d.rows_read},
                      {"units", d.units},
                      {"indicators", d.indicators},
                      {"years", d.years},
                      {"values", d.values},
                      {"unmapped_rows", d.unmapped_count},
                      {"kind", dataset_kind_name(d.kind)},
                      {"bytes", total_bytes(d)},
                      {"files", files_json(d.files)}};
  if (d.kind == DatasetKind::votes) j["roll_calls"] = d.roll_calls;
  if (!d.unmapped.empty()) {
    j["unmapped"] = unmapped_json(d.unmapped);
    j["unmapped_by_reason"] = count_by_reason(d.unmapped);
  }
  if (!d.unit_attributes.empty()) j["unit_attributes"] = d.unit_attributes;
  return j;
}

std::string datasets_text(const std::vector<DatasetRecord>& datasets) {
  std::vector<std::vector<std::string>> rows;
  for (const DatasetRecord& d : datasets) {
    rows.push_back({d.name, one_line(d.source, 48), digest_prefix(d), dash_if_empty(d.licence),
                    short_time(d.imported_at), std::to_string(d.values),
                    format_bytes(total_bytes(d))});
  }
  return text_table({"dataset", "source", "sha256", "licence", "imported (UTC)", "values", "size"},
                    rows, {false, false, false, false, false, true, true});
}

std::string dataset_text(const DatasetRecord& d) {
  std::string out = fmt::format("{}: {}\n", d.name, d.title);
  auto field = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) out += fmt::format("  {:<13} {}\n", label, value);
  };
  field("reader", d.reader);
  field("source", d.source);
  field("origin", d.origin_url);
  field("producer", d.producer_url);
  field("licence", d.licence);
  field("imported at", d.imported_at + " by softpower " + d.softpower_version);
  if (d.kind == DatasetKind::votes) {
    field("size", fmt::format("{} states, {} roll calls, {} years, {} votes from {} rows", d.units,
                              d.roll_calls, d.years, d.values, d.rows_read));
  } else {
    field("size", fmt::format("{} units, {} indicators, {} years, {} values from {} rows", d.units,
                              d.indicators, d.years, d.values, d.rows_read));
  }
  out += "Files (SHA-256 of the bytes as stored):\n";
  for (const SourceFileRecord& f : d.files) {
    out += fmt::format("  {}  {}  ({})\n", f.sha256, f.path, format_bytes(f.bytes));
  }
  if (d.unmapped_count == 0) return out + "Every row was mapped to a unit.\n";
  out += fmt::format("{} rows not mapped to a unit:", d.unmapped_count);
  for (const auto& [reason, count] : count_by_reason(d.unmapped)) {
    out += fmt::format(" {} {};", count, reason);
  }
  out.back() = '\n';
  return out + unmapped_text(d.unmapped, 20);
}

nlohmann::json imported_json(const ImportedDataset& imported) {
  nlohmann::json j = dataset_json(imported.record);
  j["replaced"] = imported.replaced;
  j["seconds"] = imported.seconds;
  j["unmapped_by_reason"] = count_by_reason(imported.unmapped);
  // A reader's report can run to thousands of aggregate rows (`softpower datasets --name`
  // shows them); a file the user brought is listed in full, since its rows are theirs to fix.
  if (imported.record.reader == "csv") j["unmapped"] = unmapped_json(imported.unmapped);
  return j;
}

std::string imported_text(const std::vector<ImportedDataset>& imported) {
  std::vector<std::vector<std::string>> rows;
  for (const ImportedDataset& i : imported) {
    const DatasetRecord& d = i.record;
    // Votes have no indicators: their size is in states, years and votes.
    rows.push_back({d.name, std::to_string(d.units),
                    d.kind == DatasetKind::votes ? "-" : std::to_string(d.indicators),
                    std::to_string(d.years), std::to_string(d.values),
                    std::to_string(d.unmapped_count), format_duration(i.seconds),
                    i.replaced ? "replaced" : "new"});
  }
  std::string out =
      text_table({"dataset", "units", "indicators", "years", "values", "unmapped rows", "time", ""},
                 rows, {false, true, true, true, true, true, true, false});
  for (const ImportedDataset& i : imported) {
    if (i.record.reader != "csv" || i.unmapped.empty()) continue;
    out += fmt::format("Rows of {} not mapped to a country:\n", i.record.name);
    out += unmapped_text(i.unmapped, 20);
  }
  return out;
}

nlohmann::json run_json(const RunRecord& run) {
  nlohmann::json j = {{"id", run.id},
                      {"operation", run.operation},
                      {"status", run_status_name(run.status)},
                      {"parameters", run.parameters},
                      {"started_at", run.started_at},
                      {"finished_at", run.finished_at},
                      {"message", run.message},
                      {"summary", run.summary},
                      {"softpower_version", run.softpower_version}};
  j["duration_seconds"] = run.duration_seconds ? nlohmann::json(*run.duration_seconds) : nullptr;
  return j;
}

std::string runs_text(const std::vector<RunRecord>& runs) {
  std::vector<std::vector<std::string>> rows;
  for (const RunRecord& r : runs) {
    rows.push_back({std::to_string(r.id), r.operation, std::string(run_status_name(r.status)),
                    short_time(r.started_at),
                    r.duration_seconds ? format_duration(*r.duration_seconds) : "-",
                    one_line(r.message, 60)});
  }
  return text_table({"id", "operation", "status", "started (UTC)", "duration", "message"}, rows,
                    {true, false, false, false, true, false});
}

std::string run_text(const RunRecord& run, const std::vector<ResultRecord>& results) {
  std::string out =
      fmt::format("Run {}: {} ({})\n", run.id, run.operation, run_status_name(run.status));
  out += fmt::format("  started   {}\n", run.started_at);
  if (!run.finished_at.empty()) out += fmt::format("  finished  {}\n", run.finished_at);
  if (run.duration_seconds) {
    out += fmt::format("  duration  {}\n", format_duration(*run.duration_seconds));
  }
  out += fmt::format("  softpower {}\n", run.softpower_version);
  if (!run.message.empty()) out += fmt::format("  message   {}\n", run.message);
  out += "Parameters:\n" + run.parameters.dump(2) + "\n";
  if (!run.summary.is_null()) out += "Summary:\n" + run.summary.dump(2) + "\n";
  if (results.empty()) return out + "No results.\n";
  std::vector<std::vector<std::string>> rows;
  for (const ResultRecord& r : results) {
    rows.push_back({r.name, r.media_type, format_bytes(r.content.size())});
  }
  return out + "Results:\n" +
         text_table({"name", "media type", "size"}, rows, {false, false, true});
}

}  // namespace softpower::store

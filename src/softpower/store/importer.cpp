#include "softpower/store/importer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"
#include "softpower/core/sha256.hpp"

namespace softpower::store {

namespace {

// Paths under the data directory are recorded relative to it, so that the provenance of a
// workspace does not depend on where the data happened to be on one machine; any other file
// by its absolute path, which names it whatever the working directory was; an in-memory input
// (a host language's table, core/input_memory.hpp) by its name.
std::string recorded_path(const std::filesystem::path& file, const std::filesystem::path& base) {
  if (is_memory_path(file)) return file.generic_string();
  const std::filesystem::path absolute = std::filesystem::absolute(file).lexically_normal();
  if (base.empty()) return absolute.string();
  const auto relative =
      absolute.lexically_relative(std::filesystem::absolute(base).lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return absolute.string();
  return relative.generic_string();
}

std::vector<SourceFileRecord> hash_files(const ImportSource& source,
                                         const std::vector<std::filesystem::path>& files) {
  std::vector<SourceFileRecord> records;
  std::set<std::string> seen;
  for (const auto& file : files) {
    SourceFileRecord record;
    record.path = recorded_path(file, source.base);
    if (!seen.insert(record.path).second) continue;
    record.sha256 = sha256_file(file);
    std::error_code ec;
    record.bytes =
        is_memory_path(file) ? memory_input(file).size() : std::filesystem::file_size(file, ec);
    if (ec) throw Error(Location{file.string()}, "cannot read the file's size: " + ec.message());
    if (auto d = source.downloads.find(record.path); d != source.downloads.end()) {
      record.download_url = d->second.download_url;
      record.derivation = d->second.derivation;
    }
    records.push_back(std::move(record));
  }
  return records;
}

// What a read gave, whatever the kind of source.
struct Read {
  sources::ReadResult panel;
  sources::VoteResult votes;
  bool is_votes = false;
};

void record_read(DatasetRecord& meta, const ImportSource& source, std::size_t rows_read,
                 const std::vector<std::filesystem::path>& files,
                 std::vector<sources::UnmappedRow> unmapped) {
  meta.rows_read = rows_read;
  meta.files = hash_files(source, files);
  meta.unmapped = std::move(unmapped);
  for (sources::UnmappedRow& row : meta.unmapped) {
    if (!row.where.file.empty()) row.where.file = recorded_path(row.where.file, source.base);
  }
}

ImportedDataset import_one(Workspace& workspace, const ImportSource& source, Progress& progress,
                           const std::string& task) {
  const auto start = std::chrono::steady_clock::now();
  DatasetRecord meta = source.meta;
  ImportedDataset imported;
  imported.replaced = workspace.has_dataset(meta.name);
  if (source.read) {
    sources::ReadResult read = source.read();
    record_read(meta, source, read.rows_read, read.files, std::move(read.unmapped));
    meta.unit_attributes = std::move(read.groups);
    progress.start(task, read.panel.indicators().size() * read.panel.years().size());
    meta.id = workspace.import_dataset(meta, read.panel, &progress);
    progress.finish();
    meta.kind = DatasetKind::panel;
    meta.units = read.panel.units().size();
    meta.indicators = read.panel.indicators().size();
    meta.years = read.panel.years().size();
    meta.values = read.panel.count();
  } else {
    sources::VoteResult read = source.read_votes();
    record_read(meta, source, read.rows_read, read.files, std::move(read.unmapped));
    progress.start(task, read.votes.call_count());
    meta.id = workspace.import_votes(meta, read.votes, &progress);
    progress.finish();
    std::vector<int> years;
    for (const RollCall& call : read.votes.calls()) years.push_back(call.year);
    std::sort(years.begin(), years.end());
    meta.kind = DatasetKind::votes;
    meta.units = read.votes.country_count();
    meta.indicators = 0;
    meta.years = static_cast<std::size_t>(std::unique(years.begin(), years.end()) - years.begin());
    meta.values = read.votes.record_count();
    meta.roll_calls = read.votes.call_count();
  }
  meta.unmapped_count = meta.unmapped.size();
  imported.unmapped = std::move(meta.unmapped);
  meta.unmapped.clear();
  imported.record = std::move(meta);
  imported.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return imported;
}

// "1 unit", "2 units".
std::string counted(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// The source's error, still naming its file and line, plus which import it stopped.
Error failed_import(const Error& e, const std::string& name) {
  std::string message = e.what();
  const std::string prefix = e.where().str();
  if (!prefix.empty() && message.starts_with(prefix + ": ")) message.erase(0, prefix.size() + 2);
  return Error(e.where(), message + " (importing '" + name + "'; nothing was imported)");
}

}  // namespace

ImportSource reader_source(const sources::Reader& reader, const std::filesystem::path& data_dir) {
  ImportSource source;
  source.meta.name = reader.id;
  source.meta.reader = reader.id;
  source.meta.title = reader.title;
  source.meta.source = reader.path;
  source.meta.origin_url = reader.origin_url;
  source.meta.producer_url = reader.producer_url;
  source.meta.licence = reader.licence;
  source.read = [read = reader.read, data_dir] { return read(data_dir); };
  source.base = data_dir;
  for (const sources::SourceFile& file : reader.files) source.downloads[file.path] = file;
  return source;
}

ImportSource reader_source(const sources::VoteReader& reader,
                           const std::filesystem::path& data_dir) {
  ImportSource source;
  source.meta.name = reader.id;
  source.meta.reader = reader.id;
  source.meta.title = reader.title;
  source.meta.source = reader.path;
  source.meta.origin_url = reader.origin_url;
  source.meta.producer_url = reader.producer_url;
  source.meta.licence = reader.licence;
  source.read_votes = [read = reader.read, data_dir] { return read(data_dir); };
  source.base = data_dir;
  for (const sources::SourceFile& file : reader.files) source.downloads[file.path] = file;
  return source;
}

std::vector<std::string> public_source_ids() {
  std::vector<std::string> ids;
  for (const sources::Reader& reader : sources::readers()) ids.push_back(reader.id);
  for (const sources::VoteReader& reader : sources::vote_readers()) ids.push_back(reader.id);
  return ids;
}

ImportSource public_source(std::string_view id, const std::filesystem::path& data_dir) {
  for (const sources::Reader& reader : sources::readers()) {
    if (reader.id == id) return reader_source(reader, data_dir);
  }
  for (const sources::VoteReader& reader : sources::vote_readers()) {
    if (reader.id == id) return reader_source(reader, data_dir);
  }
  std::string known;
  for (const std::string& k : public_source_ids()) known += (known.empty() ? "" : ", ") + k;
  throw Error("unknown source '" + std::string(id) + "'; known: " + known);
}

ImportSource file_source(const LongCsvLayout& layout, std::string name, std::string licence) {
  ImportSource source;
  source.meta.name = std::move(name);
  source.meta.reader = "csv";
  source.meta.title = layout.file.filename().string();
  source.meta.source = std::filesystem::absolute(layout.file).lexically_normal().string();
  source.meta.licence = std::move(licence);
  source.read = [layout] { return read_long_csv(layout); };
  return source;
}

std::vector<ImportedDataset> import_sources(Workspace& workspace,
                                            const std::vector<ImportSource>& sources,
                                            Progress& progress, std::ostream& log) {
  std::vector<ImportedDataset> imported;
  auto transaction = workspace.transaction();
  for (std::size_t k = 0; k < sources.size(); ++k) {
    const std::string& name = sources[k].meta.name;
    if (progress.cancelled()) throw Error("import cancelled; nothing was imported");
    const std::string task =
        sources.size() == 1 ? name : fmt::format("{} ({}/{})", name, k + 1, sources.size());
    try {
      imported.push_back(import_one(workspace, sources[k], progress, task));
    } catch (const Error& e) {
      throw failed_import(e, name);
    }
    const DatasetRecord& d = imported.back().record;
    const std::string size =
        d.kind == DatasetKind::votes
            ? fmt::format("{}, {}, {}, {}", counted(d.units, "state"),
                          counted(d.roll_calls, "roll call"), counted(d.years, "year"),
                          counted(d.values, "vote"))
            : fmt::format("{}, {}, {}, {}", counted(d.units, "unit"),
                          counted(d.indicators, "indicator"), counted(d.years, "year"),
                          counted(d.values, "value"));
    log << fmt::format("{}{}: {}; {} not mapped\n",
                       sources.size() == 1 ? "" : fmt::format("[{}/{}] ", k + 1, sources.size()),
                       d.name, size, counted(d.unmapped_count, "row"));
  }
  transaction.commit();
  return imported;
}

}  // namespace softpower::store

// sources/gdelt.hpp, the GDELT event reader, on a file of each form it takes; the first byte
// picks it: 0 plain, 1 the rest as a .gz file, 2 the rest gzipped here, 3 the rest as a .zip
// file, 4 a zip made here with the rest's parts between "\n@@\n" as members. The second byte
// picks the options (strict, the columns perception reads, blocks of a few bytes, plain files
// cut into parts). Every line is an event or a malformed line, and each event's date is valid.

#include "softpower/sources/gdelt.hpp"

#include <zip.h>

#include <string>
#include <vector>

#include "fuzz/scratch.hpp"
#include "fuzz/target.hpp"
#include "softpower/core/byte_stream.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/events.hpp"

namespace {

std::filesystem::path zipped(std::string_view text) {
  auto path = softpower::fuzz::scratch_dir() / "events.zip";
  std::filesystem::remove(path);
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  std::size_t k = 0;
  while (true) {
    const std::size_t cut = text.find("\n@@\n");
    const std::string_view part = text.substr(0, cut);
    zip_source_t* source = zip_source_buffer(archive, part.data(), part.size(), 0);
    zip_file_add(archive, ("m" + std::to_string(k++) + ".CSV").c_str(), source, ZIP_FL_OVERWRITE);
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + 4);
  }
  zip_close(archive);  // reads the parts now, while `text` lives
  return path;
}

}  // namespace

SOFTPOWER_FUZZ_TARGET(gdelt) {
  using namespace softpower;
  if (size < 2) return 0;
  const std::string_view rest = fuzz::as_text(data + 2, size - 2);
  std::filesystem::path file;
  switch (data[0] % 5) {
    case 0:
      file = fuzz::scratch_file("events.CSV", rest);
      break;
    case 1:
      file = fuzz::scratch_file("events.CSV.gz", rest);
      break;
    case 2:
      file = fuzz::scratch_file("events.CSV.gz", softpower::gzip_member(rest, 1));
      break;
    case 3:
      file = fuzz::scratch_file("events.zip", rest);
      break;
    default:
      file = zipped(rest);
      break;
  }
  sources::GdeltOptions options;
  options.threads = 1;
  options.strict = (data[1] & 1) != 0;
  if ((data[1] & 2) != 0) {
    options.columns =
        event_field_bit(EventField::date) | event_field_bit(EventField::actor1_country) |
        event_field_bit(EventField::actor2_country) | event_field_bit(EventField::avg_tone) |
        event_field_bit(EventField::quad_class);
  }
  if ((data[1] & 4) != 0) options.block_size = 64 + data[1];
  if ((data[1] & 8) != 0) options.split_bytes = 100 + data[1] * 4U;
  options.batch_size = 1 + (data[1] >> 4);
  try {
    sources::GdeltReport report;
    const std::vector<std::filesystem::path> files = {file};
    const std::vector<Event> events = sources::read_gdelt_events(files, &report, options);
    if (events.size() != report.events) __builtin_trap();
    std::size_t records = 0;
    for (const auto& f : report.files) records += f.records;
    if (report.events + report.malformed != records) __builtin_trap();
    const bool dated = (options.columns & event_field_bit(EventField::date)) != 0;
    for (const Event& e : events) {
      if (dated && !valid_event_date(e.date)) __builtin_trap();
    }
    return 1;
  } catch (const Error&) {
    return 0;
  }
}

#include "softpower/sources/gdelt_layout.hpp"

#include <algorithm>
#include <string>

#include "softpower/core/text.hpp"

namespace softpower::sources {

namespace {

constexpr std::size_t kColumns = kEventFieldCount;

// GDELT's own column names (the codebooks; schema/gdeltPyR_events*.csv), in EventField order.
constexpr std::array<std::string_view, kColumns> kColumnNames = {
    "GLOBALEVENTID",         "SQLDATE",     "Actor1Code", "Actor1CountryCode", "Actor2Code",
    "Actor2CountryCode",     "IsRootEvent", "EventCode",  "EventRootCode",     "QuadClass",
    "GoldsteinScale",        "NumMentions", "NumSources", "NumArticles",       "AvgTone",
    "ActionGeo_CountryCode", "DATEADDED",   "SOURCEURL"};

}  // namespace

std::string_view gdelt_format_name(GdeltFormat format) {
  switch (format) {
    case GdeltFormat::v1_57:
      return "GDELT 1.0, 57 columns";
    case GdeltFormat::v1_58:
      return "GDELT 1.0, 58 columns";
    case GdeltFormat::v2_61:
      return "GDELT 2.0, 61 columns";
    case GdeltFormat::header_csv:
      return "GDELT columns with a header";
    default:
      return "unknown";
  }
}

std::string_view gdelt_column_name(EventField field) {
  return kColumnNames[static_cast<std::size_t>(field)];
}

GdeltFormat gdelt_format_of(std::size_t fields) {
  if (fields == 57) return GdeltFormat::v1_57;
  if (fields == 58) return GdeltFormat::v1_58;
  if (fields == 61) return GdeltFormat::v2_61;
  return GdeltFormat::unknown;
}

// Columns 0-34 are the same in both versions; GDELT 2.0 added an ADM2Code to each of the three
// geography blocks (7 -> 8 columns), which moves ActionGeo_CountryCode from 51 to 53.
GdeltLayout gdelt_fixed_layout(GdeltFormat format) {
  GdeltLayout l;
  l.column = {0, 1, 5, 7, 15, 17, 25, 26, 28, 29, 30, 31, 32, 33, 34, 51, 56, 57};
  const auto at = [&](EventField f) -> int& { return l.column[static_cast<std::size_t>(f)]; };
  switch (format) {
    case GdeltFormat::v1_57:
      l.fields = 57;
      at(EventField::url_hash) = -1;
      break;
    case GdeltFormat::v1_58:
      l.fields = 58;
      break;
    default:
      l.fields = 61;
      at(EventField::action_country) = 53;
      at(EventField::date_added) = 59;
      at(EventField::url_hash) = 60;
      break;
  }
  return l;
}

GdeltLayout gdelt_header_layout(std::span<const std::string_view> names, std::size_t fields,
                                const Location& where) {
  GdeltLayout layout;
  layout.fields = fields;
  layout.column.fill(-1);
  for (std::size_t c = 0; c < names.size(); ++c) {
    for (std::size_t k = 0; k < kColumns; ++k) {
      if (names[c] == kColumnNames[k]) layout.column[k] = static_cast<int>(c);
    }
  }
  for (std::size_t k = 0; k < kColumns; ++k) {
    const auto field = static_cast<EventField>(k);
    if (layout.column[k] < 0 && field != EventField::url_hash && field != EventField::date_added) {
      throw Error(Location{where.file, where.line, std::string(kColumnNames[k])},
                  "the header has no column " + std::string(kColumnNames[k]));
    }
  }
  return layout;
}

bool is_gdelt_header(std::string_view line) {
  const std::string_view unquoted = line.starts_with('"') ? line.substr(1) : line;
  return unquoted.starts_with(kColumnNames[0]);
}

std::string_view gdelt_file_kind_name(GdeltFileKind kind) {
  switch (kind) {
    case GdeltFileKind::events:
      return "events";
    case GdeltFileKind::mentions:
      return "mentions";
    case GdeltFileKind::gkg:
      return "gkg";
    case GdeltFileKind::other:
      return "other";
  }
  return "other";
}

GdeltFileKind parse_gdelt_file_kind(std::string_view name) {
  const std::string l = lower_ascii(name);
  if (l == "events" || l == "export") return GdeltFileKind::events;
  if (l == "mentions") return GdeltFileKind::mentions;
  if (l == "gkg") return GdeltFileKind::gkg;
  throw Error(Location{"", 0, "type"},
              "unknown GDELT file type '" + std::string(name) + "' (events, mentions or gkg)");
}

GdeltFileKind gdelt_file_kind_of(std::string_view name) {
  const std::string l = lower_ascii(name);
  if (l.find(".export.") != std::string::npos) return GdeltFileKind::events;
  if (l.find(".mentions.") != std::string::npos) return GdeltFileKind::mentions;
  if (l.find(".gkg.") != std::string::npos) return GdeltFileKind::gkg;
  return GdeltFileKind::other;
}

bool is_gdelt_export_name(std::string_view name) {
  const std::string l = lower_ascii(name);
  if (l.find(".export.") != std::string::npos) return true;
  if (!l.ends_with(".zip")) return false;
  const std::string_view stem = std::string_view(l).substr(0, l.size() - 4);
  return (stem.size() == 4 || stem.size() == 6) && all_digits(stem);
}

bool is_gdelt_event_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  std::string l = lower_ascii(name);
  if (l.find("masterfilelist") != std::string::npos || l.find("filesizes") != std::string::npos) {
    return false;
  }
  if (is_gdelt_export_name(l)) return true;
  for (const char* packed : {".gz", ".zip"}) {
    if (l.ends_with(packed)) {
      l.resize(l.size() - std::string_view(packed).size());
      break;
    }
  }
  return l.ends_with(".csv") || l.ends_with(".tsv") || l.ends_with(".txt");
}

namespace {

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

}  // namespace

std::int64_t minutes_in_year(int year) {
  return (leap(year) ? 366 : 365) * std::int64_t{1440};
}

std::optional<GdeltFileTime> gdelt_file_time(std::string_view name) {
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  if (digits != 4 && digits != 6 && digits != 8 && digits != 14) return std::nullopt;
  if (digits < name.size() && name[digits] != '.') return std::nullopt;
  const auto number = [&](std::size_t from, std::size_t count) {
    int v = 0;
    for (std::size_t k = from; k < from + count; ++k) v = v * 10 + (name[k] - '0');
    return v;
  };
  GdeltFileTime t;
  t.year = number(0, 4);
  if (digits == 4) {
    t.minutes = minutes_in_year(t.year);
    return t;
  }
  const int month = number(4, 2);
  if (month < 1 || month > 12) return std::nullopt;
  if (digits == 6) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int days = kDays[month - 1] + (month == 2 && leap(t.year) ? 1 : 0);
    t.minutes = days * std::int64_t{1440};
    return t;
  }
  t.minutes = digits == 8 ? 1440 : 15;
  return t;
}

}  // namespace softpower::sources

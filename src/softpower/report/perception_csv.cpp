#include "softpower/report/perception_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

#include "softpower/core/parallel.hpp"

namespace softpower::report {

using perception::Aggregate;
using perception::CountryRow;
using perception::DyadRow;
using perception::PeriodUnit;
using perception::Tally;

namespace {

// The CSV writers append to one buffer: a table of 10^5 rows is written in tens of
// milliseconds, without a string per cell.
using Buffer = fmt::memory_buffer;

void put_real(Buffer& out, double v) {
  if (!std::isnan(v)) fmt::format_to(std::back_inserter(out), "{:.10g}", v);
}

// period label, then events,mentions,tone,goldstein,q1,q2,q3,q4
void put_tally(Buffer& out, const Tally& t) {
  fmt::format_to(std::back_inserter(out), "{},{},", t.events, t.mentions);
  put_real(out, t.tone());
  out.push_back(',');
  put_real(out, t.goldstein());
  fmt::format_to(std::back_inserter(out), ",{},{},{},{}", t.quad[0], t.quad[1], t.quad[2],
                 t.quad[3]);
}

// ,share,coop and the line's end.
void put_share_coop(Buffer& out, const Aggregate& a, std::int32_t period, const Tally& t) {
  out.push_back(',');
  put_real(out, a.share(period, t));
  out.push_back(',');
  put_real(out, t.cooperation());
  out.push_back('\n');
}

// Period labels by key, made once.
std::map<std::int32_t, std::string> labels(const Aggregate& a) {
  std::map<std::int32_t, std::string> out;
  for (const auto& [p, t] : a.periods) out.emplace(p, perception::period_label(p, a.by));
  return out;
}

const std::string& label_of(std::map<std::int32_t, std::string>& cache, std::int32_t period,
                            PeriodUnit by) {
  auto it = cache.find(period);
  if (it == cache.end()) it = cache.emplace(period, perception::period_label(period, by)).first;
  return it->second;
}

std::string cell(double v) {
  return std::isnan(v) ? "" : fmt::format("{:.6g}", v);
}

}  // namespace

std::string dyads_csv(const Aggregate& a) {
  // Rows formatted in slices on every core (five numbers a row to print: a tenth of a second
  // for 142,000 rows on one core), each into its own buffer, joined in order: the same bytes
  // for any number of threads.
  constexpr std::size_t kSlice = 16384;
  const std::size_t slices = (a.keys.size() + kSlice - 1) / kSlice;
  std::vector<std::string> parts(slices);
  parallel_for(slices, [&](std::size_t s) {
    Buffer out;
    auto names = labels(a);
    const std::size_t end = std::min(a.keys.size(), (s + 1) * kSlice);
    for (std::size_t i = s * kSlice; i < end; ++i) {
      const DyadRow& r = a.keys[i];
      if (r.source.empty() || r.target.empty()) continue;
      fmt::format_to(std::back_inserter(out), "{},{},{},", label_of(names, r.period, a.by),
                     r.source, r.target);
      put_tally(out, r.tally);
      put_share_coop(out, a, r.period, r.tally);
    }
    parts[s] = fmt::to_string(out);
  });
  std::string text = "period,source,target,events,mentions,tone,goldstein,q1,q2,q3,q4,share,coop\n";
  std::size_t size = text.size();
  for (const std::string& part : parts) size += part.size();
  text.reserve(size);
  for (const std::string& part : parts) text += part;
  return text;
}

std::string countries_csv(const Aggregate& a, const std::vector<CountryRow>& rows) {
  Buffer out;
  fmt::format_to(std::back_inserter(out),
                 "period,country,events,mentions,tone,goldstein,q1,q2,q3,q4,share,coop\n");
  auto names = labels(a);
  for (const CountryRow& r : rows) {
    fmt::format_to(std::back_inserter(out), "{},{},", label_of(names, r.period, a.by), r.country);
    put_tally(out, r.tally);
    put_share_coop(out, a, r.period, r.tally);
  }
  return fmt::to_string(out);
}

std::string periods_csv(const Aggregate& a) {
  Buffer out;
  fmt::format_to(std::back_inserter(out),
                 "period,events,mentions,tone,goldstein,q1,q2,q3,q4,coop\n");
  for (const auto& [p, t] : a.periods) {
    fmt::format_to(std::back_inserter(out), "{},", perception::period_label(p, a.by));
    put_tally(out, t);
    out.push_back(',');
    put_real(out, t.cooperation());
    out.push_back('\n');
  }
  return fmt::to_string(out);
}

ShiftTables::ShiftTables(PeriodUnit by, std::string method)
    : by_(by),
      method_(std::move(method)),
      series_("country,partner,role,series,period,events,value,level\n"),
      changes_("country,partner,role,series,method,period,before,after,change\n") {}

void ShiftTables::add(const perception::Series& s, const perception::SeriesShifts& shifts) {
  const std::string role(perception::role_name(s.role));
  const std::string measure(perception::measure_name(s.measure));
  for (std::size_t i = 0; i < s.periods.size(); ++i) {
    series_ += fmt::format("{},{},{},{},{},{},{},{}\n", s.country, s.partner, role, measure,
                           perception::period_label(s.periods[i], by_), s.events[i],
                           cell(s.values[i]), cell(shifts.fitted[i]));
  }
  for (const perception::SeriesShift& shift : shifts.shifts) {
    changes_ += fmt::format("{},{},{},{},{},{},{},{},{}\n", s.country, s.partner, role, measure,
                            method_, perception::period_label(shift.period, by_),
                            cell(shift.before), cell(shift.after), cell(shift.change()));
  }
}

std::string problems_csv(const std::vector<ProblemRow>& problems) {
  std::string out = "file,line,field,reason\n";
  auto quote = [](std::string_view s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  for (const ProblemRow& p : problems) {
    out += fmt::format("{},{},{},{}\n", quote(p.file), p.line, quote(p.field), quote(p.reason));
  }
  return out;
}

}  // namespace softpower::report

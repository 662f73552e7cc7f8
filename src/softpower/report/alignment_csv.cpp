#include "softpower/report/alignment_csv.hpp"

#include "softpower/core/csv_writer.hpp"

namespace softpower::report {

namespace {

using alignment::AlignmentWith;

int year_of(const std::map<int, int>& year_of_session, int session) {
  const auto it = year_of_session.find(session);
  return it == year_of_session.end() ? 0 : it->second;
}

}  // namespace

const std::vector<std::string>& agreement_columns() {
  static const std::vector<std::string> columns = {
      "period", "a", "b", "n", "agree", "s_score", "kappa", "kappa_w", "pi", "alignment"};
  return columns;
}

const std::vector<std::string>& ideal_points_columns() {
  static const std::vector<std::string> columns = {"session", "country", "x", "se"};
  return columns;
}

const std::vector<std::string>& ideal_point_sessions_columns() {
  static const std::vector<std::string> columns = {
      "session", "year",    "model",      "states",    "items",
      "dropped", "bridged", "iterations", "converged", "orientation"};
  return columns;
}

const std::vector<std::string>& ideal_point_bridges_columns() {
  static const std::vector<std::string> columns = {"session_a", "session_b", "items"};
  return columns;
}

std::vector<std::string> alignment_with_columns(const std::string& measure) {
  return {"session", "year", "partner", measure, "distance"};
}

const std::vector<std::string>& alignment_shifts_columns() {
  static const std::vector<std::string> columns = {"partner", "measure", "session", "year",
                                                   "before",  "after",   "change"};
  return columns;
}

std::string agreement_csv(const std::vector<alignment::DyadAgreement>& dyads) {
  std::string out;
  out.reserve(dyads.size() * 96);
  CsvWriter w(out, agreement_columns());
  for (const alignment::DyadAgreement& d : dyads)
    w.row(d.period, d.a, d.b, d.n, d.agree, d.s_score, d.kappa, d.kappa_w, d.pi, d.alignment);
  return out;
}

std::string ideal_points_csv(const alignment::IdealPointResult& result) {
  std::string out;
  out.reserve(result.points.size() * 48);
  CsvWriter w(out, ideal_points_columns());
  for (const alignment::IdealPoint& p : result.points) w.row(p.session, p.country, p.x, p.se);
  return out;
}

std::string ideal_point_sessions_csv(const alignment::IdealPointResult& result) {
  std::string out;
  CsvWriter w(out, ideal_point_sessions_columns());
  for (const alignment::SessionFit& s : result.sessions) {
    w.row(s.session, s.year, result.model, s.states, s.items, s.dropped.size(), s.bridged,
          s.iterations, s.converged ? 1 : 0, s.orientation);
  }
  return out;
}

std::string ideal_point_bridges_csv(const alignment::IdealPointResult& result) {
  std::string out;
  CsvWriter w(out, ideal_point_bridges_columns());
  for (const alignment::SharedItems& s : result.shared) w.row(s.a, s.b, s.items);
  return out;
}

std::string alignment_with_csv(const AlignmentWith& result, const std::string& measure,
                               const std::map<int, int>& year_of_session) {
  std::string out;
  CsvWriter w(out, alignment_with_columns(measure));
  for (const alignment::PartnerSeries& s : result.partners) {
    for (std::size_t i = 0; i < s.periods.size(); ++i) {
      w.row(s.periods[i], year_of(year_of_session, s.periods[i]), s.partner, s.agreement[i],
            s.distance[i]);
    }
  }
  return out;
}

std::string alignment_shifts_csv(const AlignmentWith& result, const std::string& measure,
                                 const std::map<int, int>& year_of_session) {
  std::string out;
  CsvWriter w(out, alignment_shifts_columns());
  for (const alignment::Shift& s : result.shifts) {
    w.row(s.partner, s.measure == "agreement" ? measure : s.measure, s.period,
          year_of(year_of_session, s.period), s.before, s.after, s.size());
  }
  return out;
}

}  // namespace softpower::report

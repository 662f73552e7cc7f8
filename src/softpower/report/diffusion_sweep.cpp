#include "softpower/report/diffusion_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "softpower/core/csv_writer.hpp"
#include "softpower/core/error.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

const std::vector<std::string>& diffusion_sweep_columns() {
  static const std::vector<std::string> columns = {"point"};
  return columns;
}

std::string diffusion_sweep_csv(const Sweep& s) {
  std::vector<std::string> header = diffusion_sweep_columns();
  header.insert(header.end(), s.parameters.begin(), s.parameters.end());
  header.insert(header.end(), {"runs", "absorbed"});
  for (const std::string& m : s.measures) {
    for (const char* part : {"_mean", "_lo", "_hi"}) header.push_back(m + part);
  }
  std::string out;
  CsvWriter w(out, header);
  for (std::size_t p = 0; p < s.rows.size(); ++p) {
    const SweepRow& row = s.rows[p];
    w.cell(p);
    for (const double v : row.values) w.cell(v);
    w.cell(row.runs);
    w.cell(row.absorbed);
    for (const diffusion::Interval& i : row.end) {
      w.cell(i.mean);
      w.cell(i.lo);
      w.cell(i.hi);
    }
    w.end_row();
  }
  return out;
}

namespace {

namespace t = templates;

// One heat map: the measure's mean at each (x, y) of the first two parameters (one row when
// there is one), the other parameters fixed at `fixed` (a point's row numbers, every
// `stride`-th, from `first`).
struct HeatMap {
  std::string svg;
  double lo = 0, hi = 0;  // the lightest and darkest cells' means
};

HeatMap heat_map(const Sweep& s, std::size_t measure, std::size_t first, const std::string& title) {
  const std::size_t nx = s.texts[0].size();
  const std::size_t ny = s.texts.size() > 1 ? s.texts[1].size() : 1;
  std::size_t inner = 1;  // points between two values of the first parameter
  for (std::size_t k = 1; k < s.texts.size(); ++k) inner *= s.texts[k].size();
  const std::size_t ystep = inner / ny;  // points between two values of the second
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t x = 0; x < nx; ++x) {
    for (std::size_t y = 0; y < ny; ++y) {
      const double v = s.rows[first + x * inner + y * ystep].end[measure].mean;
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  const double cell = std::clamp(560.0 / static_cast<double>(std::max(nx, ny)), 6.0, 40.0);
  const double left = 70, top = 10, width = cell * static_cast<double>(nx),
               height = cell * static_cast<double>(ny);
  const std::string& yname = s.parameters.size() > 1 ? s.parameters[1] : std::string();
  std::string svg = html::svg_open(left + width + 20, top + height + 50, title,
                                   fmt::format("{} by {}{}", s.measures[measure], s.parameters[0],
                                               yname.empty() ? "" : " and " + yname),
                                   "chart heat-map");
  for (std::size_t x = 0; x < nx; ++x) {
    for (std::size_t y = 0; y < ny; ++y) {
      const diffusion::Interval& i = s.rows[first + x * inner + y * ystep].end[measure];
      const double share = hi > lo ? (i.mean - lo) / (hi - lo) : 0.5;
      const std::string fill = std::isfinite(i.mean) ? html::sequential_colour(share) : "#eee";
      const std::string tip = fmt::format(
          "{} = {}{}: {} {} [{}, {}]", s.parameters[0], s.texts[0][x],
          yname.empty() ? "" : fmt::format(", {} = {}", yname, s.texts[1][y]), s.measures[measure],
          html::significant(i.mean, 3), html::significant(i.lo, 3), html::significant(i.hi, 3));
      // The second parameter grows upwards, as on a phase diagram.
      svg += html::svg_rect(left + cell * static_cast<double>(x),
                            top + cell * static_cast<double>(ny - 1 - y), cell, cell,
                            html::attr("fill", fill), tip);
    }
  }
  const std::size_t every_x = std::max<std::size_t>(1, nx / 8),
                    every_y = std::max<std::size_t>(1, ny / 8);
  for (std::size_t x = 0; x < nx; x += every_x) {
    svg += html::svg_text(left + cell * (static_cast<double>(x) + 0.5), top + height + 14,
                          s.texts[0][x],
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  for (std::size_t y = 0; ny > 1 && y < ny; y += every_y) {
    svg += html::svg_text(left - 6, top + cell * (static_cast<double>(ny - 1 - y) + 0.5) + 4,
                          s.texts[1][y],
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  svg += html::svg_text(left + width, top + height + 34, s.parameters[0],
                        html::attr("class", "axis-label") + html::attr("text-anchor", "end"));
  if (ny > 1)
    svg += html::svg_text(4, top + height + 34, yname + " ↑", html::attr("class", "axis-label"));
  return {svg + html::svg_close(), lo, hi};
}

}  // namespace

std::string diffusion_sweep_html(const Sweep& s) {
  const auto found = std::find(s.measures.begin(), s.measures.end(), s.measure);
  if (found == s.measures.end()) throw Error("sweep.html: no measure " + s.measure);
  const auto m = static_cast<std::size_t>(found - s.measures.begin());
  const std::size_t nx = s.texts[0].size();
  std::size_t per_map = nx * (s.texts.size() > 1 ? s.texts[1].size() : 1);
  std::size_t inner = 1;
  for (std::size_t k = 1; k < s.texts.size(); ++k) inner *= s.texts[k].size();
  const std::size_t rest = per_map == 0 ? 0 : s.rows.size() / per_map;  // maps
  const std::size_t rest_stride = inner / (s.texts.size() > 1 ? s.texts[1].size() : 1);
  t::List maps;
  for (std::size_t k = 0; k < rest; ++k) {
    // The k-th combination of the parameters after the first two.
    std::string fixed;
    std::size_t point = k;  // offset inside a value of the second parameter
    for (std::size_t a = s.texts.size(); a-- > 2;) {
      const std::size_t v = point % s.texts[a].size();
      point /= s.texts[a].size();
      fixed = fmt::format("{} = {}{}{}", s.parameters[a], s.texts[a][v], fixed.empty() ? "" : ", ",
                          fixed);
    }
    const std::string title = s.measures[m] + (fixed.empty() ? "" : " at " + fixed);
    t::Object map;
    map["title"] = title;
    const HeatMap drawn = heat_map(s, m, k % rest_stride, title);
    map["chart"] = drawn.svg;
    map["lightest"] = html::significant(drawn.lo, 3);
    map["darkest"] = html::significant(drawn.hi, 3);
    maps.push_back(map);
  }
  t::Object data;
  data["title"] = s.title;
  data["description"] = s.description;
  data["points"] = std::to_string(s.rows.size());
  data["runs"] = std::to_string(s.rows.empty() ? 0 : s.rows.front().runs);
  data["seed"] = std::to_string(s.seed);
  data["measure"] = s.measures[m];
  data["maps"] = maps;
  return t::page("diffusion_sweep", s.title + ": sweep", data, "diffusion.css");
}

}  // namespace softpower::report

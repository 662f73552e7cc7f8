#include "softpower/report/ideal_points_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "softpower/core/countries.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

using alignment::IdealPoint;
using alignment::IdealPointResult;
using alignment::SessionFit;

// Chart geometry: the plot box inside a width x height drawing.
constexpr double kWidth = 960, kHeight = 460;
constexpr double kLeft = 56, kRight = 120, kTop = 16, kBottom = 48;

// Okabe and Ito's colours, distinct for every kind of colour vision (the page's orange --hl
// is kept for the state picked with the select).
constexpr std::array<std::string_view, 7> kColours = {"#0072b2", "#009e73", "#cc79a7", "#e69f00",
                                                      "#56b4e9", "#000000", "#8c6d1f"};

constexpr std::string_view kStyle = R"css(
main.ideal{max-width:1040px;margin:0 auto;padding:24px 20px 60px}
.ideal .chart .axis{stroke:#5a6572;stroke-width:1}
.ideal .chart .grid{stroke:#dde2e8;stroke-width:1}
.ideal .chart .zero{stroke:#5a6572;stroke-width:1;stroke-dasharray:3 3}
.ideal .chart .tick{font-size:11px;fill:#4a5568}
.ideal .chart .label{font-size:12px;fill:#1c2633}
.ideal .chart path.line{fill:none;stroke:#b8c0ca;stroke-width:1;stroke-opacity:.45}
.ideal .chart path.key{fill:none;stroke-width:2.2}
.ideal .chart path.line.hl,.ideal .chart path.line.picked{stroke:var(--hl);stroke-width:2.5;
stroke-opacity:1}
.ideal .chart path.key.hl{stroke-width:3.4}
.ideal .chart .end{font-size:11.5px;font-weight:600}
.ideal .legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:8px 0 4px;padding:0;list-style:none;
font-size:13px}
.ideal .legend i{display:inline-block;width:18px;height:3px;margin-right:6px;vertical-align:middle}
.ideal .legend .picked i{background:var(--hl)}
.ideal td.warn{color:var(--warn)}
)css";

// Toggles class "picked" on the trajectory of the state chosen in #ip-pick and moves it to the
// front; the legend's last entry names it.
constexpr std::string_view kScript = R"js(
(function () {
  var pick = document.getElementById('ip-pick');
  var name = document.getElementById('ip-picked');
  if (!pick) return;
  pick.addEventListener('change', function () {
    document.querySelectorAll('.chart path.picked').forEach(function (p) {
      p.classList.remove('picked');
    });
    var code = pick.value;
    var path = code ? document.querySelector('.chart path.line[data-key="' + code + '"]') : null;
    if (path) {
      path.classList.add('picked');
      path.parentNode.appendChild(path);
    }
    name.textContent = code ? pick.options[pick.selectedIndex].text : 'none';
  });
})();
)js";

struct Series {
  std::string code;
  std::vector<std::optional<double>> y;  ///< by session index
  std::optional<double> last_x;          ///< position in its last session
  std::size_t last_session = 0;          ///< index of that session
};

}  // namespace

std::vector<std::string> highlighted_states(const std::string& anchor) {
  std::vector<std::string> out;
  for (const std::string& code :
       {anchor, std::string("USA"), std::string("GBR"), std::string("FRA"), std::string("CHN"),
        std::string("SUN"), std::string("RUS")}) {
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  }
  return out;
}

std::string ideal_points_html(const IdealPointResult& result, const IdealPointPageInfo& info) {
  std::size_t converged = 0;
  for (const SessionFit& s : result.sessions) converged += s.converged ? 1 : 0;
  std::map<int, std::size_t> session_index;
  for (const SessionFit& s : result.sessions)
    session_index.emplace(s.session, session_index.size());
  const std::size_t n = result.sessions.size();

  // One series per state, in the order of first appearance.
  std::map<std::string, std::size_t> series_index;
  std::vector<Series> series;
  double lo = 0, hi = 0;
  for (const IdealPoint& p : result.points) {
    auto [it, added] = series_index.emplace(p.country, series.size());
    if (added) series.push_back({p.country, std::vector<std::optional<double>>(n), {}, 0});
    Series& s = series[it->second];
    const std::size_t k = session_index.at(p.session);
    s.y[k] = p.x;
    if (k >= s.last_session || !s.last_x) {
      s.last_session = k;
      s.last_x = p.x;
    }
    lo = std::min(lo, p.x);
    hi = std::max(hi, p.x);
  }

  templates::Data data(templates::Object{
      {"state_count", std::to_string(series.size())},
      {"has_sessions", n > 0},
      {"session_count", std::to_string(n)},
      {"first_year", n == 0 ? std::string() : std::to_string(result.sessions.front().year)},
      {"last_year", n == 0 ? std::string() : std::to_string(result.sessions.back().year)},
      {"dynamic", result.dynamic},
      {"bridged", result.model == "bridged"},
      {"anchor", result.anchor},
      {"converged", std::to_string(converged)},
      {"bootstrap", result.bootstrap > 0 ? templates::Data(std::to_string(result.bootstrap))
                                         : templates::Data(false)},
      {"seconds", fmt::format("{:.2f}", info.seconds)},
      {"origin", info.origin},
      {"any_state", !series.empty()}});
  if (series.empty()) return templates::page("ideal_points", "Ideal points", data);

  // The select of every state, by name.
  std::vector<std::pair<std::string, std::string>> by_name;
  by_name.reserve(series.size());
  for (const Series& s : series)
    by_name.emplace_back(CountryRegistry::world().display_name(s.code), s.code);
  std::sort(by_name.begin(), by_name.end());
  templates::List states;
  for (const auto& [name, code] : by_name)
    states.emplace_back(templates::Object{{"code", code}, {"name", name}});
  data["states"] = templates::list(states);

  // Scales.
  const html::Domain y_domain = html::nice_domain(lo, hi, 6);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](std::size_t k) {
    return kLeft + (n > 1 ? static_cast<double>(k) / static_cast<double>(n - 1) : 0.5) * plot_w;
  };
  auto py = [&](double v) { return kTop + (1 - y_domain.share(v)) * plot_h; };
  std::vector<double> xs(n);
  for (std::size_t k = 0; k < n; ++k) xs[k] = px(k);

  const std::vector<std::string> keys = highlighted_states(result.anchor);
  std::string svg = html::svg_open(
      kWidth, kHeight, "Ideal points by session",
      fmt::format("Every state's ideal point in each of {} sessions; {} highlighted.", n,
                  fmt::join(keys, ", ")),
      "chart");
  for (double t : html::ticks(y_domain, 6)) {
    svg += html::svg_line(kLeft, py(t), kLeft + plot_w, py(t),
                          html::attr("class", t == 0 ? "zero" : "grid"));
    svg += html::svg_text(kLeft - 6, py(t) + 4, html::number(t, 1),
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  // Session ticks at round years (every decade), labelled with the year.
  for (std::size_t k = 0; k < n; ++k) {
    const SessionFit& s = result.sessions[k];
    const bool first_of_decade =
        s.year % 10 == 0 && (k == 0 || result.sessions[k - 1].year != s.year);
    if (!first_of_decade && !(n < 12)) continue;
    svg +=
        html::svg_line(px(k), kTop + plot_h, px(k), kTop + plot_h + 5, html::attr("class", "axis"));
    svg += html::svg_text(px(k), kTop + plot_h + 18, std::to_string(s.year),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  svg += html::svg_line(kLeft, kTop + plot_h, kLeft + plot_w, kTop + plot_h,
                        html::attr("class", "axis"));
  svg += html::svg_line(kLeft, kTop, kLeft, kTop + plot_h, html::attr("class", "axis"));
  svg +=
      html::svg_text(kLeft + plot_w / 2, kHeight - 8, "session (labelled with the year it opened)",
                     html::attr("class", "label") + html::attr("text-anchor", "middle"));
  svg += html::svg_text(
      14, kTop + plot_h / 2, "ideal point (" + result.anchor + " positive)",
      html::attr("class", "label") + html::attr("text-anchor", "middle") +
          html::attr("transform", fmt::format("rotate(-90 14 {})", kTop + plot_h / 2)));
  // A path with a tooltip: svg_polyline's self-closed element opened for a <title>.
  auto path = [&](const Series& s, const std::string& attrs) {
    std::vector<std::optional<double>> ys(n);
    for (std::size_t k = 0; k < n; ++k) {
      if (s.y[k]) ys[k] = py(*s.y[k]);
    }
    std::string p = html::svg_polyline(xs, ys, attrs);
    p.replace(
        p.size() - 2, 2,
        "><title>" +
            html::escape(CountryRegistry::world().display_name(s.code) + " (" + s.code + ")") +
            "</title></path>");
    return p;
  };
  for (const Series& s : series) {
    if (std::find(keys.begin(), keys.end(), s.code) != keys.end()) continue;
    svg += path(s, html::attr("class", "mark line") + html::attr("data-key", s.code));
  }
  templates::List legend;
  double last_label = -1e9;
  std::vector<std::pair<double, std::string>> ends;
  for (std::size_t h = 0; h < keys.size(); ++h) {
    const auto it = series_index.find(keys[h]);
    if (it == series_index.end()) continue;
    const Series& s = series[it->second];
    const std::string colour(kColours[h % kColours.size()]);
    svg += path(s, html::attr("class", "mark key") + html::attr("data-key", s.code) +
                       html::attr("stroke", colour));
    ends.emplace_back(py(*s.last_x), "<text" + html::attr("class", "end") +
                                         html::attr("fill", colour) +
                                         html::attr("x", html::plain(px(s.last_session) + 6)));
    ends.back().second += ">" + html::escape(s.code) + "</text>";
    legend.emplace_back(templates::Object{{"colour", colour},
                                          {"name", CountryRegistry::world().display_name(s.code)},
                                          {"code", s.code}});
  }
  // End labels, nudged apart so that they do not overlap.
  std::sort(ends.begin(), ends.end());
  for (auto& [y, text] : ends) {
    y = std::max(y, last_label + 12);
    last_label = y;
    svg += text.insert(5, html::attr("y", html::plain(y + 4)));
  }
  svg += html::svg_close();
  data["legend"] = templates::list(legend);
  data["chart"] = svg;

  // The last session's positions.
  const SessionFit& last = result.sessions.back();
  std::vector<const IdealPoint*> latest;
  for (const IdealPoint& p : result.points) {
    if (p.session == last.session) latest.push_back(&p);
  }
  std::sort(latest.begin(), latest.end(),
            [](const IdealPoint* a, const IdealPoint* b) { return a->x > b->x; });
  data["last_session"] = std::to_string(last.session);
  templates::List rows;
  for (const IdealPoint* p : latest) {
    rows.emplace_back(templates::Object{
        {"name", CountryRegistry::world().display_name(p->country)},
        {"code", p->country},
        {"x", html::number(p->x, 3)},
        {"se", std::isnan(p->se) ? std::string(html::kMissing) : html::number(p->se, 3)},
        {"votes", std::to_string(p->votes)}});
  }
  data["latest"] = templates::list(rows);

  // The session fits.
  templates::List fits;
  for (const SessionFit& s : result.sessions) {
    fits.emplace_back(templates::Object{{"session", std::to_string(s.session)},
                                        {"year", std::to_string(s.year)},
                                        {"states", std::to_string(s.states)},
                                        {"items", std::to_string(s.items)},
                                        {"dropped", std::to_string(s.dropped.size())},
                                        {"iterations", std::to_string(s.iterations)},
                                        {"converged", s.converged},
                                        {"orientation", s.orientation}});
  }
  data["fits"] = templates::list(fits);
  return templates::page("ideal_points", "Ideal points", data);
}

}  // namespace softpower::report

#include "softpower/report/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace softpower::report::html {

namespace {

// Colour stops chosen to step evenly in lightness, so order reads without hue.
struct Rgb {
  double r, g, b;
};
constexpr std::array<Rgb, 5> kBlues = {
    {{238, 243, 249}, {195, 215, 236}, {127, 169, 212}, {58, 118, 180}, {15, 63, 120}}};
// Orange and blue are the pair that stays apart under every common colour-vision deficiency.
constexpr std::array<Rgb, 5> kOrangeBlue = {
    {{180, 83, 15}, {232, 164, 106}, {245, 243, 240}, {140, 181, 222}, {31, 91, 158}}};

std::string interpolate(const std::array<Rgb, 5>& stops, double t) {
  t = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0) * (stops.size() - 1);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), stops.size() - 2);
  const double f = t - static_cast<double>(i);
  auto mix = [&](double a, double b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(stops[i].r, stops[i + 1].r),
                     mix(stops[i].g, stops[i + 1].g), mix(stops[i].b, stops[i + 1].b));
}

// One decimal is finer than a screen pixel in the view boxes used here and keeps pages small.
std::string coord(double v) {
  return fmt::format("{:.1f}", v);
}

double nice_step(double range, int count) {
  const double raw = range / std::max(count, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  const double step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  return step * magnitude;
}

std::string with_tooltip(std::string_view tag, std::string attributes, std::string_view tooltip) {
  if (tooltip.empty()) return "<" + std::string(tag) + attributes + "/>";
  return "<" + std::string(tag) + attributes + "><title>" + escape(tooltip) + "</title></" +
         std::string(tag) + ">";
}

constexpr std::string_view kBaseStyle = R"css(
:root{--ink:#1c2633;--muted:#5a6572;--line:#dde2e8;--paper:#fff;--band:#f3f5f8;
--accent:#2a6bb0;--accent-dark:#0f3f78;--accent-soft:#dce8f5;--warn:#a9500f;--warn-soft:#fbe6d3;
--hl:#d55e00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:var(--paper);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1,h2,h3,h4{line-height:1.25;margin:0}
h2{font-size:22px;margin:56px 0 6px;padding-top:10px;border-top:2px solid var(--ink)}
h3{font-size:16px;margin:28px 0 6px}
h4{font-size:13px;margin:0 0 4px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
p{margin:6px 0 12px;max-width:80ch}
.muted{color:var(--muted)}
.nowrap{white-space:nowrap}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--band);
padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;color:var(--muted);font-size:13px;padding:0 0 8px}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
thead th{font-size:11.5px;font-weight:650;text-transform:uppercase;letter-spacing:.04em;
color:var(--muted);border-bottom:2px solid var(--ink);white-space:nowrap;vertical-align:bottom}
th.num,td.num{text-align:right}
tbody tr:hover{background:#f5f8fc}
th button.sort{font:inherit;color:inherit;text-transform:inherit;letter-spacing:inherit;
background:none;border:0;padding:0;cursor:pointer;text-align:inherit}
th button.sort:hover,th button.sort:focus-visible{color:var(--ink);text-decoration:underline}
th button.sort::after{content:"";display:inline-block;width:1.1em;text-align:center}
th[aria-sort=ascending] button.sort::after{content:"\25B2"}
th[aria-sort=descending] button.sort::after{content:"\25BC"}
.scroll{overflow-x:auto}
.bar{display:block;height:6px;background:var(--band);border-radius:3px;overflow:hidden}
.bar>span{display:block;height:100%;background:var(--accent);border-radius:3px}
.chip{display:inline-block;padding:0 7px;margin:1px 2px 1px 0;border-radius:9px;font-size:12px;
line-height:18px;white-space:nowrap;background:var(--band);color:var(--ink)}
.chip.warn{background:var(--warn-soft);color:#6e3207}
.chip.info{background:var(--accent-soft);color:#173f6b}
.toolbar{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin:10px 0 12px}
.toolbar label{font-size:13px;color:var(--muted)}
input[type=search],select{font:inherit;font-size:14px;padding:5px 10px;border:1px solid #b9c2cc;
border-radius:6px;background:#fff;color:var(--ink)}
input[type=search]{min-width:16em}
button.expand{font:inherit;background:none;border:0;padding:0 4px 0 0;cursor:pointer;color:var(--accent)}
button.expand::before{content:"\25B8";display:inline-block;width:1em;transition:transform .15s}
button.expand[aria-expanded=true]::before{transform:rotate(90deg)}
.filtered-out,.filtered-out+tr.detail{display:none}
svg{display:block;max-width:100%;height:auto}
svg text{font-family:inherit}
:focus-visible{outline:2px solid var(--hl);outline-offset:2px}
@media print{
  @page{size:A4 landscape;margin:12mm}
  body{font-size:10.5px}
  nav,.toolbar,tr.detail{display:none!important}
  button.expand{padding:0;color:inherit}
  button.expand::before{display:none}
  .scroll{overflow:visible}
  h2{break-after:avoid}
  tr,figure,svg{break-inside:avoid}
  tbody tr:hover{background:none}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  function missing(v) { return v === null || v === '' || v === '\u2014'; }
  function key(row, col) {
    var cell = row.cells[col];
    if (!cell) return null;
    var v = cell.getAttribute('data-sort');
    if (v === null) v = cell.textContent.trim();
    if (missing(v)) return null;
    var n = Number(v);
    return isNaN(n) ? v.toLowerCase() : n;
  }
  // Body rows in groups: a row and the detail rows that follow it.
  function groups(body) {
    var out = [];
    Array.prototype.forEach.call(body.rows, function (row) {
      if (row.classList.contains('detail') && out.length) out[out.length - 1].push(row);
      else out.push([row]);
    });
    return out;
  }
  function compare(a, b, sign) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
    return (a < b ? -1 : a > b ? 1 : 0) * sign;
  }
  function sort(th) {
    var table = th.closest('table');
    var col = Number(th.getAttribute('data-col'));
    var first = th.getAttribute('data-first') === 'desc' ? 'descending' : 'ascending';
    var now = th.getAttribute('aria-sort');
    var dir = now ? (now === 'ascending' ? 'descending' : 'ascending') : first;
    table.querySelectorAll('th[aria-sort]').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
    var sign = dir === 'ascending' ? 1 : -1;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var gs = groups(body).map(function (g, i) { return { rows: g, k: key(g[0], col), i: i }; });
      gs.sort(function (a, b) { return compare(a.k, b.k, sign) || a.i - b.i; });
      gs.forEach(function (g) { g.rows.forEach(function (r) { body.appendChild(r); }); });
    });
  }
  document.addEventListener('click', function (e) {
    var s = e.target.closest('button.sort');
    if (s) sort(s.closest('th'));
    var x = e.target.closest('button[data-expand]');
    if (x) {
      var open = x.getAttribute('aria-expanded') !== 'true';
      x.setAttribute('aria-expanded', String(open));
      document.getElementById(x.getAttribute('data-expand')).hidden = !open;
    }
  });
  document.querySelectorAll('input[data-filter]').forEach(function (input) {
    // The status counts the rows of the first shown table (the others repeat the same units).
    function apply() {
      var q = input.value.trim().toLowerCase(), shown = 0, total = 0, counted = null;
      document.querySelectorAll(input.getAttribute('data-filter')).forEach(function (table) {
        if (counted === null && !table.closest('[hidden]')) counted = table;
        Array.prototype.forEach.call(table.tBodies, function (body) {
          groups(body).forEach(function (g) {
            var text = (g[0].getAttribute('data-search') || g[0].textContent).toLowerCase();
            var hit = q === '' || text.indexOf(q) >= 0;
            g[0].classList.toggle('filtered-out', !hit);
            if (table === counted) { total++; if (hit) shown++; }
          });
        });
      });
      var status = document.getElementById(input.getAttribute('data-filter-status') || '');
      if (status) status.textContent = q === '' ? '' : shown + ' of ' + total + ' shown';
    }
    input.addEventListener('input', apply);
  });
  document.querySelectorAll('select[data-switch]').forEach(function (select) {
    var name = select.getAttribute('data-switch');
    function apply() {
      document.querySelectorAll('[data-switch-panel]').forEach(function (p) {
        if (p.getAttribute('data-switch-panel') === name)
          p.hidden = p.getAttribute('data-value') !== select.value;
      });
      // A filter's count follows the table now shown.
      document.querySelectorAll('input[data-filter]').forEach(function (i) {
        if (i.value) i.dispatchEvent(new Event('input'));
      });
    }
    select.addEventListener('change', apply);
    apply();
  });
  var marks = {}, lit = null;
  document.querySelectorAll('.mark[data-key]').forEach(function (m) {
    var k = m.getAttribute('data-key');
    (marks[k] = marks[k] || []).push(m);
  });
  function light(k, on) {
    (marks[k] || []).forEach(function (m) { m.classList.toggle('hl', on); });
  }
  document.addEventListener('mouseover', function (e) {
    var m = e.target.closest ? e.target.closest('.mark[data-key]') : null;
    var k = m ? m.getAttribute('data-key') : null;
    if (k === lit) return;
    if (lit !== null) light(lit, false);
    lit = k;
    if (k !== null) light(k, true);
  });
})();
)js";

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + escape(value) + "\"";
}

std::string element(std::string_view tag, std::string_view attrs, std::string_view inner) {
  return fmt::format("<{0}{1}>{2}</{0}>", tag, attrs, inner);
}

std::string number(double value, int decimals) {
  if (std::isnan(value)) return std::string(kMissing);
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.front() != '-') return text;
  // "-0.00" is zero: no sign; otherwise a true minus sign, which lines up with digits.
  if (text.find_first_not_of("-0.") == std::string::npos) return text.substr(1);
  return "\u2212" + text.substr(1);
}

std::string number(std::optional<double> value, int decimals) {
  return value ? number(*value, decimals) : std::string(kMissing);
}

std::string significant(double value, int digits) {
  if (std::isnan(value) || value == 0) return number(value, 0);
  const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
  return number(value, std::clamp(digits - 1 - magnitude, 0, 6));
}

std::string percent(double share, int decimals) {
  return number(share * 100, decimals) + "%";
}

std::string plain(double value) {
  return fmt::format("{}", value);
}

double Domain::share(double value) const {
  if (!(hi > lo)) return 0;
  return std::clamp((value - lo) / (hi - lo), 0.0, 1.0);
}

Domain nice_domain(double min, double max, int ticks) {
  if (std::isnan(min) || std::isnan(max)) return {0, 1};
  if (max < min) std::swap(min, max);
  if (max == min) {
    const double pad = min == 0 ? 1 : std::abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const double step = nice_step(max - min, ticks);
  return {std::floor(min / step) * step, std::ceil(max / step) * step};
}

std::vector<double> ticks(const Domain& domain, int count) {
  std::vector<double> out;
  if (!(domain.hi > domain.lo)) return out;
  const double step = nice_step(domain.hi - domain.lo, count);
  for (double v = std::ceil(domain.lo / step) * step; v <= domain.hi + step * 1e-9; v += step) {
    out.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  }
  return out;
}

std::string sequential_colour(double t) {
  return interpolate(kBlues, t);
}

bool dark_background(double t) {
  return t > 0.55;
}

std::string diverging_colour(double t) {
  return interpolate(kOrangeBlue, (std::clamp(t, -1.0, 1.0) + 1) / 2);
}

std::string svg_open(double width, double height, std::string_view title,
                     std::string_view description, std::string_view css_class) {
  std::string out = fmt::format(
      // Inline SVG in HTML needs no namespace declaration.
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" role=\"img\"{}>",
      coord(width), coord(height), coord(width), coord(height), attr("class", css_class));
  out += "<title>" + escape(title) + "</title>";
  if (!description.empty()) out += "<desc>" + escape(description) + "</desc>";
  return out;
}

std::string svg_rect(double x, double y, double width, double height, std::string_view attrs,
                     std::string_view tooltip) {
  return with_tooltip(
      "rect",
      fmt::format(" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}", coord(x), coord(y),
                  coord(std::max(width, 0.0)), coord(std::max(height, 0.0)), attrs),
      tooltip);
}

std::string svg_circle(double cx, double cy, double r, std::string_view attrs,
                       std::string_view tooltip) {
  return with_tooltip(
      "circle",
      fmt::format(" cx=\"{}\" cy=\"{}\" r=\"{}\"{}", coord(cx), coord(cy), coord(r), attrs),
      tooltip);
}

std::string svg_line(double x1, double y1, double x2, double y2, std::string_view attrs) {
  return fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>", coord(x1), coord(y1),
                     coord(x2), coord(y2), attrs);
}

std::string svg_text(double x, double y, std::string_view text, std::string_view attrs) {
  return fmt::format("<text x=\"{}\" y=\"{}\"{}>{}</text>", coord(x), coord(y), attrs,
                     escape(text));
}

std::string svg_polyline(const std::vector<double>& x, const std::vector<std::optional<double>>& y,
                         std::string_view attrs) {
  std::string d;
  bool pen_down = false;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (!y[i]) {
      pen_down = false;
      continue;
    }
    d += (pen_down ? "L" : "M") + coord(x[i]) + " " + coord(*y[i]);
    pen_down = true;
  }
  return "<path" + attr("d", d) + std::string(attrs) + "/>";
}

namespace {

std::string header_cell(const Column& c, std::size_t index, int rowspan) {
  std::string cls = c.numeric ? "num" : "";
  if (!c.css_class.empty()) cls += (cls.empty() ? "" : " ") + c.css_class;
  std::string attrs = attr("scope", "col");
  if (!cls.empty()) attrs += attr("class", cls);
  if (rowspan > 1) attrs += attr("rowspan", std::to_string(rowspan));
  if (!c.tooltip.empty()) attrs += attr("title", c.tooltip);
  if (c.sort.empty()) return element("th", attrs, escape(c.label));
  attrs += attr("data-col", std::to_string(index)) + attr("data-first", c.sort);
  if (!c.sorted.empty()) attrs += attr("aria-sort", c.sorted);
  return element("th", attrs,
                 "<button type=\"button\" class=\"sort\">" + escape(c.label) + "</button>");
}

}  // namespace

std::string table_head(const std::vector<Column>& columns) {
  const bool banded =
      std::any_of(columns.begin(), columns.end(), [](const Column& c) { return !c.band.empty(); });
  if (!banded) {
    std::string row;
    for (std::size_t i = 0; i < columns.size(); ++i) row += header_cell(columns[i], i, 1);
    return "<thead><tr>" + row + "</tr></thead>";
  }
  std::string top, bottom;
  for (std::size_t i = 0; i < columns.size();) {
    if (columns[i].band.empty()) {
      top += header_cell(columns[i], i, 2);
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < columns.size() && columns[end].band == columns[i].band) {
      bottom += header_cell(columns[end], end, 1);
      ++end;
    }
    top += element("th",
                   attr("scope", "colgroup") + attr("colspan", std::to_string(end - i)) +
                       attr("class", "band"),
                   escape(columns[i].band));
    i = end;
  }
  return "<thead><tr>" + top + "</tr><tr>" + bottom + "</tr></thead>";
}

std::string document(const Document& page) {
  std::string out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape(page.title) + "</title>\n";
  out += "<style>" + std::string(kBaseStyle) + page.style + "</style>\n</head>\n<body>\n";
  out += page.body;
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace softpower::report::html

#include "softpower/report/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "softpower/report/template.hpp"

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

}  // namespace

std::string coord(double v) {
  return fmt::format("{:.1f}", v);
}

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
  // From here on white text has a contrast of at least 4.5:1 (WCAG AA) on the colour, and below
  // it black text has: the only point of the scale where both hold (ink #1c2633 has not, from
  // 0.63 to 0.73).
  return t > 0.735;
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

std::string polyline_path(const std::vector<double>& x,
                          const std::vector<std::optional<double>>& y) {
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
  return d;
}

std::string svg_polyline(const std::vector<double>& x, const std::vector<std::optional<double>>& y,
                         std::string_view attrs) {
  return "<path" + attr("d", polyline_path(x, y)) + std::string(attrs) + "/>";
}

namespace {

// The values of templates/table_head_cell.mustache.
templates::Data header_cell(const Column& c, std::size_t index, int rowspan) {
  std::string cls = c.numeric ? "num" : "";
  if (!c.css_class.empty()) cls += (cls.empty() ? "" : " ") + c.css_class;
  return templates::Object{
      {"band", false},
      {"label", c.label},
      {"class", templates::optional(cls)},
      {"rowspan", rowspan > 1 ? templates::Data(std::to_string(rowspan)) : templates::Data(false)},
      {"title", templates::optional(c.tooltip)},
      {"sort", templates::optional(c.sort)},
      {"col", std::to_string(index)},
      {"sorted", templates::optional(c.sorted)}};
}

}  // namespace

std::string table_head(const std::vector<Column>& columns) {
  const bool banded =
      std::any_of(columns.begin(), columns.end(), [](const Column& c) { return !c.band.empty(); });
  templates::List top, bottom;
  for (std::size_t i = 0; i < columns.size();) {
    if (columns[i].band.empty()) {
      top.push_back(header_cell(columns[i], i, banded ? 2 : 1));
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < columns.size() && columns[end].band == columns[i].band) {
      bottom.push_back(header_cell(columns[end], end, 1));
      ++end;
    }
    top.emplace_back(
        templates::Object{{"band", columns[i].band}, {"span", std::to_string(end - i)}});
    i = end;
  }
  return templates::render("table_head",
                           templates::Object{{"top", templates::list(std::move(top))},
                                             {"banded", banded},
                                             {"bottom", templates::list(std::move(bottom))}});
}

std::string document(const Document& page) {
  templates::Data data;
  data["title"] = page.title;
  data["style"] = page.style;
  data["body"] = page.body;
  return templates::render("page", data);
}

}  // namespace softpower::report::html

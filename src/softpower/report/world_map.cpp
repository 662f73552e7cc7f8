#include "softpower/report/world_map.hpp"

#include <charconv>
#include <string_view>
#include <unordered_map>

#include "softpower/report/html.hpp"

namespace softpower::report {

namespace {

constexpr std::string_view kShapes =
#include "softpower/report/world_map_shapes.inc"
    ;

constexpr double kWidth = 1000;
constexpr double kHeight = 395;  // latitude 84° N to 58° S at 1000/360 units a degree
constexpr const char* kLand = "#e2e8f0";

struct Shape {
  double x = 0, y = 0;  ///< where flows start and end
  std::string_view path;
};

const std::unordered_map<std::string_view, Shape>& shapes() {
  static const std::unordered_map<std::string_view, Shape> table = [] {
    std::unordered_map<std::string_view, Shape> out;
    std::string_view rest = kShapes;
    while (!rest.empty()) {
      const std::size_t end = rest.find('\n');
      const std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      // ISO3 \t x \t y \t path, x and y whole numbers.
      std::string_view f[4];
      std::string_view cells = line;
      for (std::string_view& cell : f) {
        const std::size_t tab = cells.find('\t');
        cell = cells.substr(0, tab);
        cells = tab == std::string_view::npos ? std::string_view() : cells.substr(tab + 1);
      }
      int x = 0, y = 0;
      std::from_chars(f[1].data(), f[1].data() + f[1].size(), x);
      std::from_chars(f[2].data(), f[2].data() + f[2].size(), y);
      if (!f[0].empty()) out[f[0]] = Shape{double(x), double(y), f[3]};
    }
    return out;
  }();
  return table;
}

std::string title_of(const std::map<std::string, std::string>& tooltips, const std::string& c) {
  const auto it = tooltips.find(c);
  return it == tooltips.end() ? std::string() : it->second;
}

}  // namespace

bool on_world_map(const std::string& iso3) {
  return shapes().count(iso3) > 0;
}

std::string world_map_svg(const WorldMap& map) {
  std::string svg = html::svg_open(kWidth, kHeight, map.title, map.description, map.css_class);
  std::string dots;
  svg += "<g stroke=\"#fff\" stroke-width=\"0.5\">";
  for (const auto& [code, shape] : shapes()) {
    const std::string c(code);
    const auto fill = map.fill.find(c);
    if (shape.path.empty()) {
      if (fill != map.fill.end()) {
        dots += html::svg_circle(shape.x, shape.y, 3, html::attr("fill", fill->second),
                                 title_of(map.tooltip, c));
      }
      continue;
    }
    svg += "<path" + html::attr("d", shape.path);
    svg += fill == map.fill.end()
               ? html::attr("fill", kLand)
               : html::attr("fill", fill->second) + html::attr("stroke", map.border);
    const std::string tip = title_of(map.tooltip, c);
    svg += tip.empty() ? "/>" : "><title>" + html::escape(tip) + "</title></path>";
  }
  svg += "</g><g" + html::attr("stroke", map.border) + " stroke-width=\"0.5\">" + dots + "</g>";
  svg += "<g fill=\"none\" stroke-linecap=\"round\" opacity=\"0.75\">";
  for (const MapFlow& f : map.flows) {
    const auto a = shapes().find(f.from), b = shapes().find(f.to);
    if (a == shapes().end() || b == shapes().end() || f.from == f.to) continue;
    const double x1 = a->second.x, y1 = a->second.y, x2 = b->second.x, y2 = b->second.y;
    // The control point a fifth of the chord's length to the left of its middle, as one
    // travels from `from` to `to` on the map (y grows downwards).
    const double mx = (x1 + x2) / 2 + (y2 - y1) / 5, my = (y1 + y2) / 2 + (x1 - x2) / 5;
    std::string d = "M" + html::coord(x1) + " " + html::coord(y1) + "Q" + html::coord(mx) + " " +
                    html::coord(my) + " " + html::coord(x2) + " " + html::coord(y2);
    svg += "<path" + html::attr("d", d) + html::attr("stroke", f.colour) +
           html::attr("stroke-width", html::number(f.width, 2));
    svg += f.tooltip.empty() ? "/>" : "><title>" + html::escape(f.tooltip) + "</title></path>";
  }
  return svg + "</g>" + html::svg_close();
}

}  // namespace softpower::report

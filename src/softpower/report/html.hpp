#pragma once
// Building blocks for the self-contained HTML pages the report layer writes (the index
// report now; alignment, perception and diffusion pages later): escaping, number display,
// colour scales safe for colour-blind readers, inline SVG primitives, and one page shell
// with the shared stylesheet and a small script.
//
// Everything that comes from data goes through escape() (or a helper that calls it), so a
// name such as `A&B <C>` can never open a tag. Pages load nothing from outside: no fonts,
// scripts, images or style sheets, so they open offline and print as they look.
//
// The shared script is driven by data attributes, so pages need no script of their own:
//   table.sortable th[data-col]        a <button class="sort"> in the header sorts the body by
//                                      column data-col; cells sort by data-sort (else text);
//                                      data-first="asc|desc" sets the first direction; missing
//                                      values (empty or "—") always sort last
//   tr.detail                          travels with the row above it when sorting/filtering
//   input[data-filter=SELECTOR]        hides body rows of the matching tables whose
//                                      data-search (else text) does not contain the query;
//                                      data-filter-status=ID names an element told "n of m"
//   button[data-expand=ID]             shows/hides the element ID (aria-expanded follows)
//   select[data-switch=NAME]           shows the [data-switch-panel=NAME] whose data-value is
//                                      selected and hides the others
//   .mark[data-key=K]                  hovering one highlights (class "hl") every mark with K

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace softpower::report::html {

/// What a missing value shows as.
inline constexpr std::string_view kMissing = "—";

/// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attribute values.
std::string escape(std::string_view text);

/// ` name="value"` with the value escaped.
std::string attr(std::string_view name, std::string_view value);

/// The value with `decimals` decimals and a true minus sign (U+2212), for reading.
std::string number(double value, int decimals);
/// number(), or kMissing when there is no value.
std::string number(std::optional<double> value, int decimals);
/// About `digits` significant digits for values of any size (210.8, 3.412, 0.001230),
/// without exponents; whole numbers from 1000 up.
std::string significant(double value, int digits);
/// A share (0.125) as a percentage ("12.5%").
std::string percent(double share, int decimals);
/// The shortest plain form of a number (3, 0.5, 1.25e-05) for machine-read attributes.
std::string plain(double value);

/// An interval of values drawn on an axis.
struct Domain {
  double lo = 0, hi = 1;
  /// Where value sits in the interval (0 at lo, 1 at hi), clamped to [0, 1].
  double share(double value) const;
};

/// An SVG coordinate: one decimal, finer than a screen pixel in the view boxes used here, which
/// keeps pages small.
std::string coord(double v);

/// The smallest interval with round ends (1, 2 or 5 × 10^k steps, about `ticks` of them)
/// holding [min, max]; a single value or an empty range still gives a non-empty interval.
Domain nice_domain(double min, double max, int ticks = 5);
/// Round tick values inside the domain, about `count` of them.
std::vector<double> ticks(const Domain& domain, int count = 5);

/// Light to dark blue for t in [0, 1]: one hue, readable by every kind of colour vision.
std::string sequential_colour(double t);
/// Whether text on sequential_colour(t) should be white rather than black (each has 4.5:1).
bool dark_background(double t);
/// Orange (t = −1) through near-white (0) to blue (+1): for signed values like correlations.
std::string diverging_colour(double t);

/// Opens a scalable SVG drawn in a width × height box; `title` and `description` are its
/// text alternative (read by screen readers and shown as the tooltip).
std::string svg_open(double width, double height, std::string_view title,
                     std::string_view description, std::string_view css_class);
inline std::string svg_close() {
  return "</svg>";
}
/// Shapes take extra attributes built with attr(); a non-empty `tooltip` becomes a <title>.
std::string svg_rect(double x, double y, double width, double height, std::string_view attrs,
                     std::string_view tooltip = {});
std::string svg_circle(double cx, double cy, double r, std::string_view attrs,
                       std::string_view tooltip = {});
std::string svg_line(double x1, double y1, double x2, double y2, std::string_view attrs);
std::string svg_text(double x, double y, std::string_view text, std::string_view attrs);
/// The path (d) of a line through the points; a missing y breaks it into separate runs.
std::string polyline_path(const std::vector<double>& x,
                          const std::vector<std::optional<double>>& y);
/// A line through the points; a missing y breaks it into separate runs.
std::string svg_polyline(const std::vector<double>& x, const std::vector<std::optional<double>>& y,
                         std::string_view attrs);

/// A column of a data table, for table_head().
struct Column {
  std::string label;      ///< header text
  std::string band;       ///< consecutive columns with the same band share a header above them
  bool numeric = false;   ///< right-aligned
  std::string sort;       ///< "" (not sortable), "asc" or "desc": the first sort direction
  std::string sorted;     ///< "ascending"/"descending" when the body starts sorted by it
  std::string tooltip;    ///< the header's title, e.g. a full name behind a short label
  std::string css_class;  ///< extra class of the header cell
};
/// The <thead> of a table: one header row, or two when some columns have a band. Sortable
/// headers get data-col (their column index) and a sort button for the shared script.
std::string table_head(const std::vector<Column>& columns);

/// A whole page: templates/page.mustache, the shared style sheet and script around the page's
/// own style and body.
struct Document {
  std::string title;
  std::string style;  ///< the page's own CSS, after the shared sheet
  std::string body;   ///< everything inside <body>
};
std::string document(const Document& page);

}  // namespace softpower::report::html

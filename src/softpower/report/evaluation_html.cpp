#include "softpower/report/evaluation_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

constexpr double kLeft = 64, kTop = 18, kWidth = 760, kHeight = 240;

std::string value_text(double v) {
  return std::isfinite(v) ? html::significant(v, 4) : std::string(html::kMissing);
}

std::string interval_text(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return std::string(html::kMissing);
  return "[" + html::significant(lo, 4) + ", " + html::significant(hi, 4) + "]";
}

std::string p_text(double p) {
  if (!std::isfinite(p)) return std::string(html::kMissing);
  return p < 0.001 ? "< 0.001" : html::number(p, 3);
}

// A chart's frame: the y grid with its labels, x labels at about ten periods, and the axis
// label; `x` maps a period's position to its coordinate.
struct Frame {
  html::Domain y;
  double left = kLeft, top = kTop, width = kWidth, height = kHeight;
  double py(double v) const { return top + height * (1 - y.share(v)); }
};

std::string frame(const Frame& f, const std::vector<std::string>& x_labels,
                  const std::function<double(std::size_t)>& px, const std::string& axis) {
  std::string svg;
  for (double t : html::ticks(f.y, 5)) {
    svg += html::svg_line(f.left, f.py(t), f.left + f.width, f.py(t),
                          html::attr("class", t == 0 ? "zero" : "grid"));
    svg += html::svg_text(f.left - 6, f.py(t) + 4, html::plain(std::round(t * 1e6) / 1e6),
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  const std::size_t step = std::max<std::size_t>(1, (x_labels.size() + 9) / 10);
  for (std::size_t i = 0; i < x_labels.size(); i += step) {
    svg += html::svg_text(px(i), f.top + f.height + 16, x_labels[i],
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  svg += html::svg_text(f.left, 11, axis, html::attr("class", "axis-label"));
  return svg;
}

html::Domain domain_of(std::initializer_list<const std::vector<double>*> series) {
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto* s : series) {
    for (double v : *s) {
      if (!std::isfinite(v)) continue;
      lo = any ? std::min(lo, v) : v;
      hi = any ? std::max(hi, v) : v;
      any = true;
    }
  }
  return html::nice_domain(lo, hi);
}

std::vector<std::optional<double>> ys_of(const Frame& f, const std::vector<double>& v) {
  std::vector<std::optional<double>> out;
  for (double x : v) out.emplace_back(std::isfinite(x) ? std::optional(f.py(x)) : std::nullopt);
  return out;
}

// The periods of a panel along x: each period's label and coordinate, and where treatment
// starts (between the last pre-period and the first after).
struct TimeAxis {
  TimeAxis(const PanelPage& page, const Frame& f) {
    const std::size_t n = page.times.size();
    px = [left = f.left, width = f.width, n](std::size_t i) {
      return left +
             width * static_cast<double>(i) / static_cast<double>(std::max<std::size_t>(n - 1, 1));
    };
    for (std::size_t i = 0; i < n; ++i) {
      labels.push_back(std::to_string(page.times[i]));
      xs.push_back(px(i));
    }
    start = (px(page.t0 - 1) + px(page.t0)) / 2;
  }
  std::function<double(std::size_t)> px;
  std::vector<std::string> labels;
  std::vector<double> xs;
  double start = 0;
};

std::string effect_chart(const PanelPage& page, const PanelEstimator& e) {
  Frame f;
  f.y = domain_of({&e.treated, &e.counterfactual});
  const TimeAxis axis(page, f);
  const auto& px = axis.px;
  const std::vector<double>& xs = axis.xs;
  const std::vector<std::string>& labels = axis.labels;
  std::string svg = html::svg_open(
      f.left + f.width + 30, f.top + f.height + 30,
      page.outcome + ": treated and counterfactual (" + e.estimate.term + ")",
      "the treated units' mean (solid) and its counterfactual (dashed) in every period; "
      "treatment starts at the dashed red line",
      "chart");
  svg += frame(f, labels, px, page.outcome);
  const double start = axis.start;
  svg += html::svg_line(start, f.top, start, f.top + f.height, html::attr("class", "start"));
  svg += html::svg_polyline(xs, ys_of(f, e.counterfactual), html::attr("class", "counterfactual"));
  svg += html::svg_polyline(xs, ys_of(f, e.treated), html::attr("class", "treated"));
  return svg + html::svg_close();
}

std::string gap_chart(const PanelPage& page, const PanelEstimator& e) {
  const std::size_t n = page.times.size();
  std::vector<double> gap(n);
  for (std::size_t i = 0; i < n; ++i) gap[i] = e.treated[i] - e.counterfactual[i];
  std::vector<double> all = gap;
  for (const auto& g : e.placebo_gaps) all.insert(all.end(), g.begin(), g.end());
  std::vector<double> band = {e.estimate.ci_lo, e.estimate.ci_hi, 0.0};
  Frame f;
  f.y = domain_of({&all, &band});
  const TimeAxis axis(page, f);
  const auto& px = axis.px;
  const std::vector<double>& xs = axis.xs;
  const std::vector<std::string>& labels = axis.labels;
  std::string svg = html::svg_open(
      f.left + f.width + 30, f.top + f.height + 30,
      "The gap (" + e.estimate.term + "), with the placebos",
      "treated minus counterfactual in every period (blue), the 95% interval of the average "
      "effect after treatment (shaded), and each control taken as treated (grey)",
      "chart");
  svg += frame(f, labels, px, "treated − counterfactual");
  const double start = axis.start;
  if (std::isfinite(e.estimate.ci_lo) && std::isfinite(e.estimate.ci_hi)) {
    const double top = f.py(e.estimate.ci_hi);
    svg += html::svg_rect(
        start, top, px(n - 1) - start, f.py(e.estimate.ci_lo) - top, html::attr("class", "band"),
        "95% interval of the average effect: " + interval_text(e.estimate.ci_lo, e.estimate.ci_hi));
  }
  for (const auto& g : e.placebo_gaps)
    svg += html::svg_polyline(xs, ys_of(f, g), html::attr("class", "placebo"));
  svg += html::svg_line(start, f.top, start, f.top + f.height, html::attr("class", "start"));
  svg += html::svg_polyline(xs, ys_of(f, gap), html::attr("class", "gap"));
  return svg + html::svg_close();
}

std::string title_of(const std::string& term) {
  if (term == "sdid") return "Synthetic difference-in-differences";
  if (term == "sc") return "Synthetic control";
  if (term == "sc-cov") return "Synthetic control with predictors";
  return "Difference-in-differences";
}

}  // namespace

std::string evaluation_panel_html(const PanelPage& page) {
  templates::Data data;
  data["outcome"] = page.outcome;
  data["file"] = page.file;
  data["treated"] = page.treated_label;
  data["adoption"] = std::to_string(page.times.at(page.t0));
  data["controls"] = std::to_string(page.n0);
  data["periods"] = std::to_string(page.times.size());
  data["pre"] = std::to_string(page.t0);
  data["se"] = page.se_method == "none" ? std::string("none asked for") : page.se_method;
  templates::List estimates, estimators;
  bool with_predictors = false;
  for (std::size_t k = 0; k < page.estimators.size(); ++k) {
    const PanelEstimator& e = page.estimators[k];
    templates::Data row;
    row["name"] = e.estimate.term;
    row["estimate"] = value_text(e.estimate.estimate);
    row["se"] = value_text(e.estimate.se);
    row["ci"] = interval_text(e.estimate.ci_lo, e.estimate.ci_hi);
    row["p"] = p_text(e.estimate.p_value);
    row["ratio"] = value_text(e.rmspe_ratio);
    row["permutation"] = e.permutation_p ? p_text(*e.permutation_p) : std::string(html::kMissing);
    estimates.push_back(std::move(row));

    templates::Data item;
    item["name"] = e.estimate.term;
    item["title"] = title_of(e.estimate.term);
    item["first"] = k == 0;
    item["effect_chart"] = effect_chart(page, e);
    item["gap_chart"] = gap_chart(page, e);
    item["placebos"] = std::to_string(e.placebo_gaps.size());
    std::vector<std::size_t> order(e.unit_weights.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return e.unit_weights[a] > e.unit_weights[b];
    });
    templates::List weights;
    for (std::size_t i : order) {
      if (!(e.unit_weights[i] > 0)) continue;
      templates::Data w;
      w["unit"] = page.units[i];
      w["weight"] = html::number(e.unit_weights[i], 3);
      weights.push_back(std::move(w));
    }
    item["weights"] = templates::list(weights);
    templates::List times;
    for (std::size_t t = 0; t < e.time_weights.size(); ++t) {
      if (!(e.time_weights[t] > 0)) continue;
      templates::Data w;
      w["time"] = std::to_string(page.times[t]);
      w["weight"] = html::number(e.time_weights[t], 3);
      times.push_back(std::move(w));
    }
    templates::List predictors;
    for (const PredictorRow& p : e.predictors) {
      templates::Data row;
      row["name"] = p.name;
      row["weight"] = html::number(p.weight, 3);
      row["treated"] = value_text(p.treated);
      row["synthetic"] = value_text(p.synthetic);
      predictors.push_back(std::move(row));
    }
    with_predictors = with_predictors || !predictors.empty();
    item["any_predictors"] = !predictors.empty();
    item["predictors"] = templates::list(predictors);
    item["predictors_note"] = e.predictors_note;
    item["any_time"] = !times.empty();
    item["time_weights"] = templates::list(times);
    estimators.push_back(std::move(item));
  }
  data["estimates"] = templates::list(estimates);
  data["estimators"] = templates::list(estimators);
  data["with_predictors"] = with_predictors;
  return templates::page("evaluation_panel", "Evaluation: " + page.outcome, data, "evaluation.css");
}

std::string evaluation_staggered_html(const StaggeredPage& page) {
  const evaluation::StaggeredResult& r = *page.result;
  templates::Data data;
  data["outcome"] = page.outcome;
  data["file"] = page.file;
  data["units"] = std::to_string(r.units);
  data["dropped"] = r.dropped_units > 0 ? templates::Data(std::to_string(r.dropped_units))
                                        : templates::Data(false);
  data["control"] = page.control == "notyet" ? "not-yet-treated" : "never-treated";
  data["base"] = page.base;
  data["band"] =
      page.reps > 0
          ? fmt::format("uniform over the event times, from {} multiplier-bootstrap draws",
                        page.reps)
          : std::string("pointwise, from analytic standard errors");
  // The event study: dynamic effects by event time with their band.
  std::vector<long long> event;
  std::vector<double> est, lo, hi;
  templates::List overall;
  for (const evaluation::AggregateEffect& a : r.aggregates) {
    if (a.type == "dynamic" && a.key) {
      event.push_back(*a.key);
      est.push_back(a.estimate);
      lo.push_back(a.ci_lo);
      hi.push_back(a.ci_hi);
    }
    if (!a.key) {
      templates::Data row;
      row["type"] = a.type == "simple"    ? std::string("simple: every treated unit and period")
                    : a.type == "dynamic" ? std::string("dynamic: mean over event times e ≥ 0")
                    : a.type == "group"   ? std::string("group: mean over groups")
                                          : std::string("calendar: mean over periods");
      row["estimate"] = value_text(a.estimate);
      row["se"] = value_text(a.se);
      row["ci"] = interval_text(a.ci_lo, a.ci_hi);
      overall.push_back(std::move(row));
    }
  }
  data["overall"] = templates::list(overall);
  Frame f;
  f.y = domain_of({&est, &lo, &hi});
  const std::size_t n = event.size();
  const auto px = [&](std::size_t i) {
    return f.left + f.width * (static_cast<double>(i) + 0.5) /
                        static_cast<double>(std::max<std::size_t>(n, 1));
  };
  std::vector<std::string> labels;
  for (long long e : event) labels.push_back(std::to_string(e));
  std::string svg = html::svg_open(f.left + f.width + 30, f.top + f.height + 30,
                                   "Effect on " + page.outcome + " by time since treatment",
                                   "the average effect at each event time with its band; "
                                   "treatment starts at the dashed red line",
                                   "chart");
  svg += frame(f, labels, px, page.outcome + ": effect");
  for (std::size_t i = 0; i < n; ++i) {
    if (event[i] == 0 && i > 0) {
      const double x = (px(i - 1) + px(i)) / 2;
      svg += html::svg_line(x, f.top, x, f.top + f.height, html::attr("class", "start"));
    }
    const std::string tip =
        "e = " + labels[i] + ": " + value_text(est[i]) + " " + interval_text(lo[i], hi[i]);
    if (std::isfinite(lo[i]) && std::isfinite(hi[i])) {
      svg += html::svg_rect(px(i) - 6, f.py(hi[i]), 12, f.py(lo[i]) - f.py(hi[i]),
                            html::attr("class", "band"), tip);
    }
    if (std::isfinite(est[i]))
      svg += html::svg_circle(px(i), f.py(est[i]), 3.5, html::attr("class", "point"), tip);
  }
  data["chart"] = svg + html::svg_close();
  templates::List cells;
  for (const evaluation::GroupTimeEffect& g : r.att_gt) {
    templates::Data row;
    row["group"] = std::to_string(g.group);
    row["time"] = std::to_string(g.time);
    row["value"] = html::plain(g.att);
    row["att"] = value_text(g.att);
    row["se"] = value_text(g.se);
    row["ci"] = interval_text(g.ci_lo, g.ci_hi);
    cells.push_back(std::move(row));
  }
  data["att_gt"] = templates::list(cells);
  data["has_bacon"] = page.bacon != nullptr;
  data["bacon_note"] = page.bacon_note;
  data["twfe"] = page.bacon != nullptr ? value_text(page.bacon->twfe) : std::string();
  templates::List types;
  if (page.bacon != nullptr) {
    for (const evaluation::BaconType& t : page.bacon->types) {
      templates::Data row;
      row["type"] = t.type;
      row["weight"] = html::number(t.weight, 3);
      row["estimate"] = value_text(t.estimate);
      types.push_back(std::move(row));
    }
  }
  data["bacon_types"] = templates::list(types);
  return templates::page("evaluation_staggered", "Evaluation: " + page.outcome + " (staggered)",
                         data, "evaluation.css");
}

}  // namespace softpower::report

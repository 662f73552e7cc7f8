#include "softpower/index/spec.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <utility>

#include "softpower/core/error.hpp"
#include "softpower/core/toml_reader.hpp"

namespace softpower::index {

namespace {

template <typename E>
using Names = std::vector<std::pair<std::string_view, E>>;

const Names<Step>& step_names() {
  static const Names<Step> names = {
      {"denominate", Step::denominate}, {"impute", Step::impute},
      {"screen", Step::screen},         {"treat", Step::treat},
      {"normalise", Step::normalise},   {"aggregate", Step::aggregate}};
  return names;
}

const Names<ImputeMethod>& impute_names() {
  static const Names<ImputeMethod> names = {{"none", ImputeMethod::none},
                                            {"zero", ImputeMethod::zero},
                                            {"mean", ImputeMethod::mean},
                                            {"median", ImputeMethod::median},
                                            {"group_mean", ImputeMethod::group_mean},
                                            {"group_median", ImputeMethod::group_median},
                                            {"latest", ImputeMethod::latest},
                                            {"constant", ImputeMethod::constant},
                                            {"linear", ImputeMethod::linear}};
  return names;
}

const Names<ScreenBy>& screen_names() {
  static const Names<ScreenBy> names = {{"none", ScreenBy::none},
                                        {"na", ScreenBy::na},
                                        {"zeros", ScreenBy::zeros},
                                        {"na_and_zeros", ScreenBy::na_and_zeros}};
  return names;
}

const Names<TreatMethod>& treat_names() {
  static const Names<TreatMethod> names = {{"none", TreatMethod::none},
                                           {"winsorise", TreatMethod::winsorise},
                                           {"log", TreatMethod::log},
                                           {"boxcox", TreatMethod::boxcox}};
  return names;
}

const Names<NormaliseMethod>& normalise_names() {
  static const Names<NormaliseMethod> names = {
      {"none", NormaliseMethod::none},           {"minmax", NormaliseMethod::minmax},
      {"zscore", NormaliseMethod::zscore},       {"rank", NormaliseMethod::rank},
      {"prank", NormaliseMethod::prank},         {"borda", NormaliseMethod::borda},
      {"goalposts", NormaliseMethod::goalposts}, {"dist2targ", NormaliseMethod::dist2targ},
      {"dist2max", NormaliseMethod::dist2max},   {"dist2ref", NormaliseMethod::dist2ref},
      {"fracmax", NormaliseMethod::fracmax},     {"refmax", NormaliseMethod::refmax}};
  return names;
}

const Names<AggregateMethod>& aggregate_names() {
  static const Names<AggregateMethod> names = {
      {"arithmetic", AggregateMethod::arithmetic}, {"geometric", AggregateMethod::geometric},
      {"harmonic", AggregateMethod::harmonic},     {"generalised", AggregateMethod::generalised},
      {"copeland", AggregateMethod::copeland},     {"outranking", AggregateMethod::outranking}};
  return names;
}

const Names<BelowCoverage>& below_names() {
  static const Names<BelowCoverage> names = {{"missing", BelowCoverage::missing},
                                             {"mean", BelowCoverage::mean},
                                             {"min", BelowCoverage::min}};
  return names;
}

const Names<WeightMethod>& weight_names() {
  static const Names<WeightMethod> names = {
      {"manual", WeightMethod::manual}, {"equal", WeightMethod::equal}, {"pca", WeightMethod::pca}};
  return names;
}

template <typename E>
std::string_view name_of(const Names<E>& names, E value) {
  for (const auto& [n, v] : names) {
    if (v == value) return n;
  }
  return "?";
}

// Reads typed values out of a spec, reporting file:line for every problem.
class SpecReader : public TomlReader {
 public:
  using TomlReader::TomlReader;

  std::vector<double> numbers(const toml::table& t, std::string_view key, const std::string& prefix,
                              std::size_t expected) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return {};
    const toml::array* array = node->as_array();
    if (array == nullptr || array->size() != expected) {
      fail(node, prefix + std::string(key),
           "must be an array of " + std::to_string(expected) + " numbers");
    }
    std::vector<double> out;
    for (const auto& item : *array) {
      if (!item.is_number()) fail(&item, prefix + std::string(key), "must hold numbers");
      const double v = item.value<double>().value();
      check_range(&item, prefix + std::string(key), v, -kMaxMagnitude, kMaxMagnitude);
      out.push_back(v);
    }
    return out;
  }

  /// A number within ±kMaxMagnitude.
  std::optional<double> bounded(const toml::table& t, std::string_view key,
                                const std::string& prefix) const {
    return number(t, key, prefix, -kMaxMagnitude, kMaxMagnitude);
  }

  /// A year in [kMinYear, kMaxYear].
  std::optional<int> year(const toml::table& t, std::string_view key,
                          const std::string& prefix) const {
    if (auto y = integer(t, key, prefix, kMinYear, kMaxYear)) return static_cast<int>(*y);
    return std::nullopt;
  }

  template <typename E>
  std::optional<E> choice(const toml::table& t, std::string_view key, const std::string& prefix,
                          const Names<E>& names) const {
    auto v = text(t, key, prefix);
    if (!v) return std::nullopt;
    for (const auto& [n, e] : names) {
      if (n == *v) return e;
    }
    std::string list;
    for (const auto& [n, e] : names) list += (list.empty() ? "" : ", ") + std::string(n);
    fail(t.get(key), prefix + std::string(key),
         "unknown value '" + *v + "' (expected one of: " + list + ")");
  }
};

void read_normalise(const SpecReader& r, const toml::table& t, const std::string& prefix,
                    NormaliseSpec& n) {
  r.check_keys(t,
               {"method", "range", "mean", "sd", "goalposts", "truncate", "cap", "ref_unit",
                "ref_year", "scale", "global"},
               prefix);
  if (auto m = r.choice(t, "method", prefix, normalise_names())) n.method = *m;
  if (auto range = r.numbers(t, "range", prefix, 2); !range.empty()) {
    if (!(range[0] < range[1])) {
      r.fail(t.get("range"), prefix + "range",
             "the lower end must be below the upper end (a reversed range would reverse the "
             "ranking; use direction = -1 on the indicator)");
    }
    n.lower = range[0];
    n.upper = range[1];
  }
  n.mean = r.bounded(t, "mean", prefix).value_or(n.mean);
  n.sd = r.bounded(t, "sd", prefix).value_or(n.sd);
  if (n.sd <= 0) r.fail(t.get("sd"), prefix + "sd", "must be positive");
  if (auto g = r.numbers(t, "goalposts", prefix, 3); !g.empty()) {
    n.goal_lower = g[0];
    n.goal_upper = g[1];
    n.goal_scale = g[2];
    if (g[0] == g[1])
      r.fail(t.get("goalposts"), prefix + "goalposts", "lower and upper must differ");
  }
  n.truncate = r.boolean(t, "truncate", prefix).value_or(n.truncate);
  n.cap = r.boolean(t, "cap", prefix).value_or(n.cap);
  n.ref_unit = r.text(t, "ref_unit", prefix).value_or(n.ref_unit);
  n.ref_year = r.year(t, "ref_year", prefix).value_or(n.ref_year);
  n.scale = r.bounded(t, "scale", prefix).value_or(n.scale);
  if (n.scale == 0) r.fail(t.get("scale"), prefix + "scale", "must not be zero");
  n.global = r.boolean(t, "global", prefix).value_or(n.global);
  if (n.method == NormaliseMethod::goalposts && std::isnan(n.goal_lower)) {
    r.fail(&t, prefix + "goalposts", "method 'goalposts' needs goalposts = [lower, upper, scale]");
  }
  if (n.method == NormaliseMethod::dist2ref && n.ref_unit.empty()) {
    r.fail(&t, prefix + "ref_unit", "method 'dist2ref' needs ref_unit");
  }
}

void read_treat(const SpecReader& r, const toml::table& t, const std::string& prefix,
                TreatSpec& s) {
  r.check_keys(
      t, {"method", "winmax", "skew", "kurtosis", "fallback", "lambda", "force_win", "combine"},
      prefix);
  if (auto m = r.choice(t, "method", prefix, treat_names())) s.method = *m;
  s.winmax = static_cast<int>(r.integer(t, "winmax", prefix, -1, 1'000'000'000).value_or(s.winmax));
  s.skew = r.bounded(t, "skew", prefix).value_or(s.skew);
  s.kurtosis = r.bounded(t, "kurtosis", prefix).value_or(s.kurtosis);
  if (auto f = r.choice(t, "fallback", prefix, treat_names())) {
    if (*f == TreatMethod::winsorise)
      r.fail(t.get("fallback"), prefix + "fallback", "must be none, log or boxcox");
    s.fallback = *f;
  }
  s.lambda = r.number(t, "lambda", prefix, -100, 100).value_or(s.lambda);
  s.force_win = r.boolean(t, "force_win", prefix).value_or(s.force_win);
  s.combine = r.boolean(t, "combine", prefix).value_or(s.combine);
}

// min_coverage (or its older name, COINr's threshold) and below, where given.
void read_coverage(const SpecReader& r, const toml::table& t, const std::string& prefix,
                   double& min_coverage, BelowCoverage& below) {
  if (t.get("min_coverage") != nullptr && t.get("threshold") != nullptr) {
    r.fail(t.get("threshold"), prefix + "threshold",
           "is the older name of min_coverage: give one of them");
  }
  for (const char* key : {"min_coverage", "threshold"}) {
    if (auto v = r.number(t, key, prefix, 0, 1)) min_coverage = *v;
  }
  if (auto b = r.choice(t, "below", prefix, below_names())) below = *b;
}

LevelAggregation read_aggregation(const SpecReader& r, const toml::table& t,
                                  const std::string& prefix, LevelAggregation a) {
  if (auto m = r.choice(t, "method", prefix, aggregate_names())) a.method = *m;
  a.p = r.number(t, "p", prefix, -100, 100).value_or(a.p);
  read_coverage(r, t, prefix, a.min_coverage, a.below);
  if (auto w = r.choice(t, "weights", prefix, weight_names())) a.weights = *w;
  if (a.method == AggregateMethod::generalised && a.p == 0) a.method = AggregateMethod::geometric;
  return a;
}

void read_steps(const SpecReader& r, const toml::table& t, Spec& spec) {
  r.check_keys(t, {"order", "impute", "screen", "treat", "normalise", "aggregate"}, "steps.");
  if (const toml::node* order = t.get("order")) {
    spec.steps.clear();
    for (const std::string& s : r.texts(t, "order", "steps.")) {
      auto it = std::find_if(step_names().begin(), step_names().end(),
                             [&](const auto& p) { return p.first == s; });
      if (it == step_names().end()) r.fail(order, "steps.order", "unknown step '" + s + "'");
      if (std::find(spec.steps.begin(), spec.steps.end(), it->second) != spec.steps.end()) {
        r.fail(order, "steps.order", "step '" + s + "' listed twice");
      }
      spec.steps.push_back(it->second);
    }
    if (spec.steps.empty() || spec.steps.back() != Step::aggregate) {
      r.fail(order, "steps.order", "must end with 'aggregate'");
    }
  }
  if (const toml::table* s = r.table(t, "impute", "steps.")) {
    r.check_keys(*s, {"method", "group", "max_time"}, "steps.impute.");
    if (auto m = r.choice(*s, "method", "steps.impute.", impute_names())) spec.impute.method = *m;
    spec.impute.group = r.text(*s, "group", "steps.impute.").value_or("");
    spec.impute.max_time =
        static_cast<int>(r.integer(*s, "max_time", "steps.impute.", 0, kMaxYear).value_or(0));
    const bool grouped = spec.impute.method == ImputeMethod::group_mean ||
                         spec.impute.method == ImputeMethod::group_median;
    if (grouped && spec.impute.group.empty())
      r.fail(s, "steps.impute.group", "group imputation needs a group");
  }
  if (const toml::table* s = r.table(t, "screen", "steps.")) {
    r.check_keys(*s,
                 {"by", "threshold", "nonzero", "force_in", "force_out", "force_in_reason",
                  "force_out_reason"},
                 "steps.screen.");
    spec.screen.by = r.choice(*s, "by", "steps.screen.", screen_names()).value_or(ScreenBy::na);
    spec.screen.threshold =
        r.number(*s, "threshold", "steps.screen.").value_or(spec.screen.threshold);
    spec.screen.nonzero =
        r.number(*s, "nonzero", "steps.screen.", 0, 1).value_or(spec.screen.nonzero);
    spec.screen.force_in = r.texts(*s, "force_in", "steps.screen.");
    spec.screen.force_out = r.texts(*s, "force_out", "steps.screen.");
    spec.screen.force_in_reason = r.text(*s, "force_in_reason", "steps.screen.").value_or("");
    spec.screen.force_out_reason = r.text(*s, "force_out_reason", "steps.screen.").value_or("");
    if (spec.screen.threshold < 0 || spec.screen.threshold > 1) {
      r.fail(s->get("threshold"), "steps.screen.threshold", "must be between 0 and 1");
    }
  }
  if (const toml::table* s = r.table(t, "treat", "steps."))
    read_treat(r, *s, "steps.treat.", spec.treat);
  if (const toml::table* s = r.table(t, "normalise", "steps.")) {
    read_normalise(r, *s, "steps.normalise.", spec.normalise);
  }
  if (const toml::table* s = r.table(t, "aggregate", "steps.")) {
    r.check_keys(*s, {"method", "p", "min_coverage", "threshold", "below", "weights", "level"},
                 "steps.aggregate.");
    spec.aggregation = read_aggregation(r, *s, "steps.aggregate.", spec.aggregation);
    if (const toml::node* levels = s->get("level")) {
      const toml::array* array = levels->as_array();
      if (array == nullptr) {
        r.fail(levels, "steps.aggregate.level",
               "must be an array of tables [[steps.aggregate.level]]");
      }
      for (const auto& item : *array) {
        const toml::table* lt = item.as_table();
        if (lt == nullptr) r.fail(&item, "steps.aggregate.level", "must hold tables");
        r.check_keys(*lt, {"level", "method", "p", "min_coverage", "threshold", "below", "weights"},
                     "steps.aggregate.level.");
        const auto level = r.integer(*lt, "level", "steps.aggregate.level.", 2, kMaxLevels);
        if (!level) r.fail(lt, "steps.aggregate.level.level", "needs level >= 2");
        spec.level_aggregation[static_cast<int>(*level)] =
            read_aggregation(r, *lt, "steps.aggregate.level.", spec.aggregation);
      }
    }
  }
}

void read_indicator(const SpecReader& r, const toml::table& t, Spec& spec) {
  const std::size_t line = t.source().begin.line;
  const std::string p = "indicator.";
  r.check_keys(
      t,
      {"code", "name", "parent", "direction", "weight", "unit", "target", "source", "denominator",
       "scale_factor", "year", "normalise", "treat", "impute", "max_time", "description"},
      p);
  IndicatorSpec ind;
  ind.line = line;
  ind.code = r.required_text(t, "code", p, line);
  ind.name = r.text(t, "name", p).value_or(ind.code);
  ind.parent = r.required_text(t, "parent", p, line);
  ind.unit = r.text(t, "unit", p).value_or("");
  ind.description = r.text(t, "description", p).value_or("");
  if (auto d = r.integer(t, "direction", p)) {
    if (*d != 1 && *d != -1) r.fail(t.get("direction"), p + "direction", "must be 1 or -1");
    ind.direction = static_cast<int>(*d);
  }
  ind.weight = r.number(t, "weight", p, 0, kMaxWeight).value_or(1.0);
  ind.target = r.bounded(t, "target", p).value_or(kNone);
  ind.scale_factor = r.bounded(t, "scale_factor", p).value_or(1.0);
  if (ind.scale_factor == 0) r.fail(t.get("scale_factor"), p + "scale_factor", "must not be zero");
  ind.year = r.year(t, "year", p).value_or(0);

  // "dataset:indicator", or just "indicator" in the first dataset.
  auto split_source = [&](const std::string& text, const std::string& field, std::string& dataset,
                          std::string& code) {
    const auto colon = text.find(':');
    if (colon == std::string::npos) {
      if (spec.datasets.empty())
        r.fail(t.get(field), p + field, "names no dataset and [data] lists none");
      dataset = spec.datasets.front();
      code = text;
    } else {
      dataset = text.substr(0, colon);
      code = text.substr(colon + 1);
    }
    if (std::find(spec.datasets.begin(), spec.datasets.end(), dataset) == spec.datasets.end()) {
      r.fail(t.get(field), p + field, "dataset '" + dataset + "' is not listed in [data] datasets");
    }
  };
  split_source(r.text(t, "source", p).value_or(ind.code), "source", ind.dataset, ind.source);
  if (auto den = r.text(t, "denominator", p); den && !den->empty()) {
    split_source(*den, "denominator", ind.denominator_dataset, ind.denominator);
  }
  ind.impute = r.choice(t, "impute", p, impute_names());
  if (ind.impute &&
      (*ind.impute == ImputeMethod::group_mean || *ind.impute == ImputeMethod::group_median)) {
    r.fail(t.get("impute"), p + "impute",
           "group imputation is set for all indicators in [steps.impute]");
  }
  if (auto m = r.integer(t, "max_time", p, 0, kMaxYear)) ind.max_time = static_cast<int>(*m);
  if (const toml::table* n = r.table(t, "normalise", p)) {
    NormaliseSpec ns = spec.normalise;
    read_normalise(r, *n, p + "normalise.", ns);
    ind.normalise = ns;
  }
  if (const toml::node* tr = t.get("treat")) {
    TreatSpec ts = spec.treat;
    if (tr->is_string()) {
      auto m = r.choice(t, "treat", p, treat_names());
      ts.method = *m;
    } else if (const toml::table* tt = tr->as_table()) {
      read_treat(r, *tt, p + "treat.", ts);
    } else {
      r.fail(tr, p + "treat", "must be a method name or a table");
    }
    ind.treat = ts;
  }
  spec.indicators.push_back(std::move(ind));
}

void read_aggregate(const SpecReader& r, const toml::table& t, Spec& spec) {
  const std::size_t line = t.source().begin.line;
  const std::string p = "aggregate.";
  r.check_keys(t, {"code", "name", "parent", "weight", "min_coverage", "below", "description"}, p);
  AggregateSpec a;
  a.line = line;
  a.code = r.required_text(t, "code", p, line);
  a.name = r.text(t, "name", p).value_or(a.code);
  a.parent = r.text(t, "parent", p).value_or("");
  a.description = r.text(t, "description", p).value_or("");
  a.weight = r.number(t, "weight", p, 0, kMaxWeight).value_or(1.0);
  a.min_coverage = r.number(t, "min_coverage", p, 0, 1);
  a.below = r.choice(t, "below", p, below_names());
  spec.aggregates.push_back(std::move(a));
}

// Checks that codes are unique, parents exist, there is one root and no cycles.
void check_tree(const SpecReader& r, const Spec& spec) {
  std::map<std::string, std::size_t> lines;
  for (const auto& i : spec.indicators) {
    if (!lines.emplace(i.code, i.line).second)
      r.fail(i.line, "indicator.code", "code '" + i.code + "' is used twice");
  }
  std::map<std::string, const AggregateSpec*> aggregates;
  for (const auto& a : spec.aggregates) {
    if (!lines.emplace(a.code, a.line).second)
      r.fail(a.line, "aggregate.code", "code '" + a.code + "' is used twice");
    aggregates[a.code] = &a;
  }
  for (const auto& i : spec.indicators) {
    if (!aggregates.count(i.parent)) {
      r.fail(i.line, "indicator.parent", "parent '" + i.parent + "' is not an [[aggregate]] code");
    }
  }
  std::vector<const AggregateSpec*> roots;
  for (const auto& a : spec.aggregates) {
    if (a.parent.empty()) {
      roots.push_back(&a);
    } else if (!aggregates.count(a.parent)) {
      r.fail(a.line, "aggregate.parent", "parent '" + a.parent + "' is not an [[aggregate]] code");
    }
  }
  if (roots.size() != 1) {
    const std::size_t line = roots.size() > 1 ? roots[1]->line : 0;
    r.fail(line, "aggregate.parent",
           "the framework needs exactly one root aggregate (one without parent), found " +
               std::to_string(roots.size()));
  }
  // Cycles: each aggregate's way up is walked once. A walk that meets an aggregate of its own
  // way has found a cycle; one that meets an aggregate already cleared stops there.
  enum class Seen : unsigned char { no, on_way, cleared };
  std::map<std::string_view, Seen> seen;
  for (const auto& a : spec.aggregates) seen[a.code] = Seen::no;
  std::vector<const AggregateSpec*> way;
  for (const auto& a : spec.aggregates) {
    way.clear();
    for (const AggregateSpec* up = &a;;) {
      Seen& state = seen[up->code];
      if (state == Seen::cleared) break;
      if (state == Seen::on_way)
        r.fail(a.line, "aggregate.parent", "the parents of '" + a.code + "' form a cycle");
      state = Seen::on_way;
      way.push_back(up);
      if (up->parent.empty()) break;
      up = aggregates.at(up->parent);
    }
    for (const AggregateSpec* w : way) seen[w->code] = Seen::cleared;
  }
}

void read_uncertainty(const SpecReader& r, const toml::table& t, Spec& spec) {
  const std::string p = "uncertainty.";
  r.check_keys(t,
               {"weights", "normalisation", "aggregation", "imputation", "treatment",
                "leave_one_out", "sampling", "runs"},
               p);
  UncertaintySpec& u = spec.uncertainty;
  u.declared = true;
  if (const toml::node* weights = t.get("weights")) {
    const toml::array* array = weights->as_array();
    if (array == nullptr)
      r.fail(weights, p + "weights", "must be an array of tables [[uncertainty.weights]]");
    for (const auto& item : *array) {
      const toml::table* wt = item.as_table();
      if (wt == nullptr) r.fail(&item, p + "weights", "must hold tables with level and noise");
      r.check_keys(*wt, {"level", "noise"}, p + "weights.");
      const auto level = r.integer(*wt, "level", p + "weights.", 1, kMaxLevels);
      const auto noise = r.number(*wt, "noise", p + "weights.");
      if (!level || *level < 1)
        r.fail(wt, p + "weights.level", "needs a level >= 1 (1 = indicator weights)");
      if (!noise || *noise <= 0 || *noise >= 1)
        r.fail(wt, p + "weights.noise", "needs a noise between 0 and 1");
      u.weight_noise[static_cast<int>(*level)] = *noise;
    }
  }
  if (const toml::node* norm = t.get("normalisation")) {
    const toml::array* array = norm->as_array();
    if (array == nullptr)
      r.fail(norm, p + "normalisation", "must be an array of methods or tables");
    for (const auto& item : *array) {
      NormaliseSpec ns = spec.normalise;
      if (item.is_string()) {
        toml::table one;
        one.insert("method", *item.value<std::string>());
        ns = NormaliseSpec{};
        read_normalise(r, one, p + "normalisation.", ns);
      } else if (const toml::table* nt = item.as_table()) {
        ns = NormaliseSpec{};
        read_normalise(r, *nt, p + "normalisation.", ns);
      } else {
        r.fail(&item, p + "normalisation", "must hold method names or tables");
      }
      u.normalisations.push_back(ns);
    }
  }
  auto read_choices = [&](std::string_view key, const auto& names, auto& out) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return;
    for (const std::string& name : r.texts(t, key, p)) {
      auto it =
          std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == name; });
      if (it == names.end()) r.fail(node, p + std::string(key), "unknown method '" + name + "'");
      out.push_back(it->second);
    }
  };
  read_choices("aggregation", aggregate_names(), u.aggregations);
  read_choices("imputation", impute_names(), u.imputations);
  for (ImputeMethod m : u.imputations) {
    if ((m == ImputeMethod::group_mean || m == ImputeMethod::group_median) &&
        spec.impute.group.empty()) {
      r.fail(t.get("imputation"), p + "imputation", "group imputation needs [steps.impute] group");
    }
  }
  u.treatment = r.boolean(t, "treatment", p).value_or(false);
  u.leave_one_out = r.boolean(t, "leave_one_out", p).value_or(false);
  if (auto sampling = r.text(t, "sampling", p)) {
    if (*sampling != "sobol" && *sampling != "random") {
      r.fail(t.get("sampling"), p + "sampling", "must be sobol or random");
    }
    u.sampling = *sampling;
  }
  u.runs = static_cast<int>(r.integer(t, "runs", p, 1, 1'000'000).value_or(u.runs));
}

}  // namespace

Spec parse_spec(std::string_view toml_text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    throw Error(Location{file, e.source().begin.line}, std::string(e.description()));
  }
  const SpecReader r(file);
  Spec spec;
  spec.file = file;
  spec.steps = {Step::denominate, Step::impute,    Step::screen,
                Step::treat,      Step::normalise, Step::aggregate};
  r.check_keys(
      root,
      {"index", "data", "levels", "indicator", "aggregate", "steps", "results", "uncertainty"}, "");

  const toml::table* index = r.table(root, "index", "");
  if (index == nullptr) r.fail(std::size_t{1}, "index", "the spec needs an [index] table");
  r.check_keys(*index, {"name", "description", "year", "years", "units", "groups"}, "index.");
  spec.name = r.required_text(*index, "name", "index.", index->source().begin.line);
  spec.description = r.text(*index, "description", "index.").value_or("");
  if (auto y = r.year(*index, "year", "index.")) spec.years = {*y};
  if (const toml::node* ys = index->get("years")) {
    const toml::array* array = ys->as_array();
    if (array == nullptr || array->empty())
      r.fail(ys, "index.years", "must be a non-empty array of years");
    for (const auto& y : *array) {
      if (!y.is_integer()) r.fail(&y, "index.years", "must hold integer years");
      const long long v = y.value<long long>().value();
      if (v < kMinYear || v > kMaxYear) {
        r.fail(&y, "index.years",
               "must be between " + std::to_string(kMinYear) + " and " + std::to_string(kMaxYear) +
                   ", not " + std::to_string(v));
      }
      spec.years.push_back(static_cast<int>(v));
    }
  }
  if (spec.years.empty())
    r.fail(index, "index.year", "give the data year (year = 2018) or years = [...]");
  std::sort(spec.years.begin(), spec.years.end());
  if (std::adjacent_find(spec.years.begin(), spec.years.end()) != spec.years.end()) {
    r.fail(index->get("years"), "index.years", "lists a year twice");
  }
  spec.units = r.texts(*index, "units", "index.");
  spec.groups = r.texts(*index, "groups", "index.");

  if (const toml::table* data = r.table(root, "data", "")) {
    r.check_keys(*data, {"datasets"}, "data.");
    spec.datasets = r.texts(*data, "datasets", "data.");
  }
  if (spec.datasets.empty()) {
    r.fail(std::size_t{1}, "data.datasets",
           "the spec needs [data] datasets = [\"reader-id\", ...]");
  }

  if (const toml::table* levels = r.table(root, "levels", "")) {
    r.check_keys(*levels, {"names"}, "levels.");
    spec.level_names = r.texts(*levels, "names", "levels.");
  }
  if (const toml::table* results = r.table(root, "results", "")) {
    r.check_keys(*results, {"strengths"}, "results.");
    spec.strengths =
        static_cast<int>(r.integer(*results, "strengths", "results.", 0, 1000).value_or(5));
  }
  if (const toml::table* steps = r.table(root, "steps", "")) read_steps(r, *steps, spec);
  if (const toml::table* u = r.table(root, "uncertainty", "")) read_uncertainty(r, *u, spec);

  auto read_array = [&](std::string_view key, auto reader) {
    const toml::node* node = root.get(key);
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr)
      r.fail(node, std::string(key), "must be an array of tables [[" + std::string(key) + "]]");
    for (const auto& item : *array) {
      const toml::table* t = item.as_table();
      if (t == nullptr) r.fail(&item, std::string(key), "must hold tables");
      reader(r, *t, spec);
    }
  };
  read_array("indicator", read_indicator);
  read_array("aggregate", read_aggregate);
  if (spec.indicators.empty())
    r.fail(std::size_t{1}, "indicator", "the spec declares no [[indicator]]");
  check_tree(r, spec);
  return spec;
}

std::string_view step_name(Step step) {
  return name_of(step_names(), step);
}

std::string_view step_dataset_name(Step step) {
  switch (step) {
    case Step::denominate:
      return "Denominated";
    case Step::impute:
      return "Imputed";
    case Step::screen:
      return "Screened";
    case Step::treat:
      return "Treated";
    case Step::normalise:
      return "Normalised";
    case Step::aggregate:
      return "Aggregated";
  }
  return "?";
}

std::string_view method_name(NormaliseMethod method) {
  return name_of(normalise_names(), method);
}
std::string_view method_name(AggregateMethod method) {
  return name_of(aggregate_names(), method);
}
std::string_view method_name(ImputeMethod method) {
  return name_of(impute_names(), method);
}
std::string_view method_name(TreatMethod method) {
  return name_of(treat_names(), method);
}
std::string_view rule_name(BelowCoverage rule) {
  return name_of(below_names(), rule);
}

}  // namespace softpower::index

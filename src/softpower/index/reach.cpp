#include "softpower/index/reach.hpp"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "softpower/core/error.hpp"

namespace softpower::index {

namespace {

// Extremes of d·w over {lower <= w <= upper, Σ w = 1}: start every weight at its lower bound
// and give the remaining mass to the largest (smallest) coefficients first.
double extreme(const Eigen::RowVectorXd& d, const std::vector<double>& lower,
               const std::vector<double>& upper, bool maximise) {
  const std::size_t k = lower.size();
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return maximise ? d(static_cast<Eigen::Index>(a)) > d(static_cast<Eigen::Index>(b))
                    : d(static_cast<Eigen::Index>(a)) < d(static_cast<Eigen::Index>(b));
  });
  double left = 1.0, value = 0.0;
  for (std::size_t p = 0; p < k; ++p) {
    left -= lower[p];
    value += d(static_cast<Eigen::Index>(p)) * lower[p];
  }
  for (std::size_t p : order) {
    const double add = std::clamp(left, 0.0, upper[p] - lower[p]);
    value += d(static_cast<Eigen::Index>(p)) * add;
    left -= add;
  }
  return value;
}

using Model = std::unique_ptr<Cbc_Model, decltype(&Cbc_deleteModel)>;

// Solves min (or max) Σ z over the undecided competitors and returns the weights found.
std::vector<double> solve(const Eigen::MatrixXd& d, const std::vector<int>& undecided,
                          const std::vector<double>& lower, const std::vector<double>& upper,
                          const std::vector<double>& bound, bool worst, double eps) {
  const auto k = static_cast<int>(lower.size());
  Model model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_setLogLevel(model.get(), 0);
  Cbc_setParameter(model.get(), "threads", "1");
  Cbc_setParameter(model.get(), "cuts", "off");
  for (int p = 0; p < k; ++p) {
    Cbc_addCol(model.get(), "", lower[static_cast<std::size_t>(p)],
               upper[static_cast<std::size_t>(p)], 0.0, 0, 0, nullptr, nullptr);
  }
  for (std::size_t j = 0; j < undecided.size(); ++j)
    Cbc_addCol(model.get(), "", 0.0, 1.0, 1.0, 1, 0, nullptr, nullptr);
  std::vector<int> cols(static_cast<std::size_t>(k) + 1);
  std::vector<double> coefs(static_cast<std::size_t>(k) + 1);
  std::iota(cols.begin(), cols.begin() + k, 0);
  std::fill(coefs.begin(), coefs.begin() + k, 1.0);
  Cbc_addRow(model.get(), "", k, cols.data(), coefs.data(), 'E', 1.0);
  for (std::size_t j = 0; j < undecided.size(); ++j) {
    const auto v = static_cast<Eigen::Index>(undecided[j]);
    for (int p = 0; p < k; ++p) coefs[static_cast<std::size_t>(p)] = d(v, p);
    cols[static_cast<std::size_t>(k)] = k + static_cast<int>(j);
    if (!worst) {
      // z = 0 forces d·w <= 0 (v does not beat u); z = 1 frees it up to its maximum.
      coefs[static_cast<std::size_t>(k)] = -bound[j];
      Cbc_addRow(model.get(), "", k + 1, cols.data(), coefs.data(), 'L', 0.0);
    } else {
      // z = 1 forces d·w >= eps (v beats u); z = 0 leaves it down to its minimum.
      coefs[static_cast<std::size_t>(k)] = -(eps - bound[j]);
      Cbc_addRow(model.get(), "", k + 1, cols.data(), coefs.data(), 'G', bound[j]);
    }
  }
  Cbc_setObjSense(model.get(), worst ? -1.0 : 1.0);
  Cbc_solve(model.get());
  if (!Cbc_isProvenOptimal(model.get()))
    throw Error("rank reach: the integer programme was not solved to optimality");
  const double* x = Cbc_getColSolution(model.get());
  return std::vector<double>(x, x + k);
}

}  // namespace

std::vector<double> ranks_under(const Eigen::MatrixXd& scores, const std::vector<double>& w,
                                double tie) {
  const Eigen::VectorXd s =
      scores * Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  std::vector<double> ranks(static_cast<std::size_t>(s.size()));
  for (Eigen::Index u = 0; u < s.size(); ++u) {
    ranks[static_cast<std::size_t>(u)] =
        1.0 + static_cast<double>((s.array() > s(u) + tie).count());
  }
  return ranks;
}

std::vector<UnitReach> reach_of(const Eigen::MatrixXd& scores, const std::vector<double>& lower,
                                const std::vector<double>& upper, Progress& progress) {
  const Eigen::Index n = scores.rows();
  const double eps = 1e-6 * (1.0 + scores.cwiseAbs().maxCoeff());
  std::vector<double> nominal(lower.size());
  for (std::size_t p = 0; p < lower.size(); ++p) nominal[p] = (lower[p] + upper[p]) / 2;
  const std::vector<double> nominal_ranks = ranks_under(scores, nominal);
  std::vector<UnitReach> out(static_cast<std::size_t>(n));
  progress.start("rank reach", static_cast<std::size_t>(n));
  for (Eigen::Index u = 0; u < n; ++u) {
    if (progress.cancelled()) throw Error("rank reach: cancelled");
    UnitReach& r = out[static_cast<std::size_t>(u)];
    r.computed = true;
    r.nominal = nominal_ranks[static_cast<std::size_t>(u)];
    const Eigen::MatrixXd d = scores.rowwise() - scores.row(u);
    double always = 0;
    std::vector<int> undecided;
    std::vector<double> highest, lowest;
    for (Eigen::Index v = 0; v < n; ++v) {
      if (v == u) continue;
      const double lo = extreme(d.row(v), lower, upper, false);
      const double hi = extreme(d.row(v), lower, upper, true);
      if (lo > 0) {
        ++always;
      } else if (hi > 0) {
        undecided.push_back(static_cast<int>(v));
        highest.push_back(hi);
        lowest.push_back(lo);
      }
    }
    if (undecided.empty()) {
      r.best = r.worst = 1 + always;
      r.best_weights = r.worst_weights = nominal;
    } else {
      // Certify each optimum by counting at the weights found.
      // A competitor the solver leaves exactly tied (within rounding) does not beat u.
      r.best_weights = solve(d, undecided, lower, upper, highest, false, eps);
      r.best = ranks_under(scores, r.best_weights, eps * 1e-3)[static_cast<std::size_t>(u)];
      r.worst_weights = solve(d, undecided, lower, upper, lowest, true, eps);
      r.worst = ranks_under(scores, r.worst_weights)[static_cast<std::size_t>(u)];
    }
    // The nominal weights are in the set, so they bound both answers.
    r.best = std::min(r.best, r.nominal);
    r.worst = std::max(r.worst, r.nominal);
    progress.advance();
  }
  progress.finish();
  return out;
}

ReachResult rank_reach(const Pipeline& pipeline, const IndexInput& input, const YearResult& year,
                       int level, double range, Progress& progress) {
  const Framework& f = pipeline.framework();
  if (level < 1 || level >= f.top_level()) {
    throw Error("--level " + std::to_string(level) +
                ": rank reach needs a level below the root (1 to " +
                std::to_string(f.top_level() - 1) + ")");
  }
  if (!(range >= 0 && range <= 1)) throw Error("--range must be between 0 and 1");
  ReachResult out;
  out.year = year.year;
  out.level = level;
  out.range = range;
  out.nodes = f.level(level);
  const std::vector<double> effective = f.effective_weights(year.weights);
  std::vector<double> lower, upper;
  for (int node : out.nodes) {
    const double e = effective[static_cast<std::size_t>(node)];
    out.nominal_weights.push_back(e);
    lower.push_back(e * (1 - range));
    upper.push_back(e * (1 + range));
  }
  // Units with every score of the level present compete; the others are reported.
  std::vector<Eigen::Index> complete;
  for (Eigen::Index r = 0; r < year.scores.rows(); ++r) {
    bool ok = true;
    for (int node : out.nodes) ok = ok && !std::isnan(year.scores(r, node));
    if (ok) complete.push_back(r);
  }
  Eigen::MatrixXd scores(static_cast<Eigen::Index>(complete.size()),
                         static_cast<Eigen::Index>(out.nodes.size()));
  for (std::size_t i = 0; i < complete.size(); ++i) {
    for (std::size_t p = 0; p < out.nodes.size(); ++p) {
      scores(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(p)) =
          year.scores(complete[i], out.nodes[p]);
    }
  }
  const std::vector<UnitReach> reached = reach_of(scores, lower, upper, progress);
  std::size_t next = 0;
  for (Eigen::Index r = 0; r < year.scores.rows(); ++r) {
    UnitReach u;
    if (next < complete.size() && complete[next] == r) {
      u = reached[next++];
    } else {
      u.note = "missing scores at this level";
    }
    u.unit = input.units[static_cast<std::size_t>(year.rows[static_cast<std::size_t>(r)])];
    out.units.push_back(std::move(u));
  }
  return out;
}

}  // namespace softpower::index

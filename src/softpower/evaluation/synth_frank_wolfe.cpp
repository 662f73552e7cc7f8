#include "softpower/evaluation/synth_frank_wolfe.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "softpower/core/error.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace softpower::evaluation {
namespace {

// The passes over the half-gradient take eight entries at a time (the vectors padded to a
// multiple of 8), as four pairs in SSE2 registers where the processor has them (every x86-64),
// one at a time elsewhere. Both compute every entry as the scalar operations do, and the
// smallest of several numbers and the first position of a number do not depend on the order
// they are looked at in, so the results are the same either way.
constexpr Eigen::Index block = 8;

/// v[0, size) += scale × column[0, size) when `add`, and the smallest entry of v (after), in
/// one pass: eight running minima (short chains of comparisons, not one long one).
template <bool add>
double smallest_entry(double* v, const double* column, double scale, Eigen::Index size) {
#if defined(__SSE2__)
  const __m128d inf = _mm_set1_pd(std::numeric_limits<double>::infinity());
  __m128d low[4] = {inf, inf, inf, inf};
  const __m128d by = _mm_set1_pd(scale);
  for (Eigen::Index j = 0; j < size; j += block) {
    for (Eigen::Index k = 0; k < 4; ++k) {
      __m128d x = _mm_loadu_pd(v + j + 2 * k);
      if constexpr (add) {
        x = _mm_add_pd(x, _mm_mul_pd(by, _mm_loadu_pd(column + j + 2 * k)));
        _mm_storeu_pd(v + j + 2 * k, x);
      }
      low[k] = _mm_min_pd(x, low[k]);
    }
  }
  const __m128d m = _mm_min_pd(_mm_min_pd(low[0], low[1]), _mm_min_pd(low[2], low[3]));
  return _mm_cvtsd_f64(_mm_min_sd(m, _mm_unpackhi_pd(m, m)));
#else
  double low = std::numeric_limits<double>::infinity();
  for (Eigen::Index j = 0; j < size; ++j) {
    if constexpr (add) v[j] += scale * column[j];
    low = std::min(low, v[j]);
  }
  return low;
#endif
}

/// The first position of `value` in v[0, size) (size if none): the block of eight holding it,
/// then the position in the block.
Eigen::Index first_position(const double* v, double value, Eigen::Index size) {
  Eigen::Index j = 0;
#if defined(__SSE2__)
  const __m128d target = _mm_set1_pd(value);
  for (; j + block <= size; j += block) {
    const __m128d hit = _mm_or_pd(_mm_or_pd(_mm_cmpeq_pd(_mm_loadu_pd(v + j), target),
                                            _mm_cmpeq_pd(_mm_loadu_pd(v + j + 2), target)),
                                  _mm_or_pd(_mm_cmpeq_pd(_mm_loadu_pd(v + j + 4), target),
                                            _mm_cmpeq_pd(_mm_loadu_pd(v + j + 6), target)));
    if (_mm_movemask_pd(hit) != 0) break;
  }
#endif
  while (j < size && v[j] != value) ++j;
  return j;
}

}  // namespace

SimplexFit simplex_least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, double zeta,
                                 Eigen::VectorXd start, double min_decrease, int max_iter) {
  const Eigen::Index m = a.rows();
  const Eigen::Index n = a.cols();
  if (n == 0 || start.size() != n || b.size() != m || m == 0) {
    throw Error("simplex_least_squares: A is " + std::to_string(m) + " x " + std::to_string(n) +
                ", b has " + std::to_string(b.size()) + " rows and the start " +
                std::to_string(start.size()) + " weights");
  }
  if (!a.allFinite() || !b.allFinite() || !start.allFinite() || !std::isfinite(zeta)) {
    throw Error("simplex_least_squares: A, b, the start and zeta must be finite numbers");
  }
  const double eta = static_cast<double>(m) * zeta * zeta;
  const Eigen::MatrixXd gram = a.transpose() * a;
  const Eigen::VectorXd atb = a.transpose() * b;
  const double bb = b.squaredNorm();
  SimplexFit fit;
  Eigen::VectorXd& x = fit.weights;
  x = std::move(start);
  // The state of a step. A step to (1 − s) x + s e_i scales x and the half-gradient
  // hg = A'(A x − b) + eta x by 1 − s and adds to one coordinate of x and one column of the
  // Gram matrix to hg, so both are kept as a scale times a vector (x = sigma xs, hg = tau hs) and
  // a step costs one pass that adds the column to hs and finds its smallest entry, and a short
  // one for that entry's position. The inner product hg·x, |x|², |A x − b|², (A x − b)·b and
  // A'b·x are scalars updated exactly as the vectors: r = A x − b is never formed. hs and the
  // columns added to it have `padded` entries, a multiple of 8 (+∞ in hs, 0 in the columns
  // after the n-th), as those passes take them.
  const Eigen::Index padded = (n + block - 1) / block * block;
  Eigen::MatrixXd towards = Eigen::MatrixXd::Zero(padded, n);
  towards.topRows(n) = gram.colwise() - atb;  // column i: A'(A_i − b)
  const Eigen::VectorXd r = a * x - b;
  Eigen::VectorXd hs(padded);
  hs.head(n) = a.transpose() * r + eta * x;
  hs.tail(padded - n).setConstant(std::numeric_limits<double>::infinity());
  Eigen::VectorXd xs = x;
  double sigma = 1;
  double tau = 1;
  double hx = hs.head(n).dot(x);
  double rr = r.squaredNorm();
  double rb = r.dot(b);
  double xx = x.squaredNorm();
  double cx = atb.dot(x);
  const double tolerance = min_decrease * min_decrease;
  const auto rows = static_cast<double>(m);
  double previous = 0;
  double current = zeta * zeta * xx + rr / rows;
  double smallest = smallest_entry<false>(hs.data(), nullptr, 0, padded);
  for (int t = 0; t < max_iter && (t < 2 || previous - current > tolerance); ++t) {
    // The vertex of the smallest half-gradient (the first, as R's which.min): the smallest
    // entry, found by the pass that updated hs, then its first position.
    const Eigen::Index i = first_position(hs.data(), smallest, padded);
    if (i >= n) throw Error("simplex_least_squares: the gradient is not finite");
    const double best = tau * smallest;
    const double xi = sigma * xs[i];
    previous = current;
    fit.iterations = t + 1;
    if (xi == 1.0 && (xs.array() == 0.0).count() == n - 1) continue;  // at e_i: no move
    // Direction d = e_i − x; the exact step along it, clipped to the simplex.
    const double gi = best - eta * xi;                 // (A'r)_i
    const double ai_b = gram(i, i) - 2 * atb[i] + bb;  // |A_i − b|²
    const double r_ai_b = gi - rb;                     // r·(A_i − b)
    const double d_err = ai_b - 2 * r_ai_b + rr;       // |A_i − A x|²
    const double d_norm = xx - 2 * xi + 1;             // |e_i − x|²
    const double step = std::min(1.0, std::max(0.0, -(best - hx) / (d_err + eta * d_norm)));
    if (step == 0) continue;
    const double keep = 1 - step;
    const double towards_x = gi + atb[i] - cx;  // A'(A_i − b)·x = (G x)_i − A'b·x
    hx = keep * keep * hx + keep * step * (best + towards_x + eta * xi) +
         step * step * (towards(i, i) + eta);
    rr = keep * keep * rr + 2 * step * keep * r_ai_b + step * step * ai_b;
    rb = keep * rb + step * (atb[i] - bb);
    xx = keep * keep * xx + 2 * step * keep * xi + step * step;
    cx = keep * cx + step * atb[i];
    if (keep == 0) {  // a full step: x = e_i
      sigma = 1;
      xs.setZero();
      xs[i] = 1;
      tau = 1;
      hs.head(n) = towards.col(i).head(n);
      hs[i] += eta;
      smallest = smallest_entry<false>(hs.data(), nullptr, 0, padded);
    } else {
      sigma *= keep;
      xs[i] += step / sigma;
      tau *= keep;
      // hs += (step / tau) A'(A_i − b) with the smallest entry in one pass, then
      // hs_i += step eta / tau, which raises hs_i: the smallest stands unless it was hs_i.
      smallest = smallest_entry<true>(hs.data(), towards.col(i).data(), step / tau, padded);
      const bool smallest_at_i = hs[i] == smallest;
      hs[i] += step * eta / tau;
      if (smallest_at_i) smallest = smallest_entry<false>(hs.data(), nullptr, 0, padded);
    }
    current = zeta * zeta * xx + rr / rows;
  }
  x = sigma * xs;
  fit.objective = current;
  return fit;
}

}  // namespace softpower::evaluation

#include "softpower/evaluation/synth_frank_wolfe.hpp"

#include "softpower/core/error.hpp"

namespace softpower::evaluation {

SimplexFit simplex_least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, double zeta,
                                 Eigen::VectorXd start, double min_decrease, int max_iter) {
  const Eigen::Index m = a.rows();
  const Eigen::Index n = a.cols();
  if (n == 0 || start.size() != n || b.size() != m || m == 0) {
    throw Error("simplex_least_squares: A is " + std::to_string(m) + " x " + std::to_string(n) +
                ", b has " + std::to_string(b.size()) + " rows and the start " +
                std::to_string(start.size()) + " weights");
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
  // a step costs one pass over hs for its smallest entry and one to add the column. The inner
  // product hg·x, |x|², |A x − b|², (A x − b)·b and A'b·x are scalars updated exactly as the
  // vectors: r = A x − b is never formed.
  const Eigen::MatrixXd towards = gram.colwise() - atb;  // column i: A'(A_i − b)
  const Eigen::VectorXd r = a * x - b;
  Eigen::VectorXd hs = a.transpose() * r + eta * x;
  Eigen::VectorXd xs = x;
  double sigma = 1;
  double tau = 1;
  double hx = hs.dot(x);
  double rr = r.squaredNorm();
  double rb = r.dot(b);
  double xx = x.squaredNorm();
  double cx = atb.dot(x);
  const double tolerance = min_decrease * min_decrease;
  const auto rows = static_cast<double>(m);
  double previous = 0;
  double current = zeta * zeta * xx + rr / rows;
  for (int t = 0; t < max_iter && (t < 2 || previous - current > tolerance); ++t) {
    // The vertex of the smallest half-gradient (the first, as R's which.min): the minimum by a
    // vectorised pass, then its first position.
    const double smallest = hs.minCoeff();
    Eigen::Index i = 0;
    while (hs[i] != smallest) ++i;
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
      hs = towards.col(i);
      hs[i] += eta;
    } else {
      sigma *= keep;
      xs[i] += step / sigma;
      tau *= keep;
      hs += (step / tau) * towards.col(i);
      hs[i] += step * eta / tau;
    }
    current = zeta * zeta * xx + rr / rows;
  }
  x = sigma * xs;
  fit.objective = current;
  return fit;
}

}  // namespace softpower::evaluation

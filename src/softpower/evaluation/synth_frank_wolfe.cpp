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
  SimplexFit fit;
  Eigen::VectorXd& x = fit.weights;
  x = std::move(start);
  Eigen::VectorXd ax = a * x;
  Eigen::VectorXd grad = gram * x - atb;  // A'(A x − b)
  const double tolerance = min_decrease * min_decrease;
  const auto rows = static_cast<double>(m);
  double previous = 0;
  double current = zeta * zeta * x.squaredNorm() + (ax - b).squaredNorm() / rows;
  double* xs = x.data();
  double* gs = grad.data();
  double* axs = ax.data();
  const double* bs = b.data();
  for (int t = 0; t < max_iter && (t < 2 || previous - current > tolerance); ++t) {
    // The vertex of the smallest half-gradient (the first, as R's which.min), the slope
    // towards it and |x|², in one pass.
    Eigen::Index i = 0;
    double best = gs[0] + eta * xs[0];
    double hg_dot_x = 0;
    double x_norm = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double hg = gs[j] + eta * xs[j];
      if (hg < best) {
        best = hg;
        i = j;
      }
      hg_dot_x += hg * xs[j];
      x_norm += xs[j] * xs[j];
    }
    const double xi = xs[i];
    const bool at_vertex = xi == 1.0 && (x.array() == 0.0).count() == n - 1;
    if (!at_vertex) {  // at the vertex e_i no step moves
      // Direction d = e_i − x; the exact step along it, clipped to the simplex.
      const double* ai = a.col(i).data();
      double d_err = 0;
      for (Eigen::Index k = 0; k < m; ++k) d_err += (ai[k] - axs[k]) * (ai[k] - axs[k]);
      const double d_norm = x_norm - 2 * xi + 1;
      const double step = std::min(1.0, std::max(0.0, -(best - hg_dot_x) / (d_err + eta * d_norm)));
      const double keep = 1 - step;
      const double* gi = gram.col(i).data();
      const double* cs = atb.data();
      for (Eigen::Index j = 0; j < n; ++j) {
        xs[j] -= step * xs[j];
        gs[j] = keep * gs[j] + step * (gi[j] - cs[j]);
      }
      xs[i] = xi + step * (1 - xi);
      x_norm = x.squaredNorm();
      double residual = 0;
      for (Eigen::Index k = 0; k < m; ++k) {
        axs[k] = keep * axs[k] + step * ai[k];
        residual += (axs[k] - bs[k]) * (axs[k] - bs[k]);
      }
      previous = current;
      current = zeta * zeta * x_norm + residual / rows;
    } else {
      previous = current;
    }
    fit.iterations = t + 1;
  }
  fit.objective = current;
  return fit;
}

}  // namespace softpower::evaluation

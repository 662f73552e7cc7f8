#pragma once
// Frank–Wolfe on the unit simplex for a ridge-penalised least-squares fit: the solver of the
// synthetic-control family's weights (synthdid's unit and time weights, the simplex problem of
// a synthetic control given its predictor weights).

#include <Eigen/Dense>

namespace softpower::evaluation {

/// The weights found and how the search ended.
struct SimplexFit {
  Eigen::VectorXd weights;  ///< on the unit simplex
  int iterations = 0;       ///< Frank–Wolfe steps taken
  double objective = 0;     ///< zeta² |x|² + |A x − b|² / rows at the end
};

/// Minimises zeta² |x|² + |A x − b|² / m over the unit simplex (x ≥ 0, Σ x = 1), A being m × n,
/// by Frank–Wolfe with exact line search from `start`: synthdid 0.0.9's `sc.weight.fw`
/// (Arkhangelsky et al. 2021, Algorithm 1's weight problems). Each step moves towards the vertex
/// e_i of the smallest half-gradient A'(A x − b) + m zeta² x by the exact minimising step
/// clipped to [0, 1]. Stops after `max_iter` steps or when a step lowered the objective by
/// min_decrease² or less (after at least two steps). A step costs O(n), whatever m: the
/// half-gradient is updated from the Gram matrix A'A and the residual's norms from scalars.
/// Throws Error when the sizes disagree, `start` is empty or a number is not finite.
SimplexFit simplex_least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, double zeta,
                                 Eigen::VectorXd start, double min_decrease, int max_iter);

}  // namespace softpower::evaluation

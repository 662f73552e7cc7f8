#pragma once
// SQUAREM (Varadhan and Roland 2008, Scand. J. Statist. 35(2), scheme S3): acceleration of a
// monotone EM map by squared extrapolation, with the objective guarding every step. The
// ideal-point EMs are slow where the votes nearly separate the states (much of the
// information is in the missing utilities); two EM steps give the direction, a step length
// from their ratio extrapolates along it, one more EM step stabilises the result, and a step
// that lowers the log posterior is replaced by the plain double EM step.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace softpower::alignment::model {

struct SquaremResult {
  std::vector<double> parameters;
  int evaluations = 0;  ///< EM steps taken (the iteration count reported)
  bool converged = false;
};

/// `step(θ)` is one EM iteration, `objective(θ)` the log posterior it never decreases, and
/// `change(before, after)` the convergence measure of one EM step, compared with
/// `tolerance`. At most `max_steps` EM steps are taken.
template <class Step, class Objective, class Change>
SquaremResult squarem(std::vector<double> start, int max_steps, double tolerance, const Step& step,
                      const Objective& objective, const Change& change) {
  // Step-length bounds and their growth factor: the defaults of Varadhan and Roland's
  // SQUAREM package (step.min0 = 1, step.max0 = 1, mstep = 4).
  constexpr double kMinStep = 1, kFirstMaxStep = 1, kGrowth = 4;
  SquaremResult out;
  out.parameters = std::move(start);
  double max_step = kFirstMaxStep;
  double current = objective(out.parameters);
  const std::size_t n = out.parameters.size();
  std::vector<double> r(n), v(n), jump(n);
  while (out.evaluations < max_steps) {
    const std::vector<double> once = step(out.parameters);
    ++out.evaluations;
    if (change(out.parameters, once) < tolerance) {
      out.parameters = once;
      out.converged = true;
      return out;
    }
    if (out.evaluations >= max_steps) {
      out.parameters = once;
      return out;
    }
    std::vector<double> twice = step(once);
    ++out.evaluations;
    if (change(once, twice) < tolerance) {
      out.parameters = std::move(twice);
      out.converged = true;
      return out;
    }
    double rr = 0, vv = 0;
    for (std::size_t i = 0; i < n; ++i) {
      r[i] = once[i] - out.parameters[i];
      v[i] = twice[i] - once[i] - r[i];
      rr += r[i] * r[i];
      vv += v[i] * v[i];
    }
    double alpha = vv > 0 ? std::sqrt(rr / vv) : kMinStep;
    alpha = std::clamp(alpha, kMinStep, max_step);
    for (std::size_t i = 0; i < n; ++i)
      jump[i] = out.parameters[i] + 2 * alpha * r[i] + alpha * alpha * v[i];
    // A unit step is the double EM step itself; a longer one is stabilised by one EM step.
    const bool extrapolated = alpha > kMinStep;
    std::vector<double> next = twice;
    if (extrapolated) {
      next = step(jump);
      ++out.evaluations;
    }
    double next_objective = objective(next);
    if (!std::isfinite(next_objective) || next_objective < current - 1e-9 * std::abs(current)) {
      next = std::move(twice);
      next_objective = objective(next);
      if (alpha == max_step) max_step = std::max(kFirstMaxStep, max_step / kGrowth);
    } else {
      if (alpha == max_step) max_step *= kGrowth;
      if (extrapolated && change(jump, next) < tolerance) {
        out.parameters = std::move(next);
        out.converged = true;
        return out;
      }
    }
    out.parameters = std::move(next);
    current = next_objective;
  }
  return out;
}

}  // namespace softpower::alignment::model

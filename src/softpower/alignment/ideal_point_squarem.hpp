#pragma once
// SQUAREM (Varadhan and Roland 2008, Scand. J. Statist. 35(2), scheme S3): acceleration of a
// monotone EM map by squared extrapolation, with the objective guarding every step. The
// ideal-point EMs are slow where the votes nearly separate the states (much of the
// information is in the missing utilities); two steps give the direction, a step length from
// their ratio extrapolates along it, one more step stabilises the result, and a cycle that
// lowers the log posterior is replaced by the double step or, failing that, one plain EM
// step, so the log posterior never falls from cycle to cycle.

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

/// `step(θ)` is one iteration of the fast map (ECME, which may overshoot), `safe_step(θ)`
/// one iteration of a map that never lowers `objective(θ)`, the log posterior (plain EM), and
/// `change(before, after)` the convergence measure of one step, compared with `tolerance`.
/// The objective is checked once per cycle of two or three steps: when the cycle's result
/// lowers it, the double step is tried, then one safe step. At most `max_steps` steps are
/// taken.
template <class Step, class SafeStep, class Objective, class Change>
SquaremResult squarem(std::vector<double> start, int max_steps, double tolerance, const Step& step,
                      const SafeStep& safe_step, const Objective& objective, const Change& change) {
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
    const double floor = current - 1e-12 * std::abs(current);
    if (!std::isfinite(next_objective) || next_objective < floor) {
      if (extrapolated) {
        next = std::move(twice);
        next_objective = objective(next);
      }
      if (!std::isfinite(next_objective) || next_objective < floor) {
        next = safe_step(out.parameters);
        ++out.evaluations;
        next_objective = objective(next);
      }
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

#include "softpower/diffusion/culture.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "softpower/core/error.hpp"

namespace softpower::diffusion {

namespace {

constexpr int kMaxPoissonMean = 60000;

// Cumulative Poisson(λ) probabilities P(X ≤ k) for k = 0, 1, … until the upper tail is below
// 1e-18, each term computed in log space (λ^k e^−λ / k!) so that large λ does not underflow.
std::vector<double> poisson_cdf(double lambda) {
  std::vector<double> cdf;
  double total = 0.0;
  const double top = lambda + 12.0 * std::sqrt(lambda) + 40.0;
  for (int k = 0; k <= static_cast<int>(top); ++k) {
    total += std::exp(k * std::log(lambda) - lambda - std::lgamma(k + 1.0));
    cdf.push_back(total);
  }
  return cdf;
}

}  // namespace

int Culture::overlap(int i, int j) const {
  const Trait* a = agent(i);
  const Trait* b = agent(j);
  int same = 0;
  for (int f = 0; f < features; ++f) same += a[f] == b[f] ? 1 : 0;
  return same;
}

Culture random_culture(int agents, int features, int q, InitialTraits init, std::uint64_t seed) {
  if (agents < 0) throw Error("random_culture: agents must be ≥ 0, got " + std::to_string(agents));
  if (features < 1) {
    throw Error("random_culture: features (F) must be ≥ 1, got " + std::to_string(features));
  }
  const int top = init == InitialTraits::poisson ? kMaxPoissonMean : 65535;
  if (q < 1 || q > top) {
    throw Error("random_culture: traits (q) must be in [1, " + std::to_string(top) + "], got " +
                std::to_string(q));
  }
  Culture c;
  c.agents = agents;
  c.features = features;
  c.traits = q;
  c.t.resize(static_cast<std::size_t>(agents) * features);
  Rng rng(seed);
  if (init == InitialTraits::uniform) {
    for (Trait& x : c.t) x = static_cast<Trait>(rng.below(static_cast<std::uint64_t>(q)));
    return c;
  }
  // Inversion: the first k with P(X ≤ k) > u. A draw beyond the table (probability < 1e-18)
  // takes its last value.
  const std::vector<double> cdf = poisson_cdf(q);
  for (Trait& x : c.t) {
    const double u = rng.uniform();
    const auto k = std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
    x = static_cast<Trait>(
        std::min<std::ptrdiff_t>(k, static_cast<std::ptrdiff_t>(cdf.size()) - 1));
  }
  return c;
}

}  // namespace softpower::diffusion

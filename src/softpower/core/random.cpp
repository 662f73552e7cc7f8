#include "softpower/core/random.hpp"

#include <cmath>

namespace softpower {

std::uint64_t mix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t seed_of(std::uint64_t seed, std::uint64_t stream) {
  return mix64(mix64(seed) ^ (stream + 0x9e3779b97f4a7c15ULL));
}

Rng::Rng(std::uint64_t seed) {
  SplitMix64 fill{seed};
  for (std::uint64_t& s : s_) s = fill.next();
}

double polar_normal(double u, double v, bool& accepted) {
  const double s = u * u + v * v;
  accepted = s > 0 && s < 1;
  if (!accepted) return 0;
  return u * std::sqrt(-2 * std::log(s) / s);
}

}  // namespace softpower

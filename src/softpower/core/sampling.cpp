#include "softpower/core/sampling.hpp"

#include <boost/random/sobol.hpp>
#include <random>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"

namespace softpower {

Sampling parse_sampling(std::string_view name) {
  if (name == "sobol") return Sampling::sobol;
  if (name == "random") return Sampling::random;
  throw Error("unknown sampling '" + std::string(name) + "' (expected sobol or random)");
}

std::string_view sampling_name(Sampling sampling) {
  return sampling == Sampling::sobol ? "sobol" : "random";
}

std::size_t max_sobol_dimensions() {
  return boost::random::detail::qrng_tables::sobol::max_dimension;
}

Eigen::MatrixXd unit_sample(std::size_t n, std::size_t d, Sampling sampling, std::uint64_t seed) {
  const auto rows = static_cast<Eigen::Index>(n), cols = static_cast<Eigen::Index>(d);
  Eigen::MatrixXd out(rows, cols);
  if (n == 0 || d == 0) return out;
  std::mt19937_64 rng(seed);
  if (sampling == Sampling::random) {
    // 53 random bits per value, the resolution of a double in [0, 1).
    for (Eigen::Index r = 0; r < rows; ++r) {
      for (Eigen::Index c = 0; c < cols; ++c)
        out(r, c) = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    }
    return out;
  }
  if (d > max_sobol_dimensions()) {
    throw Error("a Sobol' sample has at most " + std::to_string(max_sobol_dimensions()) +
                " dimensions, " + std::to_string(d) + " asked");
  }
  std::vector<std::uint64_t> shift(d, 0);
  if (seed != 0) {
    for (auto& s : shift) s = rng();
  }
  boost::random::sobol engine(static_cast<unsigned>(d));  // 64-bit outputs; starts after zero
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      const std::uint64_t bits =
          static_cast<std::uint64_t>(engine()) ^ shift[static_cast<std::size_t>(c)];
      out(r, c) = static_cast<double>(bits >> 11) * 0x1.0p-53;
    }
  }
  return out;
}

}  // namespace softpower

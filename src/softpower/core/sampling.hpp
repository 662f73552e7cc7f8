#pragma once
// Points in the unit hypercube for Monte Carlo analysis: Sobol' low-discrepancy sequences
// (Joe and Kuo 2008 direction numbers, "new-joe-kuo-6.21201", as tabulated in Boost.Random)
// or plain pseudo-random numbers (64-bit Mersenne Twister). Both depend only on the seed.

#include <Eigen/Dense>
#include <cstdint>
#include <string_view>

namespace softpower {

enum class Sampling { sobol, random };

Sampling parse_sampling(std::string_view name);
std::string_view sampling_name(Sampling sampling);

/// Most dimensions a Sobol' sample can have (the Boost table's cut-off).
std::size_t max_sobol_dimensions();

/// n points in [0, 1)^d, one per row. Sobol': the sequence without its initial zero point,
/// with a random digital shift (each coordinate's bits XORed with a shift drawn from `seed`;
/// seed 0 keeps the plain sequence), which keeps its low discrepancy. Random: independent
/// uniforms from std::mt19937_64 seeded with `seed`, filled row by row.
Eigen::MatrixXd unit_sample(std::size_t n, std::size_t d, Sampling sampling, std::uint64_t seed);

}  // namespace softpower

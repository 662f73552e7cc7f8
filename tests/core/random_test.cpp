// core/random: the generator's exact outputs, the draws' exact first values (so that a change
// of method fails), and their distributions. The exact values were computed by an independent
// Python implementation of splitmix64, xoshiro256++ and the draws as documented in
// core/random.hpp (arbitrary-precision integers, not this code); splitmix64's from seed
// 1234567 are the values published on Rosetta Code ("Pseudo-random numbers/Splitmix64").

#include "softpower/core/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

namespace softpower {
namespace {

TEST(Random, SplitMix64GivesThePublishedValues) {
  SplitMix64 g{1234567};
  const std::array<std::uint64_t, 5> expected{6457827717110365317ULL, 3203168211198807973ULL,
                                              9817491932198370423ULL, 4593380528125082431ULL,
                                              16408922859458223821ULL};
  for (const std::uint64_t e : expected) EXPECT_EQ(g.next(), e);
}

TEST(Random, XoshiroFromASplitMixSeededStateGivesTheReferenceValues) {
  Rng zero(0);
  for (const std::uint64_t e :
       {0x53175d61490b23dfULL, 0x61da6f3dc380d507ULL, 0x5c0fdf91ec9a7bfcULL, 0x02eebf8c3bbe5e1aULL})
    EXPECT_EQ(zero.next(), e);
  Rng g(42);
  for (const std::uint64_t e :
       {0xd0764d4f4476689fULL, 0x519e4174576f3791ULL, 0xfbe07cfb0c24ed8cULL, 0xb37d9f600cd835b8ULL})
    EXPECT_EQ(g.next(), e);
}

TEST(Random, SeedStreamsAreTheDocumentedHash) {
  EXPECT_EQ(mix64(1), 0x5692161d100b05e5ULL);
  EXPECT_EQ(seed_of(42, 0), 0x02e27a83ece52600ULL);
  EXPECT_EQ(seed_of(42, 1), 0x1ef16d11d128814dULL);
  EXPECT_EQ(seed_of(0, 0), 0xe220a8397b1dcdafULL);
}

TEST(Random, EachDrawGivesItsExactFirstValues) {
  {
    Rng g(42);
    EXPECT_EQ(g.uniform(), 0.8143051451229099);
    EXPECT_EQ(g.uniform(), 0.3188210400616611);
    EXPECT_EQ(g.uniform(), 0.9838941681774888);
  }
  {
    Rng g(42);
    for (const std::uint64_t e : {8, 3, 9, 7, 7, 5, 1, 6}) EXPECT_EQ(g.below(10), e);
  }
  {
    // n just above 2^63: about half the first draws are rejected, so this checks the redraw.
    Rng g(42);
    const std::uint64_t n = (std::uint64_t{1} << 63) + 1;
    EXPECT_EQ(g.below(n), 2940605065665682376ULL);
    EXPECT_EQ(g.below(n), 9074821957992740550ULL);
    EXPECT_EQ(g.below(n), 6466834469879552732ULL);
  }
  {
    Rng g(42);
    EXPECT_EQ(g.normal(), 0.9813983900724986);
    EXPECT_EQ(g.normal(), 1.3403256427520227);
    EXPECT_EQ(g.normal(), -0.9642205062941384);
  }
  {
    Rng g(42);
    std::vector<int> v(10);
    std::iota(v.begin(), v.end(), 0);
    shuffle_in_place(g, std::span<int>(v));
    EXPECT_EQ(v, (std::vector<int>{5, 3, 1, 0, 9, 6, 4, 7, 2, 8}));
  }
  {
    SplitMix64 g{1234567};
    EXPECT_EQ(uniform_double(g), static_cast<double>(6457827717110365317ULL >> 11) * 0x1.0p-53);
  }
}

TEST(Random, UniformDoubleIsInTheUnitIntervalOn53Bits) {
  Rng g(7);
  double lo = 1, hi = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = g.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_EQ(std::ldexp(u, 53), std::floor(std::ldexp(u, 53)));
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  EXPECT_LT(lo, 1e-4);
  EXPECT_GT(hi, 1 - 1e-4);
}

// Pearson's chi-square of counts against equal expected counts.
double chi_square(const std::vector<double>& counts) {
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  const double expected = total / static_cast<double>(counts.size());
  double x = 0;
  for (const double c : counts) x += (c - expected) * (c - expected) / expected;
  return x;
}

TEST(Random, IntegerDrawIsUniformOnASmallRange) {
  Rng g(11);
  std::vector<double> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const std::uint64_t k = g.below(7);
    ASSERT_LT(k, 7u);
    counts[k] += 1;
  }
  EXPECT_LT(chi_square(counts), 22.46);  // chi-square, 6 df, upper 0.1%
}

TEST(Random, IntegerDrawIsUnbiasedWhereMultiplyShiftIsNot) {
  // n = 3 * 2^62: the multiply-shift map alone sends twice as many 64-bit words to multiples
  // of 3 as to the other residues (k mod 3 = 0 with probability 1/2); the rejection removes it.
  const std::uint64_t n = std::uint64_t{3} << 62;
  Rng g(5), plain(5);
  std::vector<double> unbiased(3, 0), biased(3, 0);
  for (int i = 0; i < 30000; ++i) {
    unbiased[g.below(n) % 3] += 1;
    biased[Rng::scale(plain.next(), n) % 3] += 1;
  }
  EXPECT_LT(chi_square(unbiased), 13.82);  // 2 df, upper 0.1%
  EXPECT_GT(chi_square(biased), 1000.0);   // the biased map is plainly seen
}

TEST(Random, IntegerDrawOfOneOrZeroIsZero) {
  Rng g(3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(g.below(1), 0u);
  EXPECT_EQ(g.below(0), 0u);
}

TEST(Random, NormalDrawHasMeanZeroSdOneAndTheNormalDistribution) {
  constexpr int kN = 100000;
  Rng g(2024);
  std::vector<double> z(kN);
  for (double& v : z) v = g.normal();
  const double mean = std::accumulate(z.begin(), z.end(), 0.0) / kN;
  double ss = 0;
  for (const double v : z) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / (kN - 1));
  EXPECT_NEAR(mean, 0.0, 4.0 / std::sqrt(kN));      // four standard errors
  EXPECT_NEAR(sd, 1.0, 4.0 / std::sqrt(2.0 * kN));  // four standard errors of the sd
  // Kolmogorov-Smirnov against the standard normal's distribution function.
  std::sort(z.begin(), z.end());
  double d = 0;
  for (int i = 0; i < kN; ++i) {
    const double f = 0.5 * std::erfc(-z[static_cast<std::size_t>(i)] / std::sqrt(2.0));
    d = std::max({d, f - static_cast<double>(i) / kN, static_cast<double>(i + 1) / kN - f});
  }
  EXPECT_LT(d, 1.63 / std::sqrt(kN));  // KS critical value at the 1% level
  // And the tails: P(|Z| > 1.96) = 5%, P(|Z| > 3) = 0.27%.
  const auto beyond = [&](double c) {
    return static_cast<double>(
               std::count_if(z.begin(), z.end(), [c](double v) { return std::abs(v) > c; })) /
           kN;
  };
  EXPECT_NEAR(beyond(1.96), 0.05, 0.003);
  EXPECT_NEAR(beyond(3.0), 0.0027, 0.0007);
}

TEST(Random, ShuffleIsAPermutationAndEveryOrderIsEquallyLikely) {
  Rng g(99);
  std::vector<int> v(1000);
  std::iota(v.begin(), v.end(), 0);
  shuffle_in_place(g, std::span<int>(v));
  EXPECT_FALSE(std::is_sorted(v.begin(), v.end()));
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(sorted[static_cast<std::size_t>(i)], i);

  // The six orders of three items, 60,000 shuffles.
  std::vector<double> counts(6, 0);
  for (int r = 0; r < 60000; ++r) {
    std::array<int, 3> a{0, 1, 2};
    shuffle_in_place(g, std::span<int>(a));
    int rank = 0;
    std::array<int, 3> p{0, 1, 2};
    while (p != a) {
      std::next_permutation(p.begin(), p.end());
      ++rank;
    }
    counts[static_cast<std::size_t>(rank)] += 1;
  }
  EXPECT_LT(chi_square(counts), 20.52);  // 5 df, upper 0.1%
  std::vector<int> empty;
  shuffle_in_place(g, std::span<int>(empty));  // nothing to do, no draw needed
  EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace softpower

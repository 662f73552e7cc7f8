// Speed of the two digests softpower computes over whole files: MD5 (the GDELT fetcher's check
// of every download) and SHA-256 (the workspace's provenance of every imported file), over
// 64 MB in memory fed in 1 MB pieces, as md5_file and sha256_file feed them. Figures:
// bench/README.md.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "softpower/core/md5.hpp"
#include "softpower/core/sha256.hpp"

namespace {

using namespace softpower;

constexpr std::size_t kTotal = std::size_t{64} << 20;
constexpr std::size_t kPiece = std::size_t{1} << 20;

// A piece of bytes that are not all alike (the digests' speed does not depend on the bytes,
// but a constant buffer could hide a mistake in the loop).
const std::string& piece() {
  static const std::string bytes = [] {
    std::string b(kPiece, '\0');
    std::uint32_t x = 2463534242u;
    for (char& c : b) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      c = static_cast<char>(x & 0xff);
    }
    return b;
  }();
  return bytes;
}

template <class Hash>
void digest_64mb(benchmark::State& state) {
  const std::string& bytes = piece();
  for (auto _ : state) {
    Hash hash;
    for (std::size_t done = 0; done < kTotal; done += kPiece) hash.update(bytes);
    benchmark::DoNotOptimize(hash.finish());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kTotal));
  state.SetLabel("64 MB in 1 MB pieces, one core");
}

void BM_Md5(benchmark::State& state) {
  digest_64mb<Md5>(state);
}
void BM_Sha256(benchmark::State& state) {
  digest_64mb<Sha256>(state);
}

BENCHMARK(BM_Md5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sha256)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

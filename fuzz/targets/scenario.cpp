// The scenario reader (diffusion/scenario.cpp): arbitrary bytes as a scenario file, then the
// sizes and the memory estimate `simulate` checks before it runs one.

#include "softpower/diffusion/scenario.hpp"

#include <string_view>

#include "fuzz/target.hpp"
#include "softpower/core/error.hpp"
#include "softpower/diffusion/ensemble.hpp"

SOFTPOWER_FUZZ_TARGET(scenario) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const softpower::diffusion::Scenario s =
        softpower::diffusion::parse_scenario(text, "fuzz.toml");
    (void)s.agents();
    (void)s.max_edges();
    (void)s.memory_estimate();
    (void)softpower::diffusion::scenario_measures(s);
    return 1;
  } catch (const softpower::Error&) {
    return 0;
  }
}

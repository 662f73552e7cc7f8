// The index spec reader (index/spec.cpp) and the framework checks behind `index check`
// (index/framework.cpp, the Pipeline's per-level checks): arbitrary bytes as a spec file.

#include <string_view>

#include "fuzz/target.hpp"
#include "softpower/core/error.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"

SOFTPOWER_FUZZ_TARGET(index_spec) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const softpower::index::Spec spec = softpower::index::parse_spec(text, "fuzz.toml");
    const softpower::index::Pipeline pipeline(spec);
    const auto& f = pipeline.framework();
    (void)f.effective_weights(f.declared_weights());
    return 1;
  } catch (const softpower::Error&) {
    return 0;
  }
}

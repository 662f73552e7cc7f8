#include "fuzz/target.hpp"

namespace softpower::fuzz {

std::vector<Target>& targets() {
  static std::vector<Target> all;
  return all;
}

}  // namespace softpower::fuzz

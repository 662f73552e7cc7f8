#include "softpower/operations.hpp"

namespace softpower {

const OperationRegistry& operations() {
  static const OperationRegistry registry = [] {
    OperationRegistry r;
    return r;
  }();
  return registry;
}

}  // namespace softpower

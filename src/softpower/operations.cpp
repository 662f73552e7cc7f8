#include "softpower/operations.hpp"

#include "softpower/core/country_operations.hpp"
#include "softpower/store/operations.hpp"

namespace softpower {

const OperationRegistry& operations() {
  static const OperationRegistry registry = [] {
    OperationRegistry r;
    register_country_operations(r);
    store::register_store_operations(r);
    return r;
  }();
  return registry;
}

}  // namespace softpower

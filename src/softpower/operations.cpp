#include "softpower/operations.hpp"

#include "softpower/core/country_operations.hpp"
#include "softpower/ops/alignment.hpp"
#include "softpower/ops/dashboard.hpp"
#include "softpower/ops/dashboard_alignment.hpp"
#include "softpower/ops/dashboard_index.hpp"
#include "softpower/ops/dashboard_network.hpp"
#include "softpower/ops/diffusion.hpp"
#include "softpower/ops/evaluation.hpp"
#include "softpower/ops/index.hpp"
#include "softpower/ops/network.hpp"
#include "softpower/ops/opinion.hpp"
#include "softpower/ops/perception.hpp"
#include "softpower/store/operations.hpp"

namespace softpower {

const OperationRegistry& operations() {
  static const OperationRegistry registry = [] {
    OperationRegistry r;
    r.describe_group("countries", "The country registry: names and codes in every code system");
    r.describe_group("index",
                     "Composite indices: build, uncertainty, sensitivity, rank reach, reweighting");
    register_country_operations(r);
    index::register_operations(r);
    alignment::register_operations(r);
    perception::register_operations(r);
    opinion::register_operations(r);
    r.describe_group("simulate",
                     "Cultural dissemination (Axelrod) with media, platforms and exporters' "
                     "strategies: ensembles of runs");
    diffusion::register_operations(r);
    r.describe_group("evaluate",
                     "Programme evaluation: did it work? DiD, synthetic control, synthetic DiD, "
                     "staggered adoption");
    evaluation::register_operations(r);
    networks::register_operations(r);
    store::register_store_operations(r);
    r.describe_group(
        "simulation",
        "The dashboard's simulation page: the example scenarios, an ensemble in memory");
    register_dashboard_operations(r);
    register_dashboard_index_operations(r);
    networks::register_dashboard_operations(r);
    alignment::register_dashboard_operations(r);
    return r;
  }();
  return registry;
}

}  // namespace softpower

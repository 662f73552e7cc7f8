#pragma once
// How a network's communities change from one year to the next (docs/networks.md, "Community
// changes"): the two partitions compared on the countries present in both years with igraph's
// comparison measures, and the countries that changed community, communities being matched
// between the years by their overlap.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace softpower::networks {

/// A year's partition: each country (a label) and its community.
struct Partition {
  std::vector<std::string> labels;
  std::vector<int> community;  ///< one per label
};

struct CommunityChange {
  std::size_t common = 0;  ///< countries present in both years (the partitions compared)
  /// Normalised mutual information, 2 I(A; B) / (H(A) + H(B)) (Danon et al. 2005): 1 for the
  /// same partition, 0 for independent ones; NaN with fewer than two common countries.
  double nmi = std::numeric_limits<double>::quiet_NaN();
  /// Hubert and Arabie's (1985) adjusted Rand index: 1 for the same partition, about 0 for
  /// partitions that agree on pairs no more than chance; NaN with fewer than two common countries.
  double adjusted_rand = std::numeric_limits<double>::quiet_NaN();
  /// Common countries whose community is not the one matched to their previous community,
  /// sorted. Communities are matched one to one by decreasing overlap (countries in both; equal
  /// overlaps by the previous, then the current community's number): when a community splits,
  /// the members of the part that does not inherit it moved; when two merge, the members of the
  /// one that does not give the merged community its match moved.
  std::vector<std::string> moved;
};

/// Compares `previous` with `current`. Throws Error when a partition's labels and communities
/// differ in number or a community number is negative.
CommunityChange compare_partitions(const Partition& previous, const Partition& current);

}  // namespace softpower::networks

#pragma once
// A static world map for the engine's pages (docs/reports.md, "World map"): every country of
// Natural Earth's 110m map (world-atlas, generated into world_map_shapes.inc by
// web/scripts/world-map.mjs) on an equirectangular plane, filled by the caller, with flows
// between countries drawn as arcs from the centroid of one's largest ring to the other's.
// Countries too small for that map (Singapore, Malta, most islands) have a point and no outline:
// a filled one is drawn as a dot.

#include <map>
#include <string>
#include <vector>

namespace softpower::report {

/// A flow drawn from one country to another: an arc bending to its left, so that the flows
/// a to b and b to a are two arcs.
struct MapFlow {
  std::string from, to;  ///< ISO3 codes
  double width = 1;      ///< stroke width in map units (the map is 1000 wide)
  std::string colour;
  std::string tooltip;
};

struct WorldMap {
  std::string title, description;              ///< the text alternative
  std::string css_class = "world-map";         ///< of the <svg>
  std::map<std::string, std::string> fill;     ///< ISO3 to colour; other countries light grey
  std::string border = "#fff";                 ///< of the countries given a fill
  std::map<std::string, std::string> tooltip;  ///< ISO3 to hover text
  std::vector<MapFlow> flows;                  ///< drawn in order, over the countries
};

/// The map as an inline <svg>. Flows with an end that has no point on the map are left out;
/// count them first with on_world_map().
std::string world_map_svg(const WorldMap& map);

/// Whether the map has a point for the country (ISO3).
bool on_world_map(const std::string& iso3);

}  // namespace softpower::report

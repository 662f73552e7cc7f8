#include <string>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::sources {

namespace {

template <typename Item>
const Item& find_by_id(const std::vector<Item>& items, std::string_view id, const char* what) {
  for (const Item& item : items) {
    if (item.id == id) return item;
  }
  std::string known;
  for (const Item& item : items) known += (known.empty() ? "" : ", ") + item.id;
  throw Error(std::string("unknown ") + what + " '" + std::string(id) + "'; known: " + known);
}

}  // namespace

const std::vector<Reader>& readers() {
  // Grouped as the data directory is: indicators/ by topic, then elcano/ and coinr-asem/.
  static const std::vector<Reader> all = {
      datahub_gdp_reader(),
      datahub_population_reader(),
      whc_sites_reader(),
      unesco_cumulative_reader(),
      olympics_reader(),
      student_mobility_reader(),
      tourism_reader(),
      un_migrant_stock_reader(),
      foreign_born_reader(),
      universities_reader(),
      cpi_reader(),
      polity_reader(),
      cultural_similarity_reader(),
      science_reader(),
      vdem_reader(),
      undp_hdr_reader(),
      press_freedom_reader(),
      internet_reader(),
      oda_reader(),
      us_missions_reader(),
      pew_us_image_reader(),
      elcano_reader(),
      elcano_gdp_population_reader(),
      asem_reader(),
      asem_panel_reader(),
      world_denoms_reader(),
  };
  return all;
}

const Reader& reader(std::string_view id) {
  return find_by_id(readers(), id, "reader");
}

const std::vector<DyadReader>& dyad_readers() {
  static const std::vector<DyadReader> all = {
      cultural_similarity_dyads_reader(),
      oecd_student_shares_reader(),
      un_migrant_stock_dyads_reader(),
  };
  return all;
}

const DyadReader& dyad_reader(std::string_view id) {
  return find_by_id(dyad_readers(), id, "dyad reader");
}

const std::vector<VoteReader>& vote_readers() {
  static const std::vector<VoteReader> all = {
      un_votes_reader(),
      voeten_votes_reader(),
  };
  return all;
}

const VoteReader& vote_reader(std::string_view id) {
  return find_by_id(vote_readers(), id, "vote reader");
}

}  // namespace softpower::sources

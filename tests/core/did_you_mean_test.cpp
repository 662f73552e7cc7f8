// "did you mean": the registry's nearest codes and names for one it does not know, in the
// messages about unknown countries.

#include <gtest/gtest.h>

#include <string>

#include "softpower/core/countries.hpp"
#include "softpower/core/country_operations.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/text.hpp"

namespace softpower {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("germny", "germany"), 1u);
  EXPECT_EQ(edit_distance("untied states", "united states"), 1u);  // a swap is one edit
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("usa", "usa"), 0u);
}

TEST(DidYouMean, CodesOneEditAway) {
  const CountryRegistry& world = CountryRegistry::world();
  const std::string usx = world.suggest_code(CodeSystem::iso3, "USX");
  EXPECT_NE(usx.find("USA (United States)"), std::string::npos) << usx;
  EXPECT_EQ(usx.rfind("did you mean ", 0), 0u) << usx;
  EXPECT_EQ(usx.back(), '?');
  EXPECT_NE(world.suggest_code(CodeSystem::iso3, "gex").find("GEO (Georgia)"), std::string::npos);
  EXPECT_EQ(world.suggest_code(CodeSystem::iso3, "QQQQQQ"), "");
}

TEST(DidYouMean, NamesWithinAQuarterOfTheirLength) {
  const CountryRegistry& world = CountryRegistry::world();
  EXPECT_EQ(world.suggest_name("Germny"), "did you mean Germany (DEU)?");
  EXPECT_EQ(world.suggest_name("Untied Kingdom"), "did you mean United Kingdom (GBR)?");
  EXPECT_EQ(world.suggest_name("Sub-Saharan Africa"), "");  // a region is not a misspelling
  EXPECT_EQ(world.suggest_key("Georgia"), "did you mean GEO (Georgia)?");
}

TEST(DidYouMean, InTheErrorsAboutUnknownCountries) {
  const CountryRegistry& world = CountryRegistry::world();
  try {
    world.get_name("Germny", Location{"f.csv", 3, "country"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "f.csv:3: field 'country': unknown country name 'Germny' (did you mean "
                 "Germany (DEU)?)");
  }
  try {
    country_key("USX", "country");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--country USX: not a country code (did you mean "),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("USA (United States)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace softpower

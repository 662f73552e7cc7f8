#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "softpower/core/country_operations.hpp"
#include "softpower/core/error.hpp"

namespace softpower {
namespace {

nlohmann::json run_lookup(const std::map<std::string, std::string>& values) {
  OperationRegistry registry;
  register_country_operations(registry);
  const Operation* op = registry.find("countries lookup");
  EXPECT_NE(op, nullptr);
  Args args;
  for (const auto& [name, value] : values) args.set(name, value);
  Progress progress;
  std::ostringstream log;
  Context context{progress, log};
  return op->run(op->validate(args), context);
}

TEST(CountriesLookup, FindsByNameByDefault) {
  const nlohmann::json r = run_lookup({{"value", "IVORY COAST"}});
  EXPECT_EQ(r["code"], "CIV");
  EXPECT_EQ(r["codes"]["cow"], "437");
  EXPECT_EQ(r["codes"]["fips"], "IV");
  EXPECT_EQ(r["message"],
            "Côte d'Ivoire (CIV): member, Africa / Sub-Saharan Africa; ISO2 CI, ISO3 CIV, M49 "
            "384, COW 437, GW 437, IOC CIV, FIPS IV");
}

TEST(CountriesLookup, YearPicksAmongStatesThatSharedACode) {
  EXPECT_EQ(run_lookup({{"value", "365"}, {"system", "cow"}, {"year", "1980"}})["code"], "SUN");
  EXPECT_EQ(run_lookup({{"value", "365"}, {"system", "cow"}})["code"], "RUS");
  const nlohmann::json palestine = run_lookup({{"value", "WE"}, {"system", "fips"}});
  EXPECT_EQ(palestine["code"], "PSE");
  EXPECT_EQ(palestine["other_codes"]["fips"], nlohmann::json::array({"WE"}));
}

TEST(CountriesLookup, UnknownValuesAndSystemsAreErrors) {
  try {
    run_lookup({{"value", "XX"}, {"system", "iso2"}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "field 'value': unknown ISO alpha-2 code 'XX' (did you mean CX (Christmas "
                 "Island), XK (Kosovo) or MX (Mexico)?)");
  }
  EXPECT_THROW(run_lookup({{"value", "DEU"}, {"system", "iso4"}}), Error);
}

}  // namespace
}  // namespace softpower

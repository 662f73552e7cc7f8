#include "softpower/core/country_operations.hpp"

#include <string>
#include <vector>

#include "softpower/core/countries.hpp"
#include "softpower/core/error.hpp"

namespace softpower {

namespace {

constexpr std::string_view kByName = "name";

std::vector<std::string> lookup_choices() {
  std::vector<std::string> choices{std::string(kByName)};
  for (CodeSystem system : kCodeSystems) choices.emplace_back(code_system_name(system));
  return choices;
}

std::string years_text(const Country& c) {
  if (c.valid_from == 0 && c.current()) return "";
  if (c.valid_from == 0) return " until " + std::to_string(c.valid_to);
  if (c.current()) return " since " + std::to_string(c.valid_from);
  return " " + std::to_string(c.valid_from) + "-" + std::to_string(c.valid_to);
}

// "Germany (DEU): UN member, Europe / Western Europe; ISO DE/DEU/276, COW 255 GMY, GW 260,
// IOC GER, FIPS GM"
std::string summary(const Country& c) {
  std::string text =
      c.name + " (" + c.code + "): " + std::string(country_status_name(c.status)) + years_text(c);
  if (!c.region.empty()) text += ", " + c.region + " / " + c.subregion;
  std::string codes;
  const auto add = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) codes += (codes.empty() ? "" : ", ") + std::string(label) + " " + value;
  };
  add("ISO2", c.iso2);
  add("ISO3", c.iso3);
  add("M49", c.code_in(CodeSystem::m49));
  add("COW", c.code_in(CodeSystem::cow_numeric));
  add("GW", c.code_in(CodeSystem::gleditsch_ward));
  add("IOC", c.ioc);
  add("FIPS", c.fips);
  return codes.empty() ? text : text + "; " + codes;
}

nlohmann::json country_json(const Country& c) {
  nlohmann::json codes = nlohmann::json::object();
  for (CodeSystem system : kCodeSystems) {
    const std::string code = c.code_in(system);
    codes[std::string(code_system_name(system))] =
        code.empty() ? nlohmann::json() : nlohmann::json(code);
  }
  nlohmann::json other = nlohmann::json::object();
  for (const auto& [system, code] : c.other_codes) {
    other[std::string(code_system_name(system))].push_back(code);
  }
  return {{"code", c.code},
          {"name", c.name},
          {"status", country_status_name(c.status)},
          {"valid_from", c.valid_from},
          {"valid_to", c.valid_to},
          {"region", c.region},
          {"subregion", c.subregion},
          {"codes", codes},
          {"other_codes", other},
          {"aliases", c.aliases}};
}

nlohmann::json lookup(const Args& args, Context&) {
  const std::string value = args.text("value");
  const std::string system = args.text("system");
  const int year = args.has("year") ? args.integer_as<int>("year") : 0;
  const Location where{"", 0, "value"};
  const CountryRegistry& registry = CountryRegistry::world();
  const Country& country = system == kByName
                               ? registry.get_name(value, where, year)
                               : registry.get(parse_code_system(system), value, where, year);
  nlohmann::json result = country_json(country);
  result["query"] = {{"value", value}, {"system", system}, {"year", year}};
  result["message"] = summary(country);
  return result;
}

}  // namespace

std::string country_key(const std::string& given, const std::string& param) {
  const CountryRegistry& world = CountryRegistry::world();
  if (world.find(CodeSystem::key, given) != nullptr) return given;
  if (const Country* c = world.find(CodeSystem::iso3, given)) return c->code;
  const std::string suggestion = world.suggest_key(given);
  throw Error("--" + param + " " + given + ": not a country code (" +
              (suggestion.empty() ? "" : suggestion + " ") +
              "give an ISO3 code such as USA; `softpower countries` lists them)");
}

void register_country_operations(OperationRegistry& registry) {
  registry.add(Operation{
      "countries lookup",
      "Find a country by name or code and show its codes in every system",
      "Names match ignoring case, accents and quote variants, but only the names and aliases "
      "the registry lists (src/softpower/core/countries.csv); nothing is guessed. Codes that "
      "several states held over time (COW 365: the USSR, then Russia) need --year to pick "
      "one; without it the current holder is shown. See docs/countries.md.",
      {Param{"value", ParamType::text, "the name or code to look up", "", true, true},
       Param{"system", ParamType::choice, "what VALUE is: a name or a code system",
             std::string(kByName), false, false, lookup_choices()},
       Param{"year", ParamType::integer, "the year the code or name refers to (default: now)"}
           .between(1, 9999)},
      false,
      lookup});
}

}  // namespace softpower

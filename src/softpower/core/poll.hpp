#pragma once
// How a poll's figures are named in a panel, shared by the readers that make them (sources/)
// and the opinion capability that reads them (opinion/). A poll asks a public (the panel's
// unit: the surveyed country) one question about one object (a country), so an indicator is
// the pair written `<measure>:<object>`:
//   measure  lower-case words joined by '_' ("favourable", "confidence_president"): what was
//            asked, the same word for the same question whoever is asked about;
//   object   the registry code of the country asked about ("USA", "CHN").
// "favourable:USA" is the share of a public with a favourable view of the United States;
// "favourable:CHN" would be the same question about China. docs/opinion.md.

#include <optional>
#include <string>
#include <string_view>

namespace softpower {

struct PollIndicator {
  std::string measure;  ///< "favourable"
  std::string object;   ///< "USA"
};

/// "<measure>:<object>"; throws Error when either part breaks the rule above.
std::string poll_indicator_code(std::string_view measure, std::string_view object);

/// The parts of a code that follows the rule; nullopt for any other indicator code.
std::optional<PollIndicator> parse_poll_indicator(std::string_view code);

}  // namespace softpower

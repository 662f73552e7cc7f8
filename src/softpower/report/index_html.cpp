#include "softpower/report/index_html.hpp"

namespace softpower::report {

std::string index_report_html(const nlohmann::json& results, const nlohmann::json& audit) {
  (void)audit;
  return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" +
         results["index"]["name"].get<std::string>() + "</title></head><body></body></html>\n";
}

}  // namespace softpower::report

#pragma once
// The OpenAPI 3.0 document of the HTTP API (GET /api/openapi.json), generated from the
// operation declarations alone: a path per operation, its request body as a JSON Schema
// (types, enumerations, bounds as minimum and maximum, defaults, required parameters, each
// parameter's role), its declared output files and the error answers; plus the server's own
// endpoints (the API's description, jobs, event streams), which are transport, not operations.
// scripts/openapi_check.py validates it (tests/server/openapi_test.cpp runs it).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "softpower/core/operation.hpp"

namespace softpower::server {

/// An endpoint of the server that is transport, not an operation: the API's own description,
/// jobs and their event streams.
struct TransportEndpoint {
  std::string method;  ///< "GET", "POST", "DELETE"
  std::string path;    ///< OpenAPI form: "/api/jobs/{id}"
  std::string summary;
  std::vector<Param> query;  ///< query parameters ({id} and the like are path ones)
  nlohmann::json body;       ///< the JSON Schema of a request body (null: none)
  std::string answer;        ///< media type of a successful answer
  int status = 200;          ///< status of a successful answer
  bool writes = false;       ///< needs the write token
};

/// The server's transport endpoints, declared once for GET /api and the OpenAPI document.
const std::vector<TransportEndpoint>& transport_endpoints();

/// The JSON Schema of one parameter's value.
nlohmann::json param_schema(const Param& p);

/// The OpenAPI 3.0.3 document of `operations` and the transport endpoints.
nlohmann::json openapi_document(const std::vector<const Operation*>& operations);

}  // namespace softpower::server

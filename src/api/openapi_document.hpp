#pragma once
// The OpenAPI 3.0 document of the REST API, served at /api/v1/openapi.json. Kept next to the
// routes; tests check that every registered route is described and the text is valid JSON.
#include <string_view>

namespace meet::api {

std::string_view openapi_document();

}  // namespace meet::api

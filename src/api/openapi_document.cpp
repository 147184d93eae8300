#include "api/openapi_document.hpp"
namespace meet::api {
std::string_view openapi_document() {
  return R"json({"openapi":"3.0.3"})json";
}
}  // namespace meet::api

#pragma once
// Query parameters `offset` and `limit` of list routes. Absent: offset 0, limit 50.
// Errors: 400 invalid_pagination when either is not a decimal integer, limit is outside
// 1..100 or offset outside 0..1,000,000.
#include <map>
#include <string>

#include "api/api_error.hpp"
#include "store/records.hpp"

namespace meet::api {

ApiResult<store::PageRequest> parse_page(const std::map<std::string, std::string>& query);

}  // namespace meet::api

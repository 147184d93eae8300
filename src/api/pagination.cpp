#include "api/pagination.hpp"

#include <charconv>

#include "api/limits.hpp"

namespace meet::api {
namespace {

ApiResult<int64_t> read_param(const std::map<std::string, std::string>& query,
                              const std::string& name, int64_t fallback, int64_t min, int64_t max) {
  auto it = query.find(name);
  if (it == query.end()) return fallback;
  const std::string& s = it->second;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
    return api_error(400, "invalid_pagination",
                     "'" + name + "' must be an integer between " + std::to_string(min) + " and " +
                         std::to_string(max));
  }
  return v;
}

}  // namespace

ApiResult<store::PageRequest> parse_page(const std::map<std::string, std::string>& query) {
  auto offset = read_param(query, "offset", 0, 0, kMaxOffset);
  if (!offset) return Err{offset.error()};
  auto limit = read_param(query, "limit", kDefaultPageSize, 1, kMaxPageSize);
  if (!limit) return Err{limit.error()};
  return store::PageRequest{*offset, *limit};
}

}  // namespace meet::api

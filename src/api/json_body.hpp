#pragma once
// JsonBody: a request body parsed as one JSON object, with typed field readers that check
// type, range, length, UTF-8 and NUL bytes. Unknown fields are ignored. Never throws.
//
// Errors (status 400): invalid_utf8 (body bytes or a \u escape are not UTF-8), invalid_json
// (syntax, nesting deeper than kMaxJsonDepth, or not an object), missing_field, invalid_field
// (wrong type, out of range, not allowed), field_too_long.
#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.hpp"

namespace meet::api {

class JsonBody {
 public:
  // An empty body is an empty object when allow_empty is true.
  static ApiResult<JsonBody> parse(std::string_view body, bool allow_empty = false);

  bool has(const std::string& name) const { return object_.contains(name); }
  bool is_null(const std::string& name) const { return has(name) && object_.at(name).is_null(); }

  ApiResult<std::string> required_string(const std::string& name, size_t min_bytes,
                                         size_t max_bytes) const;
  // nullopt when absent or null.
  ApiResult<std::optional<std::string>> optional_string(const std::string& name, size_t min_bytes,
                                                        size_t max_bytes) const;
  ApiResult<std::optional<int64_t>> optional_int(const std::string& name, int64_t min,
                                                 int64_t max) const;
  ApiResult<std::optional<bool>> optional_bool(const std::string& name) const;
  // A list of distinct strings, each one of `allowed`.
  ApiResult<std::optional<std::vector<std::string>>> optional_string_list(
      const std::string& name, const std::set<std::string>& allowed) const;
  // A nested object, as its own JsonBody; nullopt when absent or null.
  ApiResult<std::optional<JsonBody>> optional_object(const std::string& name) const;

 private:
  explicit JsonBody(nlohmann::json object) : object_(std::move(object)) {}
  nlohmann::json object_;
};

}  // namespace meet::api

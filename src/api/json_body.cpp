#include "api/json_body.hpp"

#include <limits>

#include "api/limits.hpp"
#include "api/utf8.hpp"

namespace meet::api {
namespace {

// Nesting depth outside strings; stops counting past the limit.
bool nesting_within(std::string_view body, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    }
    if (c == '}' || c == ']') --depth;
  }
  return true;
}

// Parses without building anything, to learn why parsing failed (without exceptions).
struct ErrorProbe : nlohmann::json_sax<nlohmann::json> {
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    message = e.what();
    return false;
  }
};

Err<ApiError> bad_field(const std::string& name, const std::string& why) {
  return api_error(400, "invalid_field", "field '" + name + "' " + why);
}

ApiResult<std::string> check_string(const std::string& name, const std::string& s, size_t min,
                                    size_t max) {
  if (s.size() > max) {
    return api_error(400, "field_too_long",
                     "field '" + name + "' is longer than " + std::to_string(max) + " bytes");
  }
  if (s.size() < min) {
    return bad_field(name, "is shorter than " + std::to_string(min) + " bytes");
  }
  if (!is_valid_utf8(s)) return api_error(400, "invalid_utf8", "field '" + name + "' is not UTF-8");
  if (s.find('\0') != std::string::npos) return bad_field(name, "contains a NUL character");
  return s;
}

}  // namespace

ApiResult<JsonBody> JsonBody::parse(std::string_view body, bool allow_empty) {
  if (body.empty() && allow_empty) return JsonBody(nlohmann::json::object());
  if (!is_valid_utf8(body)) return api_error(400, "invalid_utf8", "request body is not UTF-8");
  if (!nesting_within(body, kMaxJsonDepth)) {
    return api_error(400, "invalid_json", "request body is nested too deeply");
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // The bytes are UTF-8, so a failure that names surrogates is a bad \u escape.
    ErrorProbe probe;
    (void)nlohmann::json::sax_parse(body, &probe);
    if (probe.message.find("surrogate") != std::string::npos) {
      return api_error(400, "invalid_utf8", "request body has an unpaired surrogate escape");
    }
    return api_error(400, "invalid_json", "request body is not valid JSON");
  }
  if (!j.is_object()) return api_error(400, "invalid_json", "request body must be a JSON object");
  return JsonBody(std::move(j));
}

ApiResult<std::string> JsonBody::required_string(const std::string& name, size_t min_bytes,
                                                 size_t max_bytes) const {
  auto v = optional_string(name, min_bytes, max_bytes);
  if (!v) return Err{v.error()};
  if (!*v) return api_error(400, "missing_field", "field '" + name + "' is required");
  return std::move(**v);
}

ApiResult<std::optional<std::string>> JsonBody::optional_string(const std::string& name,
                                                                size_t min_bytes,
                                                                size_t max_bytes) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return bad_field(name, "must be a string");
  auto s = check_string(name, it->get_ref<const std::string&>(), min_bytes, max_bytes);
  if (!s) return Err{s.error()};
  return std::optional<std::string>(std::move(s).value());
}

ApiResult<std::optional<int64_t>> JsonBody::optional_int(const std::string& name, int64_t min,
                                                         int64_t max) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return std::optional<int64_t>();
  const std::string range = "between " + std::to_string(min) + " and " + std::to_string(max);
  if (it->is_number_unsigned()) {
    const auto u = it->get<uint64_t>();
    if (u > static_cast<uint64_t>(max) || static_cast<int64_t>(u) < min) {
      return bad_field(name, "must be " + range);
    }
    return std::optional<int64_t>(static_cast<int64_t>(u));
  }
  if (!it->is_number_integer()) return bad_field(name, "must be an integer");
  const auto v = it->get<int64_t>();
  if (v < min || v > max) return bad_field(name, "must be " + range);
  return std::optional<int64_t>(v);
}

ApiResult<std::optional<bool>> JsonBody::optional_bool(const std::string& name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return bad_field(name, "must be a boolean");
  return std::optional<bool>(it->get<bool>());
}

ApiResult<std::optional<std::vector<std::string>>> JsonBody::optional_string_list(
    const std::string& name, const std::set<std::string>& allowed) const {
  using Out = std::optional<std::vector<std::string>>;
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return Out();
  if (!it->is_array()) return bad_field(name, "must be an array of strings");
  if (it->size() > kMaxListItems) {
    return bad_field(name, "has more than " + std::to_string(kMaxListItems) + " items");
  }
  std::vector<std::string> out;
  for (const auto& item : *it) {
    if (!item.is_string()) return bad_field(name, "must be an array of strings");
    const auto& s = item.get_ref<const std::string&>();
    if (allowed.count(s) == 0) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return bad_field(name, "may only contain: " + list);
    }
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return Out(std::move(out));
}

ApiResult<std::optional<JsonBody>> JsonBody::optional_object(const std::string& name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return std::optional<JsonBody>();
  if (!it->is_object()) return bad_field(name, "must be an object");
  return std::optional<JsonBody>(JsonBody(*it));
}

}  // namespace meet::api

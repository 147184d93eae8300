// Fuzzes every JSON-accepting REST body validator (api/request_bodies.hpp) and the pagination
// parser with arbitrary bytes: none may crash, leak or hit UB, and every refusal must be a
// 4xx with a non-empty code.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/pagination.hpp"
#include "api/request_bodies.hpp"
#include "api/utf8.hpp"
#include "http/url.hpp"

namespace {

template <typename T>
void check(const meet::api::ApiResult<T>& r) {
  if (r.ok()) return;
  const auto& e = r.error();
  if (e.status < 400 || e.status > 499 || e.code.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  using namespace meet::api;
  check(parse_create_tenant(body));
  check(parse_create_key(body));
  check(parse_create_meeting(body));
  check(parse_update_meeting(body));
  check(parse_mute(body));
  check(parse_create_webhook(body));
  auto token = parse_create_token(body);
  check(token);
  // Accepted strings are valid UTF-8 within their limits.
  if (token.ok()) {
    if (!is_valid_utf8(token->identity) || token->identity.empty() ||
        token->identity.size() > 128) {
      std::abort();
    }
  }
  check(parse_page(meet::http::parse_query(body)));
  return 0;
}

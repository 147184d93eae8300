#include "http/request.hpp"

#include <strings.h>

#include "http/url.hpp"

namespace meet::http {

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) {
      return std::string_view(v);
    }
  }
  return std::nullopt;
}

void Request::set_target(std::string_view target) {
  size_t q = target.find('?');
  path = std::string(target.substr(0, q));
  query_string = q == std::string_view::npos ? std::string{} : std::string(target.substr(q + 1));
  query = parse_query(query_string);
}

}  // namespace meet::http

#pragma once
// UTF-8 validity (RFC 3629 section 4): no overlongs, no surrogates, nothing above U+10FFFF.
#include <string_view>

namespace meet::api {

bool is_valid_utf8(std::string_view text);

}  // namespace meet::api

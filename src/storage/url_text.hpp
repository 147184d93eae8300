#pragma once
// Percent-encoding for the Azure REST URLs (storage/ sits below http/, so it has its own).
// Pure functions, any thread.
#include <optional>
#include <string>
#include <string_view>

namespace meet::storage {

// Percent-encodes everything but RFC 3986 unreserved characters; with keep_slash, '/' too
// (blob names in paths).
std::string percent_encode(std::string_view text, bool keep_slash = false);
// Decodes %XX escapes; nullopt on a truncated or non-hex escape. '+' stays '+'.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace meet::storage

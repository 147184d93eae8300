#pragma once
// Base64 (RFC 4648 section 4) and base64url (section 5). Pure functions, any thread.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace meet {

// Standard alphabet with '=' padding.
std::string base64_encode(std::span<const uint8_t> data);
std::string base64_encode(std::string_view data);
// Accepts only canonical padded input (length a multiple of 4, '=' only at the end, unused
// bits zero); anything else, including whitespace, returns nullopt.
std::optional<std::vector<uint8_t>> base64_decode(std::string_view text);

// URL-safe alphabet ('-' and '_'), no padding (as JWT uses it, RFC 7515 section 2).
std::string base64url_encode(std::span<const uint8_t> data);
std::string base64url_encode(std::string_view data);
// Accepts unpadded input only; a length of 1 mod 4 or non-zero unused bits returns nullopt.
std::optional<std::vector<uint8_t>> base64url_decode(std::string_view text);
// Same, decoded into a string (for JSON segments).
std::optional<std::string> base64url_decode_string(std::string_view text);

}  // namespace meet

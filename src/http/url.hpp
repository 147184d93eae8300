#pragma once
// Percent-decoding (RFC 3986 section 2.1) and query strings (application/x-www-form-urlencoded).
// Pure functions, any thread.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meet::http {

// Decodes %XX escapes; with plus_as_space, '+' becomes ' ' (query strings only). Returns
// nullopt on a truncated or non-hex escape.
std::optional<std::string> url_decode(std::string_view text, bool plus_as_space = false);

// Percent-encodes everything but unreserved characters (RFC 3986 section 2.3).
std::string url_encode(std::string_view text);

// Parses "a=1&b=x%20y&c" into {a:1, b:"x y", c:""}. Pairs that fail to decode are skipped;
// on a repeated name the first value wins.
std::map<std::string, std::string> parse_query(std::string_view query);

// Splits "/a/b/c" into {"a","b","c"} without decoding. A single trailing slash is ignored;
// "/" gives {}. Returns nullopt if the path does not start with '/' or has an empty segment
// ("//", "/a//b").
std::optional<std::vector<std::string_view>> split_path(std::string_view path);

}  // namespace meet::http

#include "storage/azure_shared_key.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "common/base64.hpp"
#include "common/crypto.hpp"
#include "storage/url_text.hpp"

namespace meet::storage {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string header(const SignedRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (lower(k) == name) return v;
  }
  return {};
}

// Splits an absolute URL into its path (as sent, "/" when empty) and raw query.
std::pair<std::string, std::string> path_and_query(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t slash = url.find('/', start);
  size_t qmark = url.find('?', start);
  if (slash == std::string_view::npos || (qmark != std::string_view::npos && qmark < slash)) {
    std::string query = qmark == std::string_view::npos ? "" : std::string(url.substr(qmark + 1));
    return {"/", query};
  }
  if (qmark == std::string_view::npos) return {std::string(url.substr(slash)), ""};
  return {std::string(url.substr(slash, qmark - slash)), std::string(url.substr(qmark + 1))};
}

std::string canonical_headers(const SignedRequest& r) {
  std::map<std::string, std::string> ms;
  for (const auto& [k, v] : r.headers) {
    std::string name = lower(trim(k));
    if (name.starts_with("x-ms-")) ms[name] = trim(v);
  }
  std::string out;
  for (const auto& [k, v] : ms) out += k + ":" + v + "\n";
  return out;
}

std::string canonical_resource(const SignedRequest& r, std::string_view account) {
  auto [path, query] = path_and_query(r.url);
  std::string out = "/";
  out += account;
  out += path;
  std::map<std::string, std::vector<std::string>> params;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string_view pair(query.data() + start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string name = lower(percent_decode(pair.substr(0, eq)).value_or(""));
    std::string value =
        eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1)).value_or("");
    params[name].push_back(std::move(value));
  }
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    out += "\n" + name + ":";
    for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
  }
  return out;
}

}  // namespace

std::string shared_key_string_to_sign(const SignedRequest& r, std::string_view account) {
  std::string length = header(r, "content-length");
  if (length == "0") length.clear();
  std::string s = r.method + "\n";
  s += header(r, "content-encoding") + "\n";
  s += header(r, "content-language") + "\n";
  s += length + "\n";
  s += header(r, "content-md5") + "\n";
  s += header(r, "content-type") + "\n";
  s += header(r, "date") + "\n";
  s += header(r, "if-modified-since") + "\n";
  s += header(r, "if-match") + "\n";
  s += header(r, "if-none-match") + "\n";
  s += header(r, "if-unmodified-since") + "\n";
  s += header(r, "range") + "\n";
  s += canonical_headers(r);
  s += canonical_resource(r, account);
  return s;
}

std::optional<std::string> shared_key_authorization(const SignedRequest& r,
                                                    std::string_view account,
                                                    std::string_view key_base64) {
  auto key = base64_decode(key_base64);
  if (!key) return std::nullopt;
  const std::string to_sign = shared_key_string_to_sign(r, account);
  auto mac = hmac_sha256(
      *key,
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(to_sign.data()), to_sign.size()));
  return "SharedKey " + std::string(account) + ":" + base64_encode(mac);
}

std::string http_date(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  // strftime's %a/%b follow the C locale, which is what HTTP wants.
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::optional<int64_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace meet::storage

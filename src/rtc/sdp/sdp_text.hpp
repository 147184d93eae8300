#pragma once
// Small text helpers shared by the SDP parser, writer and negotiator. Views only: every
// returned string_view points into the argument.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace meet::rtc::sdp_text {

inline bool is_space(char c) {
  return c == ' ' || c == '\t';
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on runs of spaces/tabs; no empty pieces.
std::vector<std::string_view> split_ws(std::string_view s);

// Splits on every `sep`; keeps empty pieces ("a;;b" -> "a", "", "b").
std::vector<std::string_view> split(std::string_view s, char sep);

// {before, after} the first `sep`; {s, ""} when there is none.
inline std::pair<std::string_view, std::string_view> split_once(std::string_view s, char sep) {
  const size_t at = s.find(sep);
  if (at == std::string_view::npos) return {s, {}};
  return {s.substr(0, at), s.substr(at + 1)};
}

// {first word, rest after the spaces that follow it}.
inline std::pair<std::string_view, std::string_view> split_word(std::string_view s) {
  s = trim(s);
  size_t at = 0;
  while (at < s.size() && !is_space(s[at])) ++at;
  return {s.substr(0, at), trim(s.substr(at))};
}

// Plain decimal digits only (no sign, no spaces), within T's range.
template <typename T>
std::optional<T> parse_uint(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// A non-empty run without spaces or tabs (RFC 8866 "token"-like; we accept any other byte).
inline bool is_word(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (is_space(c)) return false;
  }
  return true;
}

}  // namespace meet::rtc::sdp_text

#include "common/base64.hpp"

#include <array>

namespace meet {
namespace {

constexpr std::string_view kStd =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrl =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int8_t, 256> make_table(std::string_view alphabet) {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (size_t i = 0; i < alphabet.size(); ++i) t[static_cast<uint8_t>(alphabet[i])] = int8_t(i);
  return t;
}
constexpr auto kStdTable = make_table(kStd);
constexpr auto kUrlTable = make_table(kUrl);

std::string encode(std::span<const uint8_t> in, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint32_t(in[i]) << 16) | (uint32_t(in[i + 1]) << 8) | in[i + 2];
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  size_t rest = in.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t(in[i]) << 16;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (pad) out.append("==");
  } else if (rest == 2) {
    uint32_t v = (uint32_t(in[i]) << 16) | (uint32_t(in[i + 1]) << 8);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

// Decodes unpadded symbols; rejects a dangling single symbol and non-zero unused bits so
// that every byte string has exactly one accepted encoding.
std::optional<std::vector<uint8_t>> decode(std::string_view in,
                                           const std::array<int8_t, 256>& table) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::vector<uint8_t> out;
  out.reserve(in.size() / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int8_t v = table[static_cast<uint8_t>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(uint8_t((acc >> bits) & 0xff));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

std::string base64_encode(std::span<const uint8_t> data) {
  return encode(data, kStd, true);
}
std::string base64_encode(std::string_view data) {
  return encode(as_bytes(data), kStd, true);
}

std::optional<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (pad == 1 && text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  return decode(text.substr(0, text.size() - pad), kStdTable);
}

std::string base64url_encode(std::span<const uint8_t> data) {
  return encode(data, kUrl, false);
}
std::string base64url_encode(std::string_view data) {
  return encode(as_bytes(data), kUrl, false);
}

std::optional<std::vector<uint8_t>> base64url_decode(std::string_view text) {
  return decode(text, kUrlTable);
}

std::optional<std::string> base64url_decode_string(std::string_view text) {
  auto bytes = decode(text, kUrlTable);
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}

}  // namespace meet

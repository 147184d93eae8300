#include "rtc/codecs/codec.hpp"

#include <array>

namespace meet::rtc {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 4> kNames = {"opus", "VP8", "VP9", "H264"};

}  // namespace

Codec codec_from_name(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (iequals(name, kNames[i])) return static_cast<Codec>(i);
  }
  return Codec::kUnknown;
}

std::string_view codec_name(Codec codec) {
  const auto i = static_cast<size_t>(codec);
  return i < kNames.size() ? kNames[i] : std::string_view("unknown");
}

}  // namespace meet::rtc

#pragma once
// Media direction attributes (RFC 8866 section 6.7, RFC 3264 section 6.1).
#include <cstdint>
#include <optional>
#include <string_view>

namespace meet::rtc {

enum class SdpDirection : uint8_t { kSendRecv, kSendOnly, kRecvOnly, kInactive };

inline std::string_view to_string(SdpDirection d) {
  switch (d) {
    case SdpDirection::kSendRecv:
      return "sendrecv";
    case SdpDirection::kSendOnly:
      return "sendonly";
    case SdpDirection::kRecvOnly:
      return "recvonly";
    case SdpDirection::kInactive:
      return "inactive";
  }
  return "sendrecv";
}

inline std::optional<SdpDirection> parse_sdp_direction(std::string_view s) {
  if (s == "sendrecv") return SdpDirection::kSendRecv;
  if (s == "sendonly") return SdpDirection::kSendOnly;
  if (s == "recvonly") return SdpDirection::kRecvOnly;
  if (s == "inactive") return SdpDirection::kInactive;
  return std::nullopt;
}

// The direction seen from the other side: what they send, we receive.
inline SdpDirection reversed(SdpDirection d) {
  switch (d) {
    case SdpDirection::kSendOnly:
      return SdpDirection::kRecvOnly;
    case SdpDirection::kRecvOnly:
      return SdpDirection::kSendOnly;
    default:
      return d;
  }
}

inline bool sends(SdpDirection d) {
  return d == SdpDirection::kSendRecv || d == SdpDirection::kSendOnly;
}
inline bool receives(SdpDirection d) {
  return d == SdpDirection::kSendRecv || d == SdpDirection::kRecvOnly;
}

}  // namespace meet::rtc

#pragma once
// Common RTCP header (RFC 3550 section 6.4.1), viewed in place:
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P| RC/FMT  |      PT       |   length (32-bit words - 1)   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   body ...    |   padding ... | padding count |  (padding if P)
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "rtc/rtcp/rtcp_error.hpp"

namespace meet::rtc {

inline constexpr uint8_t kRtcpSenderReport = 200;
inline constexpr uint8_t kRtcpReceiverReport = 201;
inline constexpr uint8_t kRtcpSdes = 202;
inline constexpr uint8_t kRtcpBye = 203;
inline constexpr uint8_t kRtcpApp = 204;
inline constexpr uint8_t kRtcpRtpFeedback = 205;      // RFC 4585 RTPFB
inline constexpr uint8_t kRtcpPayloadFeedback = 206;  // RFC 4585 PSFB
inline constexpr uint8_t kRtcpExtendedReport = 207;   // RFC 3611 XR

inline constexpr uint8_t kRtpfbNack = 1;                // RFC 4585 6.2.1
inline constexpr uint8_t kRtpfbTransportFeedback = 15;  // draft-holmer-...-01
inline constexpr uint8_t kPsfbPli = 1;                  // RFC 4585 6.3.1
inline constexpr uint8_t kPsfbFir = 4;                  // RFC 5104 4.3.1
inline constexpr uint8_t kPsfbAfb = 15;                 // RFC 4585 6.4, REMB lives here

inline constexpr size_t kRtcpHeaderSize = 4;
inline constexpr size_t kRtcpMaxCount = 31;  // 5-bit RC / SC field

// One RTCP packet viewed in place. Does not own the bytes.
class RtcpHeader {
 public:
  // Reads the packet at the start of `bytes`: version 2, length within `bytes`, padding count
  // within the body. The view covers exactly that packet; bytes after it are not looked at.
  static Result<RtcpHeader, RtcpError> parse(std::span<const uint8_t> bytes);

  bool has_padding() const { return (bytes_[0] & 0x20) != 0; }
  // RC for SR/RR, SC for SDES/BYE, FMT for feedback packets.
  uint8_t count() const { return bytes_[0] & 0x1f; }
  uint8_t packet_type() const { return bytes_[1]; }
  // The whole packet: header, body and padding.
  size_t size() const { return bytes_.size(); }
  std::span<const uint8_t> bytes() const { return bytes_; }
  // After the 4-byte header, without padding.
  std::span<const uint8_t> body() const {
    return bytes_.subspan(kRtcpHeaderSize, bytes_.size() - kRtcpHeaderSize - padding_);
  }
  size_t padding_size() const { return padding_; }

  // Writes a header (no padding) for a packet of `size` bytes into out[0..4). `size` is a
  // multiple of 4 between 4 and 262144 and `count` < 32, asserted.
  static void write(std::span<uint8_t> out, uint8_t count, uint8_t packet_type, size_t size);

 private:
  explicit RtcpHeader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  std::span<const uint8_t> bytes_;
  uint8_t padding_ = 0;
};

}  // namespace meet::rtc

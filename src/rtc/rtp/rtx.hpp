#pragma once
// RTP retransmission payload format (RFC 4588 section 4), the SSRC-multiplexed form WebRTC uses:
//
// | RTP header: RTX SSRC, RTX payload type, RTX sequence number   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            OSN                |                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
// |                  Original RTP Packet Payload                  |
#include <cstdint>
#include <optional>
#include <span>

#include "common/result.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::rtc {

enum class RtxError : uint8_t {
  kBufferTooSmall,            // `out` cannot hold the RTX packet
  kNoOriginalSequenceNumber,  // RTX payload shorter than the 2-byte OSN (e.g. a padding probe)
};

// Writes the RTX form of `original` at the start of `out` (which must not overlap it): same
// header (CSRCs and extensions included, padding dropped), with `rtx_ssrc`, `rtx_payload_type`
// (< 128) and `rtx_sequence_number`, then the original sequence number and the payload.
// Returns a view over exactly the written bytes.
Result<RtpPacket, RtxError> build_rtx(const RtpPacket& original, uint32_t rtx_ssrc,
                                      uint8_t rtx_payload_type, uint16_t rtx_sequence_number,
                                      std::span<uint8_t> out);

// The OSN carried by an RTX packet, or nullopt when its payload is shorter than 2 bytes.
std::optional<uint16_t> rtx_original_sequence_number(const RtpPacket& rtx);

// Turns an RTX packet back into the original in place: restores the sequence number from the
// OSN, sets `original_ssrc` and `original_payload_type`, and drops the OSN by moving the header
// 2 bytes forward. The returned view covers rtx.bytes() minus its first 2 bytes; the old view
// must not be used afterwards.
Result<RtpPacket, RtxError> unwrap_rtx(RtpPacket rtx, uint32_t original_ssrc,
                                       uint8_t original_payload_type);

}  // namespace meet::rtc

#pragma once
// Writes a whole RTP packet into a caller buffer: for tests, probes and anything that needs a
// packet from scratch. The hot path rewrites parsed packets in place instead.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace meet::rtc {

enum class RtpWriteError : uint8_t {
  kBufferTooSmall,  // `out` is shorter than size()
  kBadExtension,    // an element does not fit the forced one-byte form
};

// Collects header fields, extension elements and payload, then writes them in one go. Holds
// spans to the caller's extension data and payload: those must outlive write(). No allocation.
class RtpPacketBuilder {
 public:
  static constexpr size_t kMaxCsrcs = 15;
  static constexpr size_t kMaxExtensions = 16;

  RtpPacketBuilder& set_marker(bool m) {
    marker_ = m;
    return *this;
  }
  RtpPacketBuilder& set_payload_type(uint8_t pt) {
    payload_type_ = pt & 0x7f;
    return *this;
  }
  RtpPacketBuilder& set_sequence_number(uint16_t v) {
    sequence_number_ = v;
    return *this;
  }
  RtpPacketBuilder& set_timestamp(uint32_t v) {
    timestamp_ = v;
    return *this;
  }
  RtpPacketBuilder& set_ssrc(uint32_t v) {
    ssrc_ = v;
    return *this;
  }
  RtpPacketBuilder& set_payload(std::span<const uint8_t> payload) {
    payload_ = payload;
    return *this;
  }
  // Total padding bytes including the count byte (RFC 3550 5.1); 0 for none.
  RtpPacketBuilder& set_padding(uint8_t bytes) {
    padding_ = bytes;
    return *this;
  }
  // kNone (default) picks one-byte form when every element fits it, else two-byte form.
  RtpPacketBuilder& set_extension_form(RtpExtensionForm form) {
    form_ = form;
    return *this;
  }

  // False past kMaxCsrcs.
  bool add_csrc(uint32_t csrc);
  // False for id 0, data longer than 255 bytes, or past kMaxExtensions elements.
  bool add_extension(uint8_t id, std::span<const uint8_t> data);

  // Bytes write() will produce.
  size_t size() const;
  // Writes the packet at the start of `out` and returns a view over exactly those bytes.
  Result<RtpPacket, RtpWriteError> write(std::span<uint8_t> out) const;

 private:
  struct Extension {
    uint8_t id = 0;
    std::span<const uint8_t> data;
  };
  RtpExtensionForm effective_form() const;
  size_t extension_block_size(RtpExtensionForm form) const;

  bool marker_ = false;
  uint8_t payload_type_ = 0;
  uint16_t sequence_number_ = 0;
  uint32_t timestamp_ = 0;
  uint32_t ssrc_ = 0;
  std::array<uint32_t, kMaxCsrcs> csrcs_{};
  size_t csrc_count_ = 0;
  std::array<Extension, kMaxExtensions> extensions_{};
  size_t extension_count_ = 0;
  RtpExtensionForm form_ = RtpExtensionForm::kNone;
  std::span<const uint8_t> payload_;
  uint8_t padding_ = 0;
};

}  // namespace meet::rtc

#pragma once
// RTP packet (RFC 3550 section 5.1) viewed in place over the caller's buffer, with RFC 8285
// header extensions (one-byte and two-byte forms). Parsing allocates nothing and never throws.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers (CC of them) |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |      defined by profile       |      length (32-bit words)    |  if X
// |                        header extension                       |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                            payload                            |
// |                               |  padding ...  | padding count |  if P
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace meet::rtc {

enum class RtpError : uint8_t {
  kTooShort,      // shorter than the 12-byte fixed header
  kBadVersion,    // version field is not 2
  kBadCsrcCount,  // the CSRC list runs past the end of the packet
  kBadExtension,  // the extension header or its block runs past the end of the packet
  kBadPadding,    // padding count is zero or longer than what follows the header
};

// How the extension block is laid out (RFC 8285 section 4).
enum class RtpExtensionForm : uint8_t {
  kNone,     // X bit clear
  kOneByte,  // profile 0xBEDE: ids 1..14, 1..16 data bytes
  kTwoByte,  // profile 0x100X: ids 1..255, 0..255 data bytes
  kOther,    // some other profile: the block is kept but not walked
};

inline constexpr uint16_t kOneByteExtensionProfile = 0xBEDE;
inline constexpr uint16_t kTwoByteExtensionProfile = 0x1000;  // low 4 bits are "appbits"
inline constexpr size_t kRtpFixedHeaderSize = 12;

// An RTP packet viewed in place. Does not own `bytes`: the buffer must outlive the view. The
// setters write straight into the buffer. Not thread-safe (one media worker owns a packet).
class RtpPacket {
 public:
  // Checks version 2, the CSRC list, the extension header and block, and the padding count
  // against the buffer length. Malformed elements *inside* an RFC 8285 block are not an error:
  // walking stops there (RFC 8285 section 4.2 lets a receiver ignore what it cannot parse).
  static Result<RtpPacket, RtpError> parse(std::span<uint8_t> bytes);

  bool has_padding() const { return (bytes_[0] & 0x20) != 0; }
  bool has_extension() const { return (bytes_[0] & 0x10) != 0; }
  uint8_t csrc_count() const { return bytes_[0] & 0x0f; }
  uint32_t csrc(size_t i) const;  // i < csrc_count(), asserted

  bool marker() const { return (bytes_[1] & 0x80) != 0; }
  void set_marker(bool m) { bytes_[1] = static_cast<uint8_t>((bytes_[1] & 0x7f) | (m ? 0x80 : 0)); }
  uint8_t payload_type() const { return bytes_[1] & 0x7f; }
  void set_payload_type(uint8_t pt);  // pt < 128, asserted
  uint16_t sequence_number() const { return load_be16(bytes_, 2); }
  void set_sequence_number(uint16_t v) { store_be16(bytes_, 2, v); }
  uint32_t timestamp() const { return load_be32(bytes_, 4); }
  void set_timestamp(uint32_t v) { store_be32(bytes_, 4, v); }
  uint32_t ssrc() const { return load_be32(bytes_, 8); }
  void set_ssrc(uint32_t v) { store_be32(bytes_, 8, v); }

  // Header: fixed part + CSRCs + extension header and block. The payload follows it.
  size_t header_size() const { return payload_offset_; }
  size_t size() const { return bytes_.size(); }
  size_t padding_size() const { return padding_; }
  size_t payload_size() const { return bytes_.size() - payload_offset_ - padding_; }
  std::span<const uint8_t> payload() const {
    return std::span<const uint8_t>(bytes_).subspan(payload_offset_, payload_size());
  }
  std::span<uint8_t> mutable_payload() { return bytes_.subspan(payload_offset_, payload_size()); }
  std::span<uint8_t> bytes() { return bytes_; }
  std::span<const uint8_t> bytes() const { return bytes_; }

  // Extensions (RFC 8285). extension_block() is the data after the 4-byte extension header.
  RtpExtensionForm extension_form() const { return form_; }
  uint16_t extension_profile() const;  // 0 when there is no extension block
  std::span<const uint8_t> extension_block() const {
    return std::span<const uint8_t>(bytes_).subspan(ext_offset_, ext_size_);
  }

  // The data of the first element with `id`, or nullopt when absent (or when the block is not
  // one- or two-byte form). Walks the block: a handful of elements, no allocation.
  std::optional<std::span<const uint8_t>> extension(uint8_t id) const;
  // Overwrites the element `id` in place. False when absent or when data.size() differs.
  bool set_extension_bytes(uint8_t id, std::span<const uint8_t> data);

  // Calls f(uint8_t id, std::span<const uint8_t> data) for each element in wire order.
  template <typename F>
  void for_each_extension(F&& f) const {
    size_t pos = 0;
    Element e;
    while (next_extension(pos, e)) {
      f(e.id, std::span<const uint8_t>(bytes_).subspan(e.offset, e.size));
    }
  }

 private:
  struct Element {
    uint8_t id = 0;
    uint32_t offset = 0;  // into bytes_
    uint32_t size = 0;
  };
  explicit RtpPacket(std::span<uint8_t> bytes) : bytes_(bytes) {}
  // Advances `pos` (an offset into the extension block) to the next element; false at the end
  // of the block or at the first malformed element.
  bool next_extension(size_t& pos, Element& out) const;
  std::optional<Element> find_extension(uint8_t id) const;

  std::span<uint8_t> bytes_;
  uint32_t payload_offset_ = 0;
  uint32_t ext_offset_ = 0;
  uint32_t ext_size_ = 0;
  uint8_t padding_ = 0;
  RtpExtensionForm form_ = RtpExtensionForm::kNone;
};

}  // namespace meet::rtc

#include "rtc/rtp/rtp_packet.hpp"

#include <algorithm>

#include "common/assert.hpp"

namespace meet::rtc {

Result<RtpPacket, RtpError> RtpPacket::parse(std::span<uint8_t> bytes) {
  if (bytes.size() < kRtpFixedHeaderSize) return make_error(RtpError::kTooShort);
  if ((bytes[0] >> 6) != 2) return make_error(RtpError::kBadVersion);
  RtpPacket p(bytes);
  size_t offset = kRtpFixedHeaderSize + 4u * p.csrc_count();
  if (offset > bytes.size()) return make_error(RtpError::kBadCsrcCount);

  if (p.has_extension()) {
    // RFC 3550 5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the block.
    if (offset + 4 > bytes.size()) return make_error(RtpError::kBadExtension);
    const uint16_t profile = load_be16(bytes, offset);
    const size_t block = 4u * load_be16(bytes, offset + 2);
    offset += 4;
    if (block > bytes.size() - offset) return make_error(RtpError::kBadExtension);
    p.ext_offset_ = static_cast<uint32_t>(offset);
    p.ext_size_ = static_cast<uint32_t>(block);
    offset += block;
    if (profile == kOneByteExtensionProfile) {
      p.form_ = RtpExtensionForm::kOneByte;
    } else if ((profile & 0xfff0) == kTwoByteExtensionProfile) {
      p.form_ = RtpExtensionForm::kTwoByte;
    } else {
      p.form_ = RtpExtensionForm::kOther;
    }
  }

  if (p.has_padding()) {
    // RFC 3550 5.1: the last octet counts the padding, itself included, so it is at least 1.
    if (offset == bytes.size()) return make_error(RtpError::kBadPadding);
    const uint8_t padding = bytes.back();
    if (padding == 0 || padding > bytes.size() - offset) return make_error(RtpError::kBadPadding);
    p.padding_ = padding;
  }
  p.payload_offset_ = static_cast<uint32_t>(offset);
  return p;
}

uint32_t RtpPacket::csrc(size_t i) const {
  MEET_ASSERT(i < csrc_count(), "csrc index out of range");
  return load_be32(bytes_, kRtpFixedHeaderSize + 4 * i);
}

void RtpPacket::set_payload_type(uint8_t pt) {
  MEET_ASSERT(pt < 128, "payload type is 7 bits");
  bytes_[1] = static_cast<uint8_t>((bytes_[1] & 0x80) | pt);
}

uint16_t RtpPacket::extension_profile() const {
  if (form_ == RtpExtensionForm::kNone) return 0;
  return load_be16(bytes_, ext_offset_ - 4);
}

// RFC 8285 section 4.2 (one-byte) and 4.3 (two-byte):
//   one-byte element:  | ID(4) | L(4) | L+1 data bytes      0x00 = one padding byte,
//                                                           ID 15 (or ID 0 with L > 0) =
//                                                           stop walking
//   two-byte element:  | ID(8) | L(8) | L data bytes        ID 0 = one padding byte
bool RtpPacket::next_extension(size_t& pos, Element& out) const {
  if (form_ != RtpExtensionForm::kOneByte && form_ != RtpExtensionForm::kTwoByte) return false;
  const std::span<const uint8_t> block = extension_block();
  while (pos < block.size()) {
    const uint8_t first = block[pos];
    if (first == 0) {
      ++pos;
      continue;
    }
    size_t data_at = 0;
    size_t len = 0;
    uint8_t id = 0;
    if (form_ == RtpExtensionForm::kOneByte) {
      id = first >> 4;
      // ID 0 is only valid as a whole zero padding byte; ID 15 ends processing.
      if (id == 0 || id == 15) return false;
      len = (first & 0x0f) + 1u;
      data_at = pos + 1;
    } else {
      if (pos + 2 > block.size()) return false;
      id = first;
      len = block[pos + 1];
      data_at = pos + 2;
    }
    if (len > block.size() - data_at) return false;
    out.id = id;
    out.offset = static_cast<uint32_t>(ext_offset_ + data_at);
    out.size = static_cast<uint32_t>(len);
    pos = data_at + len;
    return true;
  }
  return false;
}

std::optional<RtpPacket::Element> RtpPacket::find_extension(uint8_t id) const {
  if (id == 0) return std::nullopt;
  size_t pos = 0;
  Element e;
  while (next_extension(pos, e)) {
    if (e.id == id) return e;
  }
  return std::nullopt;
}

std::optional<std::span<const uint8_t>> RtpPacket::extension(uint8_t id) const {
  const auto e = find_extension(id);
  if (!e) return std::nullopt;
  return std::span<const uint8_t>(bytes_).subspan(e->offset, e->size);
}

bool RtpPacket::set_extension_bytes(uint8_t id, std::span<const uint8_t> data) {
  const auto e = find_extension(id);
  if (!e || e->size != data.size()) return false;
  std::copy(data.begin(), data.end(), bytes_.begin() + e->offset);
  return true;
}

}  // namespace meet::rtc

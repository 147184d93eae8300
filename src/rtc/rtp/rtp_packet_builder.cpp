#include "rtc/rtp/rtp_packet_builder.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "common/bytes.hpp"

namespace meet::rtc {
namespace {

bool fits_one_byte(uint8_t id, size_t size) {
  return id >= 1 && id <= 14 && size >= 1 && size <= 16;
}

}  // namespace

bool RtpPacketBuilder::add_csrc(uint32_t csrc) {
  if (csrc_count_ == kMaxCsrcs) return false;
  csrcs_[csrc_count_++] = csrc;
  return true;
}

bool RtpPacketBuilder::add_extension(uint8_t id, std::span<const uint8_t> data) {
  if (id == 0 || data.size() > 255 || extension_count_ == kMaxExtensions) return false;
  extensions_[extension_count_++] = Extension{id, data};
  return true;
}

RtpExtensionForm RtpPacketBuilder::effective_form() const {
  if (extension_count_ == 0 && form_ == RtpExtensionForm::kNone) return RtpExtensionForm::kNone;
  if (form_ != RtpExtensionForm::kNone) return form_;
  for (size_t i = 0; i < extension_count_; ++i) {
    if (!fits_one_byte(extensions_[i].id, extensions_[i].data.size())) {
      return RtpExtensionForm::kTwoByte;
    }
  }
  return RtpExtensionForm::kOneByte;
}

// The block after the 4-byte extension header, padded to a 32-bit boundary.
size_t RtpPacketBuilder::extension_block_size(RtpExtensionForm form) const {
  const size_t per_element = form == RtpExtensionForm::kOneByte ? 1 : 2;
  size_t n = 0;
  for (size_t i = 0; i < extension_count_; ++i) n += per_element + extensions_[i].data.size();
  return (n + 3) / 4 * 4;
}

size_t RtpPacketBuilder::size() const {
  size_t n = kRtpFixedHeaderSize + 4 * csrc_count_;
  const RtpExtensionForm form = effective_form();
  if (form != RtpExtensionForm::kNone) n += 4 + extension_block_size(form);
  return n + payload_.size() + padding_;
}

Result<RtpPacket, RtpWriteError> RtpPacketBuilder::write(std::span<uint8_t> out) const {
  const RtpExtensionForm form = effective_form();
  MEET_ASSERT(form != RtpExtensionForm::kOther, "builder writes RFC 8285 forms only");
  if (form == RtpExtensionForm::kOneByte) {
    for (size_t i = 0; i < extension_count_; ++i) {
      if (!fits_one_byte(extensions_[i].id, extensions_[i].data.size())) {
        return make_error(RtpWriteError::kBadExtension);
      }
    }
  }
  const size_t total = size();
  if (out.size() < total) return make_error(RtpWriteError::kBufferTooSmall);
  std::span<uint8_t> b = out.first(total);
  std::fill(b.begin(), b.end(), uint8_t{0});

  b[0] = static_cast<uint8_t>(0x80 | (padding_ > 0 ? 0x20 : 0) |
                              (form != RtpExtensionForm::kNone ? 0x10 : 0) | csrc_count_);
  b[1] = static_cast<uint8_t>((marker_ ? 0x80 : 0) | payload_type_);
  store_be16(b, 2, sequence_number_);
  store_be32(b, 4, timestamp_);
  store_be32(b, 8, ssrc_);
  size_t at = kRtpFixedHeaderSize;
  for (size_t i = 0; i < csrc_count_; ++i, at += 4) store_be32(b, at, csrcs_[i]);

  if (form != RtpExtensionForm::kNone) {
    const size_t block = extension_block_size(form);
    store_be16(
        b, at,
        form == RtpExtensionForm::kOneByte ? kOneByteExtensionProfile : kTwoByteExtensionProfile);
    store_be16(b, at + 2, static_cast<uint16_t>(block / 4));
    size_t e = at + 4;
    for (size_t i = 0; i < extension_count_; ++i) {
      const Extension& x = extensions_[i];
      if (form == RtpExtensionForm::kOneByte) {
        b[e++] = static_cast<uint8_t>((x.id << 4) | (x.data.size() - 1));
      } else {
        b[e++] = x.id;
        b[e++] = static_cast<uint8_t>(x.data.size());
      }
      std::copy(x.data.begin(), x.data.end(), b.begin() + static_cast<ptrdiff_t>(e));
      e += x.data.size();
    }
    at += 4 + block;  // the zeroed tail is RFC 8285 padding
  }

  std::copy(payload_.begin(), payload_.end(), b.begin() + static_cast<ptrdiff_t>(at));
  if (padding_ > 0) b[total - 1] = padding_;

  auto parsed = RtpPacket::parse(b);
  MEET_ASSERT(parsed.ok(), "builder wrote a packet its own parser rejects");
  return std::move(parsed).value();
}

}  // namespace meet::rtc

#include "rtc/stun/stun_message.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "common/bytes.hpp"
#include "rtc/stun/crc32.hpp"
#include "rtc/stun/hmac_sha1.hpp"

namespace meet::rtc {

namespace {

constexpr size_t kAttributeHeaderSize = 4;
constexpr uint8_t kFamilyIpv4 = 0x01;
constexpr uint8_t kFamilyIpv6 = 0x02;

constexpr size_t padded(size_t length) {
  return (length + 3) & ~size_t{3};
}

// Comprehension-required attributes (0x0000-0x7FFF) that this parser knows, whether or not it
// reads their value. Anything else in that range is reported by unknown_attributes().
bool is_known_required(uint16_t attr) {
  switch (attr) {
    case stun_attr::kMappedAddress:
    case stun_attr::kUsername:
    case stun_attr::kMessageIntegrity:
    case stun_attr::kErrorCode:
    case stun_attr::kUnknownAttributes:
    case stun_attr::kRealm:
    case stun_attr::kNonce:
    case stun_attr::kMessageIntegritySha256:
    case stun_attr::kPasswordAlgorithm:
    case stun_attr::kUserhash:
    case stun_attr::kXorMappedAddress:
    case stun_attr::kPriority:
    case stun_attr::kUseCandidate:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string_view to_string(StunError error) {
  switch (error) {
    case StunError::kTooShort:
      return "too_short";
    case StunError::kNotStun:
      return "not_stun";
    case StunError::kBadLength:
      return "bad_length";
    case StunError::kTruncatedAttribute:
      return "truncated_attribute";
    case StunError::kBadAttribute:
      return "bad_attribute";
    case StunError::kFingerprintNotLast:
      return "fingerprint_not_last";
  }
  return "unknown";
}

bool StunMessage::looks_like_stun(std::span<const uint8_t> bytes) {
  // RFC 7983 section 7: STUN if the first byte is 0..3; the cookie tells it from anything else
  // that might start low.
  return bytes.size() >= kStunHeaderSize && bytes[0] <= 3 &&
         load_be32(bytes, 4) == kStunMagicCookie;
}

Result<StunMessage, StunError> StunMessage::parse(std::span<const uint8_t> bytes) {
  if (bytes.size() < kStunHeaderSize) return make_error(StunError::kTooShort);
  if ((bytes[0] & 0xC0) != 0 || load_be32(bytes, 4) != kStunMagicCookie) {
    return make_error(StunError::kNotStun);
  }
  // Every attribute is padded to 4 bytes, so the length is a multiple of 4 (section 5).
  const uint16_t length = load_be16(bytes, 2);
  if ((length & 3) != 0 || kStunHeaderSize + length != bytes.size()) {
    return make_error(StunError::kBadLength);
  }

  StunMessage msg(bytes);
  msg.type_ = load_be16(bytes, 0);
  size_t at = kStunHeaderSize;
  while (at < bytes.size()) {
    if (msg.fingerprint_at_ != 0) return make_error(StunError::kFingerprintNotLast);
    if (bytes.size() - at < kAttributeHeaderSize) {
      return make_error(StunError::kTruncatedAttribute);
    }
    const uint16_t attr = load_be16(bytes, at);
    const uint16_t attr_length = load_be16(bytes, at + 2);
    const size_t value_at = at + kAttributeHeaderSize;
    if (bytes.size() - value_at < padded(attr_length)) {
      return make_error(StunError::kTruncatedAttribute);
    }
    // After MESSAGE-INTEGRITY only FINGERPRINT counts (section 14.5); the rest is skipped.
    if (msg.integrity_at_ == 0 || attr == stun_attr::kFingerprint) {
      auto read = msg.read_attribute(attr, static_cast<uint32_t>(value_at), attr_length);
      if (!read) return make_error(read.error());
    }
    at = value_at + padded(attr_length);
  }
  return msg;
}

Result<void, StunError> StunMessage::read_attribute(uint16_t attr, uint32_t value_at,
                                                    uint16_t length) {
  const auto bad = make_error(StunError::kBadAttribute);
  switch (attr) {
    case stun_attr::kUsername:
      if (length > kStunMaxUsername) return bad;
      if (username_at_ == 0) {
        username_at_ = value_at;
        username_len_ = length;
      }
      return Ok{};
    case stun_attr::kMessageIntegrity:
      if (length != kHmacSha1Size) return bad;
      integrity_at_ = value_at - kAttributeHeaderSize;
      return Ok{};
    case stun_attr::kFingerprint:
      if (length != 4) return bad;
      fingerprint_at_ = value_at - kAttributeHeaderSize;
      return Ok{};
    case stun_attr::kPriority:
      if (length != 4) return bad;
      if (priority_at_ == 0) priority_at_ = value_at;
      return Ok{};
    case stun_attr::kUseCandidate:
      if (length != 0) return bad;
      use_candidate_ = true;
      return Ok{};
    case stun_attr::kIceControlling:
      if (length != 8) return bad;
      if (controlling_at_ == 0) controlling_at_ = value_at;
      return Ok{};
    case stun_attr::kIceControlled:
      if (length != 8) return bad;
      if (controlled_at_ == 0) controlled_at_ = value_at;
      return Ok{};
    case stun_attr::kXorMappedAddress: {
      // 0 | family | X-Port | X-Address (4 or 16 bytes), section 14.2.
      if (length < 4) return bad;
      const uint8_t family = bytes_[value_at + 1];
      if (!((family == kFamilyIpv4 && length == 8) || (family == kFamilyIpv6 && length == 20))) {
        return bad;
      }
      if (xor_mapped_at_ == 0) xor_mapped_at_ = value_at;
      return Ok{};
    }
    case stun_attr::kErrorCode: {
      // 21 reserved bits | class (3 bits) | number (8 bits) | reason phrase, section 14.8.
      if (length < 4 || length - 4U > kStunMaxReason) return bad;
      const uint8_t cls = bytes_[value_at + 2] & 0x07;
      const uint8_t number = bytes_[value_at + 3];
      if (cls < 3 || cls > 6 || number > 99) return bad;
      if (error_code_at_ == 0) {
        error_code_at_ = value_at;
        error_code_len_ = length;
      }
      return Ok{};
    }
    default:
      if (attr < 0x8000 && !is_known_required(attr) && unknown_count_ < kMaxUnknown &&
          std::find(unknown_.begin(), unknown_.begin() + unknown_count_, attr) ==
              unknown_.begin() + unknown_count_) {
        unknown_[unknown_count_++] = attr;
      }
      return Ok{};
  }
}

uint16_t StunMessage::method() const {
  return static_cast<uint16_t>((type_ & 0x000F) | ((type_ & 0x00E0) >> 1) |
                               ((type_ & 0x3E00) >> 2));
}

StunClass StunMessage::message_class() const {
  return static_cast<StunClass>(((type_ >> 7) & 0x2) | ((type_ >> 4) & 0x1));
}

StunTransactionId StunMessage::transaction_id() const {
  StunTransactionId id;
  std::copy_n(bytes_.begin() + 8, id.size(), id.begin());
  return id;
}

std::optional<std::string_view> StunMessage::username() const {
  if (username_at_ == 0) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(bytes_.data()) + username_at_,
                          username_len_);
}

std::optional<uint32_t> StunMessage::priority() const {
  if (priority_at_ == 0) return std::nullopt;
  return load_be32(bytes_, priority_at_);
}

std::optional<uint64_t> StunMessage::ice_controlling() const {
  if (controlling_at_ == 0) return std::nullopt;
  return load_be64(bytes_, controlling_at_);
}

std::optional<uint64_t> StunMessage::ice_controlled() const {
  if (controlled_at_ == 0) return std::nullopt;
  return load_be64(bytes_, controlled_at_);
}

std::optional<StunAddress> StunMessage::xor_mapped_address() const {
  if (xor_mapped_at_ == 0) return std::nullopt;
  const uint32_t v = xor_mapped_at_;
  StunAddress out;
  out.port = static_cast<uint16_t>(load_be16(bytes_, v + 2) ^ (kStunMagicCookie >> 16));
  if (bytes_[v + 1] == kFamilyIpv4) {
    out.address = boost::asio::ip::address_v4(load_be32(bytes_, v + 4) ^ kStunMagicCookie);
  } else {
    // IPv6 is xored with the magic cookie followed by the transaction id: header bytes 4..19.
    boost::asio::ip::address_v6::bytes_type raw;
    for (size_t i = 0; i < raw.size(); ++i) {
      raw[i] = static_cast<unsigned char>(bytes_[v + 4 + i] ^ bytes_[4 + i]);
    }
    out.address = boost::asio::ip::address_v6(raw);
  }
  return out;
}

std::optional<StunErrorCode> StunMessage::error_code() const {
  if (error_code_at_ == 0) return std::nullopt;
  const uint32_t v = error_code_at_;
  StunErrorCode out;
  out.code = static_cast<uint16_t>((bytes_[v + 2] & 0x07) * 100 + bytes_[v + 3]);
  out.reason =
      std::string_view(reinterpret_cast<const char*>(bytes_.data()) + v + 4, error_code_len_ - 4U);
  return out;
}

bool StunMessage::verify_integrity(std::span<const uint8_t> raw, std::string_view key) const {
  if (integrity_at_ == 0 || raw.size() != bytes_.size()) return false;
  // The HMAC covers the header with its length patched to end right after MESSAGE-INTEGRITY
  // (so a FINGERPRINT behind it does not count), then every attribute before it.
  std::array<uint8_t, kStunHeaderSize> header;
  std::copy_n(raw.begin(), header.size(), header.begin());
  store_be16(header, 2,
             static_cast<uint16_t>(integrity_at_ + kAttributeHeaderSize + kHmacSha1Size -
                                   kStunHeaderSize));
  HmacSha1Digest digest;
  if (!hmac_sha1(key, {header, raw.subspan(kStunHeaderSize, integrity_at_ - kStunHeaderSize)},
                 digest)) {
    return false;
  }
  return CRYPTO_memcmp(digest.data(), raw.data() + integrity_at_ + kAttributeHeaderSize,
                       digest.size()) == 0;
}

bool StunMessage::verify_fingerprint(std::span<const uint8_t> raw) const {
  if (fingerprint_at_ == 0 || raw.size() != bytes_.size()) return false;
  // FINGERPRINT is last, so the header length already counts it, as section 14.7 requires.
  const uint32_t expected = crc32(raw.first(fingerprint_at_)) ^ kStunFingerprintXor;
  return load_be32(raw, fingerprint_at_ + kAttributeHeaderSize) == expected;
}

}  // namespace meet::rtc

#include "rtc/stun/stun_message_builder.hpp"

#include <algorithm>
#include <array>

#include "common/assert.hpp"
#include "common/bytes.hpp"
#include "rtc/stun/crc32.hpp"
#include "rtc/stun/hmac_sha1.hpp"

namespace meet::rtc {

namespace {

constexpr size_t kAttributeHeaderSize = 4;
// The largest Message Length that is a multiple of 4.
constexpr size_t kMaxBody = 0xFFFC;

constexpr size_t padded(size_t length) {
  return (length + 3) & ~size_t{3};
}

}  // namespace

StunMessageBuilder::StunMessageBuilder(std::span<uint8_t> buffer) : buffer_(buffer) {}

StunMessageBuilder::StunMessageBuilder(std::vector<uint8_t>& out) : out_(&out) {}

std::span<uint8_t> StunMessageBuilder::extend(size_t n) {
  if (!ok_) return {};
  if (size_ + n > kStunHeaderSize + kMaxBody) {
    ok_ = false;
    return {};
  }
  if (out_ != nullptr) {
    out_->resize(size_ + n);
    buffer_ = *out_;
  } else if (size_ + n > buffer_.size()) {
    ok_ = false;
    return {};
  }
  auto span = buffer_.subspan(size_, n);
  size_ += n;
  return span;
}

void StunMessageBuilder::update_length() {
  store_be16(buffer_, 2, static_cast<uint16_t>(size_ - kStunHeaderSize));
}

void StunMessageBuilder::start(uint16_t type, const StunTransactionId& transaction_id) {
  MEET_ASSERT(type < 0x4000, "stun message type has 14 bits");
  size_ = 0;
  ok_ = true;
  has_integrity_ = false;
  has_fingerprint_ = false;
  started_ = true;
  if (out_ != nullptr) out_->clear();
  auto header = extend(kStunHeaderSize);
  if (header.empty()) return;
  store_be16(header, 0, type);
  store_be16(header, 2, 0);
  store_be32(header, 4, kStunMagicCookie);
  std::copy(transaction_id.begin(), transaction_id.end(), header.begin() + 8);
}

std::span<uint8_t> StunMessageBuilder::begin_attribute(uint16_t type, size_t length) {
  MEET_ASSERT(started_, "stun builder: start() first");
  MEET_ASSERT(!has_fingerprint_, "stun builder: FINGERPRINT must be the last attribute");
  MEET_ASSERT(!has_integrity_ || type == stun_attr::kFingerprint,
              "stun builder: only FINGERPRINT may follow MESSAGE-INTEGRITY");
  MEET_ASSERT(length <= 0xFFFF, "stun attribute value longer than 65535 bytes");
  auto span = extend(kAttributeHeaderSize + padded(length));
  if (span.empty()) return {};
  store_be16(span, 0, type);
  store_be16(span, 2, static_cast<uint16_t>(length));
  std::fill(span.begin() + kAttributeHeaderSize, span.end(), uint8_t{0});
  update_length();
  return span.subspan(kAttributeHeaderSize, length);
}

void StunMessageBuilder::add_attribute(uint16_t type, std::span<const uint8_t> value) {
  auto out = begin_attribute(type, value.size());
  if (!ok_) return;
  std::copy(value.begin(), value.end(), out.begin());
}

void StunMessageBuilder::add_xor_mapped_address(const boost::asio::ip::address& address,
                                                uint16_t port) {
  boost::asio::ip::address addr = address;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    addr = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, addr.to_v6());
  }
  // 0 | family | port xor the cookie's top half | address xor cookie (+ transaction id for v6)
  auto value = begin_attribute(stun_attr::kXorMappedAddress, addr.is_v4() ? 8 : 20);
  if (!ok_) return;
  value[1] = addr.is_v4() ? 0x01 : 0x02;
  store_be16(value, 2, static_cast<uint16_t>(port ^ (kStunMagicCookie >> 16)));
  if (addr.is_v4()) {
    store_be32(value, 4, addr.to_v4().to_uint() ^ kStunMagicCookie);
  } else {
    const auto raw = addr.to_v6().to_bytes();
    for (size_t i = 0; i < raw.size(); ++i) {
      value[4 + i] = static_cast<uint8_t>(raw[i] ^ buffer_[4 + i]);
    }
  }
}

void StunMessageBuilder::add_username(std::string_view username) {
  MEET_ASSERT(username.size() <= kStunMaxUsername, "stun USERNAME longer than 513 bytes");
  add_attribute(stun_attr::kUsername,
                std::span(reinterpret_cast<const uint8_t*>(username.data()), username.size()));
}

void StunMessageBuilder::add_error_code(uint16_t code, std::string_view reason) {
  MEET_ASSERT(code >= 300 && code <= 699, "stun error code outside 300..699");
  MEET_ASSERT(reason.size() <= kStunMaxReason, "stun reason phrase longer than 763 bytes");
  auto value = begin_attribute(stun_attr::kErrorCode, 4 + reason.size());
  if (!ok_) return;
  value[2] = static_cast<uint8_t>(code / 100);
  value[3] = static_cast<uint8_t>(code % 100);
  std::copy(reason.begin(), reason.end(), value.begin() + 4);
}

void StunMessageBuilder::add_unknown_attributes(std::span<const uint16_t> types) {
  auto value = begin_attribute(stun_attr::kUnknownAttributes, 2 * types.size());
  if (!ok_) return;
  for (size_t i = 0; i < types.size(); ++i) store_be16(value, 2 * i, types[i]);
}

void StunMessageBuilder::add_priority(uint32_t priority) {
  auto value = begin_attribute(stun_attr::kPriority, 4);
  if (ok_) store_be32(value, 0, priority);
}

void StunMessageBuilder::add_use_candidate() {
  begin_attribute(stun_attr::kUseCandidate, 0);
}

void StunMessageBuilder::add_ice_controlling(uint64_t tie_breaker) {
  auto value = begin_attribute(stun_attr::kIceControlling, 8);
  if (ok_) store_be64(value, 0, tie_breaker);
}

void StunMessageBuilder::add_ice_controlled(uint64_t tie_breaker) {
  auto value = begin_attribute(stun_attr::kIceControlled, 8);
  if (ok_) store_be64(value, 0, tie_breaker);
}

void StunMessageBuilder::add_message_integrity(std::string_view key) {
  MEET_ASSERT(!has_integrity_, "stun builder: MESSAGE-INTEGRITY twice");
  // begin_attribute already set the header length to end after this attribute, which is the
  // length the HMAC must see (section 14.5).
  auto value = begin_attribute(stun_attr::kMessageIntegrity, kHmacSha1Size);
  if (!ok_) return;
  has_integrity_ = true;
  HmacSha1Digest digest;
  const size_t covered = size_ - kAttributeHeaderSize - kHmacSha1Size;
  if (!hmac_sha1(key, {std::span<const uint8_t>(buffer_).first(covered)}, digest)) {
    ok_ = false;
    return;
  }
  std::copy(digest.begin(), digest.end(), value.begin());
}

void StunMessageBuilder::add_fingerprint() {
  auto value = begin_attribute(stun_attr::kFingerprint, 4);
  if (!ok_) return;
  has_fingerprint_ = true;
  const size_t covered = size_ - kAttributeHeaderSize - 4;
  store_be32(value, 0,
             crc32(std::span<const uint8_t>(buffer_).first(covered)) ^ kStunFingerprintXor);
}

}  // namespace meet::rtc

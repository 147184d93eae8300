#pragma once
// STUN message (RFC 8489, which obsoletes RFC 5389) viewed in place, with the attributes ICE
// needs (RFC 8445 section 16.1) and consent freshness uses (RFC 7675).
#include <boost/asio/ip/address.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.hpp"

namespace meet::rtc {

inline constexpr uint32_t kStunMagicCookie = 0x2112A442;
inline constexpr size_t kStunHeaderSize = 20;
inline constexpr size_t kStunTransactionIdSize = 12;
inline constexpr uint32_t kStunFingerprintXor = 0x5354554E;
// USERNAME is at most 513 bytes (RFC 8489 section 14.3), an ERROR-CODE reason phrase at most
// 763 (section 14.8).
inline constexpr size_t kStunMaxUsername = 513;
inline constexpr size_t kStunMaxReason = 763;

using StunTransactionId = std::array<uint8_t, kStunTransactionIdSize>;

// Message class, the C1 C0 bits of the message type (RFC 8489 section 5).
enum class StunClass : uint8_t { kRequest = 0, kIndication = 1, kSuccess = 2, kError = 3 };

inline constexpr uint16_t kStunMethodBinding = 0x001;

// Interleaves a 12-bit method and a class into the 14-bit message type:
//   bit 13..9 = M11..M7, bit 8 = C1, bit 7..5 = M6..M4, bit 4 = C0, bit 3..0 = M3..M0
constexpr uint16_t stun_message_type(uint16_t method, StunClass cls) {
  const auto c = static_cast<uint16_t>(cls);
  return static_cast<uint16_t>((method & 0x000F) | ((method & 0x0070) << 1) |
                               ((method & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
}
inline constexpr uint16_t kStunBindingRequest =
    stun_message_type(kStunMethodBinding, StunClass::kRequest);  // 0x0001
inline constexpr uint16_t kStunBindingIndication =
    stun_message_type(kStunMethodBinding, StunClass::kIndication);  // 0x0011
inline constexpr uint16_t kStunBindingSuccess =
    stun_message_type(kStunMethodBinding, StunClass::kSuccess);  // 0x0101
inline constexpr uint16_t kStunBindingError =
    stun_message_type(kStunMethodBinding, StunClass::kError);  // 0x0111

// Attribute types. 0x0000-0x7FFF are comprehension-required: a receiver that does not know one
// must reject the request with 420 (RFC 8489 section 14).
namespace stun_attr {
inline constexpr uint16_t kMappedAddress = 0x0001;
inline constexpr uint16_t kUsername = 0x0006;
inline constexpr uint16_t kMessageIntegrity = 0x0008;
inline constexpr uint16_t kErrorCode = 0x0009;
inline constexpr uint16_t kUnknownAttributes = 0x000A;
inline constexpr uint16_t kRealm = 0x0014;
inline constexpr uint16_t kNonce = 0x0015;
inline constexpr uint16_t kMessageIntegritySha256 = 0x001C;
inline constexpr uint16_t kPasswordAlgorithm = 0x001D;
inline constexpr uint16_t kUserhash = 0x001E;
inline constexpr uint16_t kXorMappedAddress = 0x0020;
inline constexpr uint16_t kPriority = 0x0024;      // RFC 8445 section 16.1
inline constexpr uint16_t kUseCandidate = 0x0025;  // RFC 8445 section 16.1
inline constexpr uint16_t kSoftware = 0x8022;
inline constexpr uint16_t kFingerprint = 0x8028;
inline constexpr uint16_t kIceControlled = 0x8029;  // RFC 8445 section 16.1
inline constexpr uint16_t kIceControlling = 0x802A;
}  // namespace stun_attr

enum class StunError : uint8_t {
  kTooShort,            // fewer than 20 bytes
  kNotStun,             // top two bits set or no magic cookie
  kBadLength,           // length field is not a multiple of 4 or disagrees with the datagram
  kTruncatedAttribute,  // an attribute header, value or padding runs past the end
  kBadAttribute,        // a known attribute with an impossible length or value
  kFingerprintNotLast,  // an attribute follows FINGERPRINT
};
std::string_view to_string(StunError error);

// A transport address carried by a STUN attribute.
struct StunAddress {
  boost::asio::ip::address address;
  uint16_t port = 0;
  friend bool operator==(const StunAddress&, const StunAddress&) = default;
};

// ERROR-CODE (RFC 8489 section 14.8): code 300..699 and a reason phrase viewing the message.
struct StunErrorCode {
  uint16_t code = 0;
  std::string_view reason;
};

// A parsed STUN message. It views the bytes handed to parse() and does not own them: the
// caller keeps them alive and unchanged for as long as it uses the message or any string_view
// it returned. Cheap to copy; no allocation anywhere.
//
// Header (RFC 8489 section 5), then attributes (section 14), each padded to 4 bytes:
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |0 0|     STUN Message Type     |         Message Length        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Magic Cookie                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                     Transaction ID (96 bits)                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Type                  |            Length             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Value (variable)                ....
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
class StunMessage {
 public:
  // Parses one whole message: `bytes` must hold exactly the header plus Message Length bytes
  // (one UDP datagram, or one RFC 4571 frame). Never throws. Checks every length; padding bytes
  // may hold anything (RFC 8489 section 14). Of a repeated known attribute only the first counts;
  // attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (section 14.5).
  static Result<StunMessage, StunError> parse(std::span<const uint8_t> bytes);

  // RFC 7983 demultiplexing: first byte 0..3 and the magic cookie in place. Cheap; does not
  // validate the rest.
  static bool looks_like_stun(std::span<const uint8_t> bytes);

  uint16_t type() const { return type_; }
  uint16_t method() const;
  StunClass message_class() const;
  bool is_binding_request() const { return type_ == kStunBindingRequest; }
  StunTransactionId transaction_id() const;
  std::span<const uint8_t> bytes() const { return bytes_; }

  std::optional<std::string_view> username() const;
  std::optional<uint32_t> priority() const;
  bool use_candidate() const { return use_candidate_; }
  std::optional<uint64_t> ice_controlling() const;
  std::optional<uint64_t> ice_controlled() const;
  // XOR-MAPPED-ADDRESS decoded (RFC 8489 section 14.2).
  std::optional<StunAddress> xor_mapped_address() const;
  std::optional<StunErrorCode> error_code() const;
  bool has_message_integrity() const { return integrity_at_ != 0; }
  bool has_fingerprint() const { return fingerprint_at_ != 0; }
  // Comprehension-required attribute types this parser does not know (the first few), for a
  // 420 response's UNKNOWN-ATTRIBUTES.
  std::span<const uint16_t> unknown_attributes() const {
    return std::span(unknown_).first(unknown_count_);
  }

  // Checks MESSAGE-INTEGRITY (RFC 8489 section 14.5): HMAC-SHA1 keyed by `key` (the ICE
  // password for short-term credentials) over the message up to the attribute, the header's
  // length counting up to the end of MESSAGE-INTEGRITY. `raw` must be the bytes given to parse().
  // False when the attribute is absent, `raw` does not match, or the HMAC differs (compared in
  // constant time).
  bool verify_integrity(std::span<const uint8_t> raw, std::string_view key) const;
  // Checks FINGERPRINT (RFC 8489 section 14.7): CRC-32 of the message up to the attribute, xor
  // 0x5354554E. False when absent or wrong. `raw` must be the bytes given to parse().
  bool verify_fingerprint(std::span<const uint8_t> raw) const;

 private:
  static constexpr size_t kMaxUnknown = 4;

  explicit StunMessage(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  Result<void, StunError> read_attribute(uint16_t attr, uint32_t value_at, uint16_t length);

  std::span<const uint8_t> bytes_;
  uint16_t type_ = 0;
  // Offsets into bytes_ of attribute values; 0 means absent (no value starts inside the header).
  uint32_t username_at_ = 0;
  uint16_t username_len_ = 0;
  uint32_t priority_at_ = 0;
  uint32_t controlling_at_ = 0;
  uint32_t controlled_at_ = 0;
  uint32_t xor_mapped_at_ = 0;
  uint32_t error_code_at_ = 0;
  uint16_t error_code_len_ = 0;
  // Offsets of the MESSAGE-INTEGRITY and FINGERPRINT attribute headers.
  uint32_t integrity_at_ = 0;
  uint32_t fingerprint_at_ = 0;
  bool use_candidate_ = false;
  uint8_t unknown_count_ = 0;
  std::array<uint16_t, kMaxUnknown> unknown_{};
};

}  // namespace meet::rtc

#pragma once
// Writes STUN messages (RFC 8489): header, attributes with zero padding, MESSAGE-INTEGRITY and
// FINGERPRINT last. Control-path code: responses to connectivity checks, test fixtures.
#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "rtc/stun/stun_message.hpp"

namespace meet::rtc {

// Usage: start(), add_*() in wire order, then add_message_integrity() and/or add_fingerprint()
// last. The header's length is kept current after every call, so bytes() is a whole message at
// any point. Writes either into a fixed caller buffer (nothing allocated; ok() turns false when
// something did not fit and the message must not be sent) or at the end of a caller vector,
// which then holds exactly the message. Calls in a wrong order or out-of-range values are bugs
// and assert. Not thread-safe; the builder is meant to live on the stack.
class StunMessageBuilder {
 public:
  explicit StunMessageBuilder(std::span<uint8_t> buffer);
  // Clears `out` on start() and grows it as needed; `out` must outlive the builder.
  explicit StunMessageBuilder(std::vector<uint8_t>& out);

  void start(uint16_t type, const StunTransactionId& transaction_id);

  // XOR-MAPPED-ADDRESS (section 14.2). An IPv4-mapped IPv6 address (from a dual-stack socket)
  // is written as the IPv4 address the peer knows itself by.
  void add_xor_mapped_address(const boost::asio::ip::address& address, uint16_t port);
  void add_username(std::string_view username);  // at most 513 bytes
  // ERROR-CODE (section 14.8): code 300..699, reason at most 763 bytes.
  void add_error_code(uint16_t code, std::string_view reason);
  void add_unknown_attributes(std::span<const uint16_t> types);
  void add_priority(uint32_t priority);
  void add_use_candidate();
  void add_ice_controlling(uint64_t tie_breaker);
  void add_ice_controlled(uint64_t tie_breaker);
  // Any attribute, padded with zeros. Value at most 65535 bytes.
  void add_attribute(uint16_t type, std::span<const uint8_t> value);

  // MESSAGE-INTEGRITY (section 14.5) keyed by `key` (the ICE password). Then only FINGERPRINT
  // may follow.
  void add_message_integrity(std::string_view key);
  // FINGERPRINT (section 14.7). Must be the last attribute.
  void add_fingerprint();

  bool ok() const { return ok_; }
  size_t size() const { return size_; }
  std::span<const uint8_t> bytes() const { return std::span<const uint8_t>(buffer_).first(size_); }

 private:
  // Makes room for `n` more bytes; returns the span to write them to, or an empty span (and
  // clears ok_) when a fixed buffer is full or the message would outgrow the 16-bit length.
  std::span<uint8_t> extend(size_t n);
  std::span<uint8_t> begin_attribute(uint16_t type, size_t length);
  void update_length();

  std::vector<uint8_t>* out_ = nullptr;
  std::span<uint8_t> buffer_;
  size_t size_ = 0;
  bool started_ = false;
  bool has_integrity_ = false;
  bool has_fingerprint_ = false;
  bool ok_ = true;
};

}  // namespace meet::rtc

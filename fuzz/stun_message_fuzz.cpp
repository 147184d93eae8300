// libFuzzer target: StunMessage::parse, every accessor and both verifications on arbitrary
// bytes; a message that parses is rebuilt from its fields and must parse again.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "rtc/stun/stun_message.hpp"
#include "rtc/stun/stun_message_builder.hpp"

using meet::rtc::StunMessage;
using meet::rtc::StunMessageBuilder;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  (void)StunMessage::looks_like_stun(bytes);
  auto parsed = StunMessage::parse(bytes);
  if (!parsed) return 0;
  const StunMessage& msg = parsed.value();

  // The RFC 5769 password, so the seed vectors reach the HMAC comparison.
  (void)msg.verify_integrity(bytes, "VOkJxbRl1RmTxUk/WvJxBt");
  (void)msg.verify_fingerprint(bytes);
  (void)msg.method();
  (void)msg.message_class();

  std::vector<uint8_t> out;
  StunMessageBuilder builder(out);
  builder.start(msg.type(), msg.transaction_id());
  if (auto username = msg.username()) builder.add_username(*username);
  if (auto priority = msg.priority()) builder.add_priority(*priority);
  if (msg.use_candidate()) builder.add_use_candidate();
  if (auto tie = msg.ice_controlling()) builder.add_ice_controlling(*tie);
  if (auto tie = msg.ice_controlled()) builder.add_ice_controlled(*tie);
  if (auto mapped = msg.xor_mapped_address()) {
    builder.add_xor_mapped_address(mapped->address, mapped->port);
  }
  if (auto error = msg.error_code()) builder.add_error_code(error->code, error->reason);
  if (!msg.unknown_attributes().empty()) builder.add_unknown_attributes(msg.unknown_attributes());
  builder.add_message_integrity("key");
  builder.add_fingerprint();
  if (!builder.ok()) __builtin_trap();

  // The builder writes an IPv4-mapped IPv6 address as IPv4.
  auto expected_mapped = msg.xor_mapped_address();
  if (expected_mapped && expected_mapped->address.is_v6() &&
      expected_mapped->address.to_v6().is_v4_mapped()) {
    expected_mapped->address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped,
                                                                expected_mapped->address.to_v6());
  }
  auto again = StunMessage::parse(out);
  if (!again || !again->verify_integrity(out, "key") || !again->verify_fingerprint(out) ||
      again->username() != msg.username() || again->xor_mapped_address() != expected_mapped ||
      again->transaction_id() != msg.transaction_id()) {
    __builtin_trap();
  }
  return 0;
}

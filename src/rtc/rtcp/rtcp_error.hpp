#pragma once
#include <cstdint>

namespace meet::rtc {

// Why an RTCP packet was rejected or could not be written.
enum class RtcpError : uint8_t {
  kTooShort,        // shorter than the header, or than the body its type needs
  kBadVersion,      // version field is not 2
  kBadLength,       // the length field runs past the buffer
  kBadPadding,      // padding count is zero or longer than the body
  kWrongType,       // parse() was handed a packet of another type / FMT / AFB kind
  kBadCount,        // the count field or FCI size does not match the body
  kBadItem,         // an SDES item or BYE reason runs past its packet
  kBadFeedback,     // transport-wide feedback chunks / deltas inconsistent or reserved
  kBufferTooSmall,  // a builder's output buffer cannot hold the packet
  kTooManyItems,    // a builder got more items than the packet format can carry
  kBadInput,        // a builder got input it cannot encode (see the builder's contract)
};

}  // namespace meet::rtc

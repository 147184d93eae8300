#pragma once
// The media codecs the SFU forwards, and how to tell them from an SDP rtpmap encoding name.
#include <cstdint>
#include <string_view>

namespace meet::rtc {

enum class Codec : uint8_t { kOpus, kVp8, kVp9, kH264, kUnknown };

// Why a payload descriptor could not be read.
enum class CodecError : uint8_t {
  kTooShort,       // the payload ends inside the descriptor (or has nothing after it)
  kBadDescriptor,  // the descriptor is inconsistent (e.g. a fourth VP9 P_DIFF)
};

// Case-insensitive: "opus", "VP8", "VP9", "H264" (as in a=rtpmap); anything else kUnknown.
Codec codec_from_name(std::string_view name);
// The canonical rtpmap spelling ("opus", "VP8", "VP9", "H264"), "unknown" for kUnknown.
std::string_view codec_name(Codec codec);

}  // namespace meet::rtc

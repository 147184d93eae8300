#include "rtc/sdp/sdp_error.hpp"

namespace meet::rtc {

std::string_view to_string(SdpErrorCode code) {
  switch (code) {
    case SdpErrorCode::kTooLarge:
      return "too_large";
    case SdpErrorCode::kLineTooLong:
      return "line_too_long";
    case SdpErrorCode::kBadCharacter:
      return "bad_character";
    case SdpErrorCode::kMissingVersion:
      return "missing_version";
    case SdpErrorCode::kBadVersion:
      return "bad_version";
    case SdpErrorCode::kBadLine:
      return "bad_line";
    case SdpErrorCode::kUnknownLineType:
      return "unknown_line_type";
    case SdpErrorCode::kMissingOrigin:
      return "missing_origin";
    case SdpErrorCode::kBadOrigin:
      return "bad_origin";
    case SdpErrorCode::kMissingSessionName:
      return "missing_session_name";
    case SdpErrorCode::kBadMediaLine:
      return "bad_media_line";
    case SdpErrorCode::kBadPort:
      return "bad_port";
    case SdpErrorCode::kBadPayloadType:
      return "bad_payload_type";
    case SdpErrorCode::kDuplicatePayloadType:
      return "duplicate_payload_type";
    case SdpErrorCode::kTooManyMedia:
      return "too_many_media";
    case SdpErrorCode::kTooManyEntries:
      return "too_many_entries";
    case SdpErrorCode::kBadAttribute:
      return "bad_attribute";
    case SdpErrorCode::kDuplicateMid:
      return "duplicate_mid";
    case SdpErrorCode::kNotBundled:
      return "not_bundled";
    case SdpErrorCode::kMissingMid:
      return "missing_mid";
    case SdpErrorCode::kNoRtcpMux:
      return "no_rtcp_mux";
    case SdpErrorCode::kMissingIceCredentials:
      return "missing_ice_credentials";
    case SdpErrorCode::kMissingFingerprint:
      return "missing_fingerprint";
    case SdpErrorCode::kBadFingerprint:
      return "bad_fingerprint";
    case SdpErrorCode::kBadSetup:
      return "bad_setup";
    case SdpErrorCode::kBundleTagUnusable:
      return "bundle_tag_unusable";
  }
  return "unknown";
}

}  // namespace meet::rtc

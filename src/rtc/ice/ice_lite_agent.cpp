#include "rtc/ice/ice_lite_agent.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "rtc/stun/stun_message_builder.hpp"

namespace meet::rtc {

namespace {

// Header + XOR-MAPPED-ADDRESS (IPv6) + MESSAGE-INTEGRITY + FINGERPRINT.
constexpr size_t kMaxSuccessSize = kStunHeaderSize + 24 + 24 + 8;

}  // namespace

std::string_view to_string(IceError error) {
  switch (error) {
    case IceError::kNotBindingRequest:
      return "not_binding_request";
    case IceError::kBadFingerprint:
      return "bad_fingerprint";
    case IceError::kMissingAttribute:
      return "missing_attribute";
    case IceError::kUnknownUsername:
      return "unknown_username";
    case IceError::kBadIntegrity:
      return "bad_integrity";
    case IceError::kUnknownAttribute:
      return "unknown_attribute";
    case IceError::kRoleConflict:
      return "role_conflict";
    case IceError::kUdpPreferred:
      return "udp_preferred";
  }
  return "unknown";
}

IceLiteAgent::IceLiteAgent(IceCredentials local, std::string remote_ufrag,
                           std::optional<std::string> remote_pwd)
    : local_(std::move(local)),
      remote_ufrag_(std::move(remote_ufrag)),
      remote_pwd_(std::move(remote_pwd)) {
  MEET_ASSERT(!local_.ufrag.empty() && !local_.pwd.empty(), "ice agent needs local credentials");
  pairs_.reserve(4);
}

void IceLiteAgent::set_remote_credentials(std::string ufrag, std::optional<std::string> pwd) {
  remote_ufrag_ = std::move(ufrag);
  remote_pwd_ = std::move(pwd);
}

std::string_view IceLiteAgent::ufrag_from_username(std::string_view username) {
  const size_t colon = username.find(':');
  if (colon == std::string_view::npos) return {};
  return username.substr(0, colon);
}

bool IceLiteAgent::username_matches(std::string_view username) const {
  // RFC 8445 section 7.2.2: the check's USERNAME is "receiver ufrag:sender ufrag".
  const std::string_view local = local_.ufrag;
  if (username.size() <= local.size() || username.substr(0, local.size()) != local ||
      username[local.size()] != ':') {
    return false;
  }
  return remote_ufrag_.empty() || username.substr(local.size() + 1) == remote_ufrag_;
}

Result<void, IceError> IceLiteAgent::authenticate(const StunMessage& request,
                                                  std::span<const uint8_t> raw) const {
  if (!request.is_binding_request()) return make_error(IceError::kNotBindingRequest);
  // RFC 8489 section 7.3: a wrong FINGERPRINT means the packet is not STUN meant for us.
  if (request.has_fingerprint() && !request.verify_fingerprint(raw)) {
    return make_error(IceError::kBadFingerprint);
  }
  // RFC 8489 section 9.1.3: short-term credential checks.
  const auto username = request.username();
  if (!username || !request.has_message_integrity()) {
    return make_error(IceError::kMissingAttribute);
  }
  if (!username_matches(*username)) return make_error(IceError::kUnknownUsername);
  if (!request.verify_integrity(raw, local_.pwd)) return make_error(IceError::kBadIntegrity);
  if (!request.unknown_attributes().empty()) return make_error(IceError::kUnknownAttribute);
  // RFC 8445 section 7.3.1.1: we are controlled and cannot switch (a lite agent never
  // controls), so a peer that also says controlled must become controlling: 487.
  if (request.ice_controlled() && !request.ice_controlling()) {
    return make_error(IceError::kRoleConflict);
  }
  return Ok{};
}

IceLiteAgent::Pair& IceLiteAgent::pair_for(const Endpoint& remote, TimePoint now) {
  auto it =
      std::find_if(pairs_.begin(), pairs_.end(), [&](const Pair& p) { return p.remote == remote; });
  if (it != pairs_.end()) return *it;
  if (pairs_.size() < kMaxPairs) {
    pairs_.push_back(Pair{remote, now});
    return pairs_.back();
  }
  // Full: forget the pair checked longest ago that media is not using.
  Pair* oldest = nullptr;
  for (Pair& p : pairs_) {
    if (selected_ && p.remote == *selected_) continue;
    if (oldest == nullptr || p.last_check < oldest->last_check) oldest = &p;
  }
  MEET_ASSERT(oldest != nullptr, "kMaxPairs > 1 leaves a pair besides the selected one");
  *oldest = Pair{remote, now};
  return *oldest;
}

Result<std::vector<uint8_t>, IceError> IceLiteAgent::handle_binding_request(
    const StunMessage& request, std::span<const uint8_t> raw, const Endpoint& from, TimePoint now) {
  if (auto ok = authenticate(request, raw); !ok) return make_error(ok.error());
  if (!from.tcp) {
    last_udp_check_ = now;
  } else if (last_udp_check_ && now - *last_udp_check_ < kUdpPreferredFor) {
    return make_error(IceError::kUdpPreferred);
  }

  Pair& pair = pair_for(from, now);
  pair.last_check = now;
  pair.priority = request.priority().value_or(0);

  // RFC 8445 section 7.3.1.5 (regular nomination by the controlling browser): USE-CANDIDATE
  // selects the pair; a later nomination from another address moves media there. Until one
  // arrives, the first valid check's address is used so DTLS can start early.
  if (request.use_candidate()) {
    pair.nominated = true;
    if (!nominated_ || !selected_ || *selected_ != from) {
      selected_ = from;
      nominated_ = true;
      last_consent_ = now;
    }
  } else if (!selected_) {
    selected_ = from;
    last_consent_ = now;
  }
  // RFC 7675 section 5.1: an authenticated check from the selected address renews consent.
  if (*selected_ == from) last_consent_ = now;

  std::vector<uint8_t> response;
  response.reserve(kMaxSuccessSize);
  StunMessageBuilder builder(response);
  builder.start(kStunBindingSuccess, request.transaction_id());
  builder.add_xor_mapped_address(from.address, from.port);
  builder.add_message_integrity(local_.pwd);
  builder.add_fingerprint();
  MEET_ASSERT(builder.ok(), "a binding success response always fits; HMAC must work");
  return response;
}

std::vector<uint8_t> IceLiteAgent::error_response(const StunMessage& request,
                                                  IceError error) const {
  switch (error) {
    case IceError::kMissingAttribute:
      return build_error_response(request, 400, "Bad Request");
    case IceError::kUnknownUsername:
    case IceError::kBadIntegrity:
      return build_error_response(request, 401, "Unauthorized");
    case IceError::kUnknownAttribute:
      return build_error_response(request, 420, "Unknown Attribute", local_.pwd);
    case IceError::kRoleConflict:
      return build_error_response(request, 487, "Role Conflict", local_.pwd);
    case IceError::kNotBindingRequest:
    case IceError::kBadFingerprint:
    case IceError::kUdpPreferred:
      return {};
  }
  return {};
}

std::vector<uint8_t> IceLiteAgent::build_error_response(const StunMessage& request, uint16_t code,
                                                        std::string_view reason,
                                                        std::string_view integrity_key) {
  if (request.message_class() != StunClass::kRequest) return {};
  std::vector<uint8_t> out;
  out.reserve(kStunHeaderSize + 4 + 4 + reason.size() + 4 + 12 + 24 + 8);
  StunMessageBuilder builder(out);
  builder.start(stun_message_type(request.method(), StunClass::kError), request.transaction_id());
  builder.add_error_code(code, reason);
  if (code == 420 && !request.unknown_attributes().empty()) {
    builder.add_unknown_attributes(request.unknown_attributes());
  }
  if (!integrity_key.empty()) builder.add_message_integrity(integrity_key);
  builder.add_fingerprint();
  if (!builder.ok()) return {};
  return out;
}

bool IceLiteAgent::consent_expired(TimePoint now) const {
  return selected_.has_value() && now - last_consent_ >= kConsentTimeout;
}

bool IceLiteAgent::is_validated(const Endpoint& remote) const {
  return std::any_of(pairs_.begin(), pairs_.end(),
                     [&](const Pair& p) { return p.remote == remote; });
}

}  // namespace meet::rtc

#include "signal/join_check.hpp"

namespace meet::signal {

JoinCheck check_join(const JoinLookups& lookups, const std::string& token, int64_t now_unix_s) {
  JoinCheck out;
  auto claims = verify_join_token(token, lookups.token_secret, now_unix_s);
  if (!claims) {
    out.refused = claims.error() == TokenError::kExpired ? ErrorCode::kTokenExpired
                                                         : ErrorCode::kInvalidToken;
    out.refusal_detail = "token";
    return out;
  }
  out.claims = std::move(claims).value();
  // Tokens with an issuer were minted by the API for one of its meetings: the meeting must
  // exist and be open. Development tokens (`meet token`) have none and name any room.
  if (out.claims.issuer.empty()) {
    out.policy = lookups.default_policy;
    return out;
  }
  Admission admission = lookups.admit(out.claims.room, out.claims.issuer);
  if (!admission.error.empty()) {
    out.refused = error_code_or_internal(admission.error);
    out.refusal_detail = admission.error;
    return out;
  }
  out.max_participants = admission.max_participants;
  out.removed_identities = std::move(admission.removed_identities);
  out.policy = lookups.meeting_policy(out.claims.room);
  return out;
}

}  // namespace meet::signal

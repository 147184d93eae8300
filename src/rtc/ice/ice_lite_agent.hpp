#pragma once
// Server side of ICE-lite (RFC 8445 sections 2.5, 6.1.1, 7.3) for one transport: answers the
// browser's connectivity checks, picks the remote address media goes to, and tracks consent
// freshness (RFC 7675). A lite agent sends no checks of its own and is always controlled.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "rtc/ice/endpoint.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "rtc/stun/stun_message.hpp"

namespace meet::rtc {

// Why a check was refused. error_response() gives the answer RFC 8489 section 6.3.1 and
// RFC 8445 section 7.3 prescribe, or none.
enum class IceError : uint8_t {
  kNotBindingRequest,  // indication (keepalive) or response: drop silently
  kBadFingerprint,     // FINGERPRINT present but wrong: not for us, drop silently
  kMissingAttribute,   // no USERNAME or no MESSAGE-INTEGRITY: 400
  kUnknownUsername,    // USERNAME is not "localufrag:remoteufrag": 401
  kBadIntegrity,       // MESSAGE-INTEGRITY not made with the local password: 401
  kUnknownAttribute,   // unknown comprehension-required attribute: 420
  kRoleConflict,       // the peer claims the controlled role too: 487, it must switch
  kUdpPreferred,       // a TCP check while UDP checks arrive: unanswered, see kUdpPreferredFor
};
std::string_view to_string(IceError error);

// One per transport; lives on the media worker thread that owns the transport. Not thread-safe.
// Time comes from the caller (`now`), so tests drive it.
class IceLiteAgent {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // RFC 7675 section 5.1: consent is lost after 30 s without a fresh check.
  static constexpr std::chrono::seconds kConsentTimeout{30};
  // A TCP check goes unanswered while a UDP check came within this long. Browsers sometimes
  // choose the ICE-TCP pair although UDP works (Chromium does about half the time on
  // loopback), and media over TCP arrives in bursts: the sender's bandwidth probes then fail
  // and its estimate climbs for many seconds. Unanswered, the TCP pair never becomes usable.
  // When UDP stops working the browser's UDP checks stop, and TCP checks are answered again
  // this long after (an ICE restart finds the TCP path). Clients with no UDP at all send no
  // UDP check and are answered on TCP at once.
  static constexpr std::chrono::seconds kUdpPreferredFor{5};
  // Remote addresses remembered at once; browsers check from a handful of candidates.
  static constexpr size_t kMaxPairs = 16;

  // `remote_ufrag` may be empty while the answer is not in yet: checks are then accepted with
  // any remote part in USERNAME (authentication rests on the local password either way).
  // The remote password is kept for completeness; a lite agent never sends checks.
  IceLiteAgent(IceCredentials local, std::string remote_ufrag,
               std::optional<std::string> remote_pwd = std::nullopt);

  void set_remote_credentials(std::string ufrag, std::optional<std::string> pwd);
  const IceCredentials& local_credentials() const { return local_; }
  const std::string& remote_ufrag() const { return remote_ufrag_; }
  const std::optional<std::string>& remote_pwd() const { return remote_pwd_; }

  // Handles a connectivity check or consent request received from `from`. `request` was parsed
  // from `raw`. Checks, in order: Binding request, FINGERPRINT (when present), USERNAME and
  // MESSAGE-INTEGRITY present, USERNAME, MESSAGE-INTEGRITY, unknown attributes, role. On
  // success updates the pair state (nomination, consent) and returns the Binding success
  // response to send back to `from` (XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT).
  // On error nothing changes; the caller counts the error and may send error_response().
  Result<std::vector<uint8_t>, IceError> handle_binding_request(const StunMessage& request,
                                                                std::span<const uint8_t> raw,
                                                                const Endpoint& from,
                                                                TimePoint now);

  // The error response for a check refused with `error`, or an empty vector when none is due.
  // 400/401 carry no MESSAGE-INTEGRITY (the peer is not authenticated); 420/487 are signed with
  // the local password.
  std::vector<uint8_t> error_response(const StunMessage& request, IceError error) const;
  // Any Binding error response (e.g. 401 for a ufrag no agent owns): ERROR-CODE, the unknown
  // attributes for 420, MESSAGE-INTEGRITY when `integrity_key` is not empty, FINGERPRINT.
  // Empty when `request` is not a request.
  static std::vector<uint8_t> build_error_response(const StunMessage& request, uint16_t code,
                                                   std::string_view reason,
                                                   std::string_view integrity_key = {});

  // Where media goes: the last nominated remote address (USE-CANDIDATE), or the first one
  // that passed a check while none is nominated.
  std::optional<Endpoint> selected() const { return selected_; }
  bool nominated() const { return nominated_; }
  // RFC 7675: true once a remote address is selected and no valid check came from it for
  // kConsentTimeout. The caller then stops sending and tears the transport down.
  bool consent_expired(TimePoint now) const;
  // Whether an authenticated check came from `remote` (media from elsewhere can be dropped).
  bool is_validated(const Endpoint& remote) const;
  size_t pair_count() const { return pairs_.size(); }

  // The local ufrag in a USERNAME "localufrag:remoteufrag" (what the engine demultiplexes STUN
  // by); empty when there is no ':'.
  static std::string_view ufrag_from_username(std::string_view username);

 private:
  struct Pair {
    Endpoint remote;
    TimePoint last_check;
    uint32_t priority = 0;
    bool nominated = false;
  };

  Result<void, IceError> authenticate(const StunMessage& request,
                                      std::span<const uint8_t> raw) const;
  bool username_matches(std::string_view username) const;
  Pair& pair_for(const Endpoint& remote, TimePoint now);

  IceCredentials local_;
  std::string remote_ufrag_;
  std::optional<std::string> remote_pwd_;
  std::vector<Pair> pairs_;
  std::optional<Endpoint> selected_;
  bool nominated_ = false;
  TimePoint last_consent_{};
  std::optional<TimePoint> last_udp_check_;
};

}  // namespace meet::rtc

#pragma once
// One DTLS 1.2 association (RFC 6347) with the DTLS-SRTP extension (RFC 5764), driven by the
// engine: datagrams in and out through memory, time passed in, no sockets and no threads.
#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "rtc/dtls/dtls_error.hpp"
#include "rtc/dtls/openssl_ptr.hpp"
#include "rtc/dtls/srtp_keys.hpp"

namespace meet::rtc {

class DtlsContext;

using TimePoint = std::chrono::steady_clock::time_point;

// RFC 5763 5: the SFU answers a=setup:actpass with passive and is the server toward browsers.
enum class DtlsRole : uint8_t { kClient, kServer };

enum class DtlsState : uint8_t {
  kNew,         // constructed, start() not called
  kConnecting,  // handshake running, or finished while we wait for the SDP fingerprint
  kConnected,   // handshake done, peer fingerprint verified, keys delivered
  kClosed,      // close() called, or the peer sent close_notify or an alert after connecting
  kFailed,      // handshake error, fingerprint mismatch or timeout; terminal
};

std::string_view to_string(DtlsState s);

class DtlsTransport {
 public:
  // Upward notices, all called synchronously from inside the transport's own methods on the
  // caller's thread. send_dtls must only send (or queue) the datagram and not call back into this
  // transport. The other three are the last thing a method does, so the listener may close or
  // destroy the transport from inside them. Each of connected/failed/closed fires at most once.
  class Listener {
   public:
    virtual ~Listener() = default;
    // One outgoing datagram (one or more whole records, at most DtlsContextOptions::mtu bytes).
    virtual void send_dtls(std::span<const uint8_t> datagram) = 0;
    // Handshake done and the peer certificate matches the signaled fingerprint.
    virtual void on_dtls_connected(const SrtpKeys& keys) = 0;
    // The association can never come up (reason is for logs; no secrets in it).
    virtual void on_dtls_failed(std::string_view reason) = 0;
    // A connected association was ended by the peer (close_notify or fatal alert).
    virtual void on_dtls_closed() = 0;
  };

  // `context` and `listener` must outlive the transport. One transport belongs to one thread.
  DtlsTransport(DtlsContext& context, DtlsRole role, Listener& listener);
  ~DtlsTransport();
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // The peer's a=fingerprint (RFC 8122): algorithm "sha-256" (also sha-1/224/384/512), value
  // "AB:CD:..." in either case. May come before or after the handshake finishes: if the handshake
  // is already done (the peer's ClientHello raced its SDP answer), the check happens now and
  // connected/failed fires from inside this call. A later call replaces the expected value; on a
  // connected transport a value that does not match the peer's certificate fails it.
  Result<void, DtlsError> set_remote_fingerprint(std::string algorithm, std::string value);

  // Begins the handshake: a client sends its ClientHello, a server waits for one.
  void start(TimePoint now);

  // One received datagram. Garbage is dropped and reported (kNotDtls, kMalformedRecord...)
  // without touching the association; never throws. Records OpenSSL itself discards (bad MAC,
  // replays, stray application data) return ok.
  Result<void, DtlsError> handle_datagram(std::span<const uint8_t> datagram, TimePoint now);

  // When handle_timeout should next be called, or nullopt when no retransmission is pending.
  std::optional<TimePoint> next_timeout() const { return deadline_; }

  // Retransmits the last flight if its timer expired (DTLSv1_handle_timeout); fails the transport
  // once OpenSSL gives up. Calling it early or with nothing pending does nothing.
  void handle_timeout(TimePoint now);

  // Sends close_notify if the handshake finished, then stays closed. Fires no listener callback.
  void close();

  DtlsState state() const { return state_; }
  DtlsRole role() const { return role_; }

 private:
  struct Callbacks;  // OpenSSL C callbacks (BIO, verify, timer), defined in the .cpp
  friend struct Callbacks;
  enum class Event : uint8_t { kNone, kConnected, kFailed, kClosed };

  void drive_handshake();
  void read_records();
  void on_handshake_finished();
  void verify_and_export();
  bool peer_matches_fingerprint(const X509* peer) const;
  void fail(std::string reason);
  void update_timer(TimePoint now);
  void append_output(std::span<const uint8_t> record);
  void flush_output();
  void notify();

  DtlsContext& context_;
  DtlsRole role_;
  Listener& listener_;
  SslPtr ssl_;
  BIO* rbio_ = nullptr;  // owned by ssl_
  DtlsState state_ = DtlsState::kNew;
  std::string remote_algorithm_;
  std::string remote_fingerprint_;
  bool fingerprint_rejected_ = false;  // set by the verify callback on a mismatch
  std::optional<TimePoint> deadline_;
  std::vector<uint8_t> out_;  // the datagram being assembled from OpenSSL's record writes
  uint64_t datagrams_sent_ = 0;

  Event event_ = Event::kNone;
  std::string failure_reason_;
  SrtpKeys keys_;
};

}  // namespace meet::rtc

#pragma once
// One WebSocket connection as the application sees it: text messages out, close. Owned by the
// server (shared_ptr); handlers may keep a shared_ptr, and the server drops its handler after
// on_close so that a handler holding its connection forms no lasting cycle.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace meet::http {

// RFC 6455 section 7.4.1 close codes used by the server.
enum WebSocketCloseCode : uint16_t {
  kWsNormal = 1000,
  kWsGoingAway = 1001,
  kWsUnsupportedData = 1003,
  kWsPolicyViolation = 1008,
  kWsMessageTooBig = 1009,
  kWsInternalError = 1011,
};

class WebSocketConnection : public std::enable_shared_from_this<WebSocketConnection> {
 public:
  static constexpr size_t kMaxQueuedMessages = 256;
  static constexpr size_t kMaxQueuedBytes = 4 * 1024 * 1024;
  // Inbound; bigger -> WebSocketHandler::on_message_too_large, then close 1009.
  static constexpr size_t kMaxMessageBytes = 64 * 1024;

  virtual ~WebSocketConnection() = default;

  // Queues a text message. Past kMaxQueuedMessages or kMaxQueuedBytes the connection is closed
  // with 1008 (a client that does not read must not grow our memory). Ignored once closing.
  // May be called from any thread (hops to the control loop), but on it is cheapest.
  virtual void send(std::string text) = 0;

  // Sends the queued messages, then a close frame (reason cut to 123 bytes). on_close follows
  // when the close handshake ends. Idempotent. Any thread.
  virtual void close(uint16_t code, std::string reason) = 0;

  const std::string& remote_ip() const { return remote_ip_; }

 protected:
  explicit WebSocketConnection(std::string remote_ip) : remote_ip_(std::move(remote_ip)) {}

 private:
  std::string remote_ip_;
};

}  // namespace meet::http

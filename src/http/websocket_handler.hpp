#pragma once
#include <functional>
#include <memory>
#include <string_view>

#include "http/request.hpp"
#include "http/websocket_connection.hpp"

namespace meet::http {

// Receives the events of one WebSocket connection, on the control loop thread.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // One complete text message (at most 64 KiB, valid UTF-8). Binary messages close the
  // connection with 1003 instead.
  virtual void on_message(std::string_view text) = 0;
  // The peer sent a message over the 64 KiB limit (its bytes are discarded unread). The handler
  // may send a last message; the connection then closes with 1009. No on_message follows.
  virtual void on_message_too_large() {}
  // Exactly once, after the connection is gone for any reason (also if the handshake fails).
  // No on_message follows. The handler is destroyed right after.
  virtual void on_close() = 0;
};

// Called for each upgrade request on a WebSocket path, before the handshake completes; the
// connection may already be sent to (messages queue until the handshake ends). Returning null
// refuses the connection: it is accepted and closed at once with 1008.
using WebSocketFactory = std::function<std::unique_ptr<WebSocketHandler>(
    std::shared_ptr<WebSocketConnection> connection, const Request& upgrade_request)>;

}  // namespace meet::http

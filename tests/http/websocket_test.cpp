#include <gtest/gtest.h>

#include <atomic>

#include "http/server.hpp"
#include "test_client.hpp"

namespace meet::http {
namespace {

using namespace meet::http::testing;

struct Counters {
  std::atomic<int> opened{0};
  std::atomic<int> closed{0};
  std::atomic<int> messages{0};
};

// Echoes messages; "flood" sends 400 messages at once; "close" closes with 4000; "bye" sends a
// last message then closes normally.
class EchoHandler : public WebSocketHandler {
 public:
  EchoHandler(std::shared_ptr<WebSocketConnection> c, Counters& n) : conn_(std::move(c)), n_(n) {
    ++n_.opened;
    conn_->send("welcome");  // before the handshake completes: queued
  }
  void on_message(std::string_view text) override {
    ++n_.messages;
    if (text == "flood") {
      for (int i = 0; i < 400; ++i) conn_->send(std::string(100, 'f'));
    } else if (text == "close") {
      conn_->close(4000, "asked to");
    } else if (text == "bye") {
      conn_->send("last words");
      conn_->close(kWsNormal, "bye");
    } else {
      conn_->send("echo:" + std::string(text));
    }
  }
  void on_message_too_large() override { conn_->send("too large"); }
  void on_close() override {
    ++n_.closed;
    conn_->send("ignored after close");
  }

 private:
  std::shared_ptr<WebSocketConnection> conn_;  // a cycle the server breaks after on_close
  Counters& n_;
};

class WebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_.server().add_websocket(
        "/rtc", [this](std::shared_ptr<WebSocketConnection> c, const Request& req) {
          last_query_ = req.query_string;
          return std::make_unique<EchoHandler>(std::move(c), n_);
        });
    harness_.server().add_websocket("/refuse",
                                    [](std::shared_ptr<WebSocketConnection>, const Request&) {
                                      return std::unique_ptr<WebSocketHandler>();
                                    });
    harness_.start();
  }
  Counters n_;
  std::string last_query_;
  ServerHarness harness_;
};

TEST_F(WebSocketTest, EchoRoundTrip) {
  {
    WsClient ws(harness_.port(), "/rtc?v=1");
    EXPECT_EQ(ws.read(), "welcome");
    ws.send("hello");
    EXPECT_EQ(ws.read(), "echo:hello");
    ws.send("{\"type\":\"join\"}");
    EXPECT_EQ(ws.read(), "echo:{\"type\":\"join\"}");
    ws.close();
  }
  EXPECT_TRUE(eventually([&] { return n_.closed == 1; }));
  EXPECT_EQ(n_.opened, 1);
  EXPECT_EQ(n_.messages, 2);
  EXPECT_EQ(last_query_, "v=1");
}

TEST_F(WebSocketTest, ClientDisappearingCallsOnCloseOnce) {
  {
    WsClient ws(harness_.port());
    EXPECT_EQ(ws.read(), "welcome");
    ws.stream().next_layer().close();  // no close frame
  }
  EXPECT_TRUE(eventually([&] { return n_.closed == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(n_.closed, 1);
}

TEST_F(WebSocketTest, OversizedMessageClosesWith1009) {
  WsClient ws(harness_.port());
  EXPECT_EQ(ws.read(), "welcome");
  ws.send(std::string(WebSocketConnection::kMaxMessageBytes, 'x'));  // exactly the limit: ok
  EXPECT_EQ(ws.read().size(), 5 + WebSocketConnection::kMaxMessageBytes);
  ws.send(std::string(WebSocketConnection::kMaxMessageBytes + 1, 'x'));
  EXPECT_EQ(ws.read(), "too large");  // the handler's last word comes before the close
  EXPECT_EQ(ws.read_until_closed(), 1009);
  EXPECT_TRUE(eventually([&] { return n_.closed == 1; }));
  EXPECT_EQ(n_.messages, 1);
}

TEST_F(WebSocketTest, HugeMessageIsDiscardedNotBuffered) {
  WsClient ws(harness_.port());
  EXPECT_EQ(ws.read(), "welcome");
  ws.send(std::string(4 * 1024 * 1024, 'x'));  // far past the limit: read and dropped in parts
  EXPECT_EQ(ws.read(), "too large");
  EXPECT_EQ(ws.read_until_closed(), 1009);
  EXPECT_EQ(n_.messages, 0);
}

TEST_F(WebSocketTest, BinaryMessageClosesWith1003) {
  WsClient ws(harness_.port());
  EXPECT_EQ(ws.read(), "welcome");
  ws.send_binary("\x01\x02");
  EXPECT_EQ(ws.read_until_closed(), 1003);
  EXPECT_EQ(n_.messages, 0);
}

TEST_F(WebSocketTest, ServerCloseSendsQueuedMessagesFirst) {
  WsClient ws(harness_.port());
  EXPECT_EQ(ws.read(), "welcome");
  ws.send("bye");
  EXPECT_EQ(ws.read(), "last words");
  EXPECT_EQ(ws.read_until_closed(), 1000);
  EXPECT_EQ(ws.stream().reason().reason, "bye");

  WsClient ws2(harness_.port());
  EXPECT_EQ(ws2.read(), "welcome");
  ws2.send("close");
  EXPECT_EQ(ws2.read_until_closed(), 4000);
  EXPECT_TRUE(eventually([&] { return n_.closed == 2; }));
}

TEST_F(WebSocketTest, FullSendQueueClosesWithPolicyError) {
  WsClient ws(harness_.port());
  EXPECT_EQ(ws.read(), "welcome");
  ws.send("flood");
  EXPECT_EQ(ws.read_until_closed(), 1008);
  EXPECT_TRUE(eventually([&] { return n_.closed == 1; }));
}

TEST_F(WebSocketTest, FactoryReturningNullRefuses) {
  WsClient ws(harness_.port(), "/refuse");
  EXPECT_EQ(ws.read_until_closed(), 1008);
}

TEST_F(WebSocketTest, PlainGetOnWebSocketPathIs426) {
  HttpClient c(harness_.port());
  auto r = c.request(bhttp::verb::get, "/rtc");
  EXPECT_EQ(r.result_int(), 426);
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["code"], "upgrade_required");
}

TEST_F(WebSocketTest, StopClosesWebSocketsWithGoingAway) {
  WsClient ws(harness_.port());
  EXPECT_EQ(ws.read(), "welcome");
  HttpClient idle(harness_.port());
  harness_.server().stop();
  EXPECT_EQ(ws.read_until_closed(), 1001);
  boost::system::error_code ec;
  idle.read_until_close(&ec);
  EXPECT_TRUE(closed_by_server(ec)) << ec.message();
  harness_.shutdown();
  EXPECT_EQ(n_.closed, 1);
}

TEST_F(WebSocketTest, ManyConnectionsEachGetTheirOwnReplies) {
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<WsClient>(harness_.port()));
    EXPECT_EQ(clients.back()->read(), "welcome");
  }
  for (int i = 0; i < 20; ++i) clients[i]->send(std::to_string(i));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(clients[i]->read(), "echo:" + std::to_string(i));
  for (auto& c : clients) c->close();
  EXPECT_TRUE(eventually([&] { return n_.closed == 20; }));
}

}  // namespace
}  // namespace meet::http

// ICE-TCP connections are bounded before anyone is trusted: a connection that passes no ICE
// check within TcpConnection::kAuthTimeout is closed by the server.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <boost/asio.hpp>
#include <chrono>
#include <sstream>
#include <thread>

#include "engine/engine.hpp"
#include "engine/tcp_connection.hpp"

namespace meet::engine {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

uint16_t tcp_port_of(const std::vector<std::string>& candidates) {
  for (const auto& c : candidates) {
    // candidate:<f> 1 tcp <prio> <ip> <port> typ host tcptype passive
    std::istringstream in(c);
    std::string foundation, component, transport, priority, ip;
    unsigned port = 0;
    in >> foundation >> component >> transport >> priority >> ip >> port;
    if (transport == "tcp") return static_cast<uint16_t>(port);
  }
  return 0;
}

TEST(EngineTcpLimits, ClosesAConnectionThatNeverPassesACheck) {
  asio::io_context control;
  auto work = asio::make_work_guard(control);
  std::thread control_thread([&] { control.run(); });
  Engine engine(EngineOptions{1, "127.0.0.1", "127.0.0.1", 0, 0, false, true}, control);
  engine.start();
  const uint16_t port = tcp_port_of(engine.candidates_for("room"));
  ASSERT_NE(port, 0);

  asio::io_context io;
  asio::ip::tcp::socket idle(io);
  idle.connect({asio::ip::make_address("127.0.0.1"), port});
  const auto start = std::chrono::steady_clock::now();
  // The server closes it: a read returns end of file (or a reset), well before 2x the timeout.
  idle.non_blocking(false);
  struct timeval tv {
    static_cast<time_t>(2 * TcpConnection::kAuthTimeout.count()), 0
  };
  setsockopt(idle.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::array<uint8_t, 16> buf{};
  boost::system::error_code ec;
  idle.read_some(asio::buffer(buf), ec);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  EXPECT_GE(waited, TcpConnection::kAuthTimeout - 100ms);
  EXPECT_LT(waited, TcpConnection::kAuthTimeout + 2s);

  engine.stop();
  work.reset();
  control_thread.join();
}

}  // namespace
}  // namespace meet::engine

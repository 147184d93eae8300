// limit_probe: what one core can do with 1200-byte packets on this machine, the ceiling the
// SFU's forwarding figures are stated against (docs/benchmarks.md "Forwarding capacity"):
//   - UDP to loopback with sendto, sendmmsg (32 per call) and sendmmsg with UDP GSO
//     (UDP_SEGMENT, 32 x 1200 bytes per datagram), a second thread draining the receiver;
//   - SRTP protect with libsrtp2 through our SrtpSession, AEAD_AES_128_GCM and
//     AES_CM_128_HMAC_SHA1_80.
// Prints one JSON line per measurement. Usage: limit_probe [seconds per measurement]
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "rtc/rtp/rtp_packet_builder.hpp"
#include "rtc/srtp/srtp_session.hpp"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kPacket = 1200;
constexpr size_t kBatch = 32;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A bound receiver socket and a thread that drains it until stopped.
struct Receiver {
  int fd = -1;
  sockaddr_in addr{};
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> received{0};
  std::thread thread;

  Receiver() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    int big = 8 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    timeval tv{0, 100'000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    thread = std::thread([this] {
      std::vector<std::array<uint8_t, 2048>> bufs(kBatch);
      std::array<mmsghdr, kBatch> msgs{};
      std::array<iovec, kBatch> iov{};
      while (!stop) {
        for (size_t i = 0; i < kBatch; ++i) {
          iov[i] = {bufs[i].data(), bufs[i].size()};
          msgs[i] = {};
          msgs[i].msg_hdr.msg_iov = &iov[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int n = ::recvmmsg(fd, msgs.data(), kBatch, 0, nullptr);
        if (n > 0) received += static_cast<uint64_t>(n);
      }
    });
  }
  ~Receiver() {
    stop = true;
    thread.join();
    ::close(fd);
  }
};

void report(const char* what, uint64_t packets, double seconds, uint64_t received) {
  std::printf(
      "{\"probe\":\"%s\",\"packets\":%llu,\"seconds\":%.3f,\"pps\":%.0f,\"us_per_packet\":%.3f,"
      "\"received\":%llu}\n",
      what, static_cast<unsigned long long>(packets), seconds, packets / seconds,
      seconds * 1e6 / static_cast<double>(packets), static_cast<unsigned long long>(received));
  std::fflush(stdout);
}

void probe_send(const char* what, double duration, int mode) {
  Receiver rx;
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  int big = 8 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  ::connect(fd, reinterpret_cast<sockaddr*>(&rx.addr), sizeof rx.addr);
  std::vector<uint8_t> payload(kPacket * kBatch, 0xab);
  std::array<mmsghdr, kBatch> msgs{};
  std::array<iovec, kBatch> iov{};
  for (size_t i = 0; i < kBatch; ++i) {
    iov[i] = {payload.data() + i * kPacket, kPacket};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  if (mode == 2) {
    int seg = static_cast<int>(kPacket);
    if (::setsockopt(fd, IPPROTO_UDP, UDP_SEGMENT, &seg, sizeof seg) != 0) {
      std::printf("{\"probe\":\"%s\",\"error\":\"UDP_SEGMENT unsupported\"}\n", what);
      ::close(fd);
      return;
    }
  }
  uint64_t sent = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < duration) {
    for (int k = 0; k < 64; ++k) {
      if (mode == 0) {
        if (::send(fd, payload.data(), kPacket, 0) == static_cast<ssize_t>(kPacket)) ++sent;
      } else if (mode == 1) {
        int n = ::sendmmsg(fd, msgs.data(), kBatch, 0);
        if (n > 0) sent += static_cast<uint64_t>(n);
      } else {
        // One datagram of kBatch segments: the kernel splits it into kBatch UDP packets.
        if (::send(fd, payload.data(), payload.size(), 0) > 0) sent += kBatch;
      }
    }
  }
  const double secs = seconds_since(start);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  report(what, sent, secs, rx.received);
  ::close(fd);
}

void probe_srtp(const char* what, meet::rtc::SrtpProfile profile, size_t key_len, double duration) {
  std::vector<uint8_t> key(key_len, 0x42);
  auto session = meet::rtc::SrtpSession::create(profile, key, meet::rtc::SrtpDirection::kOutbound);
  if (!session) {
    std::printf("{\"probe\":\"%s\",\"error\":\"srtp init\"}\n", what);
    return;
  }
  std::array<uint8_t, 1500> buf{};
  std::vector<uint8_t> payload(kPacket - 12, 0x5a);
  uint64_t done = 0;
  uint16_t seq = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < duration) {
    for (int k = 0; k < 256; ++k) {
      meet::rtc::RtpPacketBuilder b;
      b.set_payload_type(96)
          .set_sequence_number(seq)
          .set_timestamp(seq * 3000u)
          .set_ssrc(1234)
          .set_payload(payload);
      (void)b.write(buf);
      if ((*session)->protect_rtp(buf, b.size())) ++done;
      ++seq;
    }
  }
  report(what, done, seconds_since(start), 0);
}

}  // namespace

int main(int argc, char** argv) {
  const double d = argc > 1 ? std::atof(argv[1]) : 2.0;
  probe_send("sendto", d, 0);
  probe_send("sendmmsg", d, 1);
  probe_send("send_gso_32x1200", d, 2);
  // Master key + salt lengths: 16 + 12 (GCM), 16 + 14 (CM).
  probe_srtp("srtp_aes128_gcm", meet::rtc::SrtpProfile::kAeadAes128Gcm, 28, d);
  probe_srtp("srtp_aes128_cm_sha1_80", meet::rtc::SrtpProfile::kAes128CmSha1_80, 30, d);
  return 0;
}

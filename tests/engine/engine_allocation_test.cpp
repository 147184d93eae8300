// The packet path allocates nothing per packet: once a call is running, forwarding RTP, serving
// NACKs with RTX, relaying SRs, NACKing publisher losses and sending receiver reports must not
// call operator new on the media worker's thread. This binary replaces the global operator new
// to count the allocations made on one watched thread (found by its name, meet-media-0).
//
// What it does not see: malloc/calloc called by C libraries. Debian's libsrtp2 does AES-GCM
// through NSS, whose PK11_Encrypt/PK11_Decrypt open a PKCS#11 session per call (a calloc'd lock,
// mutexes): that per-packet allocation and locking is in the profile of docs/benchmarks.md
// ("Hot path changes") but not in our code, so it is not counted here.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>

#include "engine/support/media_checks.hpp"
#include "engine/support/two_party_room.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"

namespace {

std::atomic<pid_t> g_watched_tid{0};
std::atomic<uint64_t> g_watched_allocations{0};

void count_allocation() {
  thread_local const pid_t tid = gettid();
  if (tid == g_watched_tid.load(std::memory_order_relaxed)) {
    g_watched_allocations.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace

// GCC sees these malloc/free pairs inlined into new/delete call sites in this file and takes
// them for a mismatch; they are the replacement pair itself.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  count_allocation();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

// The kernel's id of this process's thread named `name`, or 0.
pid_t thread_named(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (std::getline(comm, line) && line == name) return std::stoi(task.path().filename());
  }
  return 0;
}

class EngineAllocationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(room_.connect()); }
  void TearDown() override { g_watched_tid = 0; }

  LoopbackPeer& alice() { return room_.alice(); }
  LoopbackPeer& bob() { return room_.bob(); }

  // A second of call: video and audio, one publisher loss (NACKed by the engine, then
  // repaired by a late copy), a NACK from bob (answered with RTX), and an SR from alice.
  void one_second_of_call() {
    auto sent = keyframe_and_deltas(video_, 20);
    auto audio = opus_frames(audio_, 50);
    sent.insert(sent.end(), audio.begin(), audio.end());
    SentRtp late = video_.vp8_delta();
    auto after = keyframe_and_deltas(video_, 5);
    sent.insert(sent.end(), after.begin(), after.end());
    send_all(alice(), sent);
    auto got = receive_packets(bob(), sent.size(), 2s);
    ASSERT_EQ(got.size(), sent.size());
    alice().send_rtp(late.bytes);
    ASSERT_TRUE(bob().receive_rtp(1s));

    std::array<uint8_t, 64> buf{};
    std::array<uint16_t, 2> lost{got[3].sequence_number, got[4].sequence_number};
    auto n = rtc::RtcpNack::write(kBobRtcpSsrc, kOutVideoSsrc, lost, buf);
    ASSERT_TRUE(n.ok());
    bob().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
    EXPECT_EQ(receive_packets(bob(), lost.size(), 1s).size(), lost.size());

    n = rtc::RtcpSenderReport::write(
        rtc::RtcpSenderInfo{kAudioSsrc, ntp_ += 1ull << 32, audio.back().timestamp, 50, 5000}, {},
        buf);
    ASSERT_TRUE(n.ok());
    alice().send_rtcp(std::span<const uint8_t>(buf).first(n.value()));
    // Long enough for the worker's 20 ms ticks to send NACKs and a receiver report.
    alice().drain(1100ms);
    bob().drain(50ms);
  }

  TwoPartyRoom room_;
  RtpSource video_{kVideoSsrc, kVp8Pt, 100, 90000, 3000};
  RtpSource audio_{kAudioSsrc, kOpusPt, 7000, 48000, 960};
  uint64_t ntp_ = 0xe1a2b3c4'00000000;
};

TEST_F(EngineAllocationTest, SteadyCallAllocatesNothingOnTheMediaWorker) {
  const pid_t worker = thread_named("meet-media-0");
  ASSERT_NE(worker, 0) << "no thread named meet-media-0";
  // The first second warms up what is made once per stream (SSRC maps, the packet cache).
  one_second_of_call();
  g_watched_allocations = 0;
  g_watched_tid = worker;
  for (int i = 0; i < 3; ++i) one_second_of_call();
  g_watched_tid = 0;
  EXPECT_EQ(g_watched_allocations.load(), 0u)
      << "allocations on the media worker during three seconds of call";
}

}  // namespace
}  // namespace meet::engine::testing

#include "engine/transport_router.hpp"

#include "engine/engine_counters.hpp"
#include "engine/webrtc_transport.hpp"
#include "rtc/ice/ice_lite_agent.hpp"
#include "rtc/stun/stun_message.hpp"

namespace meet::engine {
namespace {

// RFC 7983 section 7: the first byte tells STUN, DTLS and SRTP/SRTCP apart.
enum class Demux { kStun, kDtls, kSrtp, kOther };
Demux classify(uint8_t first) {
  if (first <= 3) return Demux::kStun;
  if (first >= 20 && first <= 63) return Demux::kDtls;
  if (first >= 128 && first <= 191) return Demux::kSrtp;
  return Demux::kOther;
}

}  // namespace

void TransportRouter::add(WebRtcTransport& t) {
  by_ufrag_[t.local_ufrag()] = &t;
}

void TransportRouter::remove(WebRtcTransport& t) {
  std::erase_if(by_ufrag_, [&t](const auto& kv) { return kv.second == &t; });
  std::erase_if(by_endpoint_, [&t](const auto& kv) { return kv.second == &t; });
}

void TransportRouter::count_drop(DropReason why) {
  counters_.dropped[static_cast<size_t>(why)].fetch_add(1, std::memory_order_relaxed);
}

void TransportRouter::route(std::span<uint8_t> buffer, size_t len, const rtc::Endpoint& from,
                            TimePoint arrival, TimePoint now) {
  counters_.packets_in.fetch_add(1, std::memory_order_relaxed);
  counters_.bytes_in.fetch_add(len, std::memory_order_relaxed);
  if (len == 0) {
    count_drop(DropReason::kNotStunDtlsRtp);
    return;
  }
  arrival_ = arrival;
  const auto kind = classify(buffer[0]);
  if (kind == Demux::kStun) {
    route_stun(buffer.first(len), from, now);
  } else if (kind == Demux::kOther) {
    count_drop(DropReason::kNotStunDtlsRtp);
  } else if (auto it = by_endpoint_.find(from); it == by_endpoint_.end()) {
    count_drop(DropReason::kUnknownAddress);
  } else if (kind == Demux::kDtls) {
    it->second->on_dtls(buffer.first(len), from, now);
  } else {
    it->second->on_srtp(buffer, len, from, now);
  }
  arrival_.reset();
}

void TransportRouter::route_stun(std::span<const uint8_t> bytes, const rtc::Endpoint& from,
                                 TimePoint now) {
  auto msg = rtc::StunMessage::parse(bytes);
  if (!msg) {
    count_drop(DropReason::kMalformedStun);
    return;
  }
  auto username = msg->username();
  if (!username) {
    count_drop(DropReason::kUnknownUfrag);
    return;
  }
  auto it = by_ufrag_.find(std::string(rtc::IceLiteAgent::ufrag_from_username(*username)));
  if (it == by_ufrag_.end()) {
    count_drop(DropReason::kUnknownUfrag);
    return;
  }
  it->second->on_stun(msg.value(), bytes, from, now);
}

}  // namespace meet::engine

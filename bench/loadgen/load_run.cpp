#include "load_run.hpp"

#include <unistd.h>

#include <cstdio>

#include "rtc/dtls/dtls_certificate.hpp"
#include "stamp.hpp"

namespace meet::loadgen {

namespace {

constexpr int64_t kSettleUs = 1'000'000;
constexpr int64_t kDrainUs = 1'000'000;

rtc::DtlsContextOptions dtls_options(const std::string& srtp) {
  rtc::DtlsContextOptions o;
  o.srtp_profiles = {srtp == "cm" ? rtc::SrtpProfile::kAes128CmSha1_80
                                  : rtc::SrtpProfile::kAeadAes128Gcm};
  o.initial_retransmit_timeout = std::chrono::milliseconds(200);
  return o;
}

// The next stamp of each of `pub`'s streams, in the order of Publisher::streams().
std::vector<uint32_t> next_stamps(const Publisher* pub) {
  std::vector<uint32_t> out;
  if (!pub) return out;
  for (uint32_t stream : pub->streams()) out.push_back(pub->next_stamp(stream));
  return out;
}

}  // namespace

LoadRun::LoadRun(RunOptions options) : options_(std::move(options)), timer_(io_) {
  auto certificate = rtc::DtlsCertificate::generate();
  dtls_ = std::make_unique<rtc::DtlsContext>(certificate, dtls_options(options_.srtp));
  ctx_ = std::make_unique<RunContext>(RunContext{
      io_, *dtls_, certificate->fingerprint_sha256(), asio::ip::make_address(options_.bind),
      options_.server, options_.host, options_.port, options_.path, options_.token_secret, stats_});
  const std::string prefix = "lg" + std::to_string(getpid()) + "-" + options_.label + "-";
  uint32_t stream = 0;
  for (int r = 0; r < options_.rooms; ++r) {
    const std::string room = prefix + std::to_string(r);
    for (int i = 0; i < options_.publishers + options_.subscribers; ++i) {
      ParticipantConfig c;
      c.room = room;
      c.publish = i < options_.publishers;
      c.subscribe = !c.publish || !options_.publish_only;
      c.receives = options_.publishers > (c.publish ? 1 : 0);
      c.other_publishers = options_.publishers - (c.publish ? 1 : 0);
      c.identity = (c.publish ? "pub" : "sub") + std::to_string(i);
      c.stream_base = stream;
      c.media = options_.media;
      stream += Publisher::streams_per_publisher(c.media);
      participants_.push_back(std::make_unique<Participant>(*ctx_, std::move(c)));
    }
  }
}

LoadRun::~LoadRun() = default;

nlohmann::json LoadRun::run() {
  started_at_us_ = now_us();
  next_join_us_ = started_at_us_;
  tick();
  io_.run();
  return summary();
}

void LoadRun::tick() {
  const auto now = SteadyClock::now();
  const int64_t us = now_us();
  for (auto& p : participants_) p->tick(now, us);
  if (phase_ == Phase::kJoining) {
    while (started_ < participants_.size() && us >= next_join_us_) {
      participants_[started_++]->start();
      next_join_us_ += static_cast<int64_t>(options_.join_interval_ms * 1000);
    }
    if (error_.empty()) error_ = first_error();
    if (options_.verbose && us >= next_progress_us_) {
      next_progress_us_ = us + 1'000'000;
      size_t up = 0;
      for (auto& p : participants_) up += p->media_up() ? 1 : 0;
      std::fprintf(stderr, "setup t=%.1fs started=%zu media_up=%zu media_on=%d flowing=%d\n",
                   static_cast<double>(us - started_at_us_) / 1e6, started_, up,
                   ctx_->media_on ? 1 : 0, ctx_->media_on && all_streams_flowing() ? 1 : 0);
    }
    const bool timed_out =
        us - started_at_us_ > static_cast<int64_t>(options_.setup_timeout_s * 1e6);
    if (!error_.empty() || timed_out) {
      if (error_.empty()) error_ = "setup timed out: not every subscriber receives every stream";
      phase_ = Phase::kDone;
    } else if (started_ == participants_.size() && !ctx_->media_on && ++ticks_ % 50 == 0 &&
               all_transports_up()) {
      ctx_->media_on = true;
    } else if (ctx_->media_on && phase_until_us_ == 0 && ++ticks_ % 50 == 0 &&
               all_streams_flowing()) {
      setup_ms_ = (us - started_at_us_) / 1000;
      phase_until_us_ = us + kSettleUs;
    } else if (phase_until_us_ != 0 && us >= phase_until_us_) {
      begin_window();
    }
  } else if (phase_ == Phase::kMeasuring && us >= window_end_us_) {
    end_window();
  } else if (phase_ == Phase::kDraining && us >= phase_until_us_) {
    phase_ = Phase::kDone;
  }
  if (phase_ == Phase::kDone) {
    for (auto& p : participants_) p->leave();
    // Let the leave messages go out, then stop.
    timer_.expires_after(std::chrono::milliseconds(200));
    timer_.async_wait([this](const boost::system::error_code&) { io_.stop(); });
    return;
  }
  timer_.expires_after(std::chrono::milliseconds(1));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

bool LoadRun::all_transports_up() {
  for (const auto& p : participants_) {
    if (!p->media_up()) return false;
  }
  return true;
}

bool LoadRun::all_streams_flowing() {
  const size_t per_room = static_cast<size_t>(options_.publishers + options_.subscribers);
  for (size_t i = 0; i < participants_.size(); ++i) {
    if (!participants_[i]->media_up()) return false;
    Subscriber* sub = participants_[i]->subscriber();
    if (!sub) continue;  // publish-only
    const size_t room_start = i / per_room * per_room;
    for (size_t q = room_start; q < room_start + static_cast<size_t>(options_.publishers); ++q) {
      if (q == i) continue;
      for (uint32_t stream : participants_[q]->publisher()->streams()) {
        if (!sub->has_stream(stream)) return false;
      }
    }
  }
  return true;
}

void LoadRun::begin_window() {
  phase_ = Phase::kMeasuring;
  window_start_us_ = now_us();
  window_end_us_ = window_start_us_ + static_cast<int64_t>(options_.duration_s * 1e6);
  stats_.set_window(window_start_us_, INT64_MAX);
  for (auto& p : participants_) window_first_.push_back(next_stamps(p->publisher()));
  if (options_.server_pid) server_start_ = ProcSample::of(options_.server_pid);
  self_start_ = ProcSample::of(getpid());
}

void LoadRun::end_window() {
  if (options_.server_pid) server_end_ = ProcSample::of(options_.server_pid);
  self_end_ = ProcSample::of(getpid());
  window_end_us_ = now_us();
  stats_.set_window(window_start_us_, window_end_us_);
  for (auto& p : participants_) window_end_.push_back(next_stamps(p->publisher()));
  phase_ = Phase::kDraining;
  phase_until_us_ = window_end_us_ + kDrainUs;
}

std::string LoadRun::first_error() const {
  for (const auto& p : participants_) {
    if (!p->error().empty())
      return p->config().identity + "@" + p->config().room + ": " + p->error();
    for (const MediaTransport* t : {p->publish_transport(), p->subscribe_transport()}) {
      if (t && t->failed()) return p->config().identity + ": dtls " + t->failure();
    }
  }
  return {};
}

nlohmann::json LoadRun::summary() {
  nlohmann::json j;
  j["label"] = options_.label;
  j["server"] = options_.server == ServerKind::kJanus ? "janus" : "meet";
  j["rooms"] = options_.rooms;
  j["publishers_per_room"] = options_.publishers;
  j["subscribers_per_room"] = options_.subscribers;
  j["publish_only"] = options_.publish_only;
  j["video_kbps"] = options_.media.video ? options_.media.video_kbps : 0;
  j["video_tracks"] = options_.media.video ? options_.media.video_tracks : 0;
  j["srtp"] = options_.srtp;
  if (!error_.empty() || window_end_.empty()) {
    size_t up = 0;
    for (auto& p : participants_) up += p->media_up() ? 1 : 0;
    j["error"] = error_.empty() ? "no measurement" : error_;
    j["participants"] = participants_.size();
    j["media_up"] = up;
    // Which expected (subscriber, stream) pairs never saw a packet: a hint for the failure.
    const size_t per_room = static_cast<size_t>(options_.publishers + options_.subscribers);
    uint64_t missing_audio = 0, missing_video = 0, rtp = 0;
    for (size_t i = 0; i < participants_.size(); ++i) {
      Subscriber* sub = participants_[i]->subscriber();
      if (!sub) continue;
      rtp += sub->counters().rtp_received;
      const size_t room_start = i / per_room * per_room;
      for (size_t q = room_start; q < room_start + static_cast<size_t>(options_.publishers); ++q) {
        if (q == i) continue;
        Publisher* pub = participants_[q]->publisher();
        for (uint32_t stream : pub->streams()) {
          if (sub->has_stream(stream)) continue;
          ++(stream == pub->audio_stream() ? missing_audio : missing_video);
        }
      }
    }
    j["missing_audio_streams"] = missing_audio;
    j["missing_video_streams"] = missing_video;
    j["rtp_received"] = rtp;
    return j;
  }
  const size_t per_room = static_cast<size_t>(options_.publishers + options_.subscribers);
  uint64_t sent = 0, expected = 0, received = 0;
  uint64_t nacks = 0, feedback = 0, retransmitted = 0, keyframes = 0, failures = 0;
  for (size_t q = 0; q < participants_.size(); ++q) {
    if (Publisher* pub = participants_[q]->publisher()) {
      for (size_t k = 0; k < window_end_[q].size(); ++k)
        sent += window_end_[q][k] - window_first_[q][k];
      retransmitted += pub->counters().retransmitted;
      keyframes += pub->counters().keyframe_requests;
    }
  }
  for (size_t i = 0; i < participants_.size(); ++i) {
    Subscriber* sub = participants_[i]->subscriber();
    if (!sub) continue;
    nacks += sub->counters().nacks_sent;
    feedback += sub->counters().feedback_sent;
    failures += participants_[i]->subscribe_transport()->counters().unprotect_failures;
    const size_t room_start = i / per_room * per_room;
    for (size_t q = room_start; q < room_start + static_cast<size_t>(options_.publishers); ++q) {
      if (q == i) continue;
      const std::vector<uint32_t> streams = participants_[q]->publisher()->streams();
      for (size_t k = 0; k < streams.size(); ++k) {
        expected += window_end_[q][k] - window_first_[q][k];
        received += sub->received_in(streams[k], window_first_[q][k], window_end_[q][k]);
      }
    }
  }
  const double seconds = static_cast<double>(window_end_us_ - window_start_us_) / 1e6;
  j["participants"] = participants_.size();
  j["setup_ms"] = setup_ms_;
  j["duration_s"] = seconds;
  j["sent_packets"] = sent;
  j["expected_packets"] = expected;
  j["received_packets"] = received;
  j["lost_packets"] = expected - std::min(expected, received);
  j["loss_pct"] = expected ? 100.0 * static_cast<double>(expected - std::min(expected, received)) /
                                 static_cast<double>(expected)
                           : 0.0;
  j["reordered"] = stats_.reordered();
  j["duplicates"] = stats_.duplicates();
  j["delay_p50_us"] = stats_.delay_percentile_us(0.50);
  j["delay_p99_us"] = stats_.delay_percentile_us(0.99);
  j["forwarded_pps"] = static_cast<double>(received) / seconds;
  j["nacks_sent"] = nacks;
  j["retransmitted"] = retransmitted;
  j["keyframe_requests"] = keyframes;
  j["twcc_feedback_sent"] = feedback;
  j["unprotect_failures"] = failures;
  if (server_start_ && server_end_) {
    const double cpu = server_end_->cpu_seconds - server_start_->cpu_seconds;
    j["server_cpu_s"] = cpu;
    j["server_cpu_pct"] = 100.0 * cpu / seconds;
    j["server_cpu_us_per_packet"] = received ? cpu * 1e6 / static_cast<double>(received) : 0.0;
    j["server_rss_kb"] = server_end_->rss_kb;
    j["server_hwm_kb"] = server_end_->hwm_kb;
  }
  if (self_start_ && self_end_) {
    j["loadgen_cpu_pct"] = 100.0 * (self_end_->cpu_seconds - self_start_->cpu_seconds) / seconds;
  }
  return j;
}

}  // namespace meet::loadgen

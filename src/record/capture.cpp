#include "record/capture.hpp"

#include <chrono>

#include "common/log.hpp"

namespace meet::record {
namespace {

constexpr int64_t kTickNs = 20'000'000;
constexpr int64_t kFlushNs = 1'000'000'000;  // contract: at most every 2 s
constexpr auto kIdleSleep = std::chrono::milliseconds(5);

int64_t steady_ns_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<Capture>, std::string> Capture::start(CaptureConfig config,
                                                             KeyframeRequest keyframes) {
  std::error_code ec;
  std::filesystem::create_directories(config.folder / "tracks", ec);
  if (ec) return make_error("cannot create " + config.folder.string() + ": " + ec.message());
  auto manifest = ManifestWriter::open(config.folder / "manifest.jsonl");
  if (!manifest) return make_error(manifest.error());
  auto c = std::make_unique<Capture>(Private{}, std::move(config), std::move(keyframes),
                                     std::move(manifest).value());
  c->thread_ = std::thread([p = c.get()] { p->run(); });
  return c;
}

Capture::Capture(Private, CaptureConfig config, KeyframeRequest keyframes,
                 std::unique_ptr<ManifestWriter> manifest)
    : config_(std::move(config)),
      keyframes_(std::move(keyframes)),
      manifest_(std::move(manifest)),
      tap_(std::make_shared<CaptureTap>(config_.ring_slots)) {
  nlohmann::json first = {
      {"type", "recording"},
      {"recording_id", config_.recording_id},
      {"room", config_.room},
      {"meeting_id", nullptr},
      {"started_at_ms", config_.started_at_ms != 0 ? config_.started_at_ms : unix_ms_now()}};
  if (config_.meeting_id) first["meeting_id"] = *config_.meeting_id;
  manifest_->append(first);
  manifest_->sync();
}

Capture::~Capture() {
  stop();
}

void Capture::update(const std::vector<engine::ParticipantInfo>& participants) {
  const int64_t now = unix_ms_now();
  std::map<std::string, engine::ParticipantInfo> next;
  for (const auto& p : participants) next.emplace(p.id, p);
  std::lock_guard lock(mutex_);
  for (const auto& [id, p] : present_) {
    if (next.count(id)) continue;
    manifest_->append({{"type", "participant"},
                       {"participant_id", id},
                       {"name", p.name},
                       {"event", "left"},
                       {"at_ms", now}});
    for (const auto& t : p.tracks) {
      metas_.erase(t.id);
      ended_.insert(t.id);
    }
  }
  for (const auto& [id, p] : next) {
    auto before = present_.find(id);
    if (before == present_.end()) {
      manifest_->append({{"type", "participant"},
                         {"participant_id", id},
                         {"name", p.name},
                         {"event", "joined"},
                         {"at_ms", now},
                         {"joined_meeting_ms", p.joined_at_ms}});
      if (std::find(names_.begin(), names_.end(), p.name) == names_.end()) {
        names_.push_back(p.name);
      }
    }
    for (const auto& t : p.tracks) {
      const engine::TrackInfo* old = nullptr;
      if (before != present_.end()) {
        for (const auto& o : before->second.tracks) {
          if (o.id == t.id) old = &o;
        }
      }
      if ((old && old->muted != t.muted) || (!old && t.muted)) {
        manifest_->append(
            {{"type", "mute"}, {"track_id", t.id}, {"muted", t.muted}, {"at_ms", now}});
      }
      metas_[t.id] = TrackMeta{p.id, p.identity, p.name, t.kind, t.source};
    }
    if (before != present_.end()) {
      for (const auto& o : before->second.tracks) {
        bool still = false;
        for (const auto& t : p.tracks) still = still || t.id == o.id;
        if (!still) {
          metas_.erase(o.id);
          ended_.insert(o.id);
        }
      }
    }
  }
  present_ = std::move(next);
}

std::vector<std::string> Capture::participant_names() const {
  std::lock_guard lock(mutex_);
  return names_;
}

void Capture::run() {
  int64_t last_tick = 0;
  int64_t last_flush = steady_ns_now();
  auto& ring = tap_->ring();
  for (;;) {
    const bool stopping = stopping_.load(std::memory_order_acquire);
    bool busy = false;
    while (const TapSlot* slot = ring.front()) {
      handle(*slot);
      ring.pop();
      busy = true;
    }
    const int64_t now = steady_ns_now();
    if (now - last_tick >= kTickNs) {
      last_tick = now;
      tick(now);
    }
    if (now - last_flush >= kFlushNs) {
      last_flush = now;
      for (auto& [id, t] : tracks_) t->flush();
      manifest_->sync();
    }
    if (stopping) break;
    if (!busy) std::this_thread::sleep_for(kIdleSleep);
  }
  for (auto& [id, t] : tracks_) t->finish();
}

void Capture::handle(const TapSlot& slot) {
  std::string track_id(slot.track());
  auto it = tracks_.find(track_id);
  if (it == tracks_.end()) {
    if (slot.kind != TapSlot::Kind::kRtp) return;
    TrackMeta meta;
    {
      std::lock_guard lock(mutex_);
      auto m = metas_.find(track_id);
      // Not announced by signaling yet (or ended): its packets wait for the next update.
      if (m == metas_.end() || m->second.participant_id != slot.participant()) {
        ++unknown_track_packets_;
        return;
      }
      meta = m->second;
    }
    auto t = std::make_unique<TrackCapture>(track_id, std::move(meta), slot.codec, slot.clock_rate,
                                            config_.folder, *manifest_);
    it = tracks_.emplace(track_id, std::move(t)).first;
    if (slot.video && keyframes_) keyframes_(std::string(slot.participant()), track_id);
  }
  if (slot.kind == TapSlot::Kind::kRtp) {
    // One file holds one codec: packets of another one (a renegotiation) are not recorded.
    if (slot.codec != it->second->codec()) {
      ++other_codec_packets_;
      return;
    }
    it->second->on_rtp(slot);
  } else {
    it->second->on_sender_report(slot);
  }
}

void Capture::tick(int64_t now_ns) {
  std::set<std::string> ended;
  {
    std::lock_guard lock(mutex_);
    ended.swap(ended_);
  }
  for (const auto& id : ended) {
    auto it = tracks_.find(id);
    if (it == tracks_.end()) continue;
    it->second->finish();
    manifest_->append({{"type", "track_end"}, {"track_id", id}, {"at_ms", unix_ms_now()}});
    tracks_.erase(it);
  }
  for (auto& [id, t] : tracks_) {
    if (t->tick(now_ns) && keyframes_) keyframes_(t->meta().participant_id, id);
  }
}

void Capture::stop() {
  if (stopped_) return;
  stopped_ = true;
  stopping_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  manifest_->append({{"type", "stopped"}, {"at_ms", unix_ms_now()}});
  manifest_->sync();
  if (tap_->dropped() > 0 || unknown_track_packets_ > 0 || other_codec_packets_ > 0) {
    logger("record")->warn(
        "capture dropped packets recording={} full_queue={} unknown_track={} other_codec={}",
        config_.recording_id, tap_->dropped(), unknown_track_packets_, other_codec_packets_);
  }
}

}  // namespace meet::record

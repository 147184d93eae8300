#include "record/recorder.hpp"

#include <fstream>

#include "common/log.hpp"

namespace meet::record {
namespace {

constexpr const char* kComposedMarker = ".composed";

// Recording ids name folders: nothing that could leave RECORDING_DIR_PATH.
bool safe_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

Recorder::Recorder(RecorderOptions options, const engine::RoomControl& rooms, RecorderHooks hooks,
                   boost::asio::io_context& control)
    : options_(std::move(options)), rooms_(rooms), hooks_(std::move(hooks)), timer_(control) {}

Recorder::~Recorder() {
  shutdown();
}

std::optional<std::string> Recorder::start(const std::string& recording_id,
                                           const std::string& meeting_id, const std::string& room,
                                           int64_t started_at_ms) {
  if (!safe_id(recording_id)) return "bad_id";
  if (captures_.count(recording_id) || recording_of(room)) return "already_recording";
  auto present = rooms_.participants(room);
  if (present.empty()) return "not_live";
  CaptureConfig config;
  config.recording_id = recording_id;
  config.room = room;
  if (!meeting_id.empty()) config.meeting_id = meeting_id;
  config.folder = folder(recording_id);
  config.started_at_ms = started_at_ms;
  auto keyframes = [room, hook = hooks_.request_keyframe](const std::string& pid,
                                                          const std::string& tid) {
    if (hook) hook(room, pid, tid);
  };
  auto capture = Capture::start(std::move(config), std::move(keyframes));
  if (!capture) {
    logger("record")->error("cannot start recording recording={} reason={}", recording_id,
                            capture.error());
    return "io_error";
  }
  auto& c = *capture.value();
  // Who is there first, so the first packets already have names.
  c.update(present);
  if (hooks_.set_tap) hooks_.set_tap(room, c.tap());
  captures_.emplace(recording_id, std::move(capture).value());
  logger("record")->info("recording started recording={} room={}", recording_id, room);
  if (hooks_.state_changed) hooks_.state_changed(room, true, recording_id);
  schedule_poll();
  return std::nullopt;
}

bool Recorder::stop(const std::string& recording_id) {
  auto it = captures_.find(recording_id);
  if (it == captures_.end()) return false;
  auto capture = std::move(it->second);
  captures_.erase(it);
  const std::string room = capture->config().room;
  if (hooks_.set_tap) hooks_.set_tap(room, nullptr);
  capture->update(rooms_.participants(room));
  capture->stop();
  logger("record")->info("recording stopped recording={} room={} dropped={}", recording_id, room,
                         capture->dropped());
  if (hooks_.state_changed) hooks_.state_changed(room, false, recording_id);
  if (hooks_.compose) hooks_.compose(recording_id, capture->config().folder);
  return true;
}

void Recorder::shutdown() {
  for (auto& [id, c] : captures_) {
    if (hooks_.set_tap) hooks_.set_tap(c->config().room, nullptr);
    c->stop();
  }
  captures_.clear();
  timer_.cancel();
}

std::vector<std::string> Recorder::recover() {
  std::vector<std::string> ids;
  std::error_code ec;
  if (!std::filesystem::is_directory(options_.dir, ec)) return ids;
  for (const auto& entry : std::filesystem::directory_iterator(options_.dir, ec)) {
    const std::string id = entry.path().filename().string();
    if (!entry.is_directory() || !safe_id(id) || captures_.count(id)) continue;
    if (!std::filesystem::exists(entry.path() / "manifest.jsonl")) continue;
    if (is_composed(entry.path())) continue;
    logger("record")->info("recovering recording recording={}", id);
    ids.push_back(id);
    if (hooks_.compose) hooks_.compose(id, entry.path());
  }
  return ids;
}

std::optional<std::string> Recorder::recording_of(const std::string& room) const {
  for (const auto& [id, c] : captures_) {
    if (c->config().room == room) return id;
  }
  return std::nullopt;
}

void Recorder::mark_composed(const std::filesystem::path& folder) {
  std::ofstream(folder / kComposedMarker) << "composed\n";
}

bool Recorder::is_composed(const std::filesystem::path& folder) {
  return std::filesystem::exists(folder / kComposedMarker);
}

void Recorder::schedule_poll() {
  if (polling_ || captures_.empty()) return;
  polling_ = true;
  timer_.expires_after(options_.poll);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    polling_ = false;
    if (ec) return;
    poll();
    schedule_poll();
  });
}

void Recorder::poll() {
  for (auto& [id, c] : captures_) c->update(rooms_.participants(c->config().room));
}

}  // namespace meet::record

#include "record/manifest_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace meet::record {
namespace {

constexpr double kMaxRate = 1e-3;      // 1000 ppm: anything larger is not clock drift
constexpr double kRunBreakMs = 1'000;  // a sender report this far off the one before starts a run
constexpr double kMinFitSpanMs = 10'000;  // fit drift only over runs at least this long
constexpr double kMaxResidualMs = 50;     // a fit (or a median) further off a report than this
                                          // is followed report by report instead
constexpr double kPieceMinMs = 5'000;     // ... with pieces at least this long
constexpr double kMaxPieceRate = 0.5;     // and never stretched by more than this

// Milliseconds from a double that may be anything a manifest can make it (huge, NaN).
int64_t to_ms(double v) {
  constexpr double kLimit = 4e18;
  if (!(v > -kLimit)) return static_cast<int64_t>(-kLimit);
  if (!(v < kLimit)) return static_cast<int64_t>(kLimit);
  return static_cast<int64_t>(v);
}

struct SrPoint {
  double pts_ms;
  double offset_ms;  // timeline - pts at this report
  double ntp_ms;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One run of reports with no reset fitted as offset(pts) = a + b * pts by least squares, when
// it is long enough and drifts no faster than a clock can.
std::optional<PtsPiece> fit_line(const std::vector<SrPoint>& run, int64_t from_pts) {
  double span = run.back().pts_ms - run.front().pts_ms;
  if (run.size() < 3 || span < kMinFitSpanMs) return std::nullopt;
  double mx = 0, my = 0;
  for (const auto& p : run) mx += p.pts_ms, my += p.offset_ms;
  mx /= static_cast<double>(run.size());
  my /= static_cast<double>(run.size());
  double sxx = 0, sxy = 0;
  for (const auto& p : run) {
    sxx += (p.pts_ms - mx) * (p.pts_ms - mx);
    sxy += (p.pts_ms - mx) * (p.offset_ms - my);
  }
  if (!(sxx > 0)) return std::nullopt;
  double b = sxy / sxx;
  if (!std::isfinite(b) || std::abs(b) > kMaxRate) return std::nullopt;
  return PtsPiece{from_pts, my - b * mx, b};
}

bool fits(const PtsPiece& piece, const std::vector<SrPoint>& run) {
  for (const auto& p : run) {
    if (std::abs(piece.offset_ms + piece.rate * p.pts_ms - p.offset_ms) > kMaxResidualMs) {
      return false;
    }
  }
  return true;
}

// A run whose media clock strays from its wall clock more than drift can (a capture that
// fell behind, as a starved audio device does): follow its reports, interpolating between
// reports at least kPieceMinMs apart, and hold the last offset after the last one.
void follow_reports(const std::vector<SrPoint>& run, int64_t from_pts, std::vector<PtsPiece>& out) {
  std::vector<const SrPoint*> kept{&run.front()};
  for (const auto& p : run) {
    if (p.pts_ms - kept.back()->pts_ms >= kPieceMinMs || &p == &run.back()) kept.push_back(&p);
  }
  if (kept.back() == kept.front()) kept.pop_back();
  for (size_t i = 0; i + 1 < kept.size(); ++i) {
    const SrPoint& a = *kept[i];
    const SrPoint& b = *kept[i + 1];
    double rate = std::clamp((b.offset_ms - a.offset_ms) / (b.pts_ms - a.pts_ms), -kMaxPieceRate,
                             kMaxPieceRate);
    int64_t from = i == 0 ? from_pts : to_ms(std::floor(a.pts_ms));
    out.push_back({from, a.offset_ms - rate * a.pts_ms, rate});
  }
  const SrPoint& last = *kept.back();
  out.push_back({kept.size() == 1 ? from_pts : to_ms(std::floor(last.pts_ms)), last.offset_ms, 0});
}

// One run of reports with no reset: a line when one fits every report, else the median
// offset when that does, else the reports one by one.
void map_run(const std::vector<SrPoint>& run, int64_t from_pts, std::vector<PtsPiece>& out) {
  if (auto line = fit_line(run, from_pts); line && fits(*line, run)) {
    out.push_back(*line);
    return;
  }
  std::vector<double> offsets;
  for (const auto& p : run) offsets.push_back(p.offset_ms);
  PtsPiece flat{from_pts, median(offsets), 0};
  if (fits(flat, run)) {
    out.push_back(flat);
    return;
  }
  follow_reports(run, from_pts, out);
}

// Splits the reports of one track into runs at RTP resets (timestamps jumping back) and at
// jumps of the offset, and maps each run's pts range.
std::vector<PtsPiece> map_from_reports(std::vector<SrPoint> points) {
  std::vector<std::vector<SrPoint>> runs;
  for (const auto& p : points) {
    bool new_run = runs.empty();
    if (!new_run) {
      const auto& last = runs.back().back();
      new_run =
          p.pts_ms < last.pts_ms || std::abs(p.offset_ms - last.offset_ms) >
                                        kRunBreakMs + kMaxRate * std::abs(p.pts_ms - last.pts_ms);
    }
    if (new_run) runs.emplace_back();
    runs.back().push_back(p);
  }
  std::vector<PtsPiece> pieces;
  double prev_last_pts = -std::numeric_limits<double>::infinity();
  double prev_last_ntp = 0;
  for (const auto& run : runs) {
    if (run.front().pts_ms <= prev_last_pts) continue;  // pts went back: cannot be told apart
    int64_t from = std::numeric_limits<int64_t>::min();
    if (!pieces.empty()) {
      // The reset happened between the two reports: the new run cannot start earlier than its
      // first report minus the wall time since the previous report.
      double earliest = run.front().pts_ms - (run.front().ntp_ms - prev_last_ntp);
      from = to_ms(std::floor(std::max(earliest, prev_last_pts + 1)));
    }
    map_run(run, from, pieces);
    prev_last_pts = run.back().pts_ms;
    prev_last_ntp = run.back().ntp_ms;
  }
  return pieces;
}

int64_t clamp(int64_t v, int64_t lo, int64_t hi) {
  return std::min(std::max(v, lo), hi);
}

class Builder {
 public:
  Builder(const Manifest& m, std::span<const std::optional<int64_t>> last_pts)
      : m_(m), last_pts_(last_pts) {}

  ManifestTimeline build() {
    map_tracks();
    anchor_unsynced_senders();
    out_.duration_ms = duration();
    spans_and_mutes();
    presence();
    return std::move(out_);
  }

 private:
  void map_tracks() {
    std::vector<std::vector<SrPoint>> reports(m_.tracks.size());
    for (const auto& sr : m_.sender_reports) {
      const auto& t = m_.tracks[sr.track];
      double pts = static_cast<double>(sr.rtp_ts - t.first_rtp_ts) * 1000.0 /
                   static_cast<double>(t.clock_rate);
      double offset = sr.ntp_ms - static_cast<double>(m_.started_at_ms) - pts;
      reports[sr.track].push_back({pts, offset, sr.ntp_ms});
    }
    for (size_t i = 0; i < m_.tracks.size(); ++i) {
      const auto& mt = m_.tracks[i];
      TimelineTrack t;
      t.manifest_index = i;
      t.participant = participant_index(mt.identity, mt.name);
      t.video = mt.video;
      t.screen = mt.source == "screen" || mt.source == "screen_audio";
      t.file = mt.file;
      if (!reports[i].empty()) t.mapping = map_from_reports(std::move(reports[i]));
      t.from_sender_reports = !t.mapping.empty();
      if (t.mapping.empty()) {
        double offset = static_cast<double>(mt.first_frame_wall_ms - m_.started_at_ms);
        t.mapping.push_back({std::numeric_limits<int64_t>::min(), offset, 0});
      }
      out_.tracks.push_back(std::move(t));
    }
  }

  // Sender report clocks are the sender's: if one participant's reports disagree with when
  // their first frames arrived by more than the tolerance, move all their tracks by the
  // smallest disagreement (the least delayed arrival), which keeps their lip sync.
  void anchor_unsynced_senders() {
    std::map<size_t, double> shift;
    for (const auto& t : out_.tracks) {
      if (!t.from_sender_reports) continue;
      const auto& mt = m_.tracks[t.manifest_index];
      double delta =
          static_cast<double>(mt.first_frame_wall_ms - m_.started_at_ms) - t.to_timeline_ms(0);
      auto [it, fresh] = shift.emplace(t.participant, delta);
      if (!fresh && std::abs(delta) < std::abs(it->second)) it->second = delta;
    }
    for (auto& t : out_.tracks) {
      auto it = shift.find(t.participant);
      if (!t.from_sender_reports || it == shift.end()) continue;
      if (std::abs(it->second) <= kSenderClockToleranceMs) continue;
      for (auto& p : t.mapping) p.offset_ms += it->second;
    }
  }

  std::optional<int64_t> track_end_wall(size_t i) const {
    std::optional<int64_t> end;
    for (const auto& e : m_.track_ends) {
      if (e.track == i) end = e.at_ms;
    }
    return end;
  }

  int64_t duration() { return std::min(unbounded_duration(), kMaxRecordingMs); }

  int64_t unbounded_duration() {
    if (m_.stopped_at_ms) return std::max<int64_t>(0, *m_.stopped_at_ms - m_.started_at_ms);
    // Crashed: the last frame captured decides.
    int64_t d = 0;
    for (const auto& t : out_.tracks) {
      d = std::max(d, to_ms(t.to_timeline_ms(0)));
      if (auto end = track_end_wall(t.manifest_index)) {
        d = std::max(d, *end - m_.started_at_ms);
      } else if (t.manifest_index < last_pts_.size() && last_pts_[t.manifest_index]) {
        d = std::max(d, to_ms(std::ceil(t.to_timeline_ms(*last_pts_[t.manifest_index]))));
      }
    }
    return d;
  }

  void spans_and_mutes() {
    const int64_t d = out_.duration_ms;
    for (auto& t : out_.tracks) {
      int64_t start = to_ms(std::floor(t.to_timeline_ms(0)));
      int64_t end = d;
      if (auto e = track_end_wall(t.manifest_index)) {
        end = *e - m_.started_at_ms;
      } else if (t.manifest_index < last_pts_.size() && last_pts_[t.manifest_index]) {
        end = to_ms(std::ceil(t.to_timeline_ms(*last_pts_[t.manifest_index])));
      }
      t.span = {clamp(start, 0, d), clamp(end, 0, d)};
      if (t.span.end_ms < t.span.start_ms) t.span.end_ms = t.span.start_ms;
      int64_t muted_since = -1;  // times are clamped to >= 0
      std::vector<Interval> muted;
      for (const auto& mu : m_.mutes) {
        if (mu.track != t.manifest_index) continue;
        int64_t at = clamp(mu.at_ms - m_.started_at_ms, 0, d);
        if (mu.muted && muted_since < 0) muted_since = at;
        if (!mu.muted && muted_since >= 0) {
          muted.push_back({muted_since, at});
          muted_since = -1;
        }
      }
      if (muted_since >= 0) muted.push_back({muted_since, d});
      t.muted = merge_intervals(std::move(muted));
    }
  }

  void presence() {
    const int64_t d = out_.duration_ms;
    std::vector<std::vector<Interval>> present(out_.participants.size());
    for (const auto& t : out_.tracks) present[t.participant].push_back(t.span);
    // Pair joined/left per participant session (participant_id).
    std::map<std::string, int64_t> joined_at;
    std::map<std::string, size_t> session_owner;
    for (const auto& t : m_.tracks) {
      session_owner.emplace(t.participant_id, participant_index(t.identity, t.name));
    }
    auto owner = [&](const ManifestParticipantEvent& e) {
      auto it = session_owner.find(e.participant_id);
      if (it != session_owner.end()) return it->second;
      size_t p = participant_index(e.participant_id, e.name);
      session_owner.emplace(e.participant_id, p);
      return p;
    };
    for (const auto& e : m_.participant_events) {
      size_t p = owner(e);
      if (p >= present.size()) present.resize(p + 1);
      if (!e.name.empty()) out_.participants[p].name = e.name;
      int64_t at = clamp(e.at_ms - m_.started_at_ms, 0, d);
      if (e.joined) {
        joined_at.emplace(e.participant_id, at);
        if (e.joined_meeting_ms > 0) {
          auto& first = out_.participants[p].joined_meeting_ms;
          first = std::min(first, e.joined_meeting_ms);
        }
      } else {
        auto it = joined_at.find(e.participant_id);
        int64_t from = it == joined_at.end() ? 0 : it->second;
        if (it != joined_at.end()) joined_at.erase(it);
        present[p].push_back({from, at});
      }
    }
    for (const auto& [pid, at] : joined_at) present[session_owner[pid]].push_back({at, d});
    for (size_t p = 0; p < out_.participants.size(); ++p) {
      out_.participants[p].present = merge_intervals(std::move(present[p]), kRejoinGraceMs);
    }
  }

  size_t participant_index(const std::string& key, const std::string& name) {
    for (size_t i = 0; i < out_.participants.size(); ++i) {
      if (out_.participants[i].key == key) {
        if (!name.empty()) out_.participants[i].name = name;
        return i;
      }
    }
    out_.participants.push_back({key, name.empty() ? key : name, {}});
    return out_.participants.size() - 1;
  }

  const Manifest& m_;
  std::span<const std::optional<int64_t>> last_pts_;
  ManifestTimeline out_;
};

}  // namespace

double TimelineTrack::to_timeline_ms(double pts_ms) const {
  const PtsPiece* piece = &mapping.front();
  for (const auto& p : mapping) {
    if (static_cast<double>(p.from_pts_ms) <= pts_ms) piece = &p;
  }
  return pts_ms * (1 + piece->rate) + piece->offset_ms;
}

std::vector<Interval> merge_intervals(std::vector<Interval> v, int64_t gap_ms) {
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) {
    return a.start_ms < b.start_ms || (a.start_ms == b.start_ms && a.end_ms < b.end_ms);
  });
  std::vector<Interval> out;
  for (const auto& i : v) {
    if (i.end_ms <= i.start_ms) continue;
    if (!out.empty() && i.start_ms - out.back().end_ms < gap_ms + (gap_ms == 0 ? 1 : 0)) {
      out.back().end_ms = std::max(out.back().end_ms, i.end_ms);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

ManifestTimeline build_timeline(const Manifest& manifest,
                                std::span<const std::optional<int64_t>> last_pts_ms) {
  return Builder(manifest, last_pts_ms).build();
}

}  // namespace meet::record

// Session handlers for media quality (docs/protocol.md): `track_view` tells the engine how the
// client shows the tracks it receives; `get_stats` answers with the subscriber connection's
// estimate, loss, round-trip time and the layer of each track. Control thread only.
#include "signal/session.hpp"

namespace meet::signal {

using nlohmann::json;

void Session::on_track_view(const ClientMessage& m) {
  std::vector<engine::TrackView> views;
  views.reserve(m.views.size());
  for (const auto& v : m.views) {
    views.push_back(engine::TrackView{v.track_id, v.visible, v.width, v.height});
    // The client shows a track as soon as its offer arrives, often before its answer is back
    // here: the slot keeps the view for the subscription that answer creates.
    plan_.set_view(views.back());
  }
  // Sent often (on every resize): no reply on success, errors as usual.
  env_.engine.set_track_views(room_, pid_, std::move(views));
}

void Session::on_get_stats(const ClientMessage& m) {
  env_.engine.subscriber_stats(
      room_, pid_,
      [weak = weak_from_this(), id = m.id](std::optional<engine::SubscriberStats> stats) {
        auto self = weak.lock();
        if (!self || self->closed_) return;
        if (!stats) {
          self->reply_error(id, ErrorCode::kNotFound, "no media for this participant");
          return;
        }
        json tracks = json::array();
        for (const auto& t : stats->tracks) {
          json layers = json::array();
          for (const auto& l : t.layers) {
            layers.push_back({{"height", l.height}, {"active", l.active}});
          }
          tracks.push_back(
              {{"track_id", t.track_id},
               {"kind", t.kind},
               {"layer", t.layer},
               {"target_layer", t.target_layer},
               {"temporal_layer", t.temporal_layer},
               {"target_temporal_layer", t.target_temporal_layer},
               {"paused", t.paused},
               {"packets_sent", t.packets_sent},
               {"view",
                {{"visible", t.view.visible}, {"width", t.view.width}, {"height", t.view.height}}},
               {"layers", std::move(layers)}});
        }
        self->send(json{{"type", "stats"},
                        {"id", id},
                        {"subscriber",
                         {{"estimate_bps", stats->estimate_bps},
                          {"loss", stats->loss_fraction},
                          {"rtt_ms", stats->rtt_ms},
                          {"probes_sent", stats->probes_sent},
                          {"probes_succeeded", stats->probes_succeeded},
                          {"tracks", tracks}}}});
      });
}

}  // namespace meet::signal

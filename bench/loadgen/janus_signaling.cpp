#include "janus_signaling.hpp"

#include "participant.hpp"

namespace meet::loadgen {

namespace {

using json = nlohmann::json;

constexpr int64_t kPollIntervalUs = 300'000;
constexpr int64_t kKeepaliveUs = 15'000'000;
constexpr int kRoomExists = 427;  // JANUS_VIDEOROOM_ERROR_ROOM_EXISTS
constexpr int kNoSuchFeed = 428;  // JANUS_VIDEOROOM_ERROR_NO_SUCH_FEED

// The plugin's answer inside a reply ({} when there is none).
const json& plugin_data(const json& msg) {
  static const json kEmpty = json::object();
  auto pd = msg.find("plugindata");
  if (pd == msg.end() || !pd->is_object()) return kEmpty;
  auto data = pd->find("data");
  return data != pd->end() && data->is_object() ? *data : kEmpty;
}

// A core error ({"janus":"error"}) or a plugin error (error_code in the plugin data): code 0
// when the reply is not an error.
int error_code(const json& msg, std::string& reason) {
  if (msg.value("janus", "") == "error") {
    const json& e = msg.contains("error") ? msg["error"] : json::object();
    reason = e.value("reason", "janus error");
    return e.value("code", -1);
  }
  const json& data = plugin_data(msg);
  if (!data.contains("error_code")) return 0;
  reason = data.value("error", "videoroom error");
  return data.value("error_code", -1);
}

std::string jsep_sdp(const json& msg, const char* type) {
  auto jsep = msg.find("jsep");
  if (jsep == msg.end() || !jsep->is_object() || jsep->value("type", "") != type) return {};
  return jsep->value("sdp", "");
}

}  // namespace

JanusSignaling::JanusSignaling(RunContext& ctx, Participant& participant)
    : ctx_(ctx), participant_(participant), room_(room_id(participant.config().room)) {}

JanusSignaling::~JanusSignaling() {
  if (client_) client_->close();
}

uint64_t JanusSignaling::room_id(const std::string& room) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : room) h = (h ^ c) * 0x100000001b3ull;
  return (h & ((uint64_t{1} << 52) - 1)) | 1;
}

json JanusSignaling::with_transaction(json msg, Reply on_reply) {
  const std::string transaction = std::to_string(next_transaction_++);
  msg["transaction"] = transaction;
  if (session_ != 0) msg["session_id"] = session_;
  if (on_reply) pending_.emplace(transaction, std::move(on_reply));
  return msg;
}

void JanusSignaling::send(json msg, Reply on_reply) {
  client_->send(with_transaction(std::move(msg), std::move(on_reply)));
}

void JanusSignaling::message(uint64_t handle, json body, Reply on_reply, std::optional<json> jsep) {
  json msg = {{"janus", "message"}, {"handle_id", handle}, {"body", std::move(body)}};
  if (jsep) msg["jsep"] = std::move(*jsep);
  send(std::move(msg), std::move(on_reply));
}

void JanusSignaling::start() {
  SignalingClient::Options options;
  options.path = ctx_.path;
  options.subprotocol = "janus-protocol";
  options.ping = false;
  client_ = std::make_shared<SignalingClient>(
      ctx_.io, [this](const json& m) { on_message(m); },
      [this](const std::string& e) { participant_.fail("janus api " + e); }, options);
  json create = with_transaction({{"janus", "create"}}, [this](const json& reply) {
    std::string why;
    if (error_code(reply, why) != 0) return participant_.fail("janus create: " + why);
    session_ = reply["data"].value("id", uint64_t{0});
    const bool publishes = participant_.publisher() != nullptr;
    const bool subscribes = participant_.subscriber() != nullptr;
    attach(publishes ? pub_handle_ : sub_handle_, [this, publishes, subscribes] {
      if (publishes && subscribes) return attach(sub_handle_, [this] { create_room(); });
      create_room();
    });
  });
  client_->start(ctx_.host, ctx_.port, std::move(create));
}

void JanusSignaling::attach(uint64_t& handle, std::function<void()> then) {
  send({{"janus", "attach"}, {"plugin", "janus.plugin.videoroom"}},
       [this, &handle, then = std::move(then)](const json& reply) {
         std::string why;
         if (error_code(reply, why) != 0) return participant_.fail("janus attach: " + why);
         handle = reply["data"].value("id", uint64_t{0});
         then();
       });
}

// Every participant asks; the first creates it, the others hear 427 "already exists".
void JanusSignaling::create_room() {
  json body = {{"request", "create"},          {"room", room_},        {"publishers", 1000},
               {"bitrate", 20'000'000},        {"bitrate_cap", false}, {"record", false},
               {"audiocodec", "opus"},         {"videocodec", "vp8"},  {"notify_joining", false},
               {"transport_wide_cc_ext", true}};
  const uint64_t handle = pub_handle_ ? pub_handle_ : sub_handle_;
  message(handle, std::move(body), [this](const json& reply) {
    std::string why;
    const int code = error_code(reply, why);
    if (code != 0 && code != kRoomExists) return participant_.fail("janus create room: " + why);
    room_ready_ = true;
    if (participant_.publisher()) join_as_publisher();
  });
}

void JanusSignaling::join_as_publisher() {
  json body = {{"request", "join"},
               {"ptype", "publisher"},
               {"room", room_},
               {"display", participant_.config().identity}};
  message(pub_handle_, std::move(body), [this](const json& reply) {
    std::string why;
    if (error_code(reply, why) != 0) return participant_.fail("janus join: " + why);
    own_feed_ = plugin_data(reply).value("id", uint64_t{0});
    publish();
  });
}

void JanusSignaling::publish() {
  json jsep = {{"type", "offer"}, {"sdp", participant_.publish_offer(/*with_candidate=*/true)}};
  message(
      pub_handle_, {{"request", "configure"}, {"audio", true}, {"video", true}},
      [this](const json& reply) {
        std::string why;
        if (error_code(reply, why) != 0) return participant_.fail("janus configure: " + why);
        const std::string sdp = jsep_sdp(reply, "answer");
        if (sdp.empty()) return participant_.fail("janus configure: no answer");
        participant_.on_publish_answer(sdp);
      },
      std::move(jsep));
}

bool JanusSignaling::wants_feeds() const {
  return room_ready_ && participant_.subscriber() &&
         (own_feed_ != 0 || !participant_.publisher()) &&
         subscribed_.size() < static_cast<size_t>(participant_.config().other_publishers);
}

void JanusSignaling::poll_feeds() {
  poll_busy_ = true;
  message(sub_handle_, {{"request", "listparticipants"}, {"room", room_}}, [this](const json& r) {
    poll_busy_ = false;
    std::string why;
    if (error_code(r, why) != 0 || sub_busy_) return;
    std::vector<uint64_t> fresh;
    const json& data = plugin_data(r);
    for (const json& p : data.value("participants", json::array())) {
      const uint64_t id = p.value("id", uint64_t{0});
      if (p.value("publisher", false) && id != own_feed_ && !subscribed_.contains(id))
        fresh.push_back(id);
    }
    if (!fresh.empty()) subscribe(fresh);
  });
}

void JanusSignaling::subscribe(const std::vector<uint64_t>& feeds) {
  json streams = json::array();
  for (uint64_t f : feeds) streams.push_back({{"feed", f}});
  json body = {{"request", sub_joined_ ? "subscribe" : "join"}, {"streams", std::move(streams)}};
  if (!sub_joined_) {
    body["ptype"] = "subscriber";
    body["room"] = room_;
  }
  sub_busy_ = true;
  message(sub_handle_, std::move(body),
          [this, feeds](const json& reply) { on_subscriber_reply(reply, feeds); });
}

// Janus offers (the first time, "attached") or re-offers ("updated"); we answer with `start`.
void JanusSignaling::on_subscriber_reply(const json& reply, const std::vector<uint64_t>& feeds) {
  std::string why;
  const int code = error_code(reply, why);
  if (code == kNoSuchFeed) return void(sub_busy_ = false);  // not up yet: the next poll retries
  if (code != 0) return participant_.fail("janus subscribe: " + why);
  sub_joined_ = true;
  subscribed_.insert(feeds.begin(), feeds.end());
  const std::string offer = jsep_sdp(reply, "offer");
  if (offer.empty()) return void(sub_busy_ = false);
  auto answer = participant_.answer_subscriber_offer(offer, /*with_candidate=*/true);
  if (!answer) return;
  message(
      sub_handle_, {{"request", "start"}},
      [this](const json& r) {
        std::string why;
        if (error_code(r, why) != 0) return participant_.fail("janus start: " + why);
        sub_busy_ = false;
      },
      json{{"type", "answer"}, {"sdp", *answer}});
}

void JanusSignaling::on_message(const json& msg) {
  const std::string kind = msg.value("janus", "");
  if (kind == "ack") return;
  if (auto t = msg.find("transaction"); t != msg.end() && t->is_string()) {
    if (auto it = pending_.find(t->get<std::string>()); it != pending_.end()) {
      Reply reply = std::move(it->second);
      pending_.erase(it);
      return reply(msg);
    }
  }
  if (kind == "hangup") participant_.fail("janus hangup: " + msg.value("reason", ""));
  if (kind == "timeout") participant_.fail("janus session timeout");
}

void JanusSignaling::tick(int64_t now_us) {
  if (session_ == 0 || !client_) return;
  if (now_us >= next_keepalive_us_) {
    if (next_keepalive_us_ != 0) send({{"janus", "keepalive"}}, nullptr);
    next_keepalive_us_ = now_us + kKeepaliveUs;
  }
  if (!poll_busy_ && !sub_busy_ && now_us >= next_poll_us_ && wants_feeds()) {
    next_poll_us_ = now_us + kPollIntervalUs;
    poll_feeds();
  }
}

void JanusSignaling::leave() {
  if (!client_) return;
  if (session_ != 0) send({{"janus", "destroy"}}, nullptr);
  client_->close();
}

}  // namespace meet::loadgen

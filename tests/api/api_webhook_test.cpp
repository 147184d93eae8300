// Webhook deliveries to a real HTTP receiver, on SQLite and PostgreSQL: signed, retried with
// backoff after failures, outcome stored and listed through the API.
#include <gtest/gtest.h>

#include "api/api_harness.hpp"
#include "api/webhook_receiver.hpp"
#include "api/webhook_signature.hpp"

namespace meet::testing {
namespace {

template <typename Backend>
class ApiWebhookTest : public ApiTest<Backend> {
 protected:
  struct Hook {
    std::string id;
    std::string secret;
  };
  Hook add_hook(const TenantKey& t, const std::string& url, const std::string& events = "") {
    nlohmann::json body{{"url", url}};
    if (!events.empty()) body["events"] = nlohmann::json::parse(events);
    auto r = this->call("POST", "/api/v1/webhooks", t.key, body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return {r.json().value("id", ""), r.json().value("secret", "")};
  }
  // Polls the deliveries route until `done` holds for the list (or 10 s pass).
  nlohmann::json wait_deliveries(const TenantKey& t, const std::string& hook,
                                 const std::function<bool(const nlohmann::json&)>& done) {
    nlohmann::json items;
    for (int i = 0; i < 500; ++i) {
      auto r = this->call("GET", "/api/v1/webhooks/" + hook + "/deliveries", t.key);
      items = r.json()["items"];
      if (done(items)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return items;
  }
  void room_started(const std::string& meeting) {
    this->server_->on_loop([&] { this->server_->api().observer().on_room_started(meeting); });
  }
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(ApiWebhookTest, Backends, BackendName);

bool all_settled(const nlohmann::json& items, size_t n) {
  if (items.size() != n) return false;
  for (const auto& d : items) {
    if (d["status"] == "pending") return false;
  }
  return true;
}

TYPED_TEST(ApiWebhookTest, RetriesAfterTwoFailuresAndSignsEveryAttempt) {
  WebhookReceiver receiver(/*failures=*/2);
  auto t = this->make_tenant("acme");
  auto hook = this->add_hook(t, receiver.url());
  EXPECT_TRUE(hook.secret.starts_with("whsec_"));
  const std::string meeting = this->make_meeting(t);
  this->room_started(meeting);

  auto items = this->wait_deliveries(t, hook.id, [](auto& i) { return all_settled(i, 1); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["status"], "succeeded");
  EXPECT_EQ(items[0]["attempts"], 3);
  EXPECT_EQ(items[0]["last_status_code"], 200);
  EXPECT_TRUE(items[0]["last_error"].is_null());
  EXPECT_EQ(items[0]["event"], "meeting.started");

  const auto got = receiver.received();
  ASSERT_EQ(got.size(), 3u);
  const int64_t now = this->clock_.now_unix_seconds();
  for (const auto& h : got) {
    EXPECT_TRUE(api::verify_webhook_signature(h.signature, hook.secret, h.body, now))
        << h.signature;
    EXPECT_FALSE(api::verify_webhook_signature(h.signature, "whsec_wrong", h.body, now));
    EXPECT_EQ(h.event, "meeting.started");
    EXPECT_EQ(h.delivery, items[0]["id"]);
    EXPECT_EQ(h.body, got[0].body) << "every attempt carries the same body";
  }
  auto body = nlohmann::json::parse(got[0].body);
  EXPECT_EQ(body["event"], "meeting.started");
  EXPECT_EQ(body["tenant_id"], t.tenant_id);
  EXPECT_EQ(body["data"]["meeting"]["id"], meeting);
  EXPECT_EQ(body["data"]["meeting"]["status"], "live");
  // Exponential backoff: 20 ms, then 40 ms (lower bounds only).
  EXPECT_GE(got[1].at - got[0].at, std::chrono::milliseconds(20));
  EXPECT_GE(got[2].at - got[1].at, std::chrono::milliseconds(40));
}

TYPED_TEST(ApiWebhookTest, GivesUpAfterMaxAttemptsAndRecordsTheFailure) {
  auto options = default_test_options();
  options.webhooks.max_attempts = 3;
  this->start(options);
  WebhookReceiver receiver(/*failures=*/100);
  auto t = this->make_tenant("acme");
  auto failing = this->add_hook(t, receiver.url());
  auto unreachable = this->add_hook(t, "http://127.0.0.1:1/nothing-listens");
  this->room_started(this->make_meeting(t));

  auto items = this->wait_deliveries(t, failing.id, [](auto& i) { return all_settled(i, 1); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["status"], "failed");
  EXPECT_EQ(items[0]["attempts"], 3);
  EXPECT_EQ(items[0]["last_status_code"], 500);
  EXPECT_EQ(items[0]["last_error"], "HTTP 500");
  EXPECT_EQ(receiver.received().size(), 3u);

  auto lost = this->wait_deliveries(t, unreachable.id, [](auto& i) { return all_settled(i, 1); });
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0]["status"], "failed");
  EXPECT_TRUE(lost[0]["last_status_code"].is_null());
  EXPECT_FALSE(lost[0]["last_error"].template get<std::string>().empty());
}

TYPED_TEST(ApiWebhookTest, RefusesLoopbackReceiversUnlessPrivateAddressesAreAllowed) {
  auto options = default_test_options();
  options.webhooks.max_attempts = 1;
  options.webhooks.allow_private_addresses = false;  // the default outside tests
  this->start(options);
  WebhookReceiver receiver(/*failures=*/0);
  auto t = this->make_tenant("acme");
  // "localhost" resolves to loopback: the check is on the address connected to, after DNS.
  auto by_name = this->add_hook(t, "http://localhost:" + receiver.url().substr(17));
  auto by_ip = this->add_hook(t, receiver.url());
  this->room_started(this->make_meeting(t));

  for (const auto& hook : {by_name, by_ip}) {
    auto items = this->wait_deliveries(t, hook.id, [](auto& i) { return all_settled(i, 1); });
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0]["status"], "failed");
    EXPECT_TRUE(items[0]["last_status_code"].is_null());
    EXPECT_EQ(items[0]["last_error"], "refused: the URL resolves to a private or local address");
  }
  EXPECT_TRUE(receiver.received().empty()) << "a refused delivery reached the receiver";
}

TYPED_TEST(ApiWebhookTest, SendsOnlySubscribedEventsOfTheTenant) {
  WebhookReceiver receiver(0);
  auto t = this->make_tenant("acme");
  auto other = this->make_tenant("other");
  auto hook = this->add_hook(t, receiver.url(), R"(["participant.joined","participant.left"])");
  this->add_hook(other, receiver.url());  // another tenant's hook hears nothing of acme's
  const std::string meeting = this->make_meeting(t);
  engine::ParticipantInfo p{"p_1", "ann", "Ann", 0, {}};
  auto& obs = this->server_->api().observer();
  this->server_->on_loop([&] {
    obs.on_room_started(meeting);
    obs.on_participant_joined(meeting, p);
    obs.on_participant_left(meeting, p, engine::DisconnectReason::kLeft);
    obs.on_room_finished(meeting);
  });
  auto items = this->wait_deliveries(t, hook.id, [](auto& i) { return all_settled(i, 2); });
  ASSERT_EQ(items.size(), 2u);
  std::set<std::string> events;
  for (const auto& d : items) events.insert(d["event"].template get<std::string>());
  EXPECT_EQ(events, (std::set<std::string>{"participant.joined", "participant.left"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(receiver.received().size(), 2u);
  for (const auto& h : receiver.received()) {
    auto body = nlohmann::json::parse(h.body);
    EXPECT_EQ(body["data"]["meeting_id"], meeting);
    EXPECT_EQ(body["data"]["participant"]["identity"], "ann");
  }
}

TYPED_TEST(ApiWebhookTest, EndingAMeetingFiresMeetingEndedOnce) {
  WebhookReceiver receiver(0);
  auto t = this->make_tenant("acme");
  auto hook = this->add_hook(t, receiver.url(), R"(["meeting.ended"])");
  const std::string meeting = this->make_meeting(t);
  this->room_started(meeting);
  ASSERT_EQ(this->call("POST", "/api/v1/meetings/" + meeting + "/end", t.key).status, 200);
  // The engine then reports the room finished: no second meeting.ended.
  this->server_->on_loop([&] { this->server_->api().observer().on_room_finished(meeting); });
  auto items = this->wait_deliveries(t, hook.id, [](auto& i) { return all_settled(i, 1); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  items = this->wait_deliveries(t, hook.id, [](auto& i) { return all_settled(i, 1); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["status"], "succeeded");
  auto body = nlohmann::json::parse(receiver.received().at(0).body);
  EXPECT_EQ(body["data"]["meeting"]["status"], "ended");
}

}  // namespace
}  // namespace meet::testing

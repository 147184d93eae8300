#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace meet::http {
namespace {

Request make(std::string method, std::string_view target) {
  Request r;
  r.method = std::move(method);
  r.set_target(target);
  return r;
}

nlohmann::json body_of(const Response& r) {
  return nlohmann::json::parse(r.body);
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/api/v1/meetings", [](Request&) {
      return Response::json(200, {{"list", true}});
    });
    router_.add("POST", "/api/v1/meetings", [](Request& r) {
      return Response::json(201, {{"body", r.body}});
    });
    router_.add(
        "POST", "/api/v1/meetings/{id}/tokens",
        [](Request& r) {
          return Response::json(200, {{"id", r.params["id"]}});
        },
        "meeting_tokens");
    router_.add("GET", "/api/v1/meetings/{id}", [](Request& r) {
      return Response::json(200, {{"id", r.params["id"]}});
    });
    router_.add("GET", "/api/v1/meetings/active", [](Request&) {
      return Response::json(200, {{"active", true}});
    });
    router_.add("GET", "/boom", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.add("GET", "/boom-unknown", [](Request&) -> Response { throw 42; });
  }
  Router router_;
};

TEST_F(RouterTest, RoutesByMethodAndPath) {
  auto get = make("GET", "/api/v1/meetings");
  auto r = router_.handle(get);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r)["list"], true);
  EXPECT_EQ(get.route, "/api/v1/meetings");

  auto post = make("POST", "/api/v1/meetings");
  post.body = "x";
  r = router_.handle(post);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(body_of(r)["body"], "x");
}

TEST_F(RouterTest, DecodesPathParamsAndNamesRoute) {
  auto req = make("POST", "/api/v1/meetings/team%20sync/tokens?x=1");
  auto r = router_.handle(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(req.params.at("id"), "team sync");
  EXPECT_EQ(req.route, "meeting_tokens");
}

TEST_F(RouterTest, LiteralSegmentBeatsParameter) {
  auto a = make("GET", "/api/v1/meetings/active");
  EXPECT_EQ(body_of(router_.handle(a))["active"], true);
  auto b = make("GET", "/api/v1/meetings/other");
  EXPECT_EQ(body_of(router_.handle(b))["id"], "other");
}

TEST_F(RouterTest, IgnoresOneTrailingSlash) {
  auto req = make("GET", "/api/v1/meetings/");
  EXPECT_EQ(router_.handle(req).status, 200);
}

TEST_F(RouterTest, UnknownPathIs404Json) {
  for (const char* target : {"/nope", "/api/v1/meetings/a/b/c", "/api//v1", "relative"}) {
    auto req = make("GET", target);
    auto r = router_.handle(req);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(body_of(r)["error"]["code"], "not_found");
    EXPECT_EQ(req.route, "");
  }
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto req = make("DELETE", "/api/v1/meetings");
  auto r = router_.handle(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(body_of(r)["error"]["code"], "method_not_allowed");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET, HEAD, POST");
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  auto req = make("HEAD", "/api/v1/meetings");
  EXPECT_EQ(router_.handle(req).status, 200);
}

TEST_F(RouterTest, BadEscapeInParamIs400) {
  auto req = make("GET", "/api/v1/meetings/%zz");
  EXPECT_EQ(router_.handle(req).status, 400);
}

TEST_F(RouterTest, ThrowingHandlerIs500Json) {
  for (const char* target : {"/boom", "/boom-unknown"}) {
    auto req = make("GET", target);
    auto r = router_.handle(req);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(body_of(r)["error"]["code"], "internal");
  }
}

TEST_F(RouterTest, MatchesPathForAnyMethod) {
  EXPECT_TRUE(router_.matches_path("/api/v1/meetings/x/tokens"));
  EXPECT_FALSE(router_.matches_path("/index.html"));
}

TEST(Router, AsyncHandlerRespondsLaterOnce) {
  Router router;
  Router::Respond saved;
  router.add_async("GET", "/later", [&](Request&, Router::Respond respond) { saved = respond; });
  int calls = 0;
  int status = 0;
  auto req = make("GET", "/later");
  router.dispatch(req, [&](Response r) {
    ++calls;
    status = r.status;
  });
  EXPECT_EQ(calls, 0);
  ASSERT_TRUE(saved);
  saved(Response::json(202, {}));
  saved(Response::json(500, {}));  // ignored
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(status, 202);
}

TEST(Router, AsyncHandlerThrowingBeforeRespondIs500) {
  Router router;
  router.add_async("GET", "/x", [](Request&, Router::Respond) { throw std::logic_error("x"); });
  router.add_async("GET", "/y", [](Request&, Router::Respond respond) {
    respond(Response::json(200, {}));
    throw std::logic_error("after");
  });
  auto x = make("GET", "/x");
  EXPECT_EQ(router.handle(x).status, 500);
  auto y = make("GET", "/y");
  EXPECT_EQ(router.handle(y).status, 200);
}

TEST(Router, HandleOfDeferredAsyncRouteIs500) {
  Router router;
  Router::Respond saved;
  router.add_async("GET", "/later", [&](Request&, Router::Respond respond) { saved = respond; });
  auto req = make("GET", "/later");
  EXPECT_EQ(router.handle(req).status, 500);
  saved(Response::json(200, {}));  // late answer goes nowhere, harmlessly
}

TEST(Request, HeaderLookupIsCaseInsensitive) {
  Request r;
  r.headers = {{"Content-Type", "a"}, {"X-API-Key", "k"}, {"x-api-key", "second"}};
  EXPECT_EQ(r.header("content-type"), "a");
  EXPECT_EQ(r.header("X-Api-Key"), "k");
  EXPECT_FALSE(r.header("missing").has_value());
}

TEST(Response, ErrorBodyShape) {
  auto r = Response::error(409, "conflict", "already \"there\"");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"error":{"code":"conflict","message":"already \"there\""}})");
  auto t = Response::text(200, "hi");
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace meet::http

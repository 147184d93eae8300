#include "http/router.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <set>

#include "common/assert.hpp"
#include "common/log.hpp"
#include "http/url.hpp"

namespace meet::http {
namespace {

// "110" for /a/b/{c}: literal segments rank above parameters, left to right.
std::string specificity(const std::vector<bool>& literal) {
  std::string s;
  for (bool l : literal) s.push_back(l ? '1' : '0');
  return s;
}

Response internal_error() {
  return Response::error(500, "internal", "internal server error");
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, std::string route_name) {
  MEET_ASSERT(handler != nullptr, "null route handler");
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.name = std::move(route_name);
  r.handler = std::move(handler);
  add_route(std::move(r));
}

void Router::add_async(std::string method, std::string pattern, AsyncHandler handler,
                       std::string route_name) {
  MEET_ASSERT(handler != nullptr, "null route handler");
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.name = std::move(route_name);
  r.async_handler = std::move(handler);
  add_route(std::move(r));
}

void Router::add_route(Route route) {
  auto parts = split_path(route.pattern);
  MEET_ASSERT(parts.has_value(), "route pattern must start with '/' and have no empty segment");
  for (std::string_view p : *parts) {
    Segment s;
    if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
      s.param = true;
      s.text = std::string(p.substr(1, p.size() - 2));
      MEET_ASSERT(!s.text.empty(), "empty parameter name in route pattern");
    } else {
      MEET_ASSERT(p.find_first_of("{}") == std::string_view::npos, "bad braces in route pattern");
      s.text = std::string(p);
    }
    route.segments.push_back(std::move(s));
  }
  if (route.name.empty()) route.name = route.pattern;
  for (const auto& other : routes_) {
    MEET_ASSERT(!(other.method == route.method && other.pattern == route.pattern),
                "duplicate route");
  }
  routes_.push_back(std::move(route));
}

bool Router::matches(const Route& route, const std::vector<std::string_view>& segments) {
  if (route.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (!route.segments[i].param && route.segments[i].text != segments[i]) return false;
  }
  return true;
}

bool Router::matches_path(std::string_view path) const {
  auto segments = split_path(path);
  if (!segments) return false;
  return std::any_of(routes_.begin(), routes_.end(),
                     [&](const Route& r) { return matches(r, *segments); });
}

void Router::dispatch(Request& request, const Respond& respond) const {
  auto segments = split_path(request.path);
  if (!segments) {
    respond(Response::error(404, "not_found", "no such path"));
    return;
  }
  // Best route per method among those whose pattern matches the path.
  const Route* best = nullptr;
  const Route* best_head_fallback = nullptr;
  std::string best_rank, fallback_rank;
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    if (!matches(r, *segments)) continue;
    allowed.insert(r.method);
    std::vector<bool> literal;
    for (const auto& s : r.segments) literal.push_back(!s.param);
    std::string rank = specificity(literal);
    if (r.method == request.method && (best == nullptr || rank > best_rank)) {
      best = &r;
      best_rank = rank;
    }
    if (request.method == "HEAD" && r.method == "GET" &&
        (best_head_fallback == nullptr || rank > fallback_rank)) {
      best_head_fallback = &r;
      fallback_rank = rank;
    }
  }
  if (best == nullptr) best = best_head_fallback;
  if (allowed.empty()) {
    respond(Response::error(404, "not_found", "no such path"));
    return;
  }
  if (best == nullptr) {
    if (allowed.count("GET")) allowed.insert("HEAD");
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    respond(Response::error(405, "method_not_allowed", "method not allowed on this path")
                .with_header("Allow", allow));
    return;
  }

  request.params.clear();
  for (size_t i = 0; i < segments->size(); ++i) {
    if (!best->segments[i].param) continue;
    auto decoded = url_decode((*segments)[i]);
    if (!decoded) {
      respond(Response::error(400, "bad_request", "bad percent-encoding in path"));
      return;
    }
    request.params[best->segments[i].text] = std::move(*decoded);
  }
  request.route = best->name;

  if (best->handler) {
    std::optional<Response> response;
    try {
      response = best->handler(request);
    } catch (const std::exception& e) {
      logger("http")->error("handler threw route={} what={}", best->name, e.what());
    } catch (...) {
      logger("http")->error("handler threw route={} what=unknown", best->name);
    }
    respond(response ? std::move(*response) : internal_error());
    return;
  }

  auto called = std::make_shared<std::atomic<bool>>(false);
  std::string name = best->name;
  Respond once = [called, respond, name](Response r) {
    if (called->exchange(true)) {
      logger("http")->warn("handler responded twice route={}", name);
      return;
    }
    respond(std::move(r));
  };
  try {
    best->async_handler(request, once);
  } catch (const std::exception& e) {
    logger("http")->error("handler threw route={} what={}", name, e.what());
    if (!called->load()) once(internal_error());
  } catch (...) {
    logger("http")->error("handler threw route={} what=unknown", name);
    if (!called->load()) once(internal_error());
  }
}

Response Router::handle(Request& request) const {
  // Shared, so that an async handler answering later writes into a live (ignored) slot.
  auto out = std::make_shared<std::optional<Response>>();
  dispatch(request, [out](Response r) { *out = std::move(r); });
  if (!*out) {
    logger("http")->error("async route did not respond inline route={}", request.route);
    return internal_error();
  }
  return std::move(**out);
}

}  // namespace meet::http

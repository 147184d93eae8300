#pragma once
// Maps (method, path pattern) to handlers. Patterns are "/api/v1/meetings/{id}/tokens": literal
// segments and {name} segments that match one non-empty path segment (percent-decoded into
// Request::params). A literal segment wins over a parameter at the same place. Routes are added
// at start-up; handle/dispatch are const and run on the control loop.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace meet::http {

class Router {
 public:
  using Handler = std::function<Response(Request&)>;
  // Must be called exactly once; later calls are ignored (and logged). The server's respond
  // may be called from any thread.
  using Respond = std::function<void(Response)>;
  // `request` stays valid until respond is called.
  using AsyncHandler = std::function<void(Request& request, Respond respond)>;

  // route_name (default: the pattern) names the route in metrics and logs. A GET route also
  // answers HEAD unless a HEAD route exists. Aborts on a malformed or duplicate pattern.
  void add(std::string method, std::string pattern, Handler handler, std::string route_name = {});
  void add_async(std::string method, std::string pattern, AsyncHandler handler,
                 std::string route_name = {});

  // Routes the request and calls its handler. Unknown path -> 404 JSON `not_found`; known path,
  // other method -> 405 JSON `method_not_allowed` with an Allow header; a handler that throws
  // -> 500 JSON `internal` (logged). Sets request.params and request.route on a match.
  void dispatch(Request& request, const Respond& respond) const;

  // Synchronous form of dispatch. An async route that does not respond before returning gets a
  // 500 (use dispatch for those).
  Response handle(Request& request) const;

  // True if some route's pattern matches this path (for any method).
  bool matches_path(std::string_view path) const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::string name;
    std::vector<Segment> segments;
    Handler handler;
    AsyncHandler async_handler;
  };

  void add_route(Route route);
  static bool matches(const Route& route, const std::vector<std::string_view>& segments);

  std::vector<Route> routes_;
};

}  // namespace meet::http

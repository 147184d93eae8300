#pragma once
// An HTTP request as handlers see it: owned strings, no Beast types.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meet::http {

struct Request {
  std::string method;        // "GET", "POST", ... as sent (upper case for known methods)
  std::string path;          // target path without the query, NOT percent-decoded
  std::string query_string;  // raw text after '?', without the '?'
  std::map<std::string, std::string> query;                  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> params;  // decoded path parameters, set by the Router
  std::string route;  // name of the matched route, set by the Router ("" before routing)

  // First header with this name, compared case-insensitively. The view points into `headers`.
  std::optional<std::string_view> header(std::string_view name) const;

  // Splits a request-target ("/a/b?x=1") into path, query_string and query.
  void set_target(std::string_view target);
};

}  // namespace meet::http

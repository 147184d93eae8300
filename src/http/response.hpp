#pragma once
// An HTTP response as handlers build it. The server adds Content-Length, Server and
// Connection; everything else comes from here.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meet::http {

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // When set, the body is this file, streamed from disk in pieces (never held in memory);
  // `body` is ignored. A file that cannot be opened is answered 404.
  std::filesystem::path file;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  // Body is j.dump(); invalid UTF-8 in strings is replaced, never thrown on.
  static Response json(int status, const nlohmann::json& j);
  // Body {"error":{"code":code,"message":message}}.
  static Response error(int status, std::string_view code, std::string_view message);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  // The file at `path` as the body (see `file`).
  static Response file_body(int status, std::filesystem::path path, std::string content_type);
  // 204 without a body.
  static Response no_content();

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace meet::http

#include "http/static_files.hpp"

#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include "http/mime_types.hpp"
#include "http/url.hpp"

namespace meet::http {
namespace {

Response bad_path() {
  return Response::error(400, "bad_path", "invalid path");
}
Response not_found() {
  return Response::error(404, "not_found", "no such file");
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return data;
}

bool is_file(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

Response StaticFiles::file_response(const std::filesystem::path& file) const {
  auto data = read_file(file);
  if (!data) return not_found();
  Response r;
  r.status = 200;
  r.content_type = std::string(mime_type_for(file.filename().string()));
  r.body = std::move(*data);
  bool html = r.content_type.starts_with("text/html");
  r.headers.emplace_back("Cache-Control", html ? "no-cache" : "public, max-age=3600");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

Response StaticFiles::serve(std::string_view path) const {
  auto segments = split_path(path);
  if (!segments) return bad_path();
  std::filesystem::path relative;
  std::string last;
  for (std::string_view raw : *segments) {
    auto seg = url_decode(raw);
    if (!seg) return bad_path();
    if (*seg == "." || *seg == ".." ||
        seg->find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return bad_path();
    }
    if (seg->front() == '.') return not_found();  // .env, .git, ...
    relative /= *seg;
    last = std::move(*seg);
  }
  const std::filesystem::path index = root_ / "index.html";
  if (segments->empty()) return file_response(index);
  std::filesystem::path file = root_ / relative;
  if (is_file(file)) return file_response(file);
  // A folder with its own index.html is a page of its own (the SDK test page at /test/);
  // without the slash its relative links would miss, so send the browser to it.
  if (is_file(file / "index.html")) {
    if (path.ends_with('/')) return file_response(file / "index.html");
    Response r;
    r.status = 301;
    r.headers.emplace_back("Location", std::string(path) + "/");
    return r;
  }
  if (last.find('.') == std::string::npos && is_file(index)) return file_response(index);
  return not_found();
}

}  // namespace meet::http

#pragma once
// Serves the built web app from a directory: GET/HEAD of "/" and of unknown paths without an
// extension get index.html (single-page app fallback), other files by path with their content
// type; a folder holding an index.html serves it at "/folder/" (and redirects "/folder" there).
// Control loop only (reads files synchronously; web assets are small).
#include <filesystem>
#include <string_view>

#include "http/response.hpp"

namespace meet::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // `path` is the raw (percent-encoded) request path. Returns 400 `bad_path` for ".", "..",
  // encoded slashes, backslashes or NUL in a segment; 404 `not_found` for missing files and
  // dotfiles. html gets Cache-Control: no-cache, other files a one-hour max-age.
  Response serve(std::string_view path) const;

 private:
  Response file_response(const std::filesystem::path& file) const;

  std::filesystem::path root_;
};

}  // namespace meet::http

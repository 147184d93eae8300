#include "storage/azure_blob_list.hpp"

#include <charconv>

#include "storage/azure_shared_key.hpp"

namespace meet::storage {
namespace {

// The text between <tag> and </tag> at or after `from`; moves `from` past it.
std::optional<std::string_view> element(std::string_view xml, std::string_view tag, size_t& from) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  size_t a = xml.find(open, from);
  if (a == std::string_view::npos) return std::nullopt;
  a += open.size();
  size_t b = xml.find(close, a);
  if (b == std::string_view::npos) return std::nullopt;
  from = b + close.size();
  return xml.substr(a, b - a);
}

std::optional<std::string> unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) return std::nullopt;
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp")
      out += '&';
    else if (ent == "lt")
      out += '<';
    else if (ent == "gt")
      out += '>';
    else if (ent == "quot")
      out += '"';
    else if (ent == "apos")
      out += '\'';
    else
      return std::nullopt;
    i = semi;
  }
  return out;
}

}  // namespace

std::optional<BlobListPage> parse_blob_list(std::string_view xml) {
  if (xml.find("<EnumerationResults") == std::string_view::npos) return std::nullopt;
  BlobListPage page;
  size_t pos = 0;
  while (true) {
    size_t probe = pos;
    auto blob = element(xml, "Blob", probe);
    if (!blob) break;
    pos = probe;
    size_t in = 0;
    auto name = element(*blob, "Name", in);
    if (!name) return std::nullopt;
    auto decoded = unescape(*name);
    if (!decoded) return std::nullopt;
    BlobInfo info;
    info.name = std::move(*decoded);
    size_t p = 0;
    if (auto len = element(*blob, "Content-Length", p)) {
      auto [end, ec] = std::from_chars(len->data(), len->data() + len->size(), info.size_bytes);
      if (ec != std::errc() || end != len->data() + len->size()) return std::nullopt;
    }
    p = 0;
    if (auto lm = element(*blob, "Last-Modified", p)) {
      info.last_modified_ms = parse_http_date(*lm).value_or(0) * 1000;
    }
    page.blobs.push_back(std::move(info));
  }
  size_t m = 0;
  if (auto marker = element(xml, "NextMarker", m)) {
    auto decoded = unescape(*marker);
    if (!decoded) return std::nullopt;
    page.next_marker = std::move(*decoded);
  }
  return page;
}

}  // namespace meet::storage

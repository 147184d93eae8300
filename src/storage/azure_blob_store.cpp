#include "storage/azure_blob_store.hpp"

#include <fstream>
#include <thread>

#include "common/base64.hpp"
#include "common/log.hpp"
#include "storage/azure_blob_list.hpp"
#include "storage/azure_sas.hpp"
#include "storage/azure_shared_key.hpp"
#include "storage/url_text.hpp"

namespace meet::storage {
namespace {

constexpr const char* kApiVersion = "2021-08-06";
constexpr int64_t kMaxBlocks = 50'000;  // Azure's limit per block blob

int64_t now_unix_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The Azure error code element, e.g. <Code>ContainerAlreadyExists</Code>; logs only.
std::string error_code(std::string_view body) {
  size_t a = body.find("<Code>");
  if (a == std::string_view::npos) return {};
  a += 6;
  size_t b = body.find("</Code>", a);
  return b == std::string_view::npos ? std::string() : std::string(body.substr(a, b - a));
}

std::string content_type_for(const std::string& name) {
  if (name.ends_with(".mp4")) return "video/mp4";
  if (name.ends_with(".mkv")) return "video/x-matroska";
  if (name.ends_with(".json") || name.ends_with(".jsonl")) return "application/json";
  return "application/octet-stream";
}

// Block ids must all have the same length within a blob: base64 of a fixed-width counter.
std::string block_id(int64_t index) {
  std::string digits = std::to_string(index);
  digits.insert(0, digits.size() < 8 ? 8 - digits.size() : 0, '0');
  return base64_encode("blk-" + digits);  // index < kMaxBlocks: always 12 characters
}

}  // namespace

std::optional<BlobError> azure_status_error(long status, std::string_view body) {
  if (status >= 200 && status < 300) return std::nullopt;
  std::string what = "azure answered " + std::to_string(status);
  if (auto code = error_code(body); !code.empty()) what += " " + code;
  if (status == 404) return BlobError{BlobErrorCode::kNotFound, what};
  if (status == 408 || status == 429 || status >= 500) {
    return BlobError{BlobErrorCode::kUnavailable, what};
  }
  return BlobError{BlobErrorCode::kRejected, what};
}

AzureBlobStore::AzureBlobStore(AzureAccount account, std::string container, AzureOptions options)
    : account_(std::move(account)), container_(std::move(container)), options_(options) {}

std::string AzureBlobStore::blob_path(const std::string& name) const {
  return "/" + container_ + "/" + percent_encode(name, true);
}

BlobResult<HttpAnswer> AzureBlobStore::send_once(const Call& call) const {
  HttpExchange ex;
  ex.method = call.method;
  ex.url = account_.blob_endpoint + call.path_and_query;
  ex.headers = call.headers;
  ex.headers.emplace_back("x-ms-date", http_date(now_unix_s()));
  ex.headers.emplace_back("x-ms-version", kApiVersion);
  if (call.method == "PUT")
    ex.headers.emplace_back("Content-Length", std::to_string(call.body.size()));
  ex.body = call.body;
  auto auth =
      shared_key_authorization({ex.method, ex.url, ex.headers}, account_.name, account_.key);
  if (!auth) return blob_error(BlobErrorCode::kInvalid, "AccountKey is not base64");
  ex.headers.emplace_back("Authorization", *auth);
  auto answer = http_exchange(ex, options_.timeouts);
  if (!answer)
    return blob_error(BlobErrorCode::kUnavailable, "azure unreachable: " + answer.error());
  return std::move(answer).value();
}

BlobResult<HttpAnswer> AzureBlobStore::send(const Call& call) const {
  auto backoff = options_.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    auto r = send_once(call);
    if (r) {
      auto err = azure_status_error(r->status, r->body);
      if (!err || !err->retryable() || attempt >= options_.request_attempts) return r;
    } else if (!r.error().retryable() || attempt >= options_.request_attempts) {
      return r;
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

BlobResult<void> AzureBlobStore::ensure_container() {
  auto r = send({"PUT", "/" + container_ + "?restype=container", {}, {}});
  if (!r) return Err{r.error()};
  if (r->status == 409) return Ok{};  // ContainerAlreadyExists
  if (auto err = azure_status_error(r->status, r->body)) return Err{*err};
  logger("storage")->info("azure container created container={}", container_);
  return Ok{};
}

BlobResult<void> AzureBlobStore::put_blocks(const std::string& name,
                                            const std::filesystem::path& file,
                                            const std::function<void(double)>& progress) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return blob_error(BlobErrorCode::kLocalIo, "cannot open " + file.string());
  std::error_code ec;
  const auto total = std::filesystem::file_size(file, ec);
  if (ec) return blob_error(BlobErrorCode::kLocalIo, "cannot stat " + file.string());
  if (options_.block_size == 0 || static_cast<int64_t>(total / options_.block_size) >= kMaxBlocks) {
    return blob_error(BlobErrorCode::kInvalid, "file too large for the block size");
  }
  std::vector<uint8_t> buffer(options_.block_size);
  std::string list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
  uint64_t sent = 0;
  for (int64_t index = 0;; ++index) {
    in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<size_t>(in.gcount());
    if (n == 0 && index > 0) break;
    const std::string id = block_id(index);
    auto r = send({"PUT",
                   blob_path(name) + "?comp=block&blockid=" + percent_encode(id),
                   {},
                   std::span<const uint8_t>(buffer.data(), n)});
    if (!r) return Err{r.error()};
    if (auto err = azure_status_error(r->status, r->body)) return Err{*err};
    list += "<Latest>" + id + "</Latest>";
    sent += n;
    if (progress && total > 0)
      progress(static_cast<double>(sent) / static_cast<double>(total) * 0.99);
    if (n < buffer.size()) break;
  }
  if (in.bad()) return blob_error(BlobErrorCode::kLocalIo, "read error in " + file.string());
  list += "</BlockList>";
  auto r = send(
      {"PUT",
       blob_path(name) + "?comp=blocklist",
       {{"x-ms-blob-content-type", content_type_for(name)}, {"Content-Type", "application/xml"}},
       std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(list.data()), list.size())});
  if (!r) return Err{r.error()};
  if (auto err = azure_status_error(r->status, r->body)) return Err{*err};
  if (progress) progress(1.0);
  return Ok{};
}

BlobResult<void> AzureBlobStore::put_file(const std::string& name,
                                          const std::filesystem::path& file,
                                          const std::function<void(double)>& progress) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  auto r = put_blocks(name, file, progress);
  if (!r && r.error().code == BlobErrorCode::kNotFound) {
    // The container went away (or was never made): make it and go again once.
    auto made = ensure_container();
    if (!made) return made;
    return put_blocks(name, file, progress);
  }
  return r;
}

BlobResult<std::vector<BlobInfo>> AzureBlobStore::list(const std::string& prefix) {
  std::vector<BlobInfo> out;
  std::string marker;
  do {
    std::string q = "/" + container_ + "?restype=container&comp=list";
    if (!prefix.empty()) q += "&prefix=" + percent_encode(prefix);
    if (!marker.empty()) q += "&marker=" + percent_encode(marker);
    auto r = send({"GET", q, {}, {}});
    if (!r) return Err{r.error()};
    if (auto err = azure_status_error(r->status, r->body)) return Err{*err};
    auto page = parse_blob_list(r->body);
    if (!page) return blob_error(BlobErrorCode::kUnavailable, "unreadable List Blobs answer");
    for (auto& b : page->blobs) out.push_back(std::move(b));
    marker = std::move(page->next_marker);
  } while (!marker.empty());
  return out;
}

BlobResult<BlobInfo> AzureBlobStore::stat(const std::string& name) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  auto r = send({"HEAD", blob_path(name), {}, {}});
  if (!r) return Err{r.error()};
  if (auto err = azure_status_error(r->status, r->body)) return Err{*err};
  BlobInfo info{name, 0, 0};
  const std::string len = r->header("content-length");
  info.size_bytes = len.empty() ? 0 : std::stoll(len);
  info.last_modified_ms = parse_http_date(r->header("last-modified")).value_or(0) * 1000;
  return info;
}

BlobResult<void> AzureBlobStore::remove(const std::string& name) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  auto r = send({"DELETE", blob_path(name), {}, {}});
  if (!r) return Err{r.error()};
  if (auto err = azure_status_error(r->status, r->body)) return Err{*err};
  return Ok{};
}

BlobResult<DownloadUrl> AzureBlobStore::download_url(const std::string& name,
                                                     int64_t expires_at_ms) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  BlobSas sas;
  sas.account = account_.name;
  sas.container = container_;
  sas.blob = name;
  sas.expiry = iso8601_utc(expires_at_ms / 1000);
  sas.protocol = account_.insecure() ? "https,http" : "https";
  auto q = blob_sas_query(sas, account_.key);
  if (!q) return blob_error(BlobErrorCode::kInvalid, "AccountKey is not base64");
  return DownloadUrl{account_.blob_endpoint + blob_path(name) + "?" + *q,
                     (expires_at_ms / 1000) * 1000};
}

}  // namespace meet::storage

#include "storage/azure_account.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/base64.hpp"

namespace meet::storage {
namespace {

// Azurite's and the old emulator's public, documented development account.
constexpr const char* kDevAccount = "devstoreaccount1";
constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string without_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

bool valid_account_name(const std::string& n) {
  return !n.empty() && n.size() <= 64 &&
         std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

}  // namespace

Result<AzureAccount, std::string> parse_connection_string(std::string_view text) {
  std::map<std::string, std::string> kv;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = trim(text.substr(start, end - start));
    start = end + 1;
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Err{std::string("connection string: a part is not Key=Value")};
    }
    kv[lower(trim(part.substr(0, eq)))] = std::string(trim(part.substr(eq + 1)));
  }
  auto get = [&kv](const char* k) -> std::string {
    auto it = kv.find(k);
    return it == kv.end() ? std::string() : it->second;
  };
  AzureAccount a;
  if (lower(get("usedevelopmentstorage")) == "true") {
    a.name = kDevAccount;
    a.key = kDevKey;
    std::string proxy = get("developmentstorageproxyuri");
    a.blob_endpoint =
        (proxy.empty() ? std::string("http://127.0.0.1") : without_trailing_slash(proxy)) +
        ":10000/" + kDevAccount;
    return a;
  }
  if (!get("sharedaccesssignature").empty() && get("accountkey").empty()) {
    return Err{
        std::string("connection string: SharedAccessSignature without AccountKey is not "
                    "supported (the server signs uploads and links with the key)")};
  }
  a.name = get("accountname");
  a.key = get("accountkey");
  if (!valid_account_name(a.name)) {
    return Err{std::string("connection string: AccountName is missing or not alphanumeric")};
  }
  if (a.key.empty() || !base64_decode(a.key)) {
    return Err{std::string("connection string: AccountKey is missing or not base64")};
  }
  a.blob_endpoint = without_trailing_slash(get("blobendpoint"));
  if (a.blob_endpoint.empty()) {
    std::string protocol = lower(get("defaultendpointsprotocol"));
    if (protocol.empty()) protocol = "https";
    if (protocol != "https" && protocol != "http") {
      return Err{std::string("connection string: DefaultEndpointsProtocol must be https or http")};
    }
    std::string suffix = get("endpointsuffix");
    if (suffix.empty()) suffix = "core.windows.net";
    a.blob_endpoint = protocol + "://" + a.name + ".blob." + suffix;
  }
  if (!a.blob_endpoint.starts_with("https://") && !a.blob_endpoint.starts_with("http://")) {
    return Err{std::string("connection string: BlobEndpoint must be an http(s) URL")};
  }
  return a;
}

}  // namespace meet::storage

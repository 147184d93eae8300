#include "api/webhook_sender.hpp"

#include <curl/curl.h>

#include <sys/socket.h>

#include <memory>
#include <mutex>

#include "api/public_address.hpp"

namespace meet::api {
namespace {

size_t discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct AddressCheck {
  bool allow_private = false;
  bool refused = false;
};

// CURLOPT_OPENSOCKETFUNCTION: sees every address curl is about to connect to.
curl_socket_t open_checked_socket(void* clientp, curlsocktype, curl_sockaddr* address) {
  auto* check = static_cast<AddressCheck*>(clientp);
  if (!check->allow_private && !is_public_address(&address->addr)) {
    check->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

WebhookSender::WebhookSender(bool allow_private_addresses)
    : allow_private_addresses_(allow_private_addresses) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

SendOutcome WebhookSender::post(const std::string& url,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                const std::string& body, std::chrono::milliseconds timeout) const {
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) return {std::nullopt, "curl_easy_init failed"};
  std::unique_ptr<curl_slist, ListDeleter> list;
  for (const auto& [name, value] : headers) {
    const std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(list.get(), line.c_str());
    if (next == nullptr) return {std::nullopt, "out of memory"};
    (void)list.release();
    list.reset(next);
  }
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &discard);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "meet-webhooks/1");
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never through an environment proxy
  AddressCheck check{allow_private_addresses_, false};
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &open_checked_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &check);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK && check.refused) {
    return {std::nullopt, "refused: the URL resolves to a private or local address"};
  }
  if (rc != CURLE_OK) return {std::nullopt, curl_easy_strerror(rc)};
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  SendOutcome out{code, ""};
  if (!out.ok()) out.error = "HTTP " + std::to_string(code);
  return out;
}

}  // namespace meet::api

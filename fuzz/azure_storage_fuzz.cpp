// libFuzzer target: the storage parsers that read outside input: List Blobs XML answers,
// AZURE_STORAGE_CONNECTION_STRING, request URLs canonicalized for Shared Key, blob names and
// signed local download links. None may crash; the first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/azure_account.hpp"
#include "storage/azure_blob_list.hpp"
#include "storage/azure_shared_key.hpp"
#include "storage/blob_store.hpp"
#include "storage/signed_url.hpp"
#include "storage/url_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      auto page = meet::storage::parse_blob_list(text);
      if (page) {
        for (const auto& b : page->blobs) (void)meet::storage::valid_blob_name(b.name);
      }
      break;
    }
    case 1: {
      auto a = meet::storage::parse_connection_string(text);
      if (a && !a->blob_endpoint.starts_with("http")) __builtin_trap();  // always an http(s) URL
      break;
    }
    case 2: {
      meet::storage::SignedRequest r{"GET", text, {{"x-ms-date", text}, {"Content-Length", "0"}}};
      (void)meet::storage::shared_key_string_to_sign(r, "acct");
      (void)meet::storage::shared_key_authorization(r, "acct", "a2V5");
      break;
    }
    case 3: {
      const size_t cut = text.find('?');
      const std::string name = text.substr(0, cut);
      const std::string rest = cut == std::string::npos ? "" : text.substr(cut + 1);
      (void)meet::storage::check_local_url("secret", name, rest, rest, 1'700'000'000);
      (void)meet::storage::valid_blob_name(name);
      break;
    }
    default: {
      auto decoded = meet::storage::percent_decode(text);
      if (decoded &&
          meet::storage::percent_decode(meet::storage::percent_encode(*decoded)) != decoded) {
        __builtin_trap();  // encode then decode must give the same bytes back
      }
      (void)meet::storage::parse_http_date(text);
      break;
    }
  }
  return 0;
}

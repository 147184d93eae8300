#pragma once
// AzureAccount: what AZURE_STORAGE_CONNECTION_STRING says about the Blob service, parsed the
// way Azure's SDKs read it: "Key=Value;Key=Value" with keys DefaultEndpointsProtocol,
// AccountName, AccountKey, EndpointSuffix, BlobEndpoint, and the emulator shortcut
// "UseDevelopmentStorage=true" (Azurite's well-known devstoreaccount1 on
// http://127.0.0.1:10000, or DevelopmentStorageProxyUri). Keys are case-insensitive; values
// may contain '=' (base64 keys). SAS-only strings (SharedAccessSignature) are refused: the
// server needs the account key to sign uploads and download links.
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace meet::storage {

struct AzureAccount {
  std::string name;
  std::string key;  // base64, as in the portal; never logged
  // Base URL of the Blob service without a trailing slash: "https://acct.blob.core.windows.net"
  // or, path-style (emulators), "http://127.0.0.1:10000/devstoreaccount1".
  std::string blob_endpoint;

  // True when the endpoint is plain http (a local emulator): SAS links then allow http too.
  bool insecure() const { return blob_endpoint.starts_with("http://"); }
};

// Errors name the missing or bad key, never a value.
Result<AzureAccount, std::string> parse_connection_string(std::string_view text);

}  // namespace meet::storage

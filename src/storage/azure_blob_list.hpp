#pragma once
// Parses one page of a List Blobs response (the XML the Blob service answers to
// GET ?restype=container&comp=list):
//   <EnumerationResults ...><Blobs>
//     <Blob><Name>a/b.mp4</Name><Properties><Last-Modified>Mon, 07 Dec 2026 03:50:41 GMT
//     </Last-Modified><Content-Length>123</Content-Length>...</Properties></Blob>...
//   </Blobs><NextMarker>..</NextMarker></EnumerationResults>
// Only what BlobStore::list needs; the five XML entities are decoded in names. A view over the
// caller's text; never throws; malformed input gives nullopt.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/blob_store.hpp"

namespace meet::storage {

struct BlobListPage {
  std::vector<BlobInfo> blobs;
  std::string next_marker;  // empty on the last page
};

std::optional<BlobListPage> parse_blob_list(std::string_view xml);

}  // namespace meet::storage

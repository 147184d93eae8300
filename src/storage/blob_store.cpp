#include "storage/blob_store.hpp"

namespace meet::storage {
namespace {

constexpr size_t kMaxBlobNameBytes = 512;

bool safe_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

}  // namespace

bool valid_blob_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxBlobNameBytes) return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    const std::string_view seg(name.data() + start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (char c : seg) {
      if (!safe_char(c)) return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace meet::storage

#pragma once
#include <string_view>

namespace meet::http {

// Content-Type for a file name by its extension (case-insensitive); text types carry
// charset=utf-8. Unknown -> "application/octet-stream".
std::string_view mime_type_for(std::string_view file_name);

}  // namespace meet::http

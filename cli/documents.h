// Reading input documents for extract and check: the one CLI file that uses runtime/text.h.
#pragma once

#include <optional>
#include <string>

namespace rptc::cli {

// Reads one document. Returns nullopt with one sentence that names the path ("cannot read
// 'x': it is a directory", too large, binary data, the system's error) for a document the
// batch must skip and count.
std::optional<std::string> ReadDocument(const std::string& path, std::string* error);

}  // namespace rptc::cli

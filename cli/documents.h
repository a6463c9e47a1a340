// Reading input documents for extract and check: the one CLI file that uses runtime/text.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/text.h"

namespace rptc::cli {

// Reads one document. Returns nullopt with one sentence that names the path ("cannot read
// 'x': it is a directory", too large, binary data, the system's error) for a document the
// batch must skip and count.
// Files larger than `max_bytes` are refused without being read.
std::optional<std::string> ReadDocument(const std::string& path, uint64_t max_bytes,
                                        std::string* error);
// The same into a buffer reused from document to document (a batch's hot path); the text is
// buffer->view() until the next read. False with `error` set as above.
[[nodiscard]] bool ReadDocumentInto(const std::string& path, uint64_t max_bytes,
                                    rt::FileBuffer* buffer, std::string* error);

// The default for --max-bytes: 1 GiB (runtime/text.h kDefaultMaxFileBytes).
uint64_t DefaultMaxDocumentBytes();

}  // namespace rptc::cli

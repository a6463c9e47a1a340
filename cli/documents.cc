#include "cli/documents.h"

#include "runtime/text.h"

namespace rptc::cli {

uint64_t DefaultMaxDocumentBytes() { return rt::kDefaultMaxFileBytes; }

namespace {

// The engine would scan binary data without harm, but a report extracted from a PDF or an image
// is noise: skip it and say why, so the user converts it to text first.
bool RefuseBinary(const std::string& path, std::string_view text, std::string* error) {
  if (!rt::LooksBinary(text)) return false;
  *error = "cannot read '" + path + "': it looks like binary data, not text";
  return true;
}

}  // namespace

std::optional<std::string> ReadDocument(const std::string& path, uint64_t max_bytes,
                                        std::string* error) {
  // ReadFile rejects directories, unreadable and oversized files with a sentence naming the path.
  std::optional<std::string> text = rt::ReadFile(path, error, max_bytes);
  if (!text || RefuseBinary(path, *text, error)) return std::nullopt;
  return text;
}

bool ReadDocumentInto(const std::string& path, uint64_t max_bytes, rt::FileBuffer* buffer,
                      std::string* error) {
  return rt::ReadFileInto(path, buffer, error, max_bytes) &&
         !RefuseBinary(path, buffer->view(), error);
}

}  // namespace rptc::cli

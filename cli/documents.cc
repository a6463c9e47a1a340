#include "cli/documents.h"

#include "runtime/text.h"

namespace rptc::cli {

uint64_t DefaultMaxDocumentBytes() { return rt::kDefaultMaxFileBytes; }

std::optional<std::string> ReadDocument(const std::string& path, uint64_t max_bytes,
                                        std::string* error) {
  // ReadFile rejects directories, unreadable and oversized files with a sentence naming the path.
  std::optional<std::string> text = rt::ReadFile(path, error, max_bytes);
  if (!text) return std::nullopt;
  // The engine would scan binary data without harm, but a report extracted from a PDF or an
  // image is noise: skip it and say why, so the user converts it to text first.
  if (rt::LooksBinary(*text)) {
    *error = "cannot read '" + path + "': it looks like binary data, not text";
    return std::nullopt;
  }
  return text;
}

}  // namespace rptc::cli

#include "compiler/source/source.h"

#include <algorithm>

namespace rptc {

Source::Source(std::string name, std::string utf8_text)
    : name_(std::move(name)), text_(std::move(utf8_text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

uint32_t Source::LineStart(int line) const {
  if (line < 1) return 0;
  if (line > line_count()) return static_cast<uint32_t>(text_.size());
  return line_starts_[line - 1];
}

LineCol Source::ToLineCol(uint32_t byte_offset) const {
  byte_offset = std::min<uint32_t>(byte_offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  int line = static_cast<int>(it - line_starts_.begin());
  uint32_t start = line_starts_[line - 1];
  int column = 1;
  for (uint32_t i = start; i < byte_offset; ++i) {
    // Count code points: every byte that is not a UTF-8 continuation byte starts one.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

std::string_view Source::LineText(int line) const {
  if (line < 1 || line > line_count()) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end = line < line_count() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view view(text_.data() + start, end - start);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

uint32_t SourceManager::Add(std::string name, std::string utf8_text) {
  sources_.push_back(std::make_unique<Source>(std::move(name), std::move(utf8_text)));
  return static_cast<uint32_t>(sources_.size() - 1);
}

}  // namespace rptc

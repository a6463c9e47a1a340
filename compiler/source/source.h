// Source files of templates, and positions within them.
//
// A Source owns one file's UTF-8 text and a line-start table built once, so every other stage
// holds only byte spans (SourceSpan) and asks the SourceManager for line:column when rendering.
// Columns count code points, as GCC and Clang do for UTF-8 sources.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rptc {

// A byte range [begin, end) in one Source, named by its index in the SourceManager.
struct SourceSpan {
  uint32_t file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

struct LineCol {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in code points
};

class Source {
 public:
  Source(std::string name, std::string utf8_text);

  std::string_view name() const { return name_; }
  std::string_view text() const { return text_; }
  LineCol ToLineCol(uint32_t byte_offset) const;
  // The text of a 1-based line without its line terminator; empty when out of range.
  std::string_view LineText(int line) const;
  int line_count() const { return static_cast<int>(line_starts_.size()); }
  // Byte offset of the start of a 1-based line (clamped).
  uint32_t LineStart(int line) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Owns every Source a compilation reads (the root template and its imports).
class SourceManager {
 public:
  // Adds a source and returns its file index for SourceSpan::file.
  uint32_t Add(std::string name, std::string utf8_text);
  const Source& Get(uint32_t file) const { return *sources_.at(file); }
  size_t size() const { return sources_.size(); }

 private:
  std::vector<std::unique_ptr<Source>> sources_;
};

}  // namespace rptc

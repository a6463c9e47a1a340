#include "cli/snippet.h"

#include <algorithm>

namespace rptc::cli {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes the code point at `i` (advancing it); invalid bytes decode as themselves.
char32_t Next(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Moves `pos` back by up to `n` code points, stopping at `floor`.
size_t BackCodePoints(std::string_view s, size_t pos, size_t floor, int n) {
  while (n-- > 0 && pos > floor) {
    --pos;
    while (pos > floor && IsContinuation(static_cast<unsigned char>(s[pos]))) --pos;
  }
  return pos;
}

size_t ForwardCodePoints(std::string_view s, size_t pos, size_t ceiling, int n) {
  while (n-- > 0 && pos < ceiling) Next(s, pos);
  return std::min(pos, ceiling);
}

struct Window {
  size_t from, to;            // excerpt bytes
  size_t span_from, span_to;  // the span, clipped to the excerpt
  bool cut_left, cut_right;
};

Window Cut(std::string_view text, uint32_t begin, uint32_t end, int context) {
  size_t b = std::min<size_t>(begin, text.size());
  size_t newline = b == 0 ? std::string_view::npos : text.rfind('\n', b - 1);
  size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  size_t line_end = text.find('\n', b);
  if (line_end == std::string_view::npos) line_end = text.size();
  if (line_end > line_start && text[line_end - 1] == '\r') --line_end;
  size_t e = std::clamp<size_t>(end, b, line_end);
  // Long spans are shown up to 2*context code points; the caret marks what is shown.
  size_t shown_end = ForwardCodePoints(text, b, e, 2 * context);
  Window w;
  w.from = BackCodePoints(text, b, line_start, context);
  w.to = ForwardCodePoints(text, shown_end, line_end, context);
  w.span_from = b;
  w.span_to = shown_end;
  w.cut_left = w.from > line_start;
  w.cut_right = w.to < line_end;
  return w;
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) width += IsWide(Next(text, i)) ? 2 : 1;
  return width;
}

std::string Excerpt(std::string_view text, uint32_t begin, uint32_t end, int context) {
  if (begin > text.size()) return {};
  Window w = Cut(text, begin, end, context);
  std::string out;
  if (w.cut_left) out += "…";
  out.append(text.substr(w.from, w.to - w.from));
  if (w.cut_right) out += "…";
  return out;
}

std::string Snippet(std::string_view text, uint32_t begin, uint32_t end, int line, int context) {
  if (begin > text.size()) return {};
  Window w = Cut(text, begin, end, context);
  std::string number = std::to_string(line);
  std::string gutter(number.size() + 1, ' ');
  std::string out = " " + number + " | ";
  if (w.cut_left) out += "…";
  out.append(text.substr(w.from, w.to - w.from));
  if (w.cut_right) out += "…";
  out += "\n" + gutter + " | ";
  // "…" is one column wide in every terminal font we care about.
  int pad = (w.cut_left ? 1 : 0) + DisplayWidth(text.substr(w.from, w.span_from - w.from));
  int marked = std::max(1, DisplayWidth(text.substr(w.span_from, w.span_to - w.span_from)));
  out.append(pad, ' ');
  out += '^';
  out.append(marked - 1, '~');
  out += '\n';
  return out;
}

}  // namespace rptc::cli

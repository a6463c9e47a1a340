// Source excerpts for messages about documents: the line around a span, cut to a window that
// fits a terminal, with a caret underline aligned by display width (CJK characters take two
// columns), so `rptc check` can show where in a 3,000-character paragraph a value sits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rptc::cli {

// Terminal columns taken by `text` (UTF-8): East Asian wide and full-width code points count 2.
int DisplayWidth(std::string_view text);

// "  12 | ...excerpt...\n     |     ^~~~~\n" for the span [begin, end) of `text`, whose first
// line is `line` (1-based). At most ~`context` code points are kept on each side of the span.
// Empty when begin is past the end of the text.
std::string Snippet(std::string_view text, uint32_t begin, uint32_t end, int line,
                    int context = 24);

// The excerpt alone (no gutter, no caret), for JSON and SARIF.
std::string Excerpt(std::string_view text, uint32_t begin, uint32_t end, int context = 24);

}  // namespace rptc::cli

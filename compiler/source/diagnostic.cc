#include "compiler/source/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rptc {

Diagnostic& Diagnostics::Error(SourceSpan span, std::string_view code, std::string message,
                               std::string help) {
  Diagnostic d{Severity::kError, std::string(code), true, span, std::move(message),
               std::move(help), {}};
  Add(std::move(d));
  return truncated_ ? overflow_ : items_.back();
}

Diagnostic& Diagnostics::Warning(SourceSpan span, std::string_view code, std::string message,
                                 std::string help) {
  Diagnostic d{Severity::kWarning, std::string(code), true, span, std::move(message),
               std::move(help), {}};
  Add(std::move(d));
  return truncated_ ? overflow_ : items_.back();
}

Diagnostic& Diagnostics::FileError(std::string_view code, std::string message) {
  Diagnostic d{Severity::kError, std::string(code), false, {}, std::move(message), {}, {}};
  Add(std::move(d));
  return truncated_ ? overflow_ : items_.back();
}

void Diagnostics::Add(Diagnostic d) {
  if (d.severity == Severity::kError) ++error_count_;
  if (d.severity == Severity::kWarning) ++warning_count_;
  if (items_.size() >= kMaxErrors) {
    truncated_ = true;
    return;
  }
  items_.push_back(std::move(d));
}

void Diagnostics::SortByLocation() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.has_span != b.has_span) return !a.has_span;
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

namespace {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

std::string_view SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError: return "\x1b[1;31m";
    case Severity::kWarning: return "\x1b[1;35m";
    case Severity::kNote: return "\x1b[1;36m";
  }
  return "";
}

// Counts code points in [begin, end) of a line, for the caret underline width.
int CodePoints(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Replaces control characters (tabs included) so the caret line stays aligned.
std::string Printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (unsigned char c : line) out.push_back(c < 0x20 || c == 0x7F ? ' ' : static_cast<char>(c));
  return out;
}

void RenderSnippet(std::string& out, const Source& src, SourceSpan span) {
  LineCol begin = src.ToLineCol(span.begin);
  std::string_view line = src.LineText(begin.line);
  // Long lines (minified or hostile input) are cut around the caret so output stays readable.
  constexpr int kMaxShown = 160;
  int col = begin.column;
  std::string shown = Printable(line);
  int total = CodePoints(shown);
  int skip = 0;
  if (total > kMaxShown && col > kMaxShown / 2) skip = col - kMaxShown / 2;
  if (skip > 0 || total > kMaxShown) {
    // Rebuild the visible window by code points.
    std::string window;
    int cp = 0;
    for (size_t i = 0; i < shown.size();) {
      unsigned char c = shown[i];
      size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
      if (cp >= skip && cp < skip + kMaxShown) window.append(shown, i, len);
      ++cp;
      i += len;
    }
    shown = (skip > 0 ? "..." : "") + window;
    if (skip > 0) skip -= 3;
  }
  uint32_t line_end = src.LineStart(begin.line) + static_cast<uint32_t>(line.size());
  uint32_t caret_end = std::min(span.end, line_end);
  int width = 1;
  if (caret_end > span.begin) {
    width = std::max(1, CodePoints(src.text().substr(span.begin, caret_end - span.begin)));
  }
  std::string gutter = fmt::format("{}", begin.line);
  out += fmt::format(" {} | {}\n", gutter, shown);
  out += fmt::format(" {} | {}{}\n", std::string(gutter.size(), ' '),
                     std::string(std::max(0, col - 1 - skip), ' '), std::string(width, '^'));
}

}  // namespace

std::string RenderOne(const Diagnostic& d, const SourceManager& sources, bool color) {
  std::string out;
  std::string_view bold = color ? "\x1b[1m" : "";
  std::string_view reset = color ? "\x1b[0m" : "";
  std::string_view sev_color = color ? SeverityColor(d.severity) : "";
  std::string code = d.code.empty() ? "" : fmt::format("[{}]", d.code);
  if (d.has_span && d.span.file < sources.size()) {
    const Source& src = sources.Get(d.span.file);
    LineCol lc = src.ToLineCol(d.span.begin);
    out += fmt::format("{}{}:{}:{}: {}{}{}{}: {}{}\n", bold, src.name(), lc.line, lc.column,
                       sev_color, SeverityName(d.severity), code, reset, bold, d.message);
    out += reset;
    RenderSnippet(out, src, d.span);
  } else {
    out += fmt::format("{}rptc: {}{}{}{}: {}{}\n", bold, sev_color, SeverityName(d.severity), code,
                       reset, d.message, reset);
  }
  if (!d.help.empty()) out += fmt::format("  help: {}\n", d.help);
  for (const auto& [span, text] : d.notes) {
    if (span.file >= sources.size()) continue;
    const Source& src = sources.Get(span.file);
    LineCol lc = src.ToLineCol(span.begin);
    out += fmt::format("{}:{}:{}: note: {}\n", src.name(), lc.line, lc.column, text);
    RenderSnippet(out, src, span);
  }
  return out;
}

std::string Render(const Diagnostics& diagnostics, const SourceManager& sources, bool color) {
  std::string out;
  for (const Diagnostic& d : diagnostics.all()) out += RenderOne(d, sources, color);
  if (diagnostics.truncated()) {
    out += fmt::format("rptc: note: stopped after {} diagnostics ({} errors in all)\n",
                       Diagnostics::kMaxErrors, diagnostics.error_count());
  }
  return out;
}

std::string RenderJson(const Diagnostics& diagnostics, const SourceManager& sources) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Diagnostic& d : diagnostics.all()) {
    nlohmann::ordered_json j;
    if (d.has_span && d.span.file < sources.size()) {
      const Source& src = sources.Get(d.span.file);
      LineCol b = src.ToLineCol(d.span.begin);
      LineCol e = src.ToLineCol(d.span.end);
      j["file"] = std::string(src.name());
      j["line"] = b.line;
      j["column"] = b.column;
      j["end_line"] = e.line;
      j["end_column"] = e.column;
      j["byte_begin"] = d.span.begin;
      j["byte_end"] = d.span.end;
    } else {
      j["file"] = nullptr;
    }
    j["severity"] = std::string(SeverityName(d.severity));
    j["code"] = d.code;
    j["message"] = d.message;
    if (!d.help.empty()) j["help"] = d.help;
    arr.push_back(std::move(j));
  }
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace rptc

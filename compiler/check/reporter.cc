#include "compiler/check/reporter.h"

#include <algorithm>

#include <fmt/format.h>

namespace rptc::check::internal {

bool Reporter::Seen(SourceSpan span, std::string_view code, const std::string& message) {
  return !seen_.emplace(span.file, span.begin, span.end, std::string(code), message).second;
}

Diagnostic& Reporter::Error(SourceSpan span, std::string_view code, std::string message,
                            std::string help) {
  if (Seen(span, code, message)) {
    scratch_ = {};
    return scratch_;
  }
  return sink_.Error(span, code, std::move(message), std::move(help));
}

Diagnostic& Reporter::Warning(SourceSpan span, std::string_view code, std::string message,
                              std::string help) {
  if (Seen(span, code, message)) {
    scratch_ = {};
    return scratch_;
  }
  return sink_.Warning(span, code, std::move(message), std::move(help));
}

size_t EditDistance(std::string_view a, std::string_view b) {
  // Three rolling rows: the transposition step looks two rows back.
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  // Allow about one typo per three characters, at least one.
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c == name) continue;
    size_t length_gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (length_gap >= best_distance) continue;  // cheap filter before the quadratic distance
    size_t d = EditDistance(name, c);
    if (d < best_distance && d < name.size()) {  // 'a' is not a typo of 'b'
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best = ClosestName(name, candidates);
  return best.empty() ? std::string() : fmt::format("; did you mean '{}'?", best);
}

std::string NameList(std::vector<std::string> names, size_t limit) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out;
  for (size_t i = 0; i < names.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  if (names.size() > limit) out += fmt::format(" and {} more", names.size() - limit);
  return out;
}

std::string_view Article(std::string_view word) {
  if (word.empty()) return "a";
  char c = word[0];
  return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ? "an" : "a";
}

}  // namespace rptc::check::internal

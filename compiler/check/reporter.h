// Reporter: the checker's view of the Diagnostics sink, plus "did you mean" suggestions.
//
// The checker visits one written construct several times (a `for` body once per lexicon key, a
// named pattern once per module that reads it), so the Reporter drops a diagnostic identical to
// one already reported (same span, code and message). Suggestions use edit distance and are
// skipped once the sink is full, so hostile templates with thousands of errors stay linear.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compiler/source/diagnostic.h"

namespace rptc::check::internal {

class Reporter {
 public:
  explicit Reporter(Diagnostics& sink) : sink_(sink), errors_before_(sink.error_count()) {}

  // Both return a Diagnostic to attach notes to; a duplicate returns a scratch Diagnostic.
  Diagnostic& Error(SourceSpan span, std::string_view code, std::string message,
                    std::string help = {});
  Diagnostic& Warning(SourceSpan span, std::string_view code, std::string message,
                      std::string help = {});

  // True when errors were reported since this Reporter was created.
  bool failed() const { return sink_.error_count() > errors_before_; }
  // True when the sink keeps no more diagnostics: callers skip suggestion work.
  bool saturated() const { return sink_.all().size() >= Diagnostics::kMaxErrors; }
  Diagnostics& sink() { return sink_; }

 private:
  bool Seen(SourceSpan span, std::string_view code, const std::string& message);

  Diagnostics& sink_;
  size_t errors_before_;
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, std::string, std::string>> seen_;
  Diagnostic scratch_;
};

// Optimal-string-alignment distance (a transposition counts as one edit, so 'gpd' is one edit
// from 'gdp').
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name`, when it is close enough to be a plausible typo; "" otherwise.
// Ties go to the earlier candidate.
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "".
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

// "a, b, c" — at most `limit` names, then "and N more".
std::string NameList(std::vector<std::string> names, size_t limit = 12);

// "a" or "an", for messages such as "an indicator capture".
std::string_view Article(std::string_view word);

}  // namespace rptc::check::internal

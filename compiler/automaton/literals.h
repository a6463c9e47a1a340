// Required-literal analysis: for a pattern, a set of literals such that every match contains
// one of them, starting at most `befores[i]` bytes after the match start. The engines run one
// multi-literal prefilter over the text for all automata and verify only around hits (see
// runtime/program.h Anchor), so the choice of set decides throughput: we pick the set with the
// lowest estimated hit rate, penalising short and very frequent words (是, 增长, 亿元 ...).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/check/checked.h"

namespace rptc::automaton {

struct AnchorSet {
  std::vector<std::string> literals;  // NFKC-normalised, ASCII-lowercased, non-empty, sorted
  // befores[i]: how many bytes a match can start before its occurrence of literals[i]. An
  // alternation's literals keep their own ("工作回顾" 0 beside an English lead-in's 120), so
  // most hits are verified over a short window (see runtime/program.h Anchor).
  std::vector<uint32_t> befores;
  // guards[i]: an assertion (rt::Assertion) that holds at the start of literals[i]'s occurrence
  // in every match, or rt::kNoAnchorGuard: "para_start" "坚持" is verified only where 坚持 opens a
  // paragraph (see runtime/program.h Anchor).
  std::vector<uint8_t> guards;
  uint32_t max_before = 0;            // the widest of befores
  // What a match holds before the occurrence that `befores` speaks of, as a pattern: every match
  // [b, e) with its occurrence at x has text [b, x) in the language of `prefix` (assertions
  // there may be taken as true). The compiler reverses it so that the engine can walk back from a
  // hit to the starts a match could have (note [reverse prefix] in compiler/lower/lower.cc).
  // More exactly, prefix_offsets[i] bytes into literals[i]'s occurrence: a junction literal
  // (note [junction literals]) straddles two parts, and its prefix runs to the end of the first
  // part, through the literal's first bytes. kNoPrefixOffset: the places of a literal disagree,
  // so the set has no usable prefix. Null where the analysis cannot say.
  std::shared_ptr<const ast::Pattern> prefix;
  std::vector<uint32_t> prefix_offsets;
  double cost = 0;                    // estimated hits per byte (lower is better)
  std::string weakest;                // the literal that dominates the cost, for warnings
};

inline constexpr uint32_t kNoPrefixOffset = 0xFFFFFFFFu;

// Returns the best anchor set, or nullopt when some match contains no literal at all.
std::optional<AnchorSet> FindAnchors(const check::CheckedTemplate& checked,
                                     const ast::Pattern& pattern);

// FindAnchors for many patterns of one template: each named pattern and lexicon is analysed
// once, where a large template references the same ones from hundreds of rules.
class AnchorFinder {
 public:
  explicit AnchorFinder(const check::CheckedTemplate& checked);
  ~AnchorFinder();
  std::optional<AnchorSet> Find(const ast::Pattern& pattern);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An anchor whose hit rate makes verification dominate the scan (warning W0501).
bool IsWeakAnchor(const AnchorSet& set);

}  // namespace rptc::automaton

// BuildAutomaton(): a resolved pattern -> a Thompson NFA over UTF-8 bytes, appended to a
// Program's instruction vector (see note [utf8 byte automata] in runtime/program.h).
//
// References are inlined (the checker rejected recursion), lexicons become byte tries that
// prefer the longest phrase, Latin letters are case-folded, gaps are lazy (the fewest code points
// that let the rest match, so `gap(0..8) @value:money` never truncates the number), repeats are
// greedy, captures are numbered by name (two `@qualifier` in one rule share slots), and up to
// two spaces are allowed around every capture, outside its span.
// Failure is only a resource budget (E0501), reported on the rule's span.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/automaton/fragment_cache.h"
#include "compiler/automaton/utf8_ranges.h"
#include "compiler/check/checked.h"
#include "compiler/source/diagnostic.h"
#include "runtime/program.h"

namespace rptc::automaton {

struct CaptureInfo {
  std::string name;
  check::Type type;
};

struct BuiltAutomaton {
  rt::Automaton automaton;
  std::vector<CaptureInfo> captures;  // capture k uses slots 2k+2, 2k+3
};

class NfaBuilder {
 public:
  // `max_insts` bounds one automaton, `max_total_insts` the whole instruction vector.
  NfaBuilder(const check::CheckedTemplate& checked, std::vector<rt::Inst>& insts,
             size_t max_insts, size_t max_total_insts = SIZE_MAX);

  // Builds `pattern` as an anchored automaton: Save 0, pattern, Save 1, Match.
  std::optional<BuiltAutomaton> Build(const ast::Pattern& pattern, SourceSpan span,
                                      std::string_view what, Diagnostics& diagnostics);
  // Builds the standard recognizer of a type (a value type's std.values pattern, or a lexicon's
  // phrases) as an automaton; used to split list(T) captures into items.
  std::optional<BuiltAutomaton> BuildRecognizer(const check::Type& type, SourceSpan span,
                                                Diagnostics& diagnostics);

  // The ast pattern that a type's recognizer stands for (a kRef node), for anchor analysis.
  static ast::Pattern RecognizerPattern(const check::Type& type);

  // From now on, a gap or a repetition with more than `n` optional copies (max - min > n) is
  // built as its `min` copies and then a loop: a superset of its language, for automata that
  // are filters (the reversed anchor prefixes of note [reverse prefix] in lower.cc). A repeated
  // pattern that can match the empty string stays unrolled, so no epsilon loop is made. Widths
  // (Automaton::min_width, max_width) are those of the bounded pattern.
  void WidenRepeatsLongerThan(int n) { widen_over_ = n; }

 private:
  struct Holes;
  struct Frag;
  uint32_t& HoleField(uint32_t hole);
  Holes Hole(uint32_t pc, bool out1);
  Holes Join(Holes a, Holes b);
  void Patch(Holes holes, uint32_t target);
  void CloseDanglingExits(size_t from, uint32_t target);
  Frag Compile(const ast::Pattern& p, int depth);
  Frag CompileRef(const ast::Pattern& p, int depth);  // through fragment_cache_
  Frag Literal(std::string_view text);
  Frag Ranges(const std::vector<std::pair<char32_t, char32_t>>& ranges);
  Frag Sequences(const std::vector<ByteSequence>& seqs);  // alternatives, shared suffixes
  Frag LexiconTrie(const check::LexiconDef& lexicon, const std::string& key);
  Frag Seq(Frag a, Frag b);
  Frag Alt(Frag a, Frag b);
  Frag Optional(Frag a, bool greedy);
  // a repeated zero or more times; the fragment reports `max_w` as its widest (see
  // WidenRepeatsLongerThan). `a` must not match the empty string.
  Frag Star(Frag a, bool greedy, uint32_t max_w);
  bool Widens(int min, int max) const { return widen_over_ >= 0 && max - min > widen_over_; }
  Frag Empty();
  Frag OptionalSpaces();
  Frag Byte(uint8_t lo, uint8_t hi);
  Frag BothCases(uint8_t letter);  // an ASCII letter in either case: one kBytePair
  Frag Save(uint32_t slot);
  Frag Assert(rt::Assertion a);
  Frag Repeat(const ast::Pattern& child, int min, int max, bool greedy, int depth);
  Frag GapChars(ast::GapKind kind, int min, int max);
  uint32_t Emit(rt::Inst inst);
  void PrefaultAhead();  // maps the instruction vector's reserve ahead of the writes
  uint32_t CaptureIndex(const std::string& name, const check::Type& type);

  const check::CheckedTemplate& checked_;
  std::vector<rt::Inst>& insts_;
  size_t max_insts_;
  size_t max_total_insts_;
  size_t build_start_ = 0;  // instruction count when the current automaton began
  bool over_budget_ = false;
  int widen_over_ = -1;  // WidenRepeatsLongerThan; -1: every repetition is unrolled
  std::vector<CaptureInfo> captures_;
  std::map<CodePointRanges, std::vector<ByteSequence>> sequence_cache_;  // see Ranges()
  // How to emit a set of sequences with shared suffixes, worked out once per set: the same sets
  // are emitted again for every unrolled repetition and inlined reference.
  struct SequencePlan {
    struct Step {
      uint8_t lo, hi;
      uint32_t next;  // an earlier step, or kNoPos: an exit of the fragment
    };
    std::vector<Step> steps;        // in emission order
    std::vector<uint32_t> entries;  // the first step of each sequence
    uint32_t min_w = UINT32_MAX, max_w = 0;
  };
  const SequencePlan& PlanFor(const std::vector<ByteSequence>& seqs);
  // Keyed by address: the sets live in sequence_cache_ (stable map nodes) or in statics.
  std::map<const std::vector<ByteSequence>*, SequencePlan> plan_cache_;
  std::vector<uint32_t> step_pc_;  // Sequences(): the pc of each plan step
  // Compiled references by definition (a named pattern, or a lexicon and key); see CompileRef.
  using FragmentKey = std::pair<const void*, std::string>;
  std::map<FragmentKey, CachedFragment> fragment_cache_;
  int max_depth_seen_ = 0;    // the deepest Compile() call so far, for cached blocks' heights
  const char* prefaulted_data_ = nullptr;  // the instruction buffer PrefaultAhead mapped,
  uintptr_t prefaulted_end_ = 0;           // up to this address
  size_t capture_uses_ = 0;   // CaptureIndex() calls, to keep blocks with captures out
};

// The type named by a capture's TypeRef, resolved against the checked template.
check::Type ResolveCaptureType(const check::CheckedTemplate& checked, const ast::TypeRef& ref);

// Lowercases ASCII letters (literals and phrases are matched case-insensitively).
std::string FoldAscii(std::string_view text);

// The engines' assertion for a pattern anchor (line_start, para_start, ...).
rt::Assertion AssertionOf(ast::AnchorKind anchor);
// NFKC-normalises template text, so literals compare with normalised documents.
std::string NormalizeLiteral(std::string_view text);

}  // namespace rptc::automaton

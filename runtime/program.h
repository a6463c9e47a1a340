// The compiled template: an immutable, flat, pointer-free Program.
//
// Produced by compiler/emit, saved and loaded as a versioned binary image (runtime/image.h),
// and read by the engines (runtime/engine/) and report assembly (runtime/report/). Everything is
// vectors of trivially copyable records or strings with uint32_t indices, so a Program is
// shareable across threads and serialises field by field through Serialize(Archive&).
//
// note [utf8 byte automata]: every pattern is compiled to an NFA over UTF-8 *bytes*; Unicode
// classes become byte-range sequences at compile time (as RE2's AddRuneRangeUTF8), so the
// engines never decode UTF-8 in their inner loops. Latin letters are case-folded at compile time
// into two ranges, and anchors in the literal table are stored ASCII-lowercased: the prefilter
// folds A-Z when it classifies bytes.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace rptc::rt {

inline constexpr uint32_t kNoPos = 0xFFFFFFFFu;

enum class Op : uint8_t {
  kByteRange,  // consume one byte in [lo, hi], go to out
  kSplit,      // try out first, then out1 (leftmost-first priority)
  kSave,       // record the position in capture slot `out1`, go to out
  kAssert,     // zero-width test `assert` at the position, go to out
  kMatch,      // accept
  kFail,       // dead end (an empty alternation)
  kBytePair,   // consume one byte equal to lo or to hi, go to out: a case-folded letter ('a', 'A')
               // in one instruction instead of a split and two ranges (29% of a large template)
};

// Whether a byte-consuming instruction (kByteRange or kBytePair) accepts `byte` (0-255).
inline bool AcceptsByte(Op op, uint8_t lo, uint8_t hi, int byte) {
  return op == Op::kBytePair ? (byte == lo || byte == hi) : (lo <= byte && byte <= hi);
}

enum class Assertion : uint8_t {
  kLineStart,      // at text start or after '\n'
  kParaStart,      // at text start, or after '\n' followed only by spaces/full-width spaces
  kSentenceStart,  // at text start, after '\n', or after 。！？!?;； (spaces skipped)
  kClauseStart,    // kSentenceStart, or after ，,、：: (spaces skipped)
  kWordBoundary,   // between an ASCII alphanumeric and a non-alphanumeric (either order)
};

struct Inst {             // 12 bytes; see note [utf8 byte automata]
  Op op;                  // what the instruction does
  uint8_t lo;             // kByteRange: lowest byte accepted
  uint8_t hi;             // kByteRange: highest byte accepted
  Assertion assert;       // kAssert: which zero-width test
  uint32_t out;           // next instruction
  uint32_t out1;          // kSplit: lower-priority branch; kSave: slot index
  template <class Ar> void Serialize(Ar& ar) { ar(op, lo, hi, assert, out, out1); }
};
static_assert(std::is_trivially_copyable_v<Inst>);

// The instructions `in` goes to next, written to succ: `out`, or `out` then `out1` for a kSplit,
// or none (kMatch, kFail, an unknown op). Returns how many.
inline int Successors(const Inst& in, uint32_t succ[2]) {
  switch (in.op) {
    case Op::kByteRange:
    case Op::kBytePair:
    case Op::kSave:
    case Op::kAssert:
      succ[0] = in.out;
      return 1;
    case Op::kSplit:
      succ[0] = in.out;
      succ[1] = in.out1;
      return 2;
    case Op::kMatch:
    case Op::kFail:
      return 0;
  }
  return 0;  // an unknown op (a corrupt image)
}
static_assert(sizeof(Inst) == 12, "Inst layout is part of the image format");

// One automaton: a rule's pattern, a section boundary, a list marker, or a list item recognizer.
// Slots 0 and 1 always hold the whole match; capture k (0-based) uses slots 2k+2 and 2k+3.
// Its instructions are the block insts[insts_begin, insts_end), which holds start and jumps only
// inside itself (the compiler emits each automaton in one piece). Blocks lie in automaton order
// and do not overlap. So one pass over a block checks and prepares an automaton (validation,
// runtime/engine/prepared.h), where a walk of its graph took ~10 times as long.
struct Automaton {
  uint32_t start = 0;        // entry instruction (matches are anchored at the start position)
  uint32_t num_slots = 2;    // capture slots, whole match included
  uint32_t max_width = 0;    // longest possible match in bytes (every repeat is bounded)
  uint32_t min_width = 0;    // shortest possible match in bytes
  uint32_t insts_begin = 0;  // its block of instructions
  uint32_t insts_end = 0;
  // Another automaton, the reverse of what this one's matches hold before their anchor literal
  // (see Anchor), or kNoPos. Read right to left from a hit, it finds the leftmost start a match
  // holding the hit can have (runtime/engine/prefix_dfa.h; note [reverse prefix] in
  // compiler/lower/lower.cc). Its kSplits have no priority and it has no kSave or kAssert.
  uint32_t prefix = kNoPos;
  template <class Ar> void Serialize(Ar& ar) {
    ar(start, num_slots, max_width, min_width, insts_begin, insts_end, prefix);
  }
};

// A literal that every match of `automaton` contains, starting at most `max_before` bytes after
// the match start. The prefilter reports literal hits; the engine then verifies the automaton in
// the window [hit - max_before, hit + max_width]. Each literal of an automaton has its own
// max_before (an alternation's branches put their literals at different depths); a match need
// only satisfy it for one occurrence of one of the literals.
inline constexpr uint8_t kNoAnchorGuard = 0xFF;

struct Anchor {
  uint32_t literal = 0;     // index into Program::literals
  uint32_t automaton = 0;   // index into Program::automata
  uint32_t max_before = 0;  // bytes the match can start before the literal
  // An Assertion that holds at the start of the literal's occurrence in every match this anchor
  // stands for (the pattern asserts it right before the literal: `para_start "坚持"`), or
  // kNoAnchorGuard. A hit where it fails is not verified.
  uint8_t guard = kNoAnchorGuard;
  // Where the automaton's reversed prefix (Automaton::prefix) is read back from: this many bytes
  // into the literal's occurrence (a literal that straddles two parts of the pattern), at most
  // the literal's length.
  uint32_t prefix_offset = 0;
  template <class Ar> void Serialize(Ar& ar) {
    ar(literal, automaton, max_before, guard, prefix_offset);
  }
};

// ---- Report metadata (what the matches mean) ------------------------------------------------

enum class ValueType : uint8_t {
  kText, kNumber, kMoney, kPercent, kPoints, kCount, kRatio, kRank, kYear, kDate, kKey,
};

enum class Cardinality : uint8_t { kOne, kMany };
enum class Policy : uint8_t { kFirst, kLast, kBest, kAll };

struct Lexicon {
  std::string name;                       // qualified: "gwr.indicator"
  std::vector<std::string> keys;          // in declaration order
  std::vector<std::string> phrases;       // normalised and ASCII-lowercased
  std::vector<uint32_t> phrase_keys;      // index into keys, parallel to phrases
  template <class Ar> void Serialize(Ar& ar) { ar(name, keys, phrases, phrase_keys); }
};

struct Capture {
  std::string name;          // "value", "key", "qualifier", ...
  ValueType type = ValueType::kText;
  uint32_t lexicon = kNoPos;     // kKey: which lexicon resolves the text to a key
  bool is_list = false;          // list(T): split into items with `item_automaton`
  uint32_t item_automaton = kNoPos;
  template <class Ar> void Serialize(Ar& ar) { ar(name, type, lexicon, is_list, item_automaton); }
};

// One `= PATTERN` of a field: its automaton and what its captures mean.
struct Rule {
  uint32_t field = 0;
  uint32_t automaton = 0;
  int32_t priority = 0;
  uint32_t order = 0;                 // position among the field's rules (earlier wins ties)
  std::vector<Capture> captures;      // capture k -> slots 2k+2, 2k+3
  uint32_t source_line = 0;           // template line of the rule, for provenance
  std::string label;                  // "review.gdp#1": the rule as a user names it
  template <class Ar> void Serialize(Ar& ar) {
    ar(field, automaton, priority, order, captures, source_line, label);
  }
};

struct Field {
  std::string name;            // "gdp", or a template "{key}_growth" when keyed
  uint32_t section = kNoPos;   // kNoPos = document level
  ValueType type = ValueType::kText;
  Cardinality cardinality = Cardinality::kOne;
  Policy policy = Policy::kFirst;
  bool keyed = false;          // name is filled from the `key` capture at run time
  // `where @C == F`: a candidate whose capture `where_capture` is set and differs from the
  // chosen value of field `where_field` (which has no condition itself) is dropped.
  uint32_t where_field = kNoPos;
  std::string where_capture;
  std::string doc;
  template <class Ar> void Serialize(Ar& ar) {
    ar(name, section, type, cardinality, policy, keyed, where_field, where_capture, doc);
  }
};

struct Section {
  std::string name;
  uint32_t parent = kNoPos;
  std::vector<uint32_t> begin_automata;   // the section starts at a match of any of these
  bool begin_last = false;                // take the last begin match instead of the first
  std::vector<uint32_t> end_automata;     // the section ends at the first match after its
                                          // heading (searched in the region, not scanned)
  std::vector<uint32_t> end_before;       // ...or where one of these sibling sections begins
  // Matches of these (inside the section) are spans where no rule or list marker of the section
  // may start: the scan resumes after them (runtime/report/scan_plan.h).
  std::vector<uint32_t> exclude_automata;
  std::string doc;
  template <class Ar> void Serialize(Ar& ar) {
    ar(name, parent, begin_automata, begin_last, end_automata, end_before, exclude_automata, doc);
  }
};

struct List {
  std::string name;
  uint32_t section = kNoPos;
  uint32_t marker_automaton = 0;      // item markers; capture `index` (if any) numbers items
  uint32_t index_capture = kNoPos;    // capture number of @index in the marker, or kNoPos
  uint32_t title_end_automaton = kNoPos;  // where the title stops (searched in the item, not
                                          // scanned); default: 。;!? or line end
  std::string doc;
  template <class Ar> void Serialize(Ar& ar) {
    ar(name, section, marker_automaton, index_capture, title_end_automaton, doc);
  }
};

enum class Severity : uint8_t { kError, kWarning };

struct Constraint {
  enum class Kind : uint8_t { kRequireSection, kRequireField, kRange, kSumRange, kHasQualifier,
                              kOrder };
  Kind kind = Kind::kRequireSection;
  Severity severity = Severity::kError;
  uint32_t section = kNoPos;          // the section named (kRequireSection) or owning the field
  std::string field;                  // field name within section (may be a keyed name)
  std::vector<uint32_t> order;        // kOrder: section indices
  double low = 0, high = 0;
  std::string message;
  std::string label;                  // as written: "check review.gdp_growth in -50..100"
  uint32_t source_line = 0;
  template <class Ar> void Serialize(Ar& ar) {
    ar(kind, severity, section, field, order, low, high, message, label, source_line);
  }
};

struct Program {
  static constexpr uint32_t kFormatVersion = 7;

  // Header.
  std::string template_name;
  std::string template_version;
  std::string description;
  std::vector<std::string> languages;
  bool normalize_nfkc = true;
  bool hant_to_hans = false;

  // Engine part: see note [utf8 byte automata].
  std::vector<Inst> insts;
  std::vector<Automaton> automata;
  std::vector<std::string> literals;  // anchor literals, ASCII-lowercased, deduplicated
  std::vector<Anchor> anchors;        // sorted by (literal, automaton)
  std::vector<uint32_t> unanchored;   // automata with no literal: tried at every clause start
  // Bit pc: some path from instruction pc reaches a kAssert (runtime/assert_reach.h). Derived
  // from insts when the compiler finishes; empty in a program built by hand, for which the
  // engines derive it themselves.
  std::vector<uint64_t> assert_reach;

  // Meaning.
  std::vector<Lexicon> lexicons;
  std::vector<Section> sections;
  std::vector<Field> fields;
  std::vector<Rule> rules;
  std::vector<List> lists;
  std::vector<Constraint> constraints;

  // With hant_to_hans: the Traditional-only markers (rt::ComputeHantMarkers, sorted BMP code
  // points) and the ICU they were computed under (rt::HantIcuVersion). A process under the same
  // ICU probes documents with them instead of creating the transliterator (see HantMarkers in
  // runtime/text.h); under another ICU, or when hant_icu_version is empty, it computes its own.
  std::string hant_icu_version;
  std::vector<uint32_t> hant_markers;

  template <class Ar> void Serialize(Ar& ar) {
    ar(template_name, template_version, description, languages, normalize_nfkc, hant_to_hans,
       insts, automata, literals, anchors, unanchored, assert_reach, lexicons, sections, fields,
       rules, lists, constraints, hant_icu_version, hant_markers);
  }
};

}  // namespace rptc::rt

// Tested by tests/compiler/automaton/nfa_builder_test.cc and the end-to-end example tests.
#include "compiler/automaton/nfa_builder.h"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include "compiler/automaton/fragment_cache.h"
#include "compiler/automaton/utf8_ranges.h"
#include "runtime/extract/value.h"
#include "runtime/memory.h"

namespace rptc::automaton {

namespace {

constexpr int kMaxDepth = 400;  // inlining depth; the checker rejects recursion long before

bool IsAsciiLetter(uint8_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Code points a gap or `any` may not consume. Clause boundaries include the sentence ones.
const CodePointRanges& BoundaryRanges(ast::GapKind kind) {
  static const CodePointRanges sentence = Canonicalize({
      {'\n', '\n'}, {'\r', '\r'}, {'!', '!'}, {'?', '?'}, {';', ';'},
      {0x3002, 0x3002},  // 。
      {0xFF01, 0xFF01}, {0xFF1F, 0xFF1F}, {0xFF1B, 0xFF1B},  // ！？；
  });
  static const CodePointRanges clause = [] {
    CodePointRanges r = sentence;
    r.insert(r.end(), {{',', ','}, {':', ':'}, {0x3001, 0x3001} /* 、 */,
                       {0xFF0C, 0xFF0C}, {0xFF1A, 0xFF1A} /* ，： */});
    return Canonicalize(r);
  }();
  return kind == ast::GapKind::kSentence ? sentence : clause;
}

// The widest a repetition of up to `copies` copies of something `each` bytes wide can be.
uint32_t RepeatedWidth(uint32_t each, int copies) {
  return static_cast<uint32_t>(
      std::min<uint64_t>(uint64_t{each} * static_cast<uint64_t>(std::max(copies, 0)), UINT32_MAX));
}

}  // namespace

// The dangling exits of a fragment, as a list threaded through the unpatched `out`/`out1`
// fields themselves (RE2's PatchList): a hole is (pc << 1) | (0: out, 1: out1), and each
// unpatched field holds the next hole. No allocation per fragment, where a vector of holes per
// fragment was most of the compile time of a large template.
struct NfaBuilder::Holes {
  static constexpr uint32_t kEnd = UINT32_MAX;
  uint32_t head = kEnd, tail = kEnd;
};

struct NfaBuilder::Frag {
  uint32_t start = 0;
  Holes holes;
  uint32_t min_w = 0, max_w = 0;
};

rt::Assertion AssertionOf(ast::AnchorKind anchor) {
  switch (anchor) {
    case ast::AnchorKind::kLineStart: return rt::Assertion::kLineStart;
    case ast::AnchorKind::kParaStart: return rt::Assertion::kParaStart;
    case ast::AnchorKind::kSentenceStart: return rt::Assertion::kSentenceStart;
    case ast::AnchorKind::kClauseStart: return rt::Assertion::kClauseStart;
    case ast::AnchorKind::kWordBoundary: return rt::Assertion::kWordBoundary;
  }
  return rt::Assertion::kWordBoundary;  // unreachable: every AnchorKind is listed
}

std::string FoldAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string NormalizeLiteralUncached(std::string_view text);

std::string NormalizeLiteral(std::string_view text) {
  // ASCII is NFKC-stable, and most literals are ASCII or were seen before: skip ICU for them.
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    return std::string(text);
  }
  thread_local std::unordered_map<std::string, std::string> cache;
  if (auto it = cache.find(std::string(text)); it != cache.end()) return it->second;
  if (cache.size() > 100000) cache.clear();  // bounded: templates have far fewer literals
  std::string& slot = cache[std::string(text)];
  slot = NormalizeLiteralUncached(text);
  return slot;
}

std::string NormalizeLiteralUncached(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  icu::UnicodeString out = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string result;
  out.toUTF8String(result);
  return result;
}

check::Type ResolveCaptureType(const check::CheckedTemplate& checked, const ast::TypeRef& ref) {
  check::Type type;
  type.is_list = ref.is_list;
  if (ref.empty()) return type;
  std::string name = ref.name.ToString();
  if (ref.name.parts.size() == 1) {
    if (auto v = rt::ValueTypeFromName(name)) {
      type.value = *v;
      return type;
    }
  }
  // A lexicon: the checker resolved it; find the qualified name by suffix match.
  for (const auto& lex : checked.lexicons) {
    if (lex.qualified == name ||
        (lex.qualified.size() > name.size() &&
         lex.qualified.compare(lex.qualified.size() - name.size(), name.size(), name) == 0 &&
         lex.qualified[lex.qualified.size() - name.size() - 1] == '.')) {
      type.value = rt::ValueType::kKey;
      type.lexicon = lex.qualified;
      return type;
    }
  }
  return type;
}

NfaBuilder::NfaBuilder(const check::CheckedTemplate& checked, std::vector<rt::Inst>& insts,
                       size_t max_insts, size_t max_total_insts)
    : checked_(checked), insts_(insts), max_insts_(max_insts), max_total_insts_(max_total_insts) {}

uint32_t NfaBuilder::Emit(rt::Inst inst) {
  if (insts_.size() - build_start_ >= max_insts_ || insts_.size() >= max_total_insts_) {
    over_budget_ = true;
    // Keep building into a sink instruction so indices stay valid; the result is discarded.
    if (!insts_.empty()) return static_cast<uint32_t>(insts_.size() - 1);
  }
  insts_.push_back(inst);
  return static_cast<uint32_t>(insts_.size() - 1);
}

// A large template writes ~10 MB of instructions into fresh memory, one page fault per 4 KiB
// (runtime/memory.h): a third of its compile time on a VM. The reserved vector is mapped ahead of
// the writes instead, in 2 MiB-aligned steps that the kernel can back with huge pages; a small
// template maps one step.
void NfaBuilder::PrefaultAhead() {
  constexpr uintptr_t kStep = uintptr_t{2} << 20, kAhead = uintptr_t{1} << 20;
  auto* data = reinterpret_cast<char*>(insts_.data());
  if (data == nullptr) return;
  if (data != prefaulted_data_) {  // a new buffer (the vector outgrew its reserve)
    prefaulted_data_ = data;
    prefaulted_end_ = reinterpret_cast<uintptr_t>(data);
  }
  const auto used_end = reinterpret_cast<uintptr_t>(data + insts_.size() * sizeof(rt::Inst));
  const auto capacity_end =
      reinterpret_cast<uintptr_t>(data + insts_.capacity() * sizeof(rt::Inst));
  if (used_end + kAhead <= prefaulted_end_) return;
  const uintptr_t end = std::min(capacity_end, (used_end + kAhead + kStep - 1) & ~(kStep - 1));
  if (end <= prefaulted_end_) return;
  rt::PrefaultForWrite(reinterpret_cast<void*>(prefaulted_end_), end - prefaulted_end_);
  prefaulted_end_ = end;
}

uint32_t& NfaBuilder::HoleField(uint32_t hole) {
  rt::Inst& inst = insts_[hole >> 1];
  return (hole & 1) != 0 ? inst.out1 : inst.out;
}

NfaBuilder::Holes NfaBuilder::Hole(uint32_t pc, bool out1) {
  const uint32_t h = (pc << 1) | (out1 ? 1u : 0u);
  // Past the budget Emit hands out one sink instruction again and again, so lists could loop;
  // the automaton is discarded then, and lists are neither linked nor walked.
  if (!over_budget_) HoleField(h) = Holes::kEnd;
  return {h, h};
}

NfaBuilder::Holes NfaBuilder::Join(Holes a, Holes b) {
  if (a.head == Holes::kEnd) return b;
  if (b.head == Holes::kEnd) return a;
  if (!over_budget_) HoleField(a.tail) = b.head;
  return {a.head, b.tail};
}

// A fragment built and then dropped keeps its exit list threaded through its fields. It is
// unreachable, but the image validator checks every jump, so its exits go to the match.
void NfaBuilder::CloseDanglingExits(size_t from, uint32_t target) {
  if (over_budget_) return;
  const size_t n = insts_.size();
  for (size_t pc = from; pc < n; ++pc) {
    rt::Inst& inst = insts_[pc];
    if (inst.out >= n) inst.out = target;
    if (inst.op == rt::Op::kSplit && inst.out1 >= n) inst.out1 = target;
  }
}

void NfaBuilder::Patch(Holes holes, uint32_t target) {
  if (over_budget_) return;
  for (uint32_t h = holes.head; h != Holes::kEnd;) {
    uint32_t& field = HoleField(h);
    h = field;
    field = target;
  }
}

NfaBuilder::Frag NfaBuilder::Byte(uint8_t lo, uint8_t hi) {
  uint32_t pc = Emit({rt::Op::kByteRange, lo, hi, rt::Assertion::kLineStart, 0, 0});
  return {pc, Hole(pc, false), 1, 1};
}

NfaBuilder::Frag NfaBuilder::BothCases(uint8_t letter) {
  uint32_t pc = Emit({rt::Op::kBytePair, static_cast<uint8_t>(letter | 0x20),
                      static_cast<uint8_t>(letter & ~0x20), rt::Assertion::kLineStart, 0, 0});
  return {pc, Hole(pc, false), 1, 1};
}

// An epsilon: a Split whose two branches go to the same place acts as a no-op.
NfaBuilder::Frag NfaBuilder::Empty() {
  uint32_t pc = Emit({rt::Op::kSplit, 0, 0, rt::Assertion::kLineStart, 0, 0});
  return {pc, Join(Hole(pc, false), Hole(pc, true)), 0, 0};
}

NfaBuilder::Frag NfaBuilder::Save(uint32_t slot) {
  uint32_t pc = Emit({rt::Op::kSave, 0, 0, rt::Assertion::kLineStart, 0, slot});
  return {pc, Hole(pc, false), 0, 0};
}

NfaBuilder::Frag NfaBuilder::Assert(rt::Assertion a) {
  uint32_t pc = Emit({rt::Op::kAssert, 0, 0, a, 0, 0});
  return {pc, Hole(pc, false), 0, 0};
}

NfaBuilder::Frag NfaBuilder::Seq(Frag a, Frag b) {
  Patch(a.holes, b.start);
  return {a.start, b.holes, a.min_w + b.min_w, a.max_w + b.max_w};
}

NfaBuilder::Frag NfaBuilder::Alt(Frag a, Frag b) {
  uint32_t pc = Emit({rt::Op::kSplit, 0, 0, rt::Assertion::kLineStart, a.start, b.start});
  return {pc, Join(a.holes, b.holes), std::min(a.min_w, b.min_w), std::max(a.max_w, b.max_w)};
}

NfaBuilder::Frag NfaBuilder::Optional(Frag a, bool greedy) {
  uint32_t pc = greedy ? Emit({rt::Op::kSplit, 0, 0, rt::Assertion::kLineStart, a.start, 0})
                       : Emit({rt::Op::kSplit, 0, 0, rt::Assertion::kLineStart, 0, a.start});
  return {pc, Join(a.holes, Hole(pc, /*out1=*/greedy)), 0, a.max_w};
}

NfaBuilder::Frag NfaBuilder::Star(Frag a, bool greedy, uint32_t max_w) {
  uint32_t pc = greedy ? Emit({rt::Op::kSplit, 0, 0, rt::Assertion::kLineStart, a.start, 0})
                       : Emit({rt::Op::kSplit, 0, 0, rt::Assertion::kLineStart, 0, a.start});
  Patch(a.holes, pc);  // back to the split: the loop
  return {pc, Hole(pc, /*out1=*/greedy), 0, max_w};
}

NfaBuilder::Frag NfaBuilder::OptionalSpaces() {
  Frag second = Optional(Alt(Byte(' ', ' '), Byte('\t', '\t')), /*greedy=*/true);
  Frag first = Alt(Byte(' ', ' '), Byte('\t', '\t'));
  return Optional(Seq(std::move(first), std::move(second)), /*greedy=*/true);
}

NfaBuilder::Frag NfaBuilder::Literal(std::string_view text) {
  if (text.empty()) return Empty();
  std::optional<Frag> acc;
  for (unsigned char c : text) {
    Frag b = IsAsciiLetter(c) ? BothCases(c) : Byte(c, c);
    acc = acc ? Seq(std::move(*acc), std::move(b)) : std::move(b);
  }
  return std::move(*acc);
}

// Byte sequences share their common suffixes (most end in the same continuation-byte ranges), as
// RE2's compiler does: a gap's code point costs a few dozen instructions instead of hundreds,
// which keeps lazy-DFA states small.
NfaBuilder::Frag NfaBuilder::Ranges(const CodePointRanges& ranges) {
  // The same classes recur in every unrolled repetition and inlined pattern; splitting them into
  // UTF-8 sequences was a quarter of the compile time before this cache.
  auto it = sequence_cache_.find(ranges);
  if (it == sequence_cache_.end()) it = sequence_cache_.emplace(ranges, Utf8Sequences(ranges)).first;
  return Sequences(it->second);
}

const NfaBuilder::SequencePlan& NfaBuilder::PlanFor(const std::vector<ByteSequence>& seqs) {
  auto [it, inserted] = plan_cache_.try_emplace(&seqs);
  SequencePlan& plan = it->second;
  if (!inserted) return plan;
  std::map<std::vector<std::pair<uint8_t, uint8_t>>, uint32_t> suffix_step;
  for (const ByteSequence& seq : seqs) {
    uint32_t next = rt::kNoPos;
    std::vector<std::pair<uint8_t, uint8_t>> suffix;
    for (size_t i = seq.size(); i-- > 0;) {
      suffix.insert(suffix.begin(), {seq[i].lo, seq[i].hi});
      auto found = suffix_step.find(suffix);
      if (found != suffix_step.end()) {
        next = found->second;
        continue;
      }
      plan.steps.push_back({seq[i].lo, seq[i].hi, next});
      next = static_cast<uint32_t>(plan.steps.size() - 1);
      suffix_step[suffix] = next;
    }
    plan.entries.push_back(next);
    plan.min_w = std::min<uint32_t>(plan.min_w, seq.size());
    plan.max_w = std::max<uint32_t>(plan.max_w, seq.size());
  }
  return plan;
}

NfaBuilder::Frag NfaBuilder::Sequences(const std::vector<ByteSequence>& seqs) {
  if (seqs.empty()) {
    uint32_t pc = Emit({rt::Op::kFail, 0, 0, rt::Assertion::kLineStart, 0, 0});
    return {pc, {}, 0, 0};  // kFail: no exits
  }
  const SequencePlan& plan = PlanFor(seqs);
  step_pc_.resize(plan.steps.size());
  Frag f;
  f.min_w = plan.min_w;
  f.max_w = plan.max_w;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const SequencePlan::Step& s = plan.steps[i];
    const bool exit = s.next == rt::kNoPos;
    uint32_t pc = Emit({rt::Op::kByteRange, s.lo, s.hi, rt::Assertion::kLineStart,
                        exit ? 0 : step_pc_[s.next], 0});
    if (exit) f.holes = Join(f.holes, Hole(pc, false));
    step_pc_[i] = pc;
  }
  // Alternatives are disjoint (different first bytes), so their order does not matter.
  uint32_t start = step_pc_[plan.entries.back()];
  for (size_t i = plan.entries.size() - 1; i-- > 0;) {
    start = Emit({rt::Op::kSplit, 0, 0, rt::Assertion::kLineStart, step_pc_[plan.entries[i]], start});
  }
  f.start = start;
  return f;
}

NfaBuilder::Frag NfaBuilder::GapChars(ast::GapKind kind, int min, int max) {
  // Documents are matched after normalisation, which leaves only valid UTF-8.
  static const std::vector<ByteSequence> clause_ok =
      LooseComplementSequences(BoundaryRanges(ast::GapKind::kClause));
  static const std::vector<ByteSequence> sentence_ok =
      LooseComplementSequences(BoundaryRanges(ast::GapKind::kSentence));
  const std::vector<ByteSequence>& ok =
      kind == ast::GapKind::kSentence ? sentence_ok : clause_ok;
  Frag acc = Empty();
  for (int i = 0; i < min; ++i) acc = Seq(std::move(acc), Sequences(ok));
  if (Widens(min, max)) {  // a code point always takes a byte or more
    Frag x = Sequences(ok);
    const uint32_t max_w = RepeatedWidth(x.max_w, max - min);
    return Seq(std::move(acc), Star(std::move(x), /*greedy=*/false, max_w));
  }
  // Lazy: prefer the fewest code points. Built inside-out: opt(x opt(x ...)).
  if (max > min) {
    std::optional<Frag> tail;
    for (int i = max - min; i > 0; --i) {
      Frag x = Sequences(ok);
      if (tail) x = Seq(std::move(x), std::move(*tail));
      tail = Optional(std::move(x), /*greedy=*/false);
    }
    acc = Seq(std::move(acc), std::move(*tail));
  }
  return acc;
}

NfaBuilder::Frag NfaBuilder::Repeat(const ast::Pattern& child, int min, int max, bool greedy,
                                    int depth) {
  if (max < 0) max = min;  // unreachable: the checker rejects unbounded repeats (E0303)
  Frag acc = Empty();
  for (int i = 0; i < min; ++i) acc = Seq(std::move(acc), Compile(child, depth + 1));
  // The optional copies, built inside-out: opt(x opt(x ...)).
  std::optional<Frag> tail;
  int copies = max - min;
  if (Widens(min, max)) {
    Frag x = Compile(child, depth + 1);
    if (x.min_w > 0) {
      const uint32_t max_w = RepeatedWidth(x.max_w, copies);
      return Seq(std::move(acc), Star(std::move(x), greedy, max_w));
    }
    // x may match nothing, and a loop over it would be an epsilon loop: it stays unrolled, with
    // x as the innermost copy.
    tail = Optional(std::move(x), greedy);
    --copies;
  }
  for (int i = copies; i > 0; --i) {
    Frag x = Compile(child, depth + 1);
    if (tail) x = Seq(std::move(x), std::move(*tail));
    tail = Optional(std::move(x), greedy);
  }
  if (tail) acc = Seq(std::move(acc), std::move(*tail));
  return acc;
}

// A byte trie over the phrases (normalised, ASCII-folded). Where a phrase ends and a longer one
// continues, the longer is preferred, so a lexicon matches its longest phrase at a position.
NfaBuilder::Frag NfaBuilder::LexiconTrie(const check::LexiconDef& lexicon,
                                         const std::string& key) {
  struct Node {
    std::map<uint8_t, std::unique_ptr<Node>> next;
    bool terminal = false;
  };
  Node root;
  uint32_t min_w = UINT32_MAX, max_w = 0;
  for (const ast::LexiconEntry& e : lexicon.decl.entries) {
    if (!key.empty() && e.key != key) continue;
    for (const std::string& phrase : e.phrases) {
      std::string folded = FoldAscii(NormalizeLiteral(phrase));
      if (folded.empty()) continue;
      Node* n = &root;
      for (unsigned char c : folded) {
        auto& slot = n->next[c];
        if (!slot) slot = std::make_unique<Node>();
        n = slot.get();
      }
      n->terminal = true;
      min_w = std::min<uint32_t>(min_w, folded.size());
      max_w = std::max<uint32_t>(max_w, folded.size());
    }
  }
  if (root.next.empty()) {
    uint32_t pc = Emit({rt::Op::kFail, 0, 0, rt::Assertion::kLineStart, 0, 0});
    return {pc, {}, 0, 0};  // kFail: no exits
  }
  // Iterative post-order would avoid recursion, but trie depth is bounded by the longest phrase.
  // Every child's path first, then the node's splits one after another: the engines walk a
  // node's chain of splits testing each child's first byte (BitState for the captures), and
  // consecutive splits share cache lines, where a split emitted between two children's subtrees
  // was a cache miss of its own.
  auto build = [&](auto&& self, const Node& n) -> Frag {
    if (n.next.empty()) return Empty();  // a leaf: the phrase ends here
    std::vector<Frag> paths;  // the last child's first
    paths.reserve(n.next.size());
    for (auto it = n.next.rbegin(); it != n.next.rend(); ++it) {
      uint8_t c = it->first;
      Frag edge = IsAsciiLetter(c) ? BothCases(c) : Byte(c, c);
      paths.push_back(Seq(std::move(edge), self(self, *it->second)));
    }
    Frag branches = std::move(paths.front());
    for (size_t i = 1; i < paths.size(); ++i) {
      branches = Alt(std::move(paths[i]), std::move(branches));
    }
    if (n.terminal) return Optional(std::move(branches), /*greedy=*/true);
    return branches;
  };
  Frag f = build(build, root);
  f.min_w = min_w;
  f.max_w = max_w;
  return f;
}

ast::Pattern NfaBuilder::RecognizerPattern(const check::Type& type) {
  ast::Pattern ref;
  ref.kind = ast::PatternKind::kRef;
  if (type.value == rt::ValueType::kKey) {
    ref.ref_kind = ast::Pattern::RefKind::kLexicon;
    ref.resolved = type.lexicon;
  } else {
    ref.ref_kind = ast::Pattern::RefKind::kPattern;
    ref.resolved = fmt::format("std.values.{}", rt::ValueTypeName(type.value));
  }
  return ref;
}

uint32_t NfaBuilder::CaptureIndex(const std::string& name, const check::Type& type) {
  ++capture_uses_;
  for (uint32_t i = 0; i < captures_.size(); ++i) {
    if (captures_[i].name == name) return i;
  }
  captures_.push_back({name, type});
  return static_cast<uint32_t>(captures_.size() - 1);
}

// A reference compiles to the same block wherever it is inlined, unless it contains a capture
// (its slots depend on the rule) or the inlining depth limit cuts it short; those are compiled
// every time, everything else once (see fragment_cache.h).
NfaBuilder::Frag NfaBuilder::CompileRef(const ast::Pattern& p, int depth) {
  const check::LexiconDef* lexicon = nullptr;
  const ast::Pattern* target = nullptr;
  if (p.ref_kind == ast::Pattern::RefKind::kLexicon) {
    auto it = checked_.lexicon_index.find(p.resolved);
    if (it == checked_.lexicon_index.end()) return Empty();
    lexicon = &checked_.lexicons[it->second];
  } else {
    auto it = checked_.pattern_index.find(p.resolved);
    if (it == checked_.pattern_index.end()) return Empty();
    target = &checked_.patterns[it->second].pattern;
  }
  FragmentKey key{lexicon ? static_cast<const void*>(lexicon) : target,
                  lexicon ? p.resolved_key : std::string()};
  auto cached = fragment_cache_.find(key);
  if (cached != fragment_cache_.end()) {
    const CachedFragment& c = cached->second;
    const size_t n = c.insts.size();
    // Near a budget the reference is compiled again, so E0501 is reported exactly as before.
    if (depth + c.height <= kMaxDepth && insts_.size() - build_start_ + n <= max_insts_ &&
        insts_.size() + n <= max_total_insts_) {
      max_depth_seen_ = std::max(max_depth_seen_, depth + c.height);
      const uint32_t base = AppendFragment(insts_, c, Holes::kEnd);
      Frag f{base + c.start, {}, c.min_w, c.max_w};
      if (!c.exits.empty()) f.holes = {c.exits.front() + 2 * base, c.exits.back() + 2 * base};
      return f;
    }
  }
  const uint32_t begin = static_cast<uint32_t>(insts_.size());
  const int outer_max_depth = max_depth_seen_;
  const size_t outer_captures = capture_uses_;
  max_depth_seen_ = depth;
  Frag f = lexicon ? LexiconTrie(*lexicon, p.resolved_key) : Compile(*target, depth + 1);
  const int height = max_depth_seen_ - depth;
  max_depth_seen_ = std::max(outer_max_depth, max_depth_seen_);
  if (cached == fragment_cache_.end() && !over_budget_ && capture_uses_ == outer_captures) {
    if (auto block = RecordFragment(insts_, begin, f.start, f.holes.head, Holes::kEnd)) {
      block->min_w = f.min_w;
      block->max_w = f.max_w;
      block->height = height;
      fragment_cache_.emplace(std::move(key), std::move(*block));
    }
  }
  return f;
}

NfaBuilder::Frag NfaBuilder::Compile(const ast::Pattern& p, int depth) {
  if (depth > kMaxDepth || over_budget_) {
    over_budget_ = true;
    return Empty();
  }
  max_depth_seen_ = std::max(max_depth_seen_, depth);
  switch (p.kind) {
    case ast::PatternKind::kLiteral:
      return Literal(NormalizeLiteral(p.text));
    case ast::PatternKind::kClass: {
      CodePointRanges ranges(p.cls.ranges.begin(), p.cls.ranges.end());
      auto add_property = [&](const std::string& prop, bool negated) {
        UErrorCode status = U_ZERO_ERROR;
        std::string spec = fmt::format("[{}p{{{}}}]", negated ? "\\P" : "\\", prop);
        spec = negated ? fmt::format("[\\P{{{}}}]", prop) : fmt::format("[\\p{{{}}}]", prop);
        icu::UnicodeSet set(icu::UnicodeString::fromUTF8(spec), status);
        if (U_FAILURE(status)) return;  // the checker reported E0305
        for (int32_t i = 0; i < set.getRangeCount(); ++i) {
          ranges.push_back({static_cast<char32_t>(set.getRangeStart(i)),
                            static_cast<char32_t>(set.getRangeEnd(i))});
        }
      };
      for (const auto& prop : p.cls.properties) add_property(prop, false);
      for (const auto& prop : p.cls.negated_properties) add_property(prop, true);
      // Latin letters in classes are case-insensitive, like literals.
      CodePointRanges folded = ranges;
      for (auto [lo, hi] : ranges) {
        char32_t a = std::max<char32_t>(lo, 'a'), b = std::min<char32_t>(hi, 'z');
        if (a <= b) folded.push_back({a - 32, b - 32});
        a = std::max<char32_t>(lo, 'A'), b = std::min<char32_t>(hi, 'Z');
        if (a <= b) folded.push_back({a + 32, b + 32});
      }
      folded = Canonicalize(folded);
      Frag f = Ranges(p.cls.negated ? Complement(folded) : folded);
      return f;
    }
    case ast::PatternKind::kAny:
      return GapChars(ast::GapKind::kClause, 1, 1);
    case ast::PatternKind::kGap:
      return GapChars(p.gap_kind, p.min, p.max);
    case ast::PatternKind::kAnchor:
      return Assert(AssertionOf(p.anchor));
    case ast::PatternKind::kSequence: {
      if (p.children.empty()) return Empty();
      Frag acc = Compile(p.children[0], depth + 1);
      for (size_t i = 1; i < p.children.size(); ++i) {
        acc = Seq(std::move(acc), Compile(p.children[i], depth + 1));
      }
      return acc;
    }
    case ast::PatternKind::kAlternation: {
      if (p.children.empty()) return Empty();
      Frag acc = Compile(p.children.back(), depth + 1);
      for (size_t i = p.children.size() - 1; i-- > 0;) {
        acc = Alt(Compile(p.children[i], depth + 1), std::move(acc));
      }
      return acc;
    }
    case ast::PatternKind::kRepeat:
      if (p.children.empty()) return Empty();
      return Repeat(p.children[0], p.min, p.max, /*greedy=*/true, depth);
    case ast::PatternKind::kRef:
      return CompileRef(p, depth);
    case ast::PatternKind::kCapture: {
      check::Type type = ResolveCaptureType(checked_, p.capture_type);
      uint32_t k = CaptureIndex(p.capture_name, type);
      Frag body;  // assigned on every path below (a discarded fragment would leave dangling exits)
      if (!p.children.empty()) {
        body = Compile(p.children[0], depth + 1);
      } else {
        ast::Pattern item = RecognizerPattern(type);
        if (type.is_list) {
          // T (sep T){0,7}: "A、B和C", "A, B and C". Spaces around separators are optional.
          ast::Pattern sep;
          sep.kind = ast::PatternKind::kRef;
          sep.ref_kind = ast::Pattern::RefKind::kPattern;
          sep.resolved = "std.values.sep";
          ast::Pattern space;
          space.kind = ast::PatternKind::kLiteral;
          space.text = " ";
          ast::Pattern opt_space;
          opt_space.kind = ast::PatternKind::kRepeat;
          opt_space.min = 0;
          opt_space.max = 2;
          opt_space.children = {space};
          ast::Pattern more;
          more.kind = ast::PatternKind::kSequence;
          more.children = {opt_space, sep, opt_space, item};
          ast::Pattern list;
          list.kind = ast::PatternKind::kSequence;
          ast::Pattern rep;
          rep.kind = ast::PatternKind::kRepeat;
          rep.min = 0;
          rep.max = 7;
          rep.children = {more};
          list.children = {item, rep};
          body = Compile(list, depth + 1);
        } else {
          body = Compile(item, depth + 1);
        }
      }
      // Up to two spaces may stand on either side of a capture, outside its span: English puts
      // a space between a phrase and its value ("up 8.8 percent"), scraped Chinese sometimes
      // does too, and rules should not have to spell it out.
      Frag f = Seq(OptionalSpaces(), Save(2 * k + 2));
      f = Seq(std::move(f), std::move(body));
      f = Seq(std::move(f), Save(2 * k + 3));
      return Seq(std::move(f), OptionalSpaces());
    }
  }
  return Empty();
}

std::optional<BuiltAutomaton> NfaBuilder::Build(const ast::Pattern& pattern, SourceSpan span,
                                                std::string_view what, Diagnostics& diagnostics) {
  captures_.clear();
  over_budget_ = false;
  size_t before = insts_.size();
  build_start_ = before;
  PrefaultAhead();
  Frag body = Compile(pattern, 0);
  Frag f = Seq(Save(0), std::move(body));
  f = Seq(std::move(f), Save(1));
  uint32_t match = Emit({rt::Op::kMatch, 0, 0, rt::Assertion::kLineStart, 0, 0});
  Patch(f.holes, match);
  CloseDanglingExits(before, match);
  if (over_budget_) {
    bool template_full = insts_.size() >= max_total_insts_;
    insts_.resize(before);
    diagnostics.Error(span, "E0501",
                      template_full
                          ? fmt::format("{} does not fit: the template needs more than {} "
                                        "automaton instructions in all",
                                        what, max_total_insts_)
                          : fmt::format("{} is too large to compile: it needs more than {} "
                                        "automaton instructions",
                                        what, max_insts_),
                      "narrow its gaps and repetitions, or split it into several rules");
    return std::nullopt;
  }
  BuiltAutomaton out;
  out.automaton.start = f.start;
  out.automaton.num_slots = static_cast<uint32_t>(2 + 2 * captures_.size());
  out.automaton.min_width = f.min_w;
  out.automaton.max_width = f.max_w;
  // Everything since `before` is this automaton's, and its jumps stay inside (see rt::Automaton).
  out.automaton.insts_begin = static_cast<uint32_t>(before);
  out.automaton.insts_end = static_cast<uint32_t>(insts_.size());
  out.captures = captures_;
  return out;
}

std::optional<BuiltAutomaton> NfaBuilder::BuildRecognizer(const check::Type& type,
                                                          SourceSpan span,
                                                          Diagnostics& diagnostics) {
  check::Type single = type;
  single.is_list = false;
  return Build(RecognizerPattern(single), span, "a list item recognizer", diagnostics);
}

}  // namespace rptc::automaton

// Tested by tests/compiler/automaton/literals_test.cc.
#include "compiler/automaton/literals.h"
#include "compiler/automaton/utf8_ranges.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

#include "compiler/automaton/nfa_builder.h"

namespace rptc::automaton {

namespace {

constexpr size_t kMaxExact = 256;      // largest finite language we track exactly
constexpr size_t kMaxProduct = 64;     // largest cross product of adjacent exact parts
constexpr size_t kMaxEdgeStrings = 16; // an edge set keeps whole strings up to this many
constexpr size_t kMaxEdge = 128;       // largest edge set (see Info::first)
constexpr size_t kMaxJunction = 256;   // largest set of junction literals (see Sequence)
constexpr int kMaxDepth = 400;

// Words that occur in nearly every sentence of a work report: as anchors they wake the
// verifier constantly. A penalty, not a ban. The second group was measured on the six reports
// of shared/corpus (78,689 Han characters): each two-character word there occurs at least twice
// per 1,000 Han characters (发展 6.8, 建设 6.1, 工作 2.6), where a typical one is far rarer
// (回顾 0.14, 生产总值 0.25); the model rated them all alike, and "工作" anchored a rule whose
// "回顾" occurs 18 times less often.
const std::set<std::string>& FrequentWords() {
  static const std::set<std::string> words = {
      "增长", "增加", "达到", "完成", "提高", "下降", "同比", "比上年", "亿元", "万元", "元",
      "万", "亿", "%", "是", "的", "和", "年", "为", "在", "以上", "左右", "以内", "个",
      "and", "the", "of", "in", "up", "to", "by", "a", "yuan", "percent", "year",
      "发展", "建设", "产业", "企业", "项目", "推进", "经济", "服务", "提升", "加快", "工作",
      "创新", "社会", "城市", "重点",
  };
  return words;
}

// The share of positions where a guard's assertion holds, roughly, in report text: a guarded
// literal is verified only there (runtime/program.h Anchor). Clauses run ~10 characters,
// sentences ~40, paragraphs ~150 in shared/corpus.
double GuardShare(uint8_t guard) {
  switch (static_cast<rt::Assertion>(guard)) {
    case rt::Assertion::kLineStart:
    case rt::Assertion::kParaStart:
      return 0.1;
    case rt::Assertion::kSentenceStart:
      return 0.2;
    case rt::Assertion::kClauseStart:
      return 0.3;
    case rt::Assertion::kWordBoundary:
      return 0.5;
  }
  return 1;  // kNoAnchorGuard
}

// Estimated information in a literal, in "characters of selectivity".
// Han characters carry about 2.5 "letters" of information each, Latin letters 1.5; CJK and
// full-width punctuation (、。《》“”) almost none. A literal of one character is common whatever
// it is, so it is penalised on top.
double Quality(const std::string& lit) {
  double q = 0;
  int chars = 0;
  for (size_t i = 0; i < lit.size();) {
    unsigned char c = lit[i];
    ++chars;
    if (c < 0x80) {
      q += std::isalpha(c) ? 1.5 : std::isdigit(c) ? 0.7 : 0.3;
      ++i;
    } else {
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      // U+2000-U+206F general punctuation (“”—…), U+3000-U+303F CJK punctuation, U+FF00-U+FF0F.
      bool punct = (c == 0xE2 && static_cast<unsigned char>(lit[i + 1]) == 0x80) ||
                   (c == 0xE3 && static_cast<unsigned char>(lit[i + 1]) == 0x80) ||
                   (c == 0xEF && static_cast<unsigned char>(lit[i + 1]) == 0xBC);
      q += punct ? 0.3 : 2.5;
      i += len;
    }
  }
  if (chars == 1) q -= 1.5;
  if (FrequentWords().count(lit)) q -= 3;
  return q;
}

// A literal's estimated hit rate. The analysis weighs the same lexicon phrases again for every
// rule and every sub-pattern that contains them, so the rates are memoised per thread.
double HitRate(const std::string& lit) {
  thread_local std::unordered_map<std::string, double> rates;
  if (auto it = rates.find(lit); it != rates.end()) return it->second;
  if (rates.size() > 100000) rates.clear();  // bounded: a template has far fewer literals
  const double rate = std::exp(-1.2 * Quality(lit));
  rates.emplace(lit, rate);
  return rate;
}

// The estimated hit rate of a set: its literals' rates, each scaled by its guard's share when
// `guards` is given (the same size as lits).
double Cost(const std::vector<std::string>& lits, std::string* weakest,
            const std::vector<uint8_t>* guards = nullptr) {
  double total = 0, worst = -1;
  for (size_t i = 0; i < lits.size(); ++i) {
    const double c = HitRate(lits[i]) * (guards != nullptr ? GuardShare((*guards)[i]) : 1);
    total += c;
    if (c > worst) {
      worst = c;
      if (weakest) *weakest = lits[i];
    }
  }
  return total;
}

// What a part's strings begin or end with (note [junction literals]): every non-empty string
// of the language starts (for `first`) or ends (for `last`) with one of these non-empty strings.
// nullptr when unknown or too many.
// Shared, because an Info is copied wherever its pattern is referenced (the memo hands out copies).
using Edge = std::shared_ptr<const std::vector<std::string>>;

Edge Known(std::vector<std::string> strings) {
  return std::make_shared<const std::vector<std::string>>(std::move(strings));
}

const Edge& NoStrings() {
  static const Edge empty = Known({});
  return empty;
}

struct Info {
  std::optional<std::vector<std::string>> exact;  // the finite language, when small
  std::optional<AnchorSet> required;
  uint32_t max_w = 0;
  bool nullable = false;  // the language may hold the empty string
  Edge first, last;
  uint8_t assertion = rt::kNoAnchorGuard;  // a zero-width assertion part: which one
};

// The UTF-8 length of the character that starts at s[i].
size_t CharLen(unsigned char c) { return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2; }

// An edge set kept small: whole strings while there are few, else their first (or last)
// characters, else unknown.
Edge Trim(std::vector<std::string> edge, bool at_end) {
  std::sort(edge.begin(), edge.end());
  edge.erase(std::unique(edge.begin(), edge.end()), edge.end());
  if (edge.size() <= kMaxEdgeStrings) return Known(std::move(edge));
  std::vector<std::string> chars;
  for (const std::string& e : edge) {
    if (!at_end) {
      chars.push_back(e.substr(0, std::min(e.size(), CharLen(e[0]))));
      continue;
    }
    size_t i = e.size() - 1;  // back to the last character's lead byte
    while (i > 0 && (static_cast<unsigned char>(e[i]) & 0xC0) == 0x80) --i;
    chars.push_back(e.substr(i));
  }
  std::sort(chars.begin(), chars.end());
  chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
  if (chars.size() > kMaxEdge) return nullptr;
  return Known(std::move(chars));
}

// The nullability and edges of a part whose language is `strings` (a literal, a small class, a
// lexicon, any finite language the analysis keeps).
void SetEdges(Info& info, const std::vector<std::string>& strings) {
  std::vector<std::string> nonempty;
  for (const std::string& e : strings) {
    if (e.empty()) {
      info.nullable = true;
    } else {
      nonempty.push_back(e);
    }
  }
  info.first = Trim(nonempty, /*at_end=*/false);
  info.last = Trim(std::move(nonempty), /*at_end=*/true);
}

// Each string of `edge` with up to `spaces` spaces before (or after) it.
Edge WithSpaces(const Edge& edge, int spaces, bool after) {
  if (!edge) return nullptr;
  std::vector<std::string> out;
  for (const std::string& e : *edge) {
    for (int k = 0; k <= spaces; ++k) {
      out.push_back(after ? e + std::string(k, ' ') : std::string(k, ' ') + e);
    }
  }
  if (out.size() > kMaxEdge) return nullptr;
  return Known(std::move(out));
}

Edge Union(const Edge& a, const Edge& b, bool at_end) {
  if (!a || !b) return nullptr;
  if (a->empty()) return b;
  if (b->empty()) return a;
  std::vector<std::string> out = *a;
  out.insert(out.end(), b->begin(), b->end());
  return Trim(std::move(out), at_end);
}

// Literals with the bytes a match can start before each of them, and their guards (AnchorSet).
struct Candidates {
  std::vector<std::string> literals;
  std::vector<uint32_t> befores;
  std::vector<uint8_t> guards;
  std::vector<uint32_t> offsets;  // AnchorSet::prefix_offsets
  void Add(const std::string& literal, uint32_t before, uint8_t guard = rt::kNoAnchorGuard,
           uint32_t offset = 0) {
    literals.push_back(literal);
    befores.push_back(before);
    guards.push_back(guard);
    offsets.push_back(offset);
  }
  void AddAll(const std::vector<std::string>& lits, uint32_t before,
              uint8_t guard = rt::kNoAnchorGuard) {
    for (const auto& l : lits) Add(l, before, guard);
  }
  // `at_start`: an assertion that holds where the set's part begins, which guards the literals
  // that begin it (before 0) and have no guard of their own.
  void AddSet(const AnchorSet& set, uint32_t shift, uint8_t at_start = rt::kNoAnchorGuard) {
    for (size_t i = 0; i < set.literals.size(); ++i) {
      const uint8_t own = set.guards[i];
      Add(set.literals[i], set.befores[i] + shift,
          own != rt::kNoAnchorGuard ? own : set.befores[i] == 0 ? at_start : rt::kNoAnchorGuard,
          set.prefix_offsets[i]);
    }
  }
};

// Keeps the cheaper of `best` and the candidates; true if they replaced it. `cap` bounds the
// candidates' estimated cost where more is known than their literals' own rates.
bool Consider(std::optional<AnchorSet>& best, const Candidates& c,
              double cap = std::numeric_limits<double>::infinity()) {
  if (c.literals.empty()) return false;
  for (const auto& l : c.literals) {
    if (l.empty()) return false;  // a match could contain no literal
  }
  // Sorted by literal; a literal that occurs in several places keeps its widest before, and a
  // guard only if every place has that same guard.
  std::vector<size_t> order(c.literals.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(c.literals[a], c.befores[b]) < std::tie(c.literals[b], c.befores[a]);
  });
  AnchorSet s;
  for (size_t i : order) {
    if (!s.literals.empty() && s.literals.back() == c.literals[i]) {
      if (s.guards.back() != c.guards[i]) s.guards.back() = rt::kNoAnchorGuard;
      if (s.prefix_offsets.back() != c.offsets[i]) s.prefix_offsets.back() = kNoPrefixOffset;
      continue;
    }
    s.literals.push_back(c.literals[i]);
    s.befores.push_back(c.befores[i]);
    s.guards.push_back(c.guards[i]);
    s.prefix_offsets.push_back(c.offsets[i]);
    s.max_before = std::max(s.max_before, c.befores[i]);
  }
  const uint32_t before = s.max_before;
  s.cost = std::min(Cost(s.literals, &s.weakest, &s.guards), cap);
  // On a tie the set with more guarded literals wins: the same literals, fewer verifications.
  auto guarded = [](const AnchorSet& a) {
    return std::count_if(a.guards.begin(), a.guards.end(),
                         [](uint8_t g) { return g != rt::kNoAnchorGuard; });
  };
  if (!best || s.cost < best->cost || (s.cost == best->cost && before < best->max_before) ||
      (s.cost == best->cost && before == best->max_before && guarded(s) > guarded(*best))) {
    best = std::move(s);
    return true;
  }
  return false;
}

std::optional<std::vector<std::string>> Product(const std::vector<std::string>& a,
                                                const std::vector<std::string>& b) {
  if (a.size() * b.size() > kMaxProduct) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& x : a)
    for (const auto& y : b) out.push_back(x + y);
  return out;
}

// note [reverse prefix]: the prefix of a required set (AnchorSet::prefix) is built alongside it.
// A literal or lexicon phrase is its own occurrence, with nothing before it; a sequence's set from
// part i has the parts before i, then part i's own prefix; an alternation's is the alternation of
// its branches' prefixes; a capture puts its optional spaces first. The prefixes are copies of
// AST nodes (mostly references to named patterns), made where a part's set becomes the best.
using PatternPtr = std::shared_ptr<const ast::Pattern>;

const PatternPtr& NothingBefore() {
  static const PatternPtr empty = std::make_shared<const ast::Pattern>();  // an empty sequence
  return empty;
}

bool IsNothing(const ast::Pattern& p) {
  return p.kind == ast::PatternKind::kSequence && p.children.empty();
}

// The first `first` parts of `children`, then `last` if `with_last`: null if `last` is unknown.
PatternPtr PartsThen(const std::vector<ast::Pattern>& children, size_t first, const PatternPtr& last,
                     bool with_last) {
  if (with_last && !last) return nullptr;
  if (first == 0) return with_last ? last : NothingBefore();
  ast::Pattern seq;
  seq.kind = ast::PatternKind::kSequence;
  seq.children.assign(children.begin(), children.begin() + static_cast<std::ptrdiff_t>(first));
  if (with_last && !IsNothing(*last)) seq.children.push_back(*last);
  return std::make_shared<const ast::Pattern>(std::move(seq));
}

// The alternation of known prefixes.
PatternPtr AnyOf(const std::vector<PatternPtr>& prefixes) {
  bool all_nothing = true;
  for (const PatternPtr& p : prefixes) all_nothing = all_nothing && IsNothing(*p);
  if (all_nothing) return NothingBefore();
  ast::Pattern alt;
  alt.kind = ast::PatternKind::kAlternation;
  for (const PatternPtr& p : prefixes) alt.children.push_back(*p);
  return std::make_shared<const ast::Pattern>(std::move(alt));
}

// The optional spaces NfaBuilder puts around a capture: [ \t]{0,2}.
ast::Pattern CaptureSpaces() {
  ast::Pattern space;
  space.kind = ast::PatternKind::kClass;
  space.cls.ranges = {{U'\t', U'\t'}, {U' ', U' '}};
  ast::Pattern spaces;
  spaces.kind = ast::PatternKind::kRepeat;
  spaces.min = 0;
  spaces.max = 2;
  spaces.children = {std::move(space)};
  return spaces;
}

class Analyzer {
 public:
  explicit Analyzer(const check::CheckedTemplate& checked) : checked_(checked) {}

  Info Analyze(const ast::Pattern& p, int depth) {
    Info info;
    max_depth_seen_ = std::max(max_depth_seen_, depth);
    if (depth > kMaxDepth) return info;
    switch (p.kind) {
      case ast::PatternKind::kLiteral: {
        std::string lit = FoldAscii(NormalizeLiteral(p.text));
        info.max_w = static_cast<uint32_t>(lit.size());
        info.exact = std::vector<std::string>{lit};
        SetEdges(info, *info.exact);
        Candidates c;
        c.Add(lit, 0);
        if (Consider(info.required, c)) info.required->prefix = NothingBefore();
        return info;
      }
      case ast::PatternKind::kAnchor:
        info.exact = std::vector<std::string>{""};
        SetEdges(info, *info.exact);
        info.assertion = static_cast<uint8_t>(AssertionOf(p.anchor));
        return info;
      case ast::PatternKind::kClass:
        // One code point: as wide as the UTF-8 of the largest one the class can match, which
        // keeps the windows behind English lead-ins ([A-Za-z ]{0,30}) a quarter as wide.
        info.max_w = 4;
        if (!p.cls.negated && p.cls.properties.empty() && p.cls.negated_properties.empty()) {
          char32_t top = 0;
          for (auto [lo, hi] : p.cls.ranges) top = std::max(top, hi);
          info.max_w = static_cast<uint32_t>(EncodeUtf8(top).size());
          size_t n = 0;
          for (auto [lo, hi] : p.cls.ranges) n += hi - lo + 1;
          if (n <= kMaxEdge) {
            std::vector<std::string> chars;
            for (auto [lo, hi] : p.cls.ranges) {
              for (char32_t c = lo; c <= hi; ++c) chars.push_back(FoldAscii(EncodeUtf8(c)));
            }
            SetEdges(info, chars);
            if (n <= 8) info.exact = std::move(chars);
          }
        }
        return info;
      case ast::PatternKind::kAny:
        info.max_w = 4;
        return info;
      case ast::PatternKind::kGap:
        info.max_w = static_cast<uint32_t>(std::max(0, p.max)) * 4;
        if (p.max == 0) info.exact = std::vector<std::string>{""};
        info.nullable = p.min <= 0;
        return info;
      case ast::PatternKind::kSequence:
        return Sequence(p.children, depth);
      case ast::PatternKind::kAlternation: {
        std::vector<std::string> exact;
        bool all_exact = true, all_required = true;
        Candidates req;
        std::vector<PatternPtr> prefixes;  // each branch's, for req
        bool prefixes_known = true;
        info.first = info.last = NoStrings();
        for (const auto& c : p.children) {
          Info ci = Analyze(c, depth + 1);
          info.max_w = std::max(info.max_w, ci.max_w);
          info.nullable = info.nullable || ci.nullable;
          info.first = Union(info.first, ci.first, /*at_end=*/false);
          info.last = Union(info.last, ci.last, /*at_end=*/true);
          if (ci.exact && all_exact && exact.size() + ci.exact->size() <= kMaxExact) {
            exact.insert(exact.end(), ci.exact->begin(), ci.exact->end());
          } else {
            all_exact = false;
          }
          if (ci.required) {
            req.AddSet(*ci.required, 0);
            prefixes.push_back(ci.required->prefix);
            prefixes_known = prefixes_known && ci.required->prefix;
          } else if (ci.exact) {
            req.AddAll(*ci.exact, 0);
            prefixes.push_back(NothingBefore());
          } else {
            all_required = false;
          }
        }
        if (all_exact) {
          info.exact = exact;
          Candidates c;
          c.AddAll(exact, 0);
          if (Consider(info.required, c)) info.required->prefix = NothingBefore();
        }
        if (all_required && Consider(info.required, req)) {
          info.required->prefix = prefixes_known ? AnyOf(prefixes) : nullptr;
        }
        return info;
      }
      case ast::PatternKind::kRepeat: {
        if (p.children.empty()) return info;
        Info ci = Analyze(p.children[0], depth + 1);
        int max = p.max < 0 ? p.min : p.max;
        info.max_w = ci.max_w * static_cast<uint32_t>(std::max(0, max));
        if (p.min >= 1) info.required = ci.required;
        info.nullable = p.min <= 0 || ci.nullable;
        info.first = ci.first;
        info.last = ci.last;
        if (p.min == 0 && max == 1 && ci.exact) {
          std::vector<std::string> e = *ci.exact;
          e.push_back("");
          info.exact = e;
        } else if (p.min == max && max <= 3 && ci.exact) {
          std::vector<std::string> acc{""};
          for (int i = 0; i < max && acc.size() <= kMaxProduct; ++i) {
            auto next = Product(acc, *ci.exact);
            if (!next) {
              acc.clear();
              break;
            }
            acc = *next;
          }
          if (!acc.empty()) info.exact = acc;
        }
        return info;
      }
      case ast::PatternKind::kRef:
        return Ref(p, depth);
      case ast::PatternKind::kCapture: {
        Info item;
        check::Type type = ResolveCaptureType(checked_, p.capture_type);
        if (!p.children.empty()) {
          item = Analyze(p.children[0], depth + 1);
        } else {
          item = Analyze(NfaBuilder::RecognizerPattern(type), depth + 1);
          if (type.is_list) {
            // Every list starts with one item; its width is up to 8 items and 7 separators.
            item.max_w = item.max_w * 8 + 7 * 16;
          }
        }
        // The optional spaces around a capture (see NfaBuilder): two bytes on each side.
        item.exact.reset();
        item.max_w += 4;
        if (item.nullable) {  // a capture of spaces alone: no edge worth knowing
          item.first = item.last = nullptr;
        } else {
          item.first = WithSpaces(item.first, 2, /*after=*/false);
          item.last = WithSpaces(item.last, 2, /*after=*/true);
        }
        if (item.required) {
          for (uint32_t& b : item.required->befores) b += 2;
          item.required->max_before += 2;
          if (item.required->prefix) {
            ast::Pattern seq;
            seq.kind = ast::PatternKind::kSequence;
            seq.children = {CaptureSpaces()};
            if (!IsNothing(*item.required->prefix)) seq.children.push_back(*item.required->prefix);
            item.required->prefix = std::make_shared<const ast::Pattern>(std::move(seq));
          }
        }
        return item;
      }
    }
    return info;
  }

 private:
  // A named pattern or lexicon yields the same Info wherever it is referenced, so each is
  // analysed once per template (see AnchorFinder), unless the depth limit cut its analysis short
  // or would cut it short here.
  Info Ref(const ast::Pattern& p, int depth) {
    const check::LexiconDef* lexicon = nullptr;
    const ast::Pattern* target = nullptr;
    if (p.ref_kind == ast::Pattern::RefKind::kLexicon) {
      auto it = checked_.lexicon_index.find(p.resolved);
      if (it == checked_.lexicon_index.end()) return {};
      lexicon = &checked_.lexicons[it->second];
    } else {
      auto it = checked_.pattern_index.find(p.resolved);
      if (it == checked_.pattern_index.end()) return {};
      target = &checked_.patterns[it->second].pattern;
    }
    RefKey key{lexicon ? static_cast<const void*>(lexicon) : target,
               lexicon ? p.resolved_key : std::string()};
    auto memo = memo_.find(key);
    if (memo != memo_.end() && depth + memo->second.height <= kMaxDepth) {
      max_depth_seen_ = std::max(max_depth_seen_, depth + memo->second.height);
      return memo->second.info;
    }
    const int outer_max_depth = max_depth_seen_;
    max_depth_seen_ = depth;
    Info info = lexicon ? Lexicon(*lexicon, p.resolved_key) : Analyze(*target, depth + 1);
    const int height = max_depth_seen_ - depth;
    const bool cut_short = max_depth_seen_ > kMaxDepth;
    max_depth_seen_ = std::max(outer_max_depth, max_depth_seen_);
    if (memo == memo_.end() && !cut_short) memo_.emplace(std::move(key), Memo{info, height});
    return info;
  }

  Info Lexicon(const check::LexiconDef& lexicon, const std::string& key) {
    Info info;
    std::vector<std::string> phrases;
    for (const auto& e : lexicon.decl.entries) {
      if (!key.empty() && e.key != key) continue;
      for (const auto& ph : e.phrases) {
        std::string f = FoldAscii(NormalizeLiteral(ph));
        info.max_w = std::max<uint32_t>(info.max_w, f.size());
        phrases.push_back(std::move(f));
      }
    }
    Candidates c;
    c.AddAll(phrases, 0);
    if (Consider(info.required, c)) info.required->prefix = NothingBefore();
    SetEdges(info, phrases);
    if (phrases.size() <= kMaxExact) info.exact = std::move(phrases);
    return info;
  }

  Info Sequence(const std::vector<ast::Pattern>& children, int depth) {
    Info info;
    std::vector<Info> parts;
    parts.reserve(children.size());
    for (const auto& c : children) parts.push_back(Analyze(c, depth + 1));
    uint32_t prefix = 0;
    // Where the chosen set comes from, for its prefix: part `origin`'s own set, a run of exact
    // parts that starts at `origin`, or the junctions after part `origin` (whose prefix runs
    // through that part, and so through the literals' first bytes: AnchorSet::prefix_offsets).
    enum class Origin { kPart, kRun, kJunction } origin_kind = Origin::kJunction;
    size_t origin = 0;
    // Candidates: each child's own required set, shifted by the widest prefix before it; and
    // every run of adjacent exact children, multiplied out ("生产总值" "增长" -> "生产总值增长").
    for (size_t i = 0; i < parts.size(); ++i) {
      // An assertion just before this part holds where the part begins.
      const uint8_t at_start = i > 0 ? parts[i - 1].assertion : rt::kNoAnchorGuard;
      if (parts[i].required) {
        Candidates c;
        c.AddSet(*parts[i].required, prefix, at_start);
        if (Consider(info.required, c)) origin_kind = Origin::kPart, origin = i;
      }
      if (parts[i].exact) {
        std::vector<std::string> acc = *parts[i].exact;
        for (size_t j = i + 1; j < parts.size() && parts[j].exact; ++j) {
          auto next = Product(acc, *parts[j].exact);
          if (!next) break;
          acc = std::move(*next);
          Candidates c;
          c.AddAll(acc, prefix, at_start);
          if (Consider(info.required, c)) origin_kind = Origin::kRun, origin = i;
        }
      }
      if (Junction(parts, i, prefix, info)) origin_kind = Origin::kJunction, origin = i;
      prefix += parts[i].max_w;
    }
    info.max_w = prefix;
    if (info.required) {
      info.required->prefix =
          origin_kind == Origin::kPart
              ? PartsThen(children, origin, parts[origin].required->prefix, /*with_last=*/true)
          : origin_kind == Origin::kRun
              ? PartsThen(children, origin, nullptr, /*with_last=*/false)
              : PartsThen(children, origin + 1, nullptr, /*with_last=*/false);
    }
    // A non-empty string of the sequence starts where its first non-empty part does: with the
    // first of part k, for each k whose earlier parts may all be empty.
    info.nullable = true;
    info.first = NoStrings();
    for (const Info& part : parts) {
      info.first = Union(info.first, part.first, /*at_end=*/false);
      if (!part.nullable) {
        info.nullable = false;
        break;
      }
    }
    info.last = NoStrings();
    for (size_t i = parts.size(); i-- > 0;) {
      info.last = Union(info.last, parts[i].last, /*at_end=*/true);
      if (!parts[i].nullable) break;
    }
    std::vector<std::string> whole{""};
    for (const auto& part : parts) {
      if (!part.exact) {
        whole.clear();
        break;
      }
      auto next = Product(whole, *part.exact);
      if (!next) {
        whole.clear();
        break;
      }
      whole = std::move(*next);
    }
    if (!whole.empty()) info.exact = whole;
    return info;
  }

  // note [junction literals]: the literals that straddle two parts of a sequence.
  // A marker such as `@index:rank(chinese_1_99) ("、" | "是")` has no literal of its own but 、
  // and 是, one character each and in nearly every sentence: the list marker's verifications were
  // two thirds of all the scan's searches. Every match holds a numeral's last character, the
  // capture's optional spaces, then 、 or 是, though: "一是", "十 、"... are far rarer. So each
  // part knows the strings its non-empty matches end with (`last`) and begin with (`first`), and
  // where part i cannot be empty and is followed (past zero-width assertions only) by a part j that
  // cannot be empty, every match holds some x + y, x in last(i), y in first(j). It starts at most
  // max_w(i) - |x| bytes into part i. The rate model sums per-literal estimates, which rates 90
  // literals "1、" "2 、"... above 、 alone; but each hit on x + y is a hit on y (on x) that the
  // set does not have to verify otherwise, so the junctions cost at most what the y's (the x's)
  // cost, and less wherever y follows anything else: counted as half of it.
  // True if the junctions became the best set.
  bool Junction(const std::vector<Info>& parts, size_t i, uint32_t prefix, Info& info) {
    if (parts[i].nullable || !parts[i].last) return false;
    size_t j = i + 1;
    while (j < parts.size() && parts[j].exact && parts[j].exact->size() == 1 &&
           parts[j].exact->front().empty()) {
      ++j;
    }
    if (j == parts.size() || parts[j].nullable || !parts[j].first) return false;
    const std::vector<std::string>& xs = *parts[i].last;
    const std::vector<std::string>& ys = *parts[j].first;
    if (xs.size() * ys.size() > kMaxJunction) return false;
    Candidates c;
    for (const std::string& x : xs) {
      const uint32_t len = static_cast<uint32_t>(x.size());
      const uint32_t within = parts[i].max_w > len ? parts[i].max_w - len : 0;
      for (const std::string& y : ys) c.Add(x + y, prefix + within, rt::kNoAnchorGuard, len);
    }
    constexpr double kJunctionShare = 0.5;
    return Consider(info.required, c,
                    kJunctionShare * std::min(Cost(xs, nullptr), Cost(ys, nullptr)));
  }

  const check::CheckedTemplate& checked_;
  using RefKey = std::pair<const void*, std::string>;  // a definition, and a lexicon's key
  struct Memo {
    Info info;
    int height;  // how much deeper than the reference the analysis went
  };
  std::map<RefKey, Memo> memo_;
  int max_depth_seen_ = 0;  // the deepest Analyze() call so far, for the memo's heights
};

}  // namespace

struct AnchorFinder::Impl {
  explicit Impl(const check::CheckedTemplate& checked) : analyzer(checked) {}
  Analyzer analyzer;
};

AnchorFinder::AnchorFinder(const check::CheckedTemplate& checked)
    : impl_(std::make_unique<Impl>(checked)) {}

AnchorFinder::~AnchorFinder() = default;

std::optional<AnchorSet> AnchorFinder::Find(const ast::Pattern& pattern) {
  return impl_->analyzer.Analyze(pattern, 0).required;
}

std::optional<AnchorSet> FindAnchors(const check::CheckedTemplate& checked,
                                     const ast::Pattern& pattern) {
  return AnchorFinder(checked).Find(pattern);
}

bool IsWeakAnchor(const AnchorSet& set) {
  // exp(-1.2 * 3.5): about one hit per 70 bytes of report text for the weakest literal.
  return set.cost > std::exp(-1.2 * 3.5);
}

}  // namespace rptc::automaton

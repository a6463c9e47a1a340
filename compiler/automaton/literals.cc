// Tested by tests/compiler/automaton/literals_test.cc.
#include "compiler/automaton/literals.h"
#include "compiler/automaton/utf8_ranges.h"

#include <algorithm>
#include <cmath>
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
constexpr int kMaxDepth = 400;

// Words that occur in nearly every sentence of a work report: as anchors they wake the
// verifier constantly. Measured on the corpus (see bench/README.md); a penalty, not a ban.
const std::set<std::string>& FrequentWords() {
  static const std::set<std::string> words = {
      "增长", "增加", "达到", "完成", "提高", "下降", "同比", "比上年", "亿元", "万元", "元",
      "万", "亿", "%", "是", "的", "和", "年", "为", "在", "以上", "左右", "以内", "个",
      "and", "the", "of", "in", "up", "to", "by", "a", "yuan", "percent", "year",
  };
  return words;
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

double Cost(const std::vector<std::string>& lits, std::string* weakest) {
  double total = 0, worst = -1;
  for (const auto& l : lits) {
    double c = HitRate(l);
    total += c;
    if (c > worst) {
      worst = c;
      if (weakest) *weakest = l;
    }
  }
  return total;
}

struct Info {
  std::optional<std::vector<std::string>> exact;  // the finite language, when small
  std::optional<AnchorSet> required;
  uint32_t max_w = 0;
};

// Literals with the bytes a match can start before each of them.
struct Candidates {
  std::vector<std::string> literals;
  std::vector<uint32_t> befores;
  void Add(const std::string& literal, uint32_t before) {
    literals.push_back(literal);
    befores.push_back(before);
  }
  void AddAll(const std::vector<std::string>& lits, uint32_t before) {
    for (const auto& l : lits) Add(l, before);
  }
  void AddSet(const AnchorSet& set, uint32_t shift) {
    for (size_t i = 0; i < set.literals.size(); ++i) Add(set.literals[i], set.befores[i] + shift);
  }
};

// Keeps the cheaper of `best` and the candidates; true if they replaced it.
bool Consider(std::optional<AnchorSet>& best, const Candidates& c) {
  if (c.literals.empty()) return false;
  for (const auto& l : c.literals) {
    if (l.empty()) return false;  // a match could contain no literal
  }
  // Sorted by literal; a literal that occurs in several places keeps its widest before.
  std::vector<size_t> order(c.literals.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(c.literals[a], c.befores[b]) < std::tie(c.literals[b], c.befores[a]);
  });
  AnchorSet s;
  for (size_t i : order) {
    if (!s.literals.empty() && s.literals.back() == c.literals[i]) continue;
    s.literals.push_back(c.literals[i]);
    s.befores.push_back(c.befores[i]);
    s.max_before = std::max(s.max_before, c.befores[i]);
  }
  const uint32_t before = s.max_before;
  s.cost = Cost(s.literals, &s.weakest);
  if (!best || s.cost < best->cost || (s.cost == best->cost && before < best->max_before)) {
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
        Candidates c;
        c.Add(lit, 0);
        Consider(info.required, c);
        return info;
      }
      case ast::PatternKind::kAnchor:
        info.exact = std::vector<std::string>{""};
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
          if (n <= 8) {
            std::vector<std::string> chars;
            for (auto [lo, hi] : p.cls.ranges) {
              for (char32_t c = lo; c <= hi; ++c) chars.push_back(FoldAscii(EncodeUtf8(c)));
            }
            info.exact = chars;
          }
        }
        return info;
      case ast::PatternKind::kAny:
        info.max_w = 4;
        return info;
      case ast::PatternKind::kGap:
        info.max_w = static_cast<uint32_t>(std::max(0, p.max)) * 4;
        if (p.max == 0) info.exact = std::vector<std::string>{""};
        return info;
      case ast::PatternKind::kSequence:
        return Sequence(p.children, depth);
      case ast::PatternKind::kAlternation: {
        std::vector<std::string> exact;
        bool all_exact = true, all_required = true;
        Candidates req;
        for (const auto& c : p.children) {
          Info ci = Analyze(c, depth + 1);
          info.max_w = std::max(info.max_w, ci.max_w);
          if (ci.exact && all_exact && exact.size() + ci.exact->size() <= kMaxExact) {
            exact.insert(exact.end(), ci.exact->begin(), ci.exact->end());
          } else {
            all_exact = false;
          }
          if (ci.required) {
            req.AddSet(*ci.required, 0);
          } else if (ci.exact) {
            req.AddAll(*ci.exact, 0);
          } else {
            all_required = false;
          }
        }
        if (all_exact) {
          info.exact = exact;
          Candidates c;
          c.AddAll(exact, 0);
          Consider(info.required, c);
        }
        if (all_required) Consider(info.required, req);
        return info;
      }
      case ast::PatternKind::kRepeat: {
        if (p.children.empty()) return info;
        Info ci = Analyze(p.children[0], depth + 1);
        int max = p.max < 0 ? p.min : p.max;
        info.max_w = ci.max_w * static_cast<uint32_t>(std::max(0, max));
        if (p.min >= 1) info.required = ci.required;
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
        if (item.required) {
          for (uint32_t& b : item.required->befores) b += 2;
          item.required->max_before += 2;
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
    Consider(info.required, c);
    if (phrases.size() <= kMaxExact) info.exact = phrases;
    return info;
  }

  Info Sequence(const std::vector<ast::Pattern>& children, int depth) {
    Info info;
    std::vector<Info> parts;
    parts.reserve(children.size());
    for (const auto& c : children) parts.push_back(Analyze(c, depth + 1));
    uint32_t prefix = 0;
    // Candidates: each child's own required set, shifted by the widest prefix before it; and
    // every run of adjacent exact children, multiplied out ("生产总值" "增长" -> "生产总值增长").
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].required) {
        Candidates c;
        c.AddSet(*parts[i].required, prefix);
        Consider(info.required, c);
      }
      if (parts[i].exact) {
        std::vector<std::string> acc = *parts[i].exact;
        for (size_t j = i + 1; j < parts.size() && parts[j].exact; ++j) {
          auto next = Product(acc, *parts[j].exact);
          if (!next) break;
          acc = std::move(*next);
          Candidates c;
          c.AddAll(acc, prefix);
          Consider(info.required, c);
        }
      }
      prefix += parts[i].max_w;
    }
    info.max_w = prefix;
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

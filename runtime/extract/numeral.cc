#include "runtime/extract/numeral.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace rptc::rt::value_internal {
namespace {

// ---- Token classes ----------------------------------------------------------------------------

enum class CnKind { kNone, kDigit, kZero, kSome, kSmall, kBig, kTens, kPoint, kApprox };

// Chinese numeral characters, Simplified, Traditional and financial (大写) forms.
CnKind ClassifyCn(char32_t cp, double* v) {
  switch (cp) {
    case U'零': case U'〇': case U'○': *v = 0; return CnKind::kZero;
    case U'一': case U'壹': *v = 1; return CnKind::kDigit;
    case U'二': case U'贰': case U'貳': case U'两': case U'兩': case U'俩': case U'倆':
      *v = 2; return CnKind::kDigit;
    case U'三': case U'叁': case U'參': case U'叄': *v = 3; return CnKind::kDigit;
    case U'四': case U'肆': *v = 4; return CnKind::kDigit;
    case U'五': case U'伍': *v = 5; return CnKind::kDigit;
    case U'六': case U'陆': case U'陸': *v = 6; return CnKind::kDigit;
    case U'七': case U'柒': *v = 7; return CnKind::kDigit;
    case U'八': case U'捌': *v = 8; return CnKind::kDigit;
    case U'九': case U'玖': *v = 9; return CnKind::kDigit;
    case U'几': case U'幾': *v = 0; return CnKind::kSome;
    case U'十': case U'拾': *v = 10; return CnKind::kSmall;
    case U'百': case U'佰': *v = 100; return CnKind::kSmall;
    case U'千': case U'仟': *v = 1000; return CnKind::kSmall;
    case U'万': case U'萬': *v = 1e4; return CnKind::kBig;
    case U'亿': case U'億': *v = 1e8; return CnKind::kBig;
    case U'廿': *v = 20; return CnKind::kTens;
    case U'卅': *v = 30; return CnKind::kTens;
    case U'卌': *v = 40; return CnKind::kTens;
    case U'点': case U'點': *v = 0; return CnKind::kPoint;
    case U'余': case U'餘': case U'多': *v = 0; return CnKind::kApprox;
    default: return CnKind::kNone;
  }
}

enum class EnKind { kDigit, kTeen, kTens, kHundred, kScale };
struct EnWord {
  std::string_view word;
  double value;
  EnKind kind;
  bool ordinal;
};

constexpr EnWord kEnWords[] = {
    {"zero", 0, EnKind::kDigit, false},      {"nought", 0, EnKind::kDigit, false},
    {"naught", 0, EnKind::kDigit, false},    {"one", 1, EnKind::kDigit, false},
    {"two", 2, EnKind::kDigit, false},       {"three", 3, EnKind::kDigit, false},
    {"four", 4, EnKind::kDigit, false},      {"five", 5, EnKind::kDigit, false},
    {"six", 6, EnKind::kDigit, false},       {"seven", 7, EnKind::kDigit, false},
    {"eight", 8, EnKind::kDigit, false},     {"nine", 9, EnKind::kDigit, false},
    {"ten", 10, EnKind::kTeen, false},       {"eleven", 11, EnKind::kTeen, false},
    {"twelve", 12, EnKind::kTeen, false},    {"thirteen", 13, EnKind::kTeen, false},
    {"fourteen", 14, EnKind::kTeen, false},  {"fifteen", 15, EnKind::kTeen, false},
    {"sixteen", 16, EnKind::kTeen, false},   {"seventeen", 17, EnKind::kTeen, false},
    {"eighteen", 18, EnKind::kTeen, false},  {"nineteen", 19, EnKind::kTeen, false},
    {"twenty", 20, EnKind::kTens, false},    {"thirty", 30, EnKind::kTens, false},
    {"forty", 40, EnKind::kTens, false},     {"fifty", 50, EnKind::kTens, false},
    {"sixty", 60, EnKind::kTens, false},     {"seventy", 70, EnKind::kTens, false},
    {"eighty", 80, EnKind::kTens, false},    {"ninety", 90, EnKind::kTens, false},
    {"hundred", 100, EnKind::kHundred, false}, {"hundreds", 100, EnKind::kHundred, false},
    {"thousand", 1e3, EnKind::kScale, false},  {"thousands", 1e3, EnKind::kScale, false},
    {"million", 1e6, EnKind::kScale, false},   {"millions", 1e6, EnKind::kScale, false},
    {"billion", 1e9, EnKind::kScale, false},   {"billions", 1e9, EnKind::kScale, false},
    {"trillion", 1e12, EnKind::kScale, false}, {"trillions", 1e12, EnKind::kScale, false},
    {"bn", 1e9, EnKind::kScale, false},
    {"first", 1, EnKind::kDigit, true},      {"second", 2, EnKind::kDigit, true},
    {"third", 3, EnKind::kDigit, true},      {"fourth", 4, EnKind::kDigit, true},
    {"fifth", 5, EnKind::kDigit, true},      {"sixth", 6, EnKind::kDigit, true},
    {"seventh", 7, EnKind::kDigit, true},    {"eighth", 8, EnKind::kDigit, true},
    {"ninth", 9, EnKind::kDigit, true},      {"nineth", 9, EnKind::kDigit, true},
    {"tenth", 10, EnKind::kTeen, true},      {"eleventh", 11, EnKind::kTeen, true},
    {"twelfth", 12, EnKind::kTeen, true},    {"thirteenth", 13, EnKind::kTeen, true},
    {"fourteenth", 14, EnKind::kTeen, true}, {"fifteenth", 15, EnKind::kTeen, true},
    {"sixteenth", 16, EnKind::kTeen, true},  {"seventeenth", 17, EnKind::kTeen, true},
    {"eighteenth", 18, EnKind::kTeen, true}, {"nineteenth", 19, EnKind::kTeen, true},
    {"twentieth", 20, EnKind::kTens, true},  {"thirtieth", 30, EnKind::kTens, true},
    {"fortieth", 40, EnKind::kTens, true},   {"fiftieth", 50, EnKind::kTens, true},
    {"sixtieth", 60, EnKind::kTens, true},   {"seventieth", 70, EnKind::kTens, true},
    {"eightieth", 80, EnKind::kTens, true},  {"ninetieth", 90, EnKind::kTens, true},
    {"hundredth", 100, EnKind::kHundred, true}, {"thousandth", 1e3, EnKind::kScale, true},
    {"millionth", 1e6, EnKind::kScale, true},   {"billionth", 1e9, EnKind::kScale, true},
    {"trillionth", 1e12, EnKind::kScale, true},
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// The run of ASCII letters at the cursor.
std::string_view PeekWord(const Cursor& c) {
  const std::string_view rest = c.rest();
  size_t n = 0;
  while (n < rest.size() && IsAsciiAlpha(rest[n])) ++n;
  return rest.substr(0, n);
}

const EnWord* LookupEnglish(std::string_view word) {
  for (const EnWord& w : kEnWords) {
    if (EqualsIgnoreCase(w.word, word)) return &w;
  }
  return nullptr;
}

// ---- The accumulator --------------------------------------------------------------------------

enum class Last { kStart, kDigit, kUnit, kZero, kApprox, kPoint };
enum class Pend { kCnDigit, kCnRun, kArabic, kEnWord, kEnTens, kDecimal };

// Builds a value from digit, unit and point tokens in reading order. Chinese numerals are the
// general case; Arabic digits and English words are digits, hundred a small unit, thousand /
// million / k / M big units. Each method returns false when the token cannot continue the number,
// and then leaves the state unchanged.
class Composer {
 public:
  bool any() const { return any_; }
  bool has_pending() const { return has_pending_; }
  bool ended() const { return ended_; }
  Pend pend() const { return pend_; }
  Last last() const { return last_; }
  bool approx() const { return approx_; }
  double scale() const { return scale_; }
  bool plain_arabic() const { return tokens_ == 1 && has_pending_ && pend_ == Pend::kArabic; }
  void EndOrdinal() { ended_ = true; }
  void MarkApprox() { approx_ = true; }

  double Value() const { return total_ + section_ + ResolvedPending() + tail_; }

  bool Digit(double d, Pend kind) {
    if (ended_) return false;
    if (has_pending_) {
      // Positional runs: 二○二一, 三八(折).
      if (kind == Pend::kCnDigit && (pend_ == Pend::kCnDigit || pend_ == Pend::kCnRun) &&
          last_ == Last::kDigit && !elidable_) {
        pending_ = pending_ * 10 + d;
        pend_ = Pend::kCnRun;
        ++tokens_;
        return true;
      }
      // twenty-one
      if (kind == Pend::kEnWord && pend_ == Pend::kEnTens && last_ == Last::kDigit && d >= 1 &&
          d <= 9) {
        pending_ += d;
        pend_ = Pend::kEnWord;
        ++tokens_;
        return true;
      }
      return false;
    }
    if (last_ == Last::kPoint || last_ == Last::kApprox) return false;
    // 一万三 = 13000, 两千三百五 = 2350: a lone digit right after a unit counts in the next lower
    // place when the number stops there.
    elidable_ = kind == Pend::kCnDigit && last_ == Last::kUnit;
    pending_ = d;
    pend_ = kind;
    has_pending_ = true;
    last_ = Last::kDigit;
    any_ = true;
    scale_ = 1;
    ++tokens_;
    return true;
  }

  // 零 / 〇 / ○: a digit inside a positional run or at the start, otherwise a place-holder that
  // stops elision (一千零三 = 1003).
  bool Zero() {
    if (ended_) return false;
    if (has_pending_ && (pend_ == Pend::kCnDigit || pend_ == Pend::kCnRun) &&
        last_ == Last::kDigit && !elidable_) {
      pending_ *= 10;
      pend_ = Pend::kCnRun;
      ++tokens_;
      return true;
    }
    if (!any_) return Digit(0, Pend::kCnDigit);
    if (has_pending_ || last_ == Last::kPoint || last_ == Last::kZero) return false;
    last_ = Last::kZero;
    ++tokens_;
    return true;
  }

  bool SmallUnit(double u) {
    if (ended_ || last_ == Last::kPoint) return false;
    double m = 1;  // 十五, 百三, 一千零十二: a unit without a digit counts once
    if (has_pending_) {
      if (pending_ != 0 || pend_ == Pend::kArabic) m = pending_;
    } else if (last_ == Last::kUnit && last_unit_ <= u) {
      return false;  // 十百
    }
    section_ += m * u;
    has_pending_ = false;
    elidable_ = false;
    last_ = Last::kUnit;
    last_unit_ = u;
    any_ = true;
    scale_ = 1;
    ++tokens_;
    return true;
  }

  // 廿 卅 卌: a digit and 十 in one character.
  bool Tens(double v) {
    if (ended_ || has_pending_ || last_ == Last::kPoint) return false;
    section_ += v;
    last_ = Last::kUnit;
    last_unit_ = 10;
    any_ = true;
    scale_ = 1;
    ++tokens_;
    return true;
  }

  bool BigUnit(double u) {
    if (ended_ || last_ == Last::kPoint) return false;
    double s = section_ + ResolvedPending();
    if (s == 0 && total_ == 0) s = 1;  // 万亿, 萬九, a thousand
    double new_scale = u;
    if (last_big_ == 0 || u >= last_big_) {
      // 四万万, 1.2万亿: a bigger (or repeated) unit scales everything before it.
      if (section_ == 0 && !has_pending_ && total_ > 0) new_scale = last_big_ * u;
      total_ = (total_ + s) * u;
      last_big_ = new_scale;
    } else {
      total_ += s * u;  // 四亿五千万: a smaller unit closes a lower group
    }
    section_ = 0;
    has_pending_ = false;
    elidable_ = false;
    last_ = Last::kUnit;
    last_unit_ = u;
    any_ = true;
    scale_ = new_scale;
    ++tokens_;
    return true;
  }

  // 点 / point followed by the fraction digits `f`.
  bool Point(double f) {
    if (ended_ || last_ == Last::kPoint || pend_ == Pend::kDecimal) return false;
    if (has_pending_ && !(elidable_ && last_unit_ >= 100)) {
      pending_ += f;  // 二点五(万): the fraction belongs to the digit before it
      pend_ = Pend::kDecimal;
    } else {
      if (has_pending_) section_ += ResolvedPending();  // 一千六点五 = 1600.5
      has_pending_ = false;
      tail_ = f;  // 两千万点五五 = 20000000.55
      last_ = Last::kPoint;
    }
    any_ = true;
    scale_ = 1;
    ++tokens_;
    return true;
  }

  bool Approx() {
    if (ended_ || !any_ || last_ == Last::kPoint || last_ == Last::kApprox) return false;
    approx_ = true;
    if (!has_pending_) last_ = Last::kApprox;
    ++tokens_;
    return true;
  }

 private:
  double ResolvedPending() const {
    if (!has_pending_) return 0;
    if (elidable_ && last_unit_ >= 100) return pending_ * (last_unit_ / 10);
    return pending_;
  }

  double total_ = 0, section_ = 0, pending_ = 0, tail_ = 0;
  double last_unit_ = 0, last_big_ = 0, scale_ = 1;
  bool has_pending_ = false, elidable_ = false, any_ = false, approx_ = false, ended_ = false;
  Pend pend_ = Pend::kCnDigit;
  Last last_ = Last::kStart;
  int tokens_ = 0;
};

// ---- Token scanners ---------------------------------------------------------------------------

// Fraction digits after 点 / point: 五五四四, 77, zero three, seventy-one. Returns 0.xxx.
bool ScanDecimalDigits(Cursor& c, bool allow_arabic, double* f) {
  Cursor t = c;
  t.SkipSpaces();
  double digits = 0;
  double div = 1;
  int count = 0;
  auto push = [&](int d) {
    if (count >= 17) return;
    digits = digits * 10 + d;
    div *= 10;
    ++count;
  };
  if (allow_arabic && IsAsciiDigit(t.PeekByte())) {
    while (IsAsciiDigit(t.PeekByte())) {
      push(t.PeekByte() - '0');
      t.Advance(1);
    }
  } else if (IsAsciiAlpha(t.PeekByte())) {
    const EnWord* w = LookupEnglish(PeekWord(t));
    if (w == nullptr || w->ordinal || w->kind == EnKind::kHundred || w->kind == EnKind::kScale) {
      return false;
    }
    if (w->kind == EnKind::kDigit) {
      // point zero three: one digit per word
      for (;;) {
        const EnWord* d = LookupEnglish(PeekWord(t));
        if (d == nullptr || d->ordinal || d->kind != EnKind::kDigit) break;
        push(static_cast<int>(d->value));
        t.Advance(d->word.size());
        Cursor u = t;
        u.SkipSpaces();
        if (!IsAsciiAlpha(u.PeekByte())) break;
        const EnWord* next = LookupEnglish(PeekWord(u));
        if (next == nullptr || next->ordinal || next->kind != EnKind::kDigit) break;
        t = u;
      }
    } else {
      // point seventy-one, point eleven: the digits of one number
      int n = static_cast<int>(w->value);
      t.Advance(PeekWord(t).size());
      if (w->kind == EnKind::kTens) {
        Cursor u = t;
        u.SkipSpaces();
        if (u.PeekByte() == '-') {
          u.Advance(1);
          u.SkipSpaces();
        }
        const EnWord* d = LookupEnglish(PeekWord(u));
        if (d != nullptr && !d->ordinal && d->kind == EnKind::kDigit && d->value >= 1) {
          n += static_cast<int>(d->value);
          t = u;
          t.Advance(d->word.size());
        }
      }
      push(n / 10);
      push(n % 10);
    }
  } else {
    for (bool first = true;; first = false) {
      Cursor u = t;
      if (!first) u.SkipSpaces();
      size_t len = 0;
      const char32_t cp = u.Peek(&len);
      double v = 0;
      const CnKind k = ClassifyCn(cp, &v);
      // 两 after 点 is not a fraction digit in running text (两百点两 reads as two numbers).
      if (!((k == CnKind::kDigit && cp != U'两' && cp != U'兩') || k == CnKind::kZero)) break;
      push(static_cast<int>(v));
      u.Advance(len);
      t = u;
    }
  }
  if (count == 0) return false;
  *f = digits / div;
  c = t;
  return true;
}

// SI suffixes right after Arabic digits: 10k, 1.2M, 1.2b, 3 bn. Lower-case m is metres, and G
// would turn 5G networks into 5e9.
bool ScanSiSuffix(Cursor& c, Composer& k) {
  Cursor t = c;
  const bool spaced = t.SkipSpaces();
  const std::string_view rest = t.rest();
  if (rest.empty()) return false;
  double scale = 0;
  size_t len = 1;
  switch (rest[0]) {
    case 'k': case 'K': scale = 1e3; break;
    case 'M': scale = 1e6; break;
    case 'B': scale = 1e9; break;
    case 'b':
      if (rest.size() > 1 && rest[1] == 'n') {
        scale = 1e9;
        len = 2;
      } else if (!spaced) {
        scale = 1e9;
      }
      break;
    default: break;
  }
  if (scale == 0 || (rest.size() > len && IsAsciiAlpha(rest[len]))) return false;
  if (!k.BigUnit(scale)) return false;
  t.Advance(len);
  c = t;
  return true;
}

bool Step(Cursor& c, const NumberOptions& opt, Composer& k);

bool IsEnglishNumberWordAt(const Cursor& c) {
  Cursor t = c;
  t.SkipSpaces();
  if (IsAsciiDigit(t.PeekByte())) return true;
  const EnWord* w = LookupEnglish(PeekWord(t));
  return w != nullptr;
}

bool IsEnglishScaleWordAt(const Cursor& c) {
  Cursor t = c;
  t.SkipSpaces();
  const EnWord* w = LookupEnglish(PeekWord(t));
  return w != nullptr && !w->ordinal && (w->kind == EnKind::kHundred || w->kind == EnKind::kScale);
}

// "twentyfifth", "thirtyone": a tens word run together with a digit word.
bool StepRunTogether(Cursor& c, const NumberOptions& opt, Composer& k, std::string_view word) {
  for (const EnWord& tens : kEnWords) {
    if (tens.kind != EnKind::kTens || tens.ordinal || word.size() <= tens.word.size() ||
        !EqualsIgnoreCase(word.substr(0, tens.word.size()), tens.word)) {
      continue;
    }
    const EnWord* unit = LookupEnglish(word.substr(tens.word.size()));
    if (unit == nullptr || unit->kind != EnKind::kDigit || unit->value == 0 ||
        (unit->ordinal && !opt.allow_ordinal)) {
      return false;
    }
    Composer next = k;
    if (!next.Digit(tens.value, Pend::kEnTens) || !next.Digit(unit->value, Pend::kEnWord)) {
      return false;
    }
    if (unit->ordinal) next.EndOrdinal();
    k = next;
    c.Advance(word.size());
    return true;
  }
  return false;
}

bool StepEnglish(Cursor& c, const NumberOptions& opt, Composer& k) {
  const std::string_view word = PeekWord(c);
  if (word.empty()) return false;
  if (EqualsIgnoreCase(word, "and")) {
    // one hundred and three; never "and" after a fraction or before a non-number
    if (!k.any() || k.last() == Last::kPoint) return false;
    Cursor t = c;
    t.Advance(word.size());
    if (!t.SkipSpaces() || !IsEnglishNumberWordAt(t)) return false;
    // "and" only joins two parts of one number, so it stands or falls with the next token.
    if (!Step(t, opt, k)) return false;
    c = t;
    return true;
  }
  if (EqualsIgnoreCase(word, "a") || EqualsIgnoreCase(word, "an")) {
    Cursor t = c;
    t.Advance(word.size());
    if (k.any() || !t.SkipSpaces() || !IsEnglishScaleWordAt(t)) return false;
    if (!k.Digit(1, Pend::kEnWord)) return false;
    c = t;
    return true;
  }
  if (EqualsIgnoreCase(word, "point")) {
    Cursor t = c;
    t.Advance(word.size());
    double f = 0;
    if (!ScanDecimalDigits(t, true, &f) || !k.Point(f)) return false;
    c = t;
    return true;
  }
  const EnWord* w = LookupEnglish(word);
  if (w == nullptr && opt.allow_ordinal && word.size() > 2 &&
      EqualsIgnoreCase(word.substr(word.size() - 2), "ly")) {
    w = LookupEnglish(word.substr(0, word.size() - 2));  // firstly, secondly (list markers)
    if (w != nullptr && !w->ordinal) w = nullptr;
  }
  if (w == nullptr) return StepRunTogether(c, opt, k, word);
  if (w->ordinal && !opt.allow_ordinal) return false;
  bool ok = false;
  switch (w->kind) {
    case EnKind::kDigit:
    case EnKind::kTeen: ok = k.Digit(w->value, Pend::kEnWord); break;
    case EnKind::kTens: ok = k.Digit(w->value, Pend::kEnTens); break;
    case EnKind::kHundred: ok = k.SmallUnit(100); break;
    case EnKind::kScale: ok = k.BigUnit(w->value); break;
  }
  if (!ok) return false;
  if (w->ordinal) k.EndOrdinal();
  c.Advance(word.size());
  return true;
}

// Units that are not numerals although they start with one: 千瓦 (kW), 千克 (kg), 千米 (km),
// 百分点 (percentage point).
bool IsBlockedUnit(const Cursor& c, char32_t cp, size_t len) {
  Cursor t = c;
  t.Advance(len);
  if (cp == U'千' || cp == U'仟') {
    const char32_t next = t.Peek();
    return next == U'瓦' || next == U'克' || next == U'米' || next == U'卡' || next == U'帕' ||
           next == U'伏' || next == U'焦' || next == U'字';
  }
  if (cp == U'百' || cp == U'佰') return t.LookingAt("分点") || t.LookingAt("分點");
  return false;
}

// One token at the cursor, applied to `k`. False (cursor anywhere) when there is none.
bool Step(Cursor& c, const NumberOptions& opt, Composer& k) {
  if (c.AtEnd() || k.ended()) return false;
  const char b = c.PeekByte();
  const std::string_view rest = c.rest();
  if (IsAsciiDigit(b) || (b == '.' && !k.any() && rest.size() > 1 && IsAsciiDigit(rest[1]))) {
    if (opt.chinese_only || k.has_pending() || k.last() == Last::kPoint) return false;
    double v = 0;
    if (!ScanArabic(c, &v) || !k.Digit(v, Pend::kArabic)) return false;
    ScanSiSuffix(c, k);
    return true;
  }
  if (IsAsciiAlpha(b)) return !opt.chinese_only && StepEnglish(c, opt, k);
  size_t len = 0;
  const char32_t cp = c.Peek(&len);
  if (cp == '-' || cp == U'—' || cp == U'–') {
    // twenty-one, fifty - two, twenty—fifth
    if (opt.chinese_only || k.pend() != Pend::kEnTens || k.last() != Last::kDigit ||
        !k.has_pending()) {
      return false;
    }
    c.Advance(len);
    c.SkipSpaces();
    return IsAsciiAlpha(c.PeekByte()) && StepEnglish(c, opt, k);
  }
  double v = 0;
  switch (ClassifyCn(cp, &v)) {
    case CnKind::kNone: return false;
    case CnKind::kDigit: c.Advance(len); return k.Digit(v, Pend::kCnDigit);
    case CnKind::kZero: c.Advance(len); return k.Zero();
    case CnKind::kSome:
      c.Advance(len);
      if (!k.Digit(0, Pend::kCnDigit)) return false;
      k.MarkApprox();
      return true;
    case CnKind::kSmall:
      if (IsBlockedUnit(c, cp, len)) return false;
      c.Advance(len);
      return k.SmallUnit(v);
    case CnKind::kBig: c.Advance(len); return k.BigUnit(v);
    case CnKind::kTens: c.Advance(len); return k.Tens(v);
    case CnKind::kPoint: {
      c.Advance(len);
      double f = 0;
      return !(k.has_pending() && k.pend() == Pend::kDecimal) &&
             ScanDecimalDigits(c, !opt.chinese_only, &f) && k.Point(f);
    }
    case CnKind::kApprox: c.Advance(len); return k.Approx();
  }
  return false;
}

// The longest run of tokens at the cursor. Blanks between tokens are skipped ("7 万5 千",
// "一百 二 十"), never after the last one.
bool ScanComposite(Cursor& c, const NumberOptions& opt, Composer& k) {
  for (;;) {
    const size_t before = c.pos();
    if (k.any()) c.SkipSpaces();
    Composer saved = k;
    if (!Step(c, opt, k)) {
      k = saved;
      c.set_pos(before);
      break;
    }
  }
  return k.any();
}

}  // namespace

bool ScanArabic(Cursor& c, double* value, int* integer_digits) {
  const std::string_view s = c.text();
  size_t p = c.pos();
  std::array<char, 96> buf{};
  size_t n = 0;
  auto push = [&](char ch) {
    if (n < buf.size()) buf[n++] = ch;
  };
  int idigits = 0;
  for (;;) {
    while (p < s.size() && IsAsciiDigit(s[p])) {
      push(s[p++]);
      ++idigits;
    }
    // A thousands separator is a comma before exactly three digits: 1,234,567 (but "1, 234" and
    // the decimal comma "1,3" are not).
    if (idigits > 0 && p + 3 < s.size() && s[p] == ',' && IsAsciiDigit(s[p + 1]) &&
        IsAsciiDigit(s[p + 2]) && IsAsciiDigit(s[p + 3]) &&
        (p + 4 >= s.size() || !IsAsciiDigit(s[p + 4]))) {
      ++p;
      continue;
    }
    break;
  }
  if (idigits == 0) {
    if (!(p + 1 < s.size() && s[p] == '.' && IsAsciiDigit(s[p + 1]))) return false;
    push('0');
  }
  if (p + 1 < s.size() && s[p] == '.' && IsAsciiDigit(s[p + 1])) {
    push(s[p++]);
    while (p < s.size() && IsAsciiDigit(s[p])) push(s[p++]);
  }
  if (p + 1 < s.size() && (s[p] == 'e' || s[p] == 'E')) {
    size_t q = p + 1;
    if (q < s.size() && (s[q] == '+' || s[q] == '-')) ++q;
    if (q < s.size() && IsAsciiDigit(s[q])) {
      push('e');
      if (s[p + 1] == '-') push('-');
      p = q;
      while (p < s.size() && IsAsciiDigit(s[p])) push(s[p++]);
    }
  }
  if (n >= buf.size()) return false;  // absurdly long; not a figure
  double v = 0;
  const auto [end, ec] = std::from_chars(buf.data(), buf.data() + n, v);
  if (ec != std::errc() || end != buf.data() + n) return false;
  *value = v;
  if (integer_digits != nullptr) *integer_digits = idigits;
  c.set_pos(p);
  return true;
}

double Tidy(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  std::array<char, 40> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v,
                                       std::chars_format::general, 15);
  if (ec != std::errc()) return v;
  double out = v;
  std::from_chars(buf.data(), end, out);
  return out;
}

int ScanSign(Cursor& c) {
  const size_t start = c.pos();
  int sign = 0;
  size_t len = 0;
  const char32_t cp = c.Peek(&len);
  if (cp == '-' || cp == U'−' || cp == U'负' || cp == U'負') {
    sign = -1;
    c.Advance(len);
  } else if (cp == '+') {
    sign = 1;
    c.Advance(len);
  } else if (c.Match("minus") || c.Match("negative")) {
    sign = -1;
  }
  if (sign == 0) return 1;
  c.SkipSpaces();
  if (c.AtEnd()) {
    c.set_pos(start);
    return 1;
  }
  return sign;
}

bool ScanNumber(Cursor& c, const NumberOptions& opt, NumberScan* out) {
  const size_t start = c.pos();
  const int sign = opt.allow_sign ? ScanSign(c) : 1;
  Composer a;
  if (!ScanComposite(c, opt, a)) {
    c.set_pos(start);
    return false;
  }
  NumberScan r;
  r.value = a.Value();
  r.scale = a.scale();
  r.approx = a.approx();
  r.ordinal = a.ended();
  r.arabic_only = a.plain_arabic();
  if (r.arabic_only) {
    // Re-read the digits for their count (years need exactly four).
    Cursor t(c.text(), start);
    ScanSign(t);
    double ignored = 0;
    ScanArabic(t, &ignored, &r.arabic_digits);
  }
  if (opt.allow_fraction && !r.ordinal) {
    Cursor t = c;
    if (t.MatchAfterSpaces("分之")) {
      // 三分之一: the number read so far is the denominator.
      t.SkipSpaces();
      const int s2 = ScanSign(t);
      Composer num;
      if (ScanComposite(t, opt, num) && r.value != 0) {
        r.value = s2 * num.Value() / r.value;
        r.scale = 1;
        r.approx = r.approx || num.approx();
        r.arabic_only = false;
        c = t;
      }
    } else if (t = c; t.MatchAfterSpaces("又")) {
      // 一又二分之一
      t.SkipSpaces();
      Composer den, num;
      if (ScanComposite(t, opt, den) && t.MatchAfterSpaces("分之")) {
        t.SkipSpaces();
        if (ScanComposite(t, opt, num) && den.Value() != 0) {
          r.value += num.Value() / den.Value();
          r.scale = 1;
          r.arabic_only = false;
          c = t;
        }
      }
    } else if (r.arabic_only) {
      // 3/4, and the mixed form 1 4/5
      t = c;
      double num = 0, den = 0;
      if (t.Match("/") && ScanArabic(t, &den) && den != 0) {
        r.value /= den;
        r.arabic_only = false;
        c = t;
      } else if (t = c; r.value < 1e15 && r.value == std::floor(r.value) &&
                        t.SkipSpaces() && ScanArabic(t, &num) && t.Match("/") &&
                        ScanArabic(t, &den) && den != 0) {
        r.value += num / den;
        r.arabic_only = false;
        c = t;
      }
    }
  }
  r.value = Tidy(r.value * sign);
  *out = r;
  return true;
}

}  // namespace rptc::rt::value_internal

#include "runtime/extract/qualifier.h"

#include <string>
#include <string_view>

#include "runtime/extract/value.h"

namespace rptc::rt {
namespace value_internal {
namespace {

struct QualifierPhrase {
  std::string_view phrase;
  Qualifier qualifier;
};

// Longer phrases before their prefixes (约为 before 约, not exceeding before not exceed; 不超过 is
// found before 超过 because matching starts at the cursor). A negated bound is the opposite bound:
// 不得超过 and 不能高于 are ceilings (within), 不得低于 and "not lower than" floors (above), so each
// negation is listed whole, or the scan would find the 超过 or "lower than" inside it.
constexpr QualifierPhrase kPrefixes[] = {
    {"大于或者等于", Qualifier::kAbove}, {"大于或等于", Qualifier::kAbove},
    {"大于等于", Qualifier::kAbove}, {"小于或者等于", Qualifier::kWithin},
    {"小于或等于", Qualifier::kWithin}, {"小于等于", Qualifier::kWithin},
    {"大约", Qualifier::kAbout}, {"大概", Qualifier::kAbout}, {"约为", Qualifier::kAbout},
    {"約為", Qualifier::kAbout}, {"约", Qualifier::kAbout}, {"約", Qualifier::kAbout},
    {"将近", Qualifier::kAbout}, {"將近", Qualifier::kAbout}, {"接近", Qualifier::kAbout},
    {"近", Qualifier::kAbout},
    {"不低于", Qualifier::kAbove}, {"不少于", Qualifier::kAbove}, {"不小于", Qualifier::kAbove},
    {"超过", Qualifier::kAbove}, {"超過", Qualifier::kAbove}, {"高于", Qualifier::kAbove},
    {"大于", Qualifier::kAbove}, {"多于", Qualifier::kAbove}, {"至少", Qualifier::kAbove},
    {"最少", Qualifier::kAbove}, {"起码", Qualifier::kAbove}, {"逾", Qualifier::kAbove},
    {"突破", Qualifier::kAbove}, {"超", Qualifier::kAbove}, {"过", Qualifier::kAbove},
    {"過", Qualifier::kAbove},
    {"不超过", Qualifier::kWithin}, {"不超過", Qualifier::kWithin},
    {"不高于", Qualifier::kWithin}, {"不大于", Qualifier::kWithin},
    {"不多于", Qualifier::kWithin}, {"低于", Qualifier::kWithin}, {"小于", Qualifier::kWithin},
    {"少于", Qualifier::kWithin}, {"最多", Qualifier::kWithin}, {"至多", Qualifier::kWithin},
    {"控制在", Qualifier::kWithin},
    // Negated with 得 / 能 / 应 / 会 (must not, cannot, should not, will not), and 超出 (exceed).
    {"不得超过", Qualifier::kWithin}, {"不得超過", Qualifier::kWithin},
    {"不能超过", Qualifier::kWithin}, {"不能超過", Qualifier::kWithin},
    {"不应超过", Qualifier::kWithin}, {"不應超過", Qualifier::kWithin},
    {"不会超过", Qualifier::kWithin}, {"不會超過", Qualifier::kWithin},
    {"不得超出", Qualifier::kWithin}, {"不能超出", Qualifier::kWithin},
    {"不超出", Qualifier::kWithin}, {"不得高于", Qualifier::kWithin},
    {"不能高于", Qualifier::kWithin}, {"不得高於", Qualifier::kWithin},
    {"不能高於", Qualifier::kWithin}, {"不高於", Qualifier::kWithin},
    {"不得大于", Qualifier::kWithin}, {"不得多于", Qualifier::kWithin},
    {"不得低于", Qualifier::kAbove}, {"不能低于", Qualifier::kAbove},
    {"不应低于", Qualifier::kAbove}, {"不得低於", Qualifier::kAbove},
    {"不能低於", Qualifier::kAbove}, {"不低於", Qualifier::kAbove},
    {"不得少于", Qualifier::kAbove}, {"不能少于", Qualifier::kAbove},
    {"不少於", Qualifier::kAbove}, {"不得小于", Qualifier::kAbove},
    {"approximately", Qualifier::kAbout}, {"about", Qualifier::kAbout},
    {"around", Qualifier::kAbout}, {"roughly", Qualifier::kAbout}, {"nearly", Qualifier::kAbout},
    {"almost", Qualifier::kAbout}, {"close to", Qualifier::kAbout},
    {"greater than or equal to", Qualifier::kAbove}, {"more than or equal to", Qualifier::kAbove},
    {"equal to or more than", Qualifier::kAbove}, {"equal to or greater than", Qualifier::kAbove},
    {"less than or equal to", Qualifier::kWithin}, {"equal to or less than", Qualifier::kWithin},
    {"no less than", Qualifier::kAbove}, {"not less than", Qualifier::kAbove},
    {"no fewer than", Qualifier::kAbove}, {"not fewer than", Qualifier::kAbove},
    {"no lower than", Qualifier::kAbove}, {"not lower than", Qualifier::kAbove},
    {"not below", Qualifier::kAbove}, {"at or above", Qualifier::kAbove},
    {"more than", Qualifier::kAbove}, {"at least", Qualifier::kAbove},
    {"over", Qualifier::kAbove}, {"above", Qualifier::kAbove},
    {"exceeding", Qualifier::kAbove}, {"in excess of", Qualifier::kAbove},
    {"upwards of", Qualifier::kAbove}, {"greater than", Qualifier::kAbove},
    {"higher than", Qualifier::kAbove}, {"larger than", Qualifier::kAbove},
    {"exceeds", Qualifier::kAbove}, {"exceed", Qualifier::kAbove},
    {"surpasses", Qualifier::kAbove}, {"surpass", Qualifier::kAbove},
    {"no more than", Qualifier::kWithin}, {"not more than", Qualifier::kWithin},
    {"not exceeding", Qualifier::kWithin}, {"not to exceed", Qualifier::kWithin},
    {"not exceed", Qualifier::kWithin}, {"no higher than", Qualifier::kWithin},
    {"not higher than", Qualifier::kWithin}, {"no greater than", Qualifier::kWithin},
    {"not greater than", Qualifier::kWithin}, {"not above", Qualifier::kWithin},
    {"not over", Qualifier::kWithin}, {"at or below", Qualifier::kWithin},
    {"at or under", Qualifier::kWithin},
    {"at most", Qualifier::kWithin}, {"up to", Qualifier::kWithin},
    {"less than", Qualifier::kWithin}, {"fewer than", Qualifier::kWithin},
    {"lower than", Qualifier::kWithin}, {"smaller than", Qualifier::kWithin},
    {"within", Qualifier::kWithin}, {"below", Qualifier::kWithin},
    {"under", Qualifier::kWithin},
    {">=", Qualifier::kAbove}, {"≥", Qualifier::kAbove}, {">", Qualifier::kAbove},
    {"<=", Qualifier::kWithin}, {"< =", Qualifier::kWithin}, {"≤", Qualifier::kWithin},
    {"<", Qualifier::kWithin},
};

constexpr QualifierPhrase kSuffixes[] = {
    {"左右", Qualifier::kAbout}, {"上下", Qualifier::kAbout},
    {"或者以上", Qualifier::kAbove}, {"或以上", Qualifier::kAbove}, {"及以上", Qualifier::kAbove},
    {"以上", Qualifier::kAbove},
    {"或者以下", Qualifier::kWithin}, {"或以下", Qualifier::kWithin},
    {"及以下", Qualifier::kWithin}, {"以下", Qualifier::kWithin}, {"以内", Qualifier::kWithin},
    {"之内", Qualifier::kWithin}, {"之下", Qualifier::kWithin},
    {"或者更多", Qualifier::kAbove}, {"或更多", Qualifier::kAbove},
    {"or so", Qualifier::kAbout},
    {"or more", Qualifier::kAbove}, {"or above", Qualifier::kAbove},
    {"and above", Qualifier::kAbove}, {"and more", Qualifier::kAbove},
    {"or higher", Qualifier::kAbove}, {"or greater", Qualifier::kAbove},
    {"or less", Qualifier::kWithin}, {"or below", Qualifier::kWithin},
    {"and below", Qualifier::kWithin}, {"or fewer", Qualifier::kWithin},
    {"or lower", Qualifier::kWithin},
};

}  // namespace

Qualifier MatchQualifierPrefix(Cursor& c) {
  for (const QualifierPhrase& p : kPrefixes) {
    if (c.Match(p.phrase)) {
      // 超过了80, 至少是3, 最多为5: a linking character may follow a Chinese qualifier.
      if (static_cast<unsigned char>(p.phrase.back()) >= 0x80) {
        if (!c.Match("了") && !c.Match("为") && !c.Match("為") && !c.Match("是")) c.Match("有");
      }
      c.SkipSpaces();
      return p.qualifier;
    }
  }
  return Qualifier::kExact;
}

Qualifier MatchQualifierSuffix(Cursor& c) {
  for (const QualifierPhrase& p : kSuffixes) {
    if (c.MatchAfterSpaces(p.phrase)) return p.qualifier;
  }
  return Qualifier::kExact;
}

RangeWord MatchRangePrefix(Cursor& c) {
  RangeWord w = RangeWord::kNone;
  if (c.Match("between") || c.Match("from")) {
    w = RangeWord::kEnglish;
  } else if (c.Match("位于") || c.Match("介于") || c.Match("在")) {
    w = RangeWord::kChinese;
  }
  if (w != RangeWord::kNone) c.SkipSpaces();
  return w;
}

Connector MatchRangeConnector(Cursor& c) {
  const size_t save = c.pos();
  c.SkipSpaces();
  Connector k = Connector::kNone;
  if (c.Match("——") || c.Match("-") || c.Match("–") || c.Match("—") || c.Match("~") ||
      c.Match("〜") || c.Match("～")) {
    k = Connector::kDash;
  } else if (c.Match("至") || c.Match("到") || c.Match("to") || c.Match("through")) {
    k = Connector::kTo;
  } else if (c.Match("and")) {
    k = Connector::kAnd;
  } else if (c.Match("和") || c.Match("与") || c.Match("與") || c.Match("及")) {
    k = Connector::kHe;
  }
  if (k == Connector::kNone) {
    c.set_pos(save);
  } else {
    c.SkipSpaces();
  }
  return k;
}

bool MatchRangeSuffix(Cursor& c) { return c.MatchAfterSpaces("之间") || c.MatchAfterSpaces("间"); }

}  // namespace value_internal

namespace {

bool IsFigureChar(char32_t cp) {
  if (cp < 0x80) return value_internal::IsAsciiDigit(static_cast<char>(cp)) || cp == '%';
  constexpr std::u32string_view kFigureChars =
      U"零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億元人吨亩户家个项点度斤次名‰";
  return kFigureChars.find(cp) != std::u32string_view::npos;
}

}  // namespace

Qualifier FindQualifier(std::string_view text) {
  // Suffix words decide over prefix words, as in ParseValue: 控制在3%左右 is "about". A word
  // counts only next to a figure, so 规模以上 (above designated size) and 近年 are not qualifiers.
  Qualifier before = Qualifier::kExact, after = Qualifier::kExact;
  bool range = false;
  char32_t prev = 0;
  for (size_t pos = 0; pos < text.size();) {
    value_internal::Cursor c(text, pos);
    if (c.Match("之间") || c.Match("between")) range = true;
    c.set_pos(pos);
    const Qualifier s = value_internal::MatchQualifierSuffix(c);
    const bool english_suffix = value_internal::IsAsciiAlpha(text[pos]);
    if (s != Qualifier::kExact && after == Qualifier::kExact &&
        (english_suffix || IsFigureChar(prev))) {
      after = s;
    }
    c.set_pos(pos);
    const Qualifier p = value_internal::MatchQualifierPrefix(c);
    if (p != Qualifier::kExact && before == Qualifier::kExact) {
      size_t n = 0;
      const char32_t next = c.AtEnd() ? 0 : value_internal::DecodeUtf8(text, c.pos(), &n);
      if (IsFigureChar(next) || next == '$' || next == U'¥') before = p;
    }
    size_t len = 0;
    const char32_t cp = value_internal::DecodeUtf8(text, pos, &len);
    if (!value_internal::IsSpace(cp)) prev = cp;
    pos += len;
  }
  if (range) return Qualifier::kRange;
  return after != Qualifier::kExact ? after : before;
}

std::string_view QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact: return "exact";
    case Qualifier::kAbout: return "about";
    case Qualifier::kAbove: return "above";
    case Qualifier::kWithin: return "within";
    case Qualifier::kRange: return "range";
  }
  return "exact";
}

}  // namespace rptc::rt

// rank captures (第三, 居全省第3位, 首位, third, 21st, No. 3, first in the province, and the
// numerals of list markers: 一, 12, IV, ①) and ratio
// captures (0.5:16.8:82.7, 1比2).
#include <cmath>
#include <string_view>

#include "runtime/extract/cursor.h"
#include "runtime/extract/numeral.h"
#include "runtime/extract/value_forms.h"

namespace rptc::rt::value_internal {
namespace {

// Words that lead into a rank without changing it: 居全省第三, 排名全国第5位, ranked third.
constexpr std::string_view kLeadIns[] = {
    "全国", "全省", "全市", "全区", "全县", "全州", "全盟", "全球", "同类城市", "同类",
    "同级", "排名", "排在", "位居", "位列", "名列", "居于", "居", "列", "排",
    "ranked", "ranking", "ranks", "rank", "the",
};

bool PositiveInteger(double v) { return v >= 1 && v <= 1e15 && v == std::floor(v); }

int RomanDigit(char ch) {
  switch (AsciiLower(ch)) {
    case 'i': return 1;
    case 'v': return 5;
    case 'x': return 10;
    default: return 0;
  }
}

// I … XXXIX as enumeration markers number them (IV = 4: a smaller digit before a larger one
// subtracts). The whole word must be Roman digits; L and C are left out so that words such as
// "civil" are never read as numbers.
bool ScanRoman(Cursor& c, double* value) {
  const std::string_view rest = c.rest();
  size_t n = 0;
  while (n < rest.size() && RomanDigit(rest[n]) != 0) ++n;
  if (n == 0 || n > 8 || (n < rest.size() && IsAsciiAlpha(rest[n]))) return false;
  if (c.pos() > 0 && IsAsciiAlpha(c.text()[c.pos() - 1])) return false;
  int total = 0;
  for (size_t i = 0; i < n; ++i) {
    const int d = RomanDigit(rest[i]);
    total += (i + 1 < n && d < RomanDigit(rest[i + 1])) ? -d : d;
  }
  if (total <= 0) return false;
  *value = total;
  c.Advance(n);
  return true;
}

// ① … ⑳ when a caller skipped NFKC (which turns them into digits).
bool ScanCircled(Cursor& c, double* value) {
  size_t len = 0;
  const char32_t cp = c.Peek(&len);
  if (cp < U'①' || cp > U'⑳') return false;
  *value = static_cast<double>(cp - U'①' + 1);
  c.Advance(len);
  return true;
}

}  // namespace

std::optional<Value> ParseRankValue(std::string_view text) {
  Cursor c(text);
  c.SkipSpaces();
  for (int i = 0; i < 4; ++i) {
    bool matched = false;
    for (std::string_view w : kLeadIns) {
      if (c.Match(w)) {
        c.SkipSpaces();
        matched = true;
        break;
      }
    }
    if (!matched) break;
  }

  NumberOptions plain;
  plain.allow_sign = false;
  plain.allow_fraction = false;
  double rank = 0;
  if (c.Match("首位") || c.Match("榜首") || c.Match("首")) {
    rank = 1;
  } else if (c.Match("第")) {
    c.SkipSpaces();
    NumberScan n;
    if (!ScanNumber(c, plain, &n) || n.approx) return std::nullopt;
    rank = n.value;
  } else if (c.Match("No.") || c.Match("No") || c.Match("number")) {
    c.SkipSpaces();
    NumberScan n;
    if (!ScanNumber(c, plain, &n) || n.approx) return std::nullopt;
    rank = n.value;
  } else if (ScanCircled(c, &rank) || ScanRoman(c, &rank)) {
    // ① / IV: enumeration markers
  } else {
    // third, twenty-first, 21st, and bare numbers as list markers carry them (一, 3)
    NumberOptions ordinal = plain;
    ordinal.allow_ordinal = true;
    NumberScan n;
    if (!ScanNumber(c, ordinal, &n) || n.approx) return std::nullopt;
    if (n.arabic_only && !(c.Match("st") || c.Match("nd") || c.Match("rd"))) c.Match("th");
    rank = n.value;
  }
  if (!PositiveInteger(rank)) return std::nullopt;

  if (!c.Match("名") && !c.Match("位次")) c.Match("位");
  if (!c.MatchAfterSpaces("place")) c.MatchAfterSpaces("position");
  // "first in the province", "third among cities": the scope is not part of the rank.
  Cursor tail = c;
  tail.SkipSpaces();
  if (tail.Match("in") || tail.Match("among") || tail.Match("across") ||
      tail.Match("nationwide") || tail.Match("of")) {
    c.set_pos(text.size());
  }
  c.SkipSpaces();
  if (!c.AtEnd()) return std::nullopt;
  Value v;
  v.type = ValueType::kRank;
  v.number = rank;
  return v;
}

std::optional<Value> ParseRatioValue(std::string_view text) {
  Cursor c(text);
  NumberOptions o;
  o.allow_fraction = false;
  Value v;
  v.type = ValueType::kRatio;
  for (;;) {
    c.SkipSpaces();
    NumberScan n;
    if (!ScanNumber(c, o, &n)) return std::nullopt;
    if (!std::isfinite(n.value)) return std::nullopt;
    v.parts.push_back(n.value);
    v.number += n.value;
    c.Match("%");
    c.SkipSpaces();
    if (!c.Match(":") && !c.Match("∶") && !c.Match("比")) break;
  }
  c.SkipSpaces();
  if (!c.AtEnd() || v.parts.size() < 2) return std::nullopt;
  return v;
}

}  // namespace rptc::rt::value_internal

// number, money, percent, points and count captures: [qualifier] figure [unit] [- figure [unit]]
// [qualifier]. A unit written once covers both ends of a range (6-7%, 5至6亿元), and so does a
// magnitude (800-1000万元 is 8e6..1e7).
#include <cmath>
#include <string>

#include "runtime/extract/cursor.h"
#include "runtime/extract/numeral.h"
#include "runtime/extract/qualifier.h"
#include "runtime/extract/units.h"
#include "runtime/extract/value_forms.h"

namespace rptc::rt::value_internal {
namespace {

enum class Want { kAny, kMoney, kPercent, kPoints, kCount };

struct Quantity {
  double value = 0;  // the figure as written (sign included), before the unit's factor
  double scale = 1;  // the magnitude it ends with (万, million), for ranges
  bool approx = false;
  bool has_unit = false;
  bool article = false;  // "a dollar": no digits, just an article
  std::string_view unit;
  double factor = 1;
  double Base() const { return Tidy(value * factor); }
};

NumberOptions FigureOptions() { return NumberOptions{}; }

void SetUnit(Quantity* q, const UnitDef& u) {
  q->has_unit = true;
  q->unit = u.unit;
  q->factor = u.factor;
}

bool IsPowerOfTenAtLeast100(double v) {
  for (double p = 100; p <= 1e16; p *= 10) {
    if (v == p) return true;
  }
  return false;
}

int ChineseDigitValue(char32_t cp) {
  constexpr std::u32string_view kDigits = U"一二三四五六七八九";
  const size_t i = kDigits.find(cp);
  return i == std::u32string_view::npos ? -1 : static_cast<int>(i) + 1;
}

// 成 (tenths) and 折 (discount) after a figure: 三成 = 30%, 七成六 = 76%, 三成半 = 35%,
// 八折 = 80%, 75折 = 75%.
bool MatchTenths(Cursor& c, Quantity* q) {
  Cursor t = c;
  t.SkipSpaces();
  static constexpr UnitDef kPercentUnit = {"", "%", 1};
  if (t.Match("成")) {
    Cursor u = t;
    u.SkipSpaces();
    size_t len = 0;
    const char32_t cp = u.Peek(&len);
    if (cp == U'半') {
      q->value += 0.5;
      u.Advance(len);
      t = u;
    } else if (ChineseDigitValue(cp) > 0) {
      q->value += ChineseDigitValue(cp) / 10.0;
      u.Advance(len);
      t = u;
    }
    q->value *= 10;
  } else if (t.Match("折")) {
    if (q->value <= 10) q->value *= 10;
  } else {
    return false;
  }
  SetUnit(q, kPercentUnit);
  c = t;
  return true;
}

// Percent forms written before the figure: 百分之八, 千分之二, 百万分之五, percent of 10, 对折.
bool ScanPercentPrefixed(Cursor& c, Want want, Quantity* q) {
  Cursor t = c;
  static constexpr UnitDef kPercentUnit = {"", "%", 1};
  if (t.Match("对折") || t.Match("對折")) {
    q->value = 50;
    SetUnit(q, kPercentUnit);
    c = t;
    return true;
  }
  if (t.Match("半")) {
    if (t.MatchAfterSpaces("成")) {
      q->value = 5;
    } else if (t.MatchAfterSpaces("折")) {
      q->value = 50;
    } else {
      return false;
    }
    SetUnit(q, kPercentUnit);
    c = t;
    return true;
  }
  double factor = 0;
  if (const UnitDef* u = MatchUnit(t, PercentPrefixes())) {
    factor = u->factor;
  } else if (want == Want::kPercent) {
    // 百万分之五: any power-of-ten denominator of at least a hundred.
    NumberOptions den_options;
    den_options.chinese_only = true;
    den_options.allow_sign = false;
    den_options.allow_fraction = false;
    NumberScan den;
    if (!ScanNumber(t, den_options, &den) || !IsPowerOfTenAtLeast100(den.value) ||
        !t.MatchAfterSpaces("分之")) {
      return false;
    }
    factor = 100 / den.value;
  } else {
    return false;
  }
  t.SkipSpaces();
  NumberScan n;
  if (!ScanNumber(t, FigureOptions(), &n)) return false;
  q->value = n.value;
  q->approx = n.approx;
  q->has_unit = true;
  q->unit = "%";
  q->factor = factor;
  c = t;
  return true;
}

// Currency written before the figure: $75 million, US$ 3.14, RMB 40, 人民币3.14.
bool ScanMoneyPrefixed(Cursor& c, Quantity* q) {
  Cursor t = c;
  Cursor article = t;
  if (article.Match("a") && article.SkipSpaces()) t = article;  // "a US$4.7 billion"
  const UnitDef* u = MatchUnit(t, MoneyPrefixes());
  if (u == nullptr) return false;
  t.SkipSpaces();
  NumberScan n;
  if (!ScanNumber(t, FigureOptions(), &n)) return false;
  q->value = n.value;
  q->scale = n.scale;
  q->approx = n.approx;
  SetUnit(q, *u);
  // 人民币8亿元: the same currency may be named again after the figure.
  Cursor v = t;
  v.SkipSpaces();
  if (const UnitDef* again = MatchUnit(v, MoneySuffixes()); again != nullptr &&
                                                             again->unit == u->unit) {
    t = v;
  }
  c = t;
  return true;
}

bool MatchSuffix(Cursor& c, std::span<const UnitDef> table, Quantity* q) {
  Cursor t = c;
  t.SkipSpaces();
  const UnitDef* u = MatchUnit(t, table);
  if (u == nullptr) return false;
  SetUnit(q, *u);
  c = t;
  return true;
}

bool MatchMoneySuffix(Cursor& c, Quantity* q) {
  if (!MatchSuffix(c, MoneySuffixes(), q)) return false;
  // 75 USD million
  Cursor t = c;
  if (t.SkipSpaces()) {
    if (const UnitDef* m = MatchUnit(t, MagnitudeWords())) {
      q->value *= m->factor;
      c = t;
    }
  }
  return true;
}

bool MatchPercentSuffix(Cursor& c, Quantity* q) {
  Cursor t = c;
  if (!MatchSuffix(t, PercentSuffixes(), q)) return MatchTenths(c, q);
  Cursor after = t;
  if (after.MatchAfterSpaces("point") || after.MatchAfterSpaces("points")) return false;
  c = t;
  return true;
}

// One figure with its unit (a unit may be missing; the caller decides whether that is allowed).
bool ScanQuantity(Cursor& c, Want want, Quantity* q) {
  Cursor t = c;
  *q = Quantity{};
  bool prefixed = false;
  if (want == Want::kAny || want == Want::kPercent) prefixed = ScanPercentPrefixed(t, want, q);
  if (!prefixed && (want == Want::kAny || want == Want::kMoney)) {
    prefixed = ScanMoneyPrefixed(t, q);
  }
  if (prefixed) {
    c = t;
    return true;
  }
  NumberScan n;
  if (ScanNumber(t, FigureOptions(), &n)) {
    q->value = n.value;
    q->scale = n.scale;
    q->approx = n.approx;
  } else {
    // "a dollar", "a ton": the article is the figure.
    Cursor a = t;
    if (!((a.Match("a") || a.Match("an")) && a.SkipSpaces())) return false;
    q->value = 1;
    q->article = true;
    t = a;
  }
  bool unit = false;
  switch (want) {
    case Want::kMoney: unit = MatchMoneySuffix(t, q); break;
    case Want::kPercent: unit = MatchPercentSuffix(t, q); break;
    case Want::kPoints: unit = MatchSuffix(t, PointsSuffixes(), q); break;
    case Want::kCount: unit = MatchSuffix(t, CountSuffixes(), q); break;
    case Want::kAny:
      unit = MatchSuffix(t, PointsSuffixes(), q) || MatchPercentSuffix(t, q) ||
             MatchMoneySuffix(t, q) || MatchSuffix(t, CountSuffixes(), q);
      break;
  }
  if (q->article && !unit) return false;
  c = t;
  return true;
}

Want WantOf(ValueType type) {
  switch (type) {
    case ValueType::kMoney: return Want::kMoney;
    case ValueType::kPercent: return Want::kPercent;
    case ValueType::kPoints: return Want::kPoints;
    case ValueType::kCount: return Want::kCount;
    default: return Want::kAny;
  }
}

}  // namespace

std::optional<Value> ParseQuantityValue(ValueType type, std::string_view text) {
  const Want want = WantOf(type);
  Cursor c(text);
  c.SkipSpaces();

  // Lead-in words: 约, 控制在, more than, between, 在 ...
  Qualifier before = Qualifier::kExact;
  RangeWord range_word = RangeWord::kNone;
  for (int i = 0; i < 3; ++i) {
    if (const Qualifier q = MatchQualifierPrefix(c); q != Qualifier::kExact) {
      if (before == Qualifier::kExact) before = q;
      continue;
    }
    if (const RangeWord w = MatchRangePrefix(c); w != RangeWord::kNone) {
      range_word = w;
      continue;
    }
    break;
  }

  Quantity lo, hi;
  if (!ScanQuantity(c, want, &lo)) return std::nullopt;
  bool range = false;
  Connector connector = Connector::kNone;
  {
    Cursor t = c;
    connector = MatchRangeConnector(t);
    const bool allowed = connector != Connector::kNone &&
                         (connector != Connector::kAnd || range_word == RangeWord::kEnglish);
    if (allowed && ScanQuantity(t, want, &hi)) {
      range = true;
      c = t;
    }
  }
  if (range) {
    if (!lo.has_unit && hi.has_unit) {
      lo.has_unit = true;
      lo.unit = hi.unit;
      lo.factor = hi.factor;
      if (lo.scale == 1 && hi.scale > 1) lo.value *= hi.scale;  // 5-6万元
    } else if (lo.has_unit && !hi.has_unit) {
      hi.has_unit = true;
      hi.unit = lo.unit;
      hi.factor = lo.factor;
    } else if (lo.unit != hi.unit) {
      return std::nullopt;  // 5元-6%
    }
  }

  Qualifier after = Qualifier::kExact;
  for (int i = 0; i < 2; ++i) {
    const Qualifier q = MatchQualifierSuffix(c);
    if (q == Qualifier::kExact) break;
    if (after == Qualifier::kExact) after = q;
  }
  const bool range_suffix = MatchRangeSuffix(c);
  c.SkipSpaces();
  if (!c.AtEnd()) return std::nullopt;
  if (range_suffix && !range) return std::nullopt;
  // 20和30 is a range only as 在20和30之间 / 20和30之间.
  if (range && connector == Connector::kHe && !range_suffix &&
      range_word != RangeWord::kChinese) {
    return std::nullopt;
  }

  switch (want) {
    case Want::kMoney:
      if (!lo.has_unit) return std::nullopt;
      break;
    case Want::kPercent:
      if (lo.unit != "%") return std::nullopt;
      break;
    case Want::kPoints:
      if (lo.unit != "pp") return std::nullopt;
      break;
    case Want::kCount:
    case Want::kAny: break;
  }

  Value v;
  v.type = type;
  v.unit = std::string(lo.unit);
  if (range) {
    v.qualifier = Qualifier::kRange;
    v.low = lo.Base();
    v.high = hi.Base();
    v.number = v.low;
  } else {
    v.number = lo.Base();
    if (after != Qualifier::kExact) {
      v.qualifier = after;  // 控制在3%左右 is "about"
    } else if (before != Qualifier::kExact) {
      v.qualifier = before;
    } else if (lo.approx) {
      v.qualifier = Qualifier::kAbove;  // 3万余人, 300多家
    }
  }
  if (!std::isfinite(v.number) || !std::isfinite(v.low) || !std::isfinite(v.high)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace rptc::rt::value_internal

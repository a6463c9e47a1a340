// year and date captures. Chinese dates are written 2021年2月24日 or 二○二一年二月二十四日;
// English ones February 24, 2021 or 24 February 2021; numeric ones 2021-02-24, 2021/2/24,
// 2021.2.24. Parts may be missing (2021年2月, 2月24日, January 2021); they are then 0.
#include <cmath>
#include <string_view>

#include "runtime/extract/cursor.h"
#include "runtime/extract/numeral.h"
#include "runtime/extract/value_forms.h"

namespace rptc::rt::value_internal {
namespace {

constexpr std::string_view kMonths[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};
constexpr std::string_view kMonthAbbrev[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec",
};

// ASCII digits only: a date's "2021.2" is two numbers, not a decimal.
bool ScanDigits(Cursor& c, int max_digits, int* value, int* digits) {
  int v = 0, n = 0;
  Cursor t = c;
  while (n < max_digits && IsAsciiDigit(t.PeekByte())) {
    v = v * 10 + (t.PeekByte() - '0');
    t.Advance(1);
    ++n;
  }
  if (n == 0 || IsAsciiDigit(t.PeekByte())) return false;
  *value = v;
  *digits = n;
  c = t;
  return true;
}

// A Chinese integer: 二○二一, 十二, 二十四.
bool ScanChineseInt(Cursor& c, int* value) {
  NumberOptions o;
  o.chinese_only = true;
  o.allow_sign = false;
  o.allow_fraction = false;
  Cursor t = c;
  NumberScan n;
  if (!ScanNumber(t, o, &n) || n.approx || !(n.value >= 0 && n.value <= 99999) ||
      n.value != std::floor(n.value)) {
    return false;
  }
  *value = static_cast<int>(n.value);
  c = t;
  return true;
}

bool ScanInt(Cursor& c, int max_digits, int* value) {
  int digits = 0;
  return ScanDigits(c, max_digits, value, &digits) || ScanChineseInt(c, value);
}

bool ScanYearNumber(Cursor& c, int* year) {
  Cursor t = c;
  int digits = 0;
  if (ScanDigits(t, 4, year, &digits)) {
    if (digits != 4) return false;
  } else if (!ScanChineseInt(t, year) || *year < 1000 || *year > 9999) {
    return false;
  }
  c = t;
  return true;
}

int ScanMonthName(Cursor& c) {
  for (int i = 0; i < 12; ++i) {
    if (c.Match(kMonths[i])) return i + 1;
  }
  for (int i = 0; i < 12; ++i) {
    if (c.Match(kMonthAbbrev[i])) {
      c.Match(".");
      return i + 1;
    }
  }
  return 0;
}

void SkipOrdinalSuffix(Cursor& c) {
  if (!c.Match("st") && !c.Match("nd") && !c.Match("rd")) c.Match("th");
}

bool Valid(int month, int day) {
  return month >= 0 && month <= 12 && day >= 0 && day <= 31 && !(month == 0 && day != 0);
}

Value MakeDate(int year, int month, int day) {
  Value v;
  v.type = ValueType::kDate;
  v.year = year;
  v.month = month;
  v.day = day;
  v.number = year * 10000.0 + month * 100.0 + day;
  return v;
}

bool ParseChineseDate(Cursor& c, int* y, int* m, int* d) {
  Cursor t = c;
  int year = 0, month = 0, day = 0;
  {
    Cursor u = t;
    if (ScanYearNumber(u, &year) && u.MatchAfterSpaces("年")) {
      t = u;
    } else {
      year = 0;
    }
  }
  {
    Cursor u = t;
    u.SkipSpaces();
    if (ScanInt(u, 2, &month) && u.MatchAfterSpaces("月")) {
      t = u;
      Cursor w = t;
      w.SkipSpaces();
      if (ScanInt(w, 2, &day) && (w.MatchAfterSpaces("日") || w.MatchAfterSpaces("号"))) t = w;
      else day = 0;
    } else {
      month = 0;
    }
  }
  if (year == 0 && month == 0) return false;
  *y = year;
  *m = month;
  *d = day;
  c = t;
  return true;
}

bool ParseNumericDate(Cursor& c, int* y, int* m, int* d) {
  Cursor t = c;
  int year = 0, month = 0, day = 0;
  if (!ScanYearNumber(t, &year)) return false;
  const char sep = t.PeekByte();
  if (sep != '-' && sep != '/' && sep != '.') return false;
  t.Advance(1);
  if (!ScanInt(t, 2, &month)) return false;
  Cursor u = t;
  if (u.PeekByte() == sep) {
    u.Advance(1);
    if (ScanInt(u, 2, &day)) t = u;
  }
  *y = year;
  *m = month;
  *d = day;
  c = t;
  return true;
}

bool ParseEnglishDate(Cursor& c, int* y, int* m, int* d) {
  Cursor t = c;
  int year = 0, month = 0, day = 0, digits = 0;
  if ((month = ScanMonthName(t)) != 0) {
    // February 24, 2021 | February 2021 | February 24
    Cursor u = t;
    u.SkipSpaces();
    if (ScanDigits(u, 2, &day, &digits)) {
      SkipOrdinalSuffix(u);
      t = u;
    } else {
      day = 0;
    }
    u = t;
    u.SkipSpaces();
    u.Match(",");
    u.SkipSpaces();
    if (ScanYearNumber(u, &year)) t = u;
  } else {
    // 24 February 2021
    if (!ScanDigits(t, 2, &day, &digits)) return false;
    SkipOrdinalSuffix(t);
    t.SkipSpaces();
    t.Match("of");
    t.SkipSpaces();
    if ((month = ScanMonthName(t)) == 0) return false;
    Cursor u = t;
    u.SkipSpaces();
    u.Match(",");
    u.SkipSpaces();
    if (ScanYearNumber(u, &year)) t = u;
  }
  *y = year;
  *m = month;
  *d = day;
  c = t;
  return true;
}

}  // namespace

std::optional<Value> ParseYearValue(std::string_view text) {
  Cursor c(text);
  c.SkipSpaces();
  c.Match("公元");
  c.Match("FY");
  int year = 0;
  if (!ScanYearNumber(c, &year)) return std::nullopt;
  if (c.MatchAfterSpaces("年")) c.Match("度");
  c.SkipSpaces();
  if (!c.AtEnd()) return std::nullopt;
  Value v;
  v.type = ValueType::kYear;
  v.year = year;
  v.number = year;
  return v;
}

std::optional<Value> ParseDateValue(std::string_view text) {
  int y = 0, m = 0, d = 0;
  for (auto* parse : {ParseChineseDate, ParseNumericDate, ParseEnglishDate}) {
    Cursor c(text);
    c.SkipSpaces();
    if (!parse(c, &y, &m, &d)) continue;
    c.SkipSpaces();
    if (c.AtEnd() && Valid(m, d)) return MakeDate(y, m, d);
  }
  return std::nullopt;
}

}  // namespace rptc::rt::value_internal

// Scanning one number at a cursor: Arabic (1,234.5, .5, 2e5, 1.2M), Chinese (一百二十三, 二○二一,
// 两千三百五, 壹佰, 十多万), mixed (1.2万, 2千零30万, 3.3 billion), English words (seventy-one,
// two hundred point zero three), fractions (三分之一, 3/4, 一又二分之一) and a sign (-, 负, minus).
//
// One accumulator serves all three scripts, because reports mix them ("1.2万", "5 thousand"):
// digits and small units (十 百 千 hundred) build a group, big units (万 亿 thousand million k M)
// scale the groups, as in the usual Chinese-numeral algorithm.
#pragma once

#include "runtime/extract/cursor.h"

namespace rptc::rt::value_internal {

struct NumberScan {
  double value = 0;
  double scale = 1;       // the magnitude the number ends with (万 1e4, 万亿 1e12, million 1e6)
  bool approx = false;    // 余/多/几 inside or after it: "3万余", "300多", "十几万"
  bool ordinal = false;   // it ended with an English ordinal word ("twenty-first")
  bool arabic_only = false;  // plain Arabic digits, no words, units or fraction ("2021", "08")
  int arabic_digits = 0;  // arabic_only: how many digits before any decimal point
};

struct NumberOptions {
  bool chinese_only = false;    // no Arabic digits, no English words (ParseChineseNumeral)
  bool allow_ordinal = false;   // a final English ordinal word ends the number ("fifth")
  bool allow_sign = true;       // a leading -, +, 负, minus, negative
  bool allow_fraction = true;   // 三分之一, 3/4, 1 4/5, 一又二分之一
};

// Scans the longest number at the cursor and advances past it (trailing blanks are not
// consumed). On failure returns false and leaves the cursor where it was.
bool ScanNumber(Cursor& c, const NumberOptions& options, NumberScan* out);

// Scans Arabic digits at the cursor: 1,234,567.89 | .5 | 2.7890e-1 (no sign, no suffix).
bool ScanArabic(Cursor& c, double* value, int* integer_digits = nullptr);

// Rounds to 15 significant digits, the precision a double keeps for any decimal: so that
// 16.4亿 is 1640000000 and not 1639999999.9999998 after the multiplication.
double Tidy(double v);

// The sign at the cursor (-1 for -, −, 负, 負, minus, negative; +1 for + or nothing), consuming
// it and the blanks after it.
int ScanSign(Cursor& c);

}  // namespace rptc::rt::value_internal

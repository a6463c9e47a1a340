// The unit words that follow (or precede) a number, and what they normalise to.
//
// Each table lists phrases longest-first where one is a prefix of another (人次 before 人), since
// the first phrase that matches wins. Factors convert to the base unit of value.h: yuan and
// dollars, "%" for percentages (‰ is 0.1 %), people, tonnes (斤 is 0.0005 t), kWh, kW ...
#pragma once

#include <span>
#include <string_view>

#include "runtime/extract/cursor.h"

namespace rptc::rt::value_internal {

struct UnitDef {
  std::string_view phrase;
  std::string_view unit;  // the Value::unit it yields
  double factor;          // multiply the number by this
};

std::span<const UnitDef> MoneyPrefixes();    // $ US$ USD RMB ¥ 人民币
std::span<const UnitDef> MoneySuffixes();    // 元 美元 yuan US dollars dollars USD
std::span<const UnitDef> PercentPrefixes();  // 百分之 千分之 万分之 "percent of"
std::span<const UnitDef> PercentSuffixes();  // % ‰ percent "per cent"
std::span<const UnitDef> PointsSuffixes();   // 个百分点 "percentage points"
std::span<const UnitDef> CountSuffixes();    // 人 万人 户 家 个 吨 斤 亩 千瓦时 jobs tons ...
// English magnitude words that may follow a currency code ("75 USD million").
std::span<const UnitDef> MagnitudeWords();

// Matches the first phrase of `table` at the cursor and advances past it.
const UnitDef* MatchUnit(Cursor& c, std::span<const UnitDef> table);

}  // namespace rptc::rt::value_internal

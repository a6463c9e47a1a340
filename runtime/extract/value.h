// Typed values and their parsers: the text a capture matched -> a normalised, typed Value.
//
// Parsers read *normalised* text (NFKC: ASCII digits, '%', '(', ',') in Chinese and English:
// Arabic numbers with separators and decimals, Chinese numerals (一百二十三, 二○二一, 两, 十五),
// mixed forms (1.2万, 3.3 billion, 4万余), money (元/万元/亿元/万亿元, yuan/million/billion yuan,
// 美元, US dollars, US$), percent (8%, 百分之八, 8 percent), percentage points (个百分点,
// percentage points), counts with units (万人, 家, 个, 万吨, 亩, 千瓦时, jobs, tons ...), ratios
// (0.5:16.8:82.7), ordinals and ranks (第三, 首位, third, first), years (2021年, 二○二一年),
// dates, and qualifiers around any of them (左右, 约, 以上, 不低于, 以内, 控制在, about, more than,
// no more than, within, ranges 6%-7%, 4.5%至5%, between 6% and 7%).
// Tested by tests/runtime/extract/value_test.cc and the conformance harness.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/program.h"

namespace rptc::rt {

enum class Qualifier : uint8_t { kExact, kAbout, kAbove, kWithin, kRange };

struct Value {
  ValueType type = ValueType::kText;
  double number = 0;             // the normalised number (base units: yuan, dollars, people, tonnes)
  double low = 0, high = 0;      // kRange: the bounds, in the same units as `number`
  Qualifier qualifier = Qualifier::kExact;
  std::string unit;              // "CNY", "USD", "%", "pp", "people", "tonnes", "mu", "kWh", "" ...
  std::vector<double> parts;     // kRatio: the terms (0.5, 16.8, 82.7); `number` is their sum
  int year = 0, month = 0, day = 0;  // kYear / kDate
  std::string text;              // kText / kKey: the text or lexicon key
};

// Parses `text` (one capture, normalised) as `type`. Returns nullopt when the text is not a value
// of that type. Never throws; linear in the text length.
//   - The whole text must be the value: leading/trailing blanks are ignored, anything else fails.
//   - kNumber accepts any numeric form and keeps the unit it finds ("8%" -> 8, unit "%").
//   - kMoney / kPercent / kPoints need their unit on at least one end of a range; kCount's unit
//     is optional ("" when absent).
//   - Ranges: qualifier kRange, low/high in base units, number == low.
//   - 余 / 多 after a figure (3万余人, 300多家) keep the figure and mean kAbove.
//   - kRank: number is the ordinal; kYear: year and number; kDate: year/month/day (0 when not
//     written) and number = yyyymmdd; kText / kKey: text.
std::optional<Value> ParseValue(ValueType type, std::string_view text);

// Building blocks, exposed for tests and for report assembly.
std::optional<double> ParseNumber(std::string_view text);          // "1.2万" -> 12000
std::optional<double> ParseChineseNumeral(std::string_view text);  // "二○二一" -> 2021
// The qualifier words in text (左右, 以上, "no more than"...); kExact when none.
Qualifier FindQualifier(std::string_view text);

std::string_view QualifierName(Qualifier q);  // "exact", "about", "above", "within", "range"
std::string_view ValueTypeName(ValueType t);  // "money", "percent", ...
std::optional<ValueType> ValueTypeFromName(std::string_view name);

}  // namespace rptc::rt

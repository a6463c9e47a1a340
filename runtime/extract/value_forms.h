// The parsers behind ParseValue, one per family of value types. Each takes the whole capture
// (already trimmed of outer blanks) and returns nullopt unless all of it is a value of the type.
#pragma once

#include <optional>
#include <string_view>

#include "runtime/extract/value.h"

namespace rptc::rt::value_internal {

// number, money, percent, points, count: a figure with its unit, qualifiers and ranges.
std::optional<Value> ParseQuantityValue(ValueType type, std::string_view text);
// year: 2021年, 二○二一年, 2021. date: 2021年2月24日, 2021-02-24, February 24, 2021.
std::optional<Value> ParseYearValue(std::string_view text);
std::optional<Value> ParseDateValue(std::string_view text);
// rank: 第三, 第3名, 首位, third, 21st, No. 3, first in the province; a list marker's numeral
// (一, 12, IV, ①).
std::optional<Value> ParseRankValue(std::string_view text);
// ratio: 0.5:16.8:82.7, 1比2.
std::optional<Value> ParseRatioValue(std::string_view text);

}  // namespace rptc::rt::value_internal

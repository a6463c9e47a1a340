// Qualifier words around a figure: about (约 8%, 8%左右), above (以上, more than), within (以内,
// 控制在, no more than), and the words that make a range (between, 在 ... 之间, 至, to).
// The same phrases are declared for templates in compiler/std/qualifiers.rpt; keep them in step.
#pragma once

#include "runtime/extract/cursor.h"
#include "runtime/extract/value.h"

namespace rptc::rt::value_internal {

// A qualifier written before the figure ("约", "more than"); consumes it and the blanks after it.
// Returns kExact (consuming nothing) when there is none.
Qualifier MatchQualifierPrefix(Cursor& c);
// A qualifier written after the figure ("左右", "以上", "or more"), blanks before it allowed.
Qualifier MatchQualifierSuffix(Cursor& c);

enum class RangeWord { kNone, kEnglish, kChinese };
// "between", "from" / "在", "位于", "介于": a range follows (consumed with trailing blanks).
RangeWord MatchRangePrefix(Cursor& c);

enum class Connector { kNone, kDash, kTo, kAnd, kHe };
// The word between the two ends of a range: - – — ~ 至 到 to | and | 和 与 及.
Connector MatchRangeConnector(Cursor& c);
// "之间" / "间" after a Chinese range.
bool MatchRangeSuffix(Cursor& c);

}  // namespace rptc::rt::value_internal

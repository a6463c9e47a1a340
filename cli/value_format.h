// Flat renderings of typed values for the tabular outputs (CSV cells, SQLite columns), where a
// Value has to become one cell. The JSON output keeps the full structure (runtime/output/).
#pragma once

#include <string>

#include "runtime/extract/value.h"

namespace rptc::cli {

// True for the value types whose Value::number is meaningful.
bool IsNumeric(rt::ValueType type);

// The value as one cell: the number for numeric types ("431.8", ranges "6..7"), the text or
// lexicon key, the year, an ISO date ("2021-03" when the day is unknown), or a ratio "0.5:16.8".
std::string ValueCell(const rt::Value& value);

// A double in its shortest round-trip form ("431.8", "43180000000", "0.1").
std::string FormatNumber(double number);

}  // namespace rptc::cli

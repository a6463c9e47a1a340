// ParseValue: trims the capture and hands it to the parser of its type (value_forms.h).
#include "runtime/extract/value.h"

#include <cmath>
#include <string>

#include "runtime/extract/cursor.h"
#include "runtime/extract/numeral.h"
#include "runtime/extract/value_forms.h"

namespace rptc::rt {
namespace {

using value_internal::Cursor;

std::string_view Trim(std::string_view text) {
  Cursor c(text);
  c.SkipSpaces();
  size_t end = text.size();
  // Walk back over blanks; all our blanks are ASCII or 2-3 byte sequences that decode cleanly.
  while (end > c.pos()) {
    size_t start = end - 1;
    while (start > c.pos() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    size_t len = 0;
    if (!value_internal::IsSpace(value_internal::DecodeUtf8(text, start, &len))) break;
    end = start;
  }
  return text.substr(c.pos(), end - c.pos());
}

std::optional<double> ParseWholeNumber(std::string_view text,
                                       const value_internal::NumberOptions& options) {
  Cursor c(Trim(text));
  value_internal::NumberScan n;
  if (!value_internal::ScanNumber(c, options, &n) || !c.AtEnd() || !std::isfinite(n.value)) {
    return std::nullopt;
  }
  return n.value;
}

struct TypeName {
  std::string_view name;
  ValueType type;
};
constexpr TypeName kTypeNames[] = {
    {"text", ValueType::kText},       {"number", ValueType::kNumber},
    {"money", ValueType::kMoney},     {"percent", ValueType::kPercent},
    {"points", ValueType::kPoints},   {"count", ValueType::kCount},
    {"ratio", ValueType::kRatio},     {"rank", ValueType::kRank},
    {"year", ValueType::kYear},       {"date", ValueType::kDate},
    {"key", ValueType::kKey},
};

}  // namespace

std::optional<Value> ParseValue(ValueType type, std::string_view text) {
  const std::string_view t = Trim(text);
  switch (type) {
    case ValueType::kText:
    case ValueType::kKey: {
      Value v;
      v.type = type;
      v.text = std::string(t);
      return v;
    }
    case ValueType::kNumber:
    case ValueType::kMoney:
    case ValueType::kPercent:
    case ValueType::kPoints:
    case ValueType::kCount:
      return value_internal::ParseQuantityValue(type, t);
    case ValueType::kRatio: return value_internal::ParseRatioValue(t);
    case ValueType::kRank: return value_internal::ParseRankValue(t);
    case ValueType::kYear: return value_internal::ParseYearValue(t);
    case ValueType::kDate: return value_internal::ParseDateValue(t);
  }
  return std::nullopt;
}

std::optional<double> ParseNumber(std::string_view text) {
  return ParseWholeNumber(text, value_internal::NumberOptions{});
}

std::optional<double> ParseChineseNumeral(std::string_view text) {
  value_internal::NumberOptions options;
  options.chinese_only = true;
  return ParseWholeNumber(text, options);
}

std::string_view ValueTypeName(ValueType t) {
  for (const TypeName& n : kTypeNames) {
    if (n.type == t) return n.name;
  }
  return "text";
}

std::optional<ValueType> ValueTypeFromName(std::string_view name) {
  if (name == "ordinal") return ValueType::kRank;  // the language reference writes @index:ordinal
  for (const TypeName& n : kTypeNames) {
    if (n.name == name) return n.type;
  }
  return std::nullopt;
}

}  // namespace rptc::rt

#include "cli/value_format.h"

#include <fmt/format.h>

namespace rptc::cli {

bool IsNumeric(rt::ValueType type) {
  switch (type) {
    case rt::ValueType::kNumber:
    case rt::ValueType::kMoney:
    case rt::ValueType::kPercent:
    case rt::ValueType::kPoints:
    case rt::ValueType::kCount:
    case rt::ValueType::kRank:
      return true;
    default:
      return false;
  }
}

std::string FormatNumber(double number) {
  // Whole numbers below 2^53 print without a fraction or exponent: amounts of yuan reach 1e13.
  if (number == static_cast<double>(static_cast<long long>(number)) && number < 9.0e15 &&
      number > -9.0e15) {
    return fmt::format("{}", static_cast<long long>(number));
  }
  return fmt::format("{}", number);
}

std::string ValueCell(const rt::Value& value) {
  switch (value.type) {
    case rt::ValueType::kText:
    case rt::ValueType::kKey:
      return value.text;
    case rt::ValueType::kYear:
      return std::to_string(value.year);
    case rt::ValueType::kDate: {
      std::string out = fmt::format("{:04}", value.year);
      if (value.month > 0) out += fmt::format("-{:02}", value.month);
      if (value.day > 0) out += fmt::format("-{:02}", value.day);
      return out;
    }
    case rt::ValueType::kRatio: {
      std::string out;
      for (size_t i = 0; i < value.parts.size(); ++i) {
        if (i > 0) out += ':';
        out += FormatNumber(value.parts[i]);
      }
      return out;
    }
    default:
      if (value.qualifier == rt::Qualifier::kRange) {
        return FormatNumber(value.low) + ".." + FormatNumber(value.high);
      }
      return FormatNumber(value.number);
  }
}

}  // namespace rptc::cli

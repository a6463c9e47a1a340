#include "compiler/check/types.h"

#include <fmt/format.h>

#include "compiler/check/capture.h"
#include "compiler/check/lookup.h"

namespace rptc::check {

Type CaptureType(const ast::Pattern& capture) {
  Type type;
  type.is_list = capture.capture_type.is_list;
  if (capture.capture_type.empty()) return type;
  std::string name = capture.capture_type.name.ToString();
  if (auto value = internal::ValueTypeByName(name)) {
    type.value = *value;
  } else {
    type.value = rt::ValueType::kKey;
    type.lexicon = std::move(name);
  }
  return type;
}

}  // namespace rptc::check

namespace rptc::check::internal {
namespace {

struct TypeName {
  std::string_view name;
  rt::ValueType type;
};

constexpr TypeName kTypeNames[] = {
    {"number", rt::ValueType::kNumber}, {"money", rt::ValueType::kMoney},
    {"percent", rt::ValueType::kPercent}, {"points", rt::ValueType::kPoints},
    {"count", rt::ValueType::kCount},   {"ratio", rt::ValueType::kRatio},
    {"rank", rt::ValueType::kRank},     {"ordinal", rt::ValueType::kRank},
    {"year", rt::ValueType::kYear},     {"date", rt::ValueType::kDate},
    {"text", rt::ValueType::kText},
};

}  // namespace

std::optional<rt::ValueType> ValueTypeByName(std::string_view name) {
  for (const TypeName& t : kTypeNames) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

std::string_view ValueTypeSpelling(rt::ValueType type) {
  if (type == rt::ValueType::kKey) return "";
  for (const TypeName& t : kTypeNames) {
    if (t.type == type) return t.name;  // the first spelling is canonical ("rank")
  }
  return "text";
}

const std::vector<std::string>& ValueTypeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const TypeName& t : kTypeNames) out.emplace_back(t.name);
    return out;
  }();
  return names;
}

bool IsNumeric(rt::ValueType type) {
  switch (type) {
    case rt::ValueType::kNumber:
    case rt::ValueType::kMoney:
    case rt::ValueType::kPercent:
    case rt::ValueType::kPoints:
    case rt::ValueType::kCount:
    case rt::ValueType::kRatio:
    case rt::ValueType::kRank:
    case rt::ValueType::kYear:
      return true;
    default:
      return false;
  }
}

bool Fits(const Type& capture, const Type& field) {
  if (field.value == rt::ValueType::kText) return true;
  if (capture.value == field.value) {
    return capture.value != rt::ValueType::kKey || capture.lexicon == field.lexicon;
  }
  // A bare number is a value of any unit-carrying numeric type ("增长8" into percent); a ratio
  // has several terms, so one number is not a ratio.
  return capture.value == rt::ValueType::kNumber && IsNumeric(field.value) &&
         field.value != rt::ValueType::kRatio;
}

std::string TypeDisplay(const CheckContext& ctx, const Type& type, uint32_t from) {
  std::string base;
  if (type.value == rt::ValueType::kKey) {
    auto it = ctx.out.lexicon_index.find(type.lexicon);
    base = it == ctx.out.lexicon_index.end() ? type.lexicon : ctx.LexiconDisplay(it->second, from);
  } else {
    base = std::string(ValueTypeSpelling(type.value));
  }
  return type.is_list ? fmt::format("list({})", base) : base;
}

std::optional<Type> ResolveType(CheckContext& ctx, uint32_t module, const ast::TypeRef& ref) {
  Type type;
  type.is_list = ref.is_list;
  if (ref.empty()) return type;
  if (ref.name.parts.size() == 1) {
    if (auto value = ValueTypeByName(ref.name.parts[0])) {
      type.value = *value;
      return type;
    }
  }
  std::optional<NameTarget> target = ResolveName(ctx, module, ref.name, {}, NameUse::kType);
  if (!target) return std::nullopt;
  type.value = rt::ValueType::kKey;
  type.lexicon = ctx.out.lexicons[target->index].qualified;
  return type;
}

}  // namespace rptc::check::internal

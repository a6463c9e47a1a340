#include "compiler/ast/ast.h"

namespace rptc::ast {

std::string Name::ToString() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    out += parts[i];
  }
  return out;
}

std::string NameTemplate::ToString() const {
  std::string out;
  for (const NamePiece& p : pieces) {
    if (p.kind == NamePiece::Kind::kVar) {
      out += '{';
      out += p.text;
      out += '}';
    } else {
      out += p.text;
    }
  }
  return out;
}

bool NameTemplate::has_vars() const {
  for (const NamePiece& p : pieces) {
    if (p.kind == NamePiece::Kind::kVar) return true;
  }
  return false;
}

std::string Path::ToString() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    out += parts[i].ToString();
  }
  return out;
}

std::string Expectation::PathText() const {
  std::string out = path.ToString();
  if (item) out += "[" + std::to_string(*item) + "]";
  if (item_field) out += "." + item_field->ToString();
  return out;
}

}  // namespace rptc::ast

#include "compiler/check/symbols.h"

namespace rptc::check::internal {

void SymbolTable::Resize(size_t module_count) {
  decls_.resize(module_count);
  others_.resize(module_count);
}

const Symbol* SymbolTable::Declare(uint32_t module, const std::string& name,
                                   const Symbol& symbol) {
  auto [it, inserted] = decls_[module].emplace(name, symbol);
  return inserted ? nullptr : &it->second;
}

const Symbol* SymbolTable::Find(uint32_t module, std::string_view name) const {
  if (module >= decls_.size()) return nullptr;
  auto it = decls_[module].find(name);
  return it == decls_[module].end() ? nullptr : &it->second;
}

std::vector<std::string> SymbolTable::Names(uint32_t module) const {
  std::vector<std::string> names;
  for (const auto& [name, symbol] : decls_[module]) names.push_back(name);
  return names;
}

std::vector<std::string> SymbolTable::Names(uint32_t module, Symbol::Kind kind) const {
  std::vector<std::string> names;
  for (const auto& [name, symbol] : decls_[module]) {
    if (symbol.kind == kind) names.push_back(name);
  }
  return names;
}

void SymbolTable::DeclareOther(uint32_t module, const std::string& name, std::string_view kind) {
  others_[module].emplace(name, std::string(kind));
}

const std::string* SymbolTable::FindOther(uint32_t module, std::string_view name) const {
  if (module >= others_.size()) return nullptr;
  auto it = others_[module].find(name);
  return it == others_[module].end() ? nullptr : &it->second;
}

}  // namespace rptc::check::internal

// The symbol table: every lexicon and pattern of every loaded module, by module and local name.
//
// Lexicons and patterns share one namespace per module (a pattern reference cannot tell them
// apart). Sections, fields and lists are recorded separately, only so that using one in a pattern
// gets "wrong kind of name" (E0105) instead of "unknown name" (E0101).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source.h"

namespace rptc::check::internal {

struct Symbol {
  enum class Kind : uint8_t { kLexicon, kPattern };
  Kind kind = Kind::kPattern;
  uint32_t index = 0;  // into CheckedTemplate::lexicons or CheckedTemplate::patterns
  SourceSpan span;     // the declaration
};

class SymbolTable {
 public:
  void Resize(size_t module_count);

  // Declares `name` in `module`. Returns the earlier declaration when the name is taken (and
  // declares nothing), nullptr otherwise.
  const Symbol* Declare(uint32_t module, const std::string& name, const Symbol& symbol);
  const Symbol* Find(uint32_t module, std::string_view name) const;
  // Local lexicon and pattern names of a module, sorted.
  std::vector<std::string> Names(uint32_t module) const;
  std::vector<std::string> Names(uint32_t module, Symbol::Kind kind) const;

  // Section, field and list names ("section", "field", "list"), for E0105.
  void DeclareOther(uint32_t module, const std::string& name, std::string_view kind);
  const std::string* FindOther(uint32_t module, std::string_view name) const;

 private:
  std::vector<std::map<std::string, Symbol, std::less<>>> decls_;
  std::vector<std::map<std::string, std::string, std::less<>>> others_;
};

}  // namespace rptc::check::internal

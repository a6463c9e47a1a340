// CheckContext: the state the checker's passes share while they build one CheckedTemplate.
//
// The passes run in order (checker.cc): load modules, declare symbols, check written patterns,
// resolve named patterns, analyse the pattern graph, build the structure (expanding `for`
// loops), then check rules, conformance rules, tests and warnings. Each pass reads what earlier
// ones left here and reports through `report`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiler/check/checked.h"
#include "compiler/check/checker.h"
#include "compiler/check/reporter.h"
#include "compiler/check/symbols.h"
#include "compiler/source/source.h"

namespace rptc::check::internal {

// Marks an import alias whose module failed to load or parse: lookups through it fail quietly,
// since the import itself was already reported.
inline constexpr uint32_t kBrokenModule = 0xFFFFFFFEu;

struct ModuleInfo {
  std::string prefix;   // qualified-name prefix: "gwr", "std.values", "indicators"
  std::string display;  // for messages: "std.values", "shared/indicators.rpt"
  std::string key;      // identity for sharing and cycles: "std.values" or a canonical path
  std::string dir;      // folder for relative imports ("" for std modules)
  bool is_std = false;
  // Names that reach another module from this one: aliases (`values`, `q`, `indicators`) and
  // full std names (`std.values`). Values are module indices or kBrokenModule.
  std::map<std::string, uint32_t, std::less<>> aliases;
  // Implicitly imported std modules, whose names are also visible unqualified (in this order).
  std::vector<uint32_t> implicit;
};

// Loop variables bound by the enclosing `for` loops, innermost last.
struct LoopEnv {
  std::vector<std::pair<std::string, std::string>> bindings;  // var -> lexicon key
  const std::string* Find(std::string_view var) const {
    for (auto it = bindings.rbegin(); it != bindings.rend(); ++it) {
      if (it->first == var) return &it->second;
    }
    return nullptr;
  }
};

struct CheckContext {
  CheckContext(SourceManager& s, Diagnostics& d, const CheckOptions& o)
      : sources(s), report(d), options(o) {}

  SourceManager& sources;
  Reporter report;
  const CheckOptions& options;
  CheckedTemplate out;
  std::vector<ModuleInfo> modules;  // parallel to out.modules
  SymbolTable symbols;

  // Per lexicon (parallel to out.lexicons): key -> entry index, and the declaring module.
  std::vector<std::unordered_map<std::string, uint32_t>> lexicon_keys;
  std::vector<uint32_t> lexicon_module;
  std::vector<std::string> lexicon_name;  // local name
  // Per pattern (parallel to out.patterns).
  std::vector<uint32_t> pattern_module;
  std::vector<std::string> pattern_name;  // local name
  std::vector<const ast::PatternDecl*> pattern_decl;  // as written, in out.modules
  // Which lexicons and patterns something refers to (for W0101).
  std::vector<char> lexicon_used, pattern_used;

  // A lexicon or pattern name as a user of module `from` writes it: the local name inside its
  // own module, the qualified name elsewhere.
  std::string LexiconDisplay(uint32_t lexicon, uint32_t from) const {
    return lexicon_module[lexicon] == from ? lexicon_name[lexicon] : out.lexicons[lexicon].qualified;
  }
  std::string PatternDisplay(uint32_t pattern, uint32_t from) const {
    return pattern_module[pattern] == from ? pattern_name[pattern] : out.patterns[pattern].qualified;
  }
};

}  // namespace rptc::check::internal

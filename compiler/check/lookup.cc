#include "compiler/check/lookup.h"

#include <fmt/format.h>

#include "compiler/check/types.h"

namespace rptc::check::internal {

std::string LoopVar(const std::string& part) {
  if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
    return part.substr(1, part.size() - 2);
  }
  return "";
}

namespace {

std::string Join(const std::vector<std::string>& parts, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += '.';
    out += parts[i];
  }
  return out;
}

class Lookup {
 public:
  Lookup(CheckContext& ctx, uint32_t module, const ast::Name& name, const LoopEnv& env,
         NameUse use)
      : ctx_(ctx), module_(module), name_(name), env_(env), use_(use) {}

  std::optional<NameTarget> Run() {
    const std::vector<std::string>& parts = name_.parts;
    if (parts.empty()) return std::nullopt;
    const ModuleInfo& info = ctx_.modules[module_];
    const Symbol* symbol = nullptr;
    uint32_t symbol_module = module_;
    size_t used = 0;
    if (LoopVar(parts[0]).empty()) symbol = ctx_.symbols.Find(module_, parts[0]);
    if (symbol) {
      used = 1;
    } else {
      // `std.values.money` before `values.money`: the longest alias wins.
      for (size_t k = parts.size(); k >= 1 && !symbol; --k) {
        auto it = info.aliases.find(Join(parts, 0, k));
        if (it == info.aliases.end()) continue;
        if (it->second == kBrokenModule) return std::nullopt;  // the import was reported
        std::string module_name = Join(parts, 0, k);
        if (k == parts.size()) {
          ctx_.report.Error(name_.span, "E0105",
                            fmt::format("'{}' is a module, not {}", module_name, Wanted()),
                            fmt::format("name one of its declarations: {}.NAME", module_name));
          return std::nullopt;
        }
        symbol_module = it->second;
        symbol = ctx_.symbols.Find(symbol_module, parts[k]);
        if (!symbol) {
          std::vector<std::string> names = ctx_.symbols.Names(symbol_module);
          ctx_.report.Error(
              name_.span, use_ == NameUse::kType ? "E0201" : "E0101",
              fmt::format("module '{}' has no pattern or lexicon '{}'{}", module_name, parts[k],
                          ctx_.report.saturated() ? "" : DidYouMean(parts[k], names)),
              fmt::format("'{}' declares: {}", module_name, NameList(names)));
          return std::nullopt;
        }
        used = k + 1;
      }
    }
    if (!symbol && LoopVar(parts[0]).empty()) {
      for (uint32_t m : info.implicit) {
        symbol = ctx_.symbols.Find(m, parts[0]);
        if (symbol) {
          symbol_module = m;
          used = 1;
          break;
        }
      }
    }
    if (!symbol) {
      ReportUnknown();
      return std::nullopt;
    }
    return Finish(*symbol, symbol_module, used);
  }

 private:
  std::string_view Wanted() const {
    switch (use_) {
      case NameUse::kPattern: return "a pattern or lexicon";
      case NameUse::kLexicon: return "a lexicon";
      case NameUse::kType: return "a type";
    }
    return "a pattern or lexicon";
  }

  std::string Display(const Symbol& symbol) const {
    return symbol.kind == Symbol::Kind::kLexicon ? ctx_.LexiconDisplay(symbol.index, module_)
                                                 : ctx_.PatternDisplay(symbol.index, module_);
  }

  // Names a user could have meant: local and implicitly visible ones of the right kind.
  std::vector<std::string> Candidates(bool with_aliases) const {
    std::vector<std::string> names;
    auto add_module = [&](uint32_t m) {
      std::vector<std::string> found =
          use_ == NameUse::kPattern ? ctx_.symbols.Names(m)
                                    : ctx_.symbols.Names(m, Symbol::Kind::kLexicon);
      names.insert(names.end(), found.begin(), found.end());
    };
    add_module(module_);
    for (uint32_t m : ctx_.modules[module_].implicit) add_module(m);
    if (with_aliases) {
      for (const auto& [alias, target] : ctx_.modules[module_].aliases) names.push_back(alias);
    }
    if (use_ == NameUse::kType) {
      names.insert(names.end(), ValueTypeNames().begin(), ValueTypeNames().end());
    }
    return names;
  }

  void ReportUnknown() {
    const std::vector<std::string>& parts = name_.parts;
    const std::string& first = parts[0];
    if (!LoopVar(first).empty()) {
      ctx_.report.Error(name_.span, "E0101",
                        fmt::format("loop variable '{}' cannot stand for {}", first, Wanted()),
                        "a loop variable names a key: write LEXICON.{var}");
      return;
    }
    if (const std::string* kind = ctx_.symbols.FindOther(module_, first)) {
      ctx_.report.Error(name_.span, "E0105",
                        fmt::format("'{}' is a {}, not {}", first, *kind, Wanted()),
                        use_ == NameUse::kPattern
                            ? "only patterns and lexicons can be used inside a pattern"
                            : "");
      return;
    }
    bool qualified = parts.size() > 1;
    std::vector<std::string> candidates =
        ctx_.report.saturated() ? std::vector<std::string>() : Candidates(qualified);
    std::string best = ClosestName(first, candidates);
    std::string suggestion = best.empty() ? "" : fmt::format("; did you mean '{}'?", best);
    // The misspelt reference was meant for `best`: don't also call it unused (W0101).
    if (const Symbol* meant = best.empty() ? nullptr : ctx_.symbols.Find(module_, best)) {
      MarkUsed(*meant);
    }
    switch (use_) {
      case NameUse::kPattern: {
        std::vector<std::string> local = ctx_.symbols.Names(module_);
        ctx_.report.Error(
            name_.span, "E0101",
            fmt::format("unknown {} '{}'{}", qualified ? "lexicon or module" : "pattern or lexicon",
                        first, suggestion),
            local.empty() ? std::string("this module declares no patterns or lexicons")
                          : fmt::format("patterns and lexicons in scope: {}", NameList(local)));
        return;
      }
      case NameUse::kLexicon: {
        std::vector<std::string> local = ctx_.symbols.Names(module_, Symbol::Kind::kLexicon);
        ctx_.report.Error(name_.span, "E0101",
                          fmt::format("unknown lexicon '{}'{}", name_.ToString(), suggestion),
                          local.empty() ? std::string("this module declares no lexicons")
                                        : fmt::format("lexicons in scope: {}", NameList(local)));
        return;
      }
      case NameUse::kType: {
        std::vector<std::string> local = ctx_.symbols.Names(module_, Symbol::Kind::kLexicon);
        std::string help = "value types: number, money, percent, points, count, ratio, rank, "
                           "year, date, text";
        if (!local.empty()) help += fmt::format("; lexicons: {}", NameList(local));
        ctx_.report.Error(name_.span, "E0201",
                          fmt::format("unknown type '{}'{}", name_.ToString(), suggestion), help);
        return;
      }
    }
  }

  std::optional<NameTarget> Finish(const Symbol& symbol, uint32_t symbol_module, size_t used) {
    // Referred to, even if wrongly: "never used" on top of the error would mislead.
    MarkUsed(symbol);
    const std::vector<std::string>& parts = name_.parts;
    size_t rest = parts.size() - used;
    bool lexicon = symbol.kind == Symbol::Kind::kLexicon;
    if (rest == 0) {
      if (use_ != NameUse::kPattern && !lexicon) {
        ctx_.report.Error(name_.span, "E0105",
                          fmt::format("'{}' is a pattern, not {}", name_.ToString(), Wanted()),
                          use_ == NameUse::kType ? "a capture type is a value type or a lexicon"
                                                 : "");
        return std::nullopt;
      }
      return NameTarget{symbol.kind, symbol.index, ""};
    }
    if (!lexicon) {
      ctx_.report.Error(name_.span, "E0105",
                        fmt::format("'{}' is a pattern, so '{}' cannot name one of its keys",
                                    Join(parts, 0, used), name_.ToString()),
                        "only lexicons have keys");
      return std::nullopt;
    }
    if (rest > 1) {
      ctx_.report.Error(name_.span, "E0101",
                        fmt::format("'{}' names nothing: a lexicon key has no parts",
                                    name_.ToString()));
      return std::nullopt;
    }
    if (use_ != NameUse::kPattern) {
      ctx_.report.Error(name_.span, "E0105",
                        fmt::format("'{}' is a lexicon key, not {}", name_.ToString(), Wanted()),
                        fmt::format("write the lexicon alone: {}", Join(parts, 0, used)));
      return std::nullopt;
    }
    std::string key = parts[used];
    std::string var = LoopVar(key);
    if (!var.empty()) {
      const std::string* bound = env_.Find(var);
      if (!bound) {
        ctx_.report.Error(name_.span, "E0101", fmt::format("unknown loop variable '{}'", var),
                          fmt::format("'{{{}}}' is only bound inside `for {} in LEXICON {{ ... }}`",
                                      var, var));
        return std::nullopt;
      }
      key = *bound;
    }
    const auto& keys = ctx_.lexicon_keys[symbol.index];
    if (!keys.count(key)) {
      std::vector<std::string> names;
      for (const ast::LexiconEntry& e : ctx_.out.lexicons[symbol.index].decl.entries) {
        names.push_back(e.key);
      }
      std::string lex = Display(symbol);
      ctx_.report.Error(name_.span, "E0106",
                        fmt::format("unknown key '{}' in lexicon '{}'{}", key, lex,
                                    ctx_.report.saturated() ? "" : DidYouMean(key, names)),
                        fmt::format("keys of '{}': {}", lex, NameList(names)));
      return std::nullopt;
    }
    (void)symbol_module;
    return NameTarget{symbol.kind, symbol.index, key};
  }

  void MarkUsed(const Symbol& symbol) {
    if (symbol.kind == Symbol::Kind::kLexicon) ctx_.lexicon_used[symbol.index] = 1;
    else ctx_.pattern_used[symbol.index] = 1;
  }

  CheckContext& ctx_;
  uint32_t module_;
  const ast::Name& name_;
  const LoopEnv& env_;
  NameUse use_;
};

}  // namespace

std::optional<NameTarget> ResolveName(CheckContext& ctx, uint32_t module, const ast::Name& name,
                                      const LoopEnv& env, NameUse use) {
  return Lookup(ctx, module, name, env, use).Run();
}

}  // namespace rptc::check::internal

#include "compiler/check/declarations.h"

#include <fmt/format.h>

namespace rptc::check::internal {
namespace {

class Declarer {
 public:
  explicit Declarer(CheckContext& ctx) : ctx_(ctx) {}

  void Run() {
    ctx_.symbols.Resize(ctx_.modules.size());
    for (uint32_t m = 0; m < ctx_.out.modules.size(); ++m) {
      module_ = m;
      Items(ctx_.out.modules[m].items, /*loop=*/nullptr);
    }
    ctx_.lexicon_used.assign(ctx_.out.lexicons.size(), 0);
    ctx_.pattern_used.assign(ctx_.out.patterns.size(), 0);
  }

 private:
  // Lexicons, patterns, sections and lists have fixed names, so a loop would declare them once
  // per key under one name.
  void RejectInLoop(const ast::ForLoop* loop, SourceSpan span, std::string_view what) {
    ctx_.report
        .Error(span, "E0107", fmt::format("{} cannot be declared inside a `for` loop", what),
               "move it out of the loop; only fields, conformance rules and tests are repeated "
               "per key")
        .notes.emplace_back(loop->span, "the enclosing loop");
  }

  void Items(const std::vector<ast::Item>& items, const ast::ForLoop* loop) {
    for (const ast::Item& item : items) {
      if (const auto* lex = std::get_if<ast::Lexicon>(&item.node)) {
        if (loop) RejectInLoop(loop, lex->span, "a lexicon");
        else DeclareLexicon(*lex);
      } else if (const auto* pat = std::get_if<ast::PatternDecl>(&item.node)) {
        if (loop) RejectInLoop(loop, pat->span, "a pattern");
        else DeclarePattern(*pat);
      } else if (const auto* sec = std::get_if<ast::Section>(&item.node)) {
        if (loop) {
          RejectInLoop(loop, sec->span, "a section");
          continue;
        }
        ctx_.symbols.DeclareOther(module_, sec->name, "section");
        Items(sec->items, nullptr);
      } else if (const auto* field = std::get_if<ast::Field>(&item.node)) {
        if (!field->name.has_vars()) {
          ctx_.symbols.DeclareOther(module_, field->name.ToString(), "field");
        }
      } else if (const auto* list = std::get_if<ast::ListDecl>(&item.node)) {
        if (loop) RejectInLoop(loop, list->span, "a list");
        else ctx_.symbols.DeclareOther(module_, list->name, "list");
      } else if (const auto* inner = std::get_if<ast::ForLoop>(&item.node)) {
        Items(inner->items, inner);
      }
    }
  }

  std::string Qualified(const std::string& name) const {
    return ctx_.modules[module_].prefix + "." + name;
  }

  bool Declare(const std::string& name, Symbol symbol, std::string_view what) {
    const Symbol* first = ctx_.symbols.Declare(module_, name, symbol);
    if (!first) return true;
    std::string_view first_what = first->kind == Symbol::Kind::kLexicon ? "lexicon" : "pattern";
    ctx_.report
        .Error(symbol.span, "E0102",
               first_what == what
                   ? fmt::format("{} '{}' is already defined", what, name)
                   : fmt::format("{} '{}' has the same name as a {}", what, name, first_what),
               "lexicons and patterns of one module share a namespace; rename one of them")
        .notes.emplace_back(first->span, "first defined here");
    return false;
  }

  void DeclareLexicon(const ast::Lexicon& lex) {
    uint32_t index = static_cast<uint32_t>(ctx_.out.lexicons.size());
    if (!Declare(lex.name, {Symbol::Kind::kLexicon, index, lex.span}, "lexicon")) return;
    ctx_.out.lexicons.push_back({Qualified(lex.name), lex});
    ctx_.out.lexicon_index[Qualified(lex.name)] = index;
    ctx_.lexicon_module.push_back(module_);
    ctx_.lexicon_name.push_back(lex.name);
    auto& keys = ctx_.lexicon_keys.emplace_back();
    if (lex.entries.empty()) {
      ctx_.report.Error(lex.span, "E0302",
                        fmt::format("lexicon '{}' has no entries, so it matches nothing", lex.name),
                        "add an entry such as `key: \"phrase\"`");
    }
    for (uint32_t e = 0; e < lex.entries.size(); ++e) {
      const ast::LexiconEntry& entry = lex.entries[e];
      auto [it, inserted] = keys.emplace(entry.key, e);
      if (!inserted) {
        ctx_.report
            .Error(entry.span, "E0102",
                   fmt::format("key '{}' is already defined in lexicon '{}'", entry.key, lex.name),
                   "merge the phrases into the first entry")
            .notes.emplace_back(lex.entries[it->second].span, "first defined here");
      }
      for (size_t p = 0; p < entry.phrases.size(); ++p) {
        if (!entry.phrases[p].empty()) continue;
        SourceSpan span = p < entry.phrase_spans.size() ? entry.phrase_spans[p] : entry.span;
        ctx_.report.Error(span, "E0302",
                          fmt::format("empty phrase in lexicon key '{}.{}'", lex.name, entry.key),
                          "an empty phrase would match at every position; remove it");
      }
    }
  }

  void DeclarePattern(const ast::PatternDecl& decl) {
    uint32_t index = static_cast<uint32_t>(ctx_.out.patterns.size());
    if (!Declare(decl.name, {Symbol::Kind::kPattern, index, decl.span}, "pattern")) return;
    // The pattern is copied unresolved; ResolveNamedPatterns() replaces it.
    ctx_.out.patterns.push_back({Qualified(decl.name), ast::Pattern{}, decl.span});
    ctx_.out.pattern_index[Qualified(decl.name)] = index;
    ctx_.pattern_module.push_back(module_);
    ctx_.pattern_name.push_back(decl.name);
    ctx_.pattern_decl.push_back(&decl);
  }

  CheckContext& ctx_;
  uint32_t module_ = 0;
};

}  // namespace

void DeclareSymbols(CheckContext& ctx) { Declarer(ctx).Run(); }

}  // namespace rptc::check::internal

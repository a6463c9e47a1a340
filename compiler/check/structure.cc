#include "compiler/check/structure.h"

#include <map>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "compiler/check/lookup.h"
#include "compiler/check/resolve.h"
#include "compiler/check/types.h"

namespace rptc::check::internal {

std::string PendingPath::Text() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    out += parts[i];
  }
  return out;
}

namespace {

size_t CountNodes(const ast::Pattern& p) {
  size_t n = 1;
  for (const ast::Pattern& child : p.children) n += CountNodes(child);
  return n;
}

// What one expansion of `items` costs: items plus the pattern nodes they copy.
size_t CountNodes(const std::vector<ast::Item>& items) {
  size_t n = 0;
  for (const ast::Item& item : items) {
    ++n;
    if (const auto* field = std::get_if<ast::Field>(&item.node)) {
      for (const ast::Rule& rule : field->rules) n += CountNodes(rule.pattern);
    } else if (const auto* test = std::get_if<ast::Test>(&item.node)) {
      n += test->expectations.size();
    } else if (const auto* loop = std::get_if<ast::ForLoop>(&item.node)) {
      n += CountNodes(loop->items);
    }
  }
  return n;
}

class Builder {
 public:
  Builder(CheckContext& ctx, Structure& s) : ctx_(ctx), s_(s) {}

  void Run() {
    for (uint32_t m = 0; m < ctx_.out.modules.size(); ++m) {
      module_ = m;
      LoopEnv env;
      Items(ctx_.out.modules[m].items, rt::kNoPos, env, false);
    }
  }

 private:
  void Items(const std::vector<ast::Item>& items, uint32_t scope, LoopEnv& env, bool in_loop) {
    for (const ast::Item& item : items) {
      if (over_budget_) return;
      std::visit(
          [&](const auto& node) {
            using T = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<T, ast::Section>) {
              if (!in_loop) Section(node, scope);  // E0107 was reported by DeclareSymbols
            } else if constexpr (std::is_same_v<T, ast::Field>) {
              Field(node, scope, env);
            } else if constexpr (std::is_same_v<T, ast::ListDecl>) {
              if (!in_loop) List(node, scope);
            } else if constexpr (std::is_same_v<T, ast::ForLoop>) {
              Loop(node, scope, env);
            } else if constexpr (std::is_same_v<T, ast::Require>) {
              for (const ast::Path& path : node.paths) {
                s_.rules.push_back(PendingRequire{Substitute(path, env), scope, &node});
              }
            } else if constexpr (std::is_same_v<T, ast::Check>) {
              s_.rules.push_back(PendingCheck{Substitute(node.path, env), scope, &node});
            } else if constexpr (std::is_same_v<T, ast::Order>) {
              PendingOrder order{{}, scope, &node};
              for (const ast::Name& name : node.sections) order.sections.push_back(Substitute(name, env));
              s_.rules.push_back(std::move(order));
            } else if constexpr (std::is_same_v<T, ast::Test>) {
              Test(node, scope, env);
            }
            // Lexicons and patterns were declared by DeclareSymbols.
          },
          item.node);
    }
  }

  // `{var}` pieces become the bound key; unbound ones stay as written.
  PendingPath Substitute(const ast::Path& path, const LoopEnv& env) {
    PendingPath out;
    out.span = path.span;
    for (const ast::NameTemplate& part : path.parts) {
      out.parts.push_back(Substitute(part, env));
      out.spans.push_back(part.span.end > part.span.begin ? part.span : path.span);
    }
    return out;
  }

  PendingPath Substitute(const ast::Name& name, const LoopEnv& env) {
    PendingPath out;
    out.span = name.span;
    for (const std::string& part : name.parts) {
      std::string var = LoopVar(part);
      const std::string* key = var.empty() ? nullptr : env.Find(var);
      out.parts.push_back(key ? *key : part);
      out.spans.push_back(name.span);
    }
    return out;
  }

  static std::string Substitute(const ast::NameTemplate& name, const LoopEnv& env) {
    std::string out;
    for (const ast::NamePiece& piece : name.pieces) {
      const std::string* key = piece.kind == ast::NamePiece::Kind::kVar ? env.Find(piece.text)
                                                                          : nullptr;
      if (piece.kind == ast::NamePiece::Kind::kText) out += piece.text;
      else if (key) out += *key;
      else out += "{" + piece.text + "}";
    }
    return out;
  }

  std::string ScopeName(uint32_t scope) const {
    return scope == rt::kNoPos ? std::string("the document")
                               : fmt::format("section '{}'", ctx_.out.sections[scope].name);
  }

  void Section(const ast::Section& sec, uint32_t parent) {
    uint32_t index = static_cast<uint32_t>(ctx_.out.sections.size());
    auto [it, inserted] = sections_.emplace(std::make_pair(parent, sec.name), index);
    if (!inserted) {
      ctx_.report
          .Error(sec.span, "E0406",
                 fmt::format("section '{}' is already defined in {}", sec.name, ScopeName(parent)),
                 "sibling sections need distinct names; rename one of them")
          .notes.emplace_back(ctx_.out.sections[it->second].span, "first defined here");
    }
    LoopEnv none;
    SectionDef def;
    def.name = sec.name;
    def.parent = parent;
    if (sec.begin) def.begin = ResolvePattern(ctx_, module_, *sec.begin, none);
    def.begin_last = sec.begin_policy == ast::BeginPolicy::kLast;
    for (const ast::SectionBoundary& end : sec.ends) {
      if (end.kind == ast::SectionBoundary::Kind::kPattern) {
        def.ends.push_back(ResolvePattern(ctx_, module_, end.pattern, none));
      } else {
        for (const ast::Name& name : end.sections) {
          s_.end_befores.push_back({index, Substitute(name, none)});
        }
      }
    }
    for (const ast::SectionExclude& exclude : sec.excludes) {
      def.excludes.push_back(ResolvePattern(ctx_, module_, exclude.pattern, none));
    }
    def.doc = sec.doc;
    def.span = sec.span;
    ctx_.out.sections.push_back(std::move(def));
    LoopEnv env;
    Items(sec.items, index, env, false);
  }

  // Fields and lists share a section's namespace: a path cannot tell them apart.
  bool DeclareMember(uint32_t scope, const std::string& name, SourceSpan span,
                     std::string_view what) {
    auto [it, inserted] = members_.emplace(std::make_pair(scope, name), span);
    if (inserted) return true;
    ctx_.report
        .Error(span, "E0102",
               fmt::format("{} '{}' is already defined in {}", what, name, ScopeName(scope)),
               "rename one of them")
        .notes.emplace_back(it->second, "first defined here");
    return false;
  }

  void Field(const ast::Field& field, uint32_t scope, const LoopEnv& env) {
    std::string name = Substitute(field.name, env);
    bool keyed = false;
    for (const ast::NamePiece& piece : field.name.pieces) {
      if (piece.kind != ast::NamePiece::Kind::kVar || env.Find(piece.text)) continue;
      if (piece.text == "key") {
        keyed = true;
        continue;
      }
      ctx_.report.Error(field.name.span, "E0101",
                        fmt::format("unknown loop variable '{}' in field name '{}'", piece.text,
                                    field.name.ToString()),
                        "write {key} for a field named by its @key capture, or put the field in "
                        "`for " + piece.text + " in LEXICON { ... }`");
      return;
    }
    if (!DeclareMember(scope, name, field.span, "field")) return;
    FieldDef def;
    def.name = name;
    def.keyed = keyed;
    def.section = scope;
    if (field.type.is_list) {
      ctx_.report.Error(field.type.span, "E0201",
                        fmt::format("field '{}' cannot have a list type", name),
                        fmt::format("declare the element type and `many`: {}: {} many", name,
                                    field.type.name.ToString()));
    } else if (std::optional<Type> type = ResolveType(ctx_, module_, field.type)) {
      def.type = *type;
    }
    def.cardinality = field.cardinality == ast::Cardinality::kMany ? rt::Cardinality::kMany
                                                                    : rt::Cardinality::kOne;
    switch (field.policy) {
      case ast::Policy::kFirst: def.policy = rt::Policy::kFirst; break;
      case ast::Policy::kLast: def.policy = rt::Policy::kLast; break;
      case ast::Policy::kBest: def.policy = rt::Policy::kBest; break;
      case ast::Policy::kAll: def.policy = rt::Policy::kAll; break;
    }
    for (const ast::Rule& rule : field.rules) {
      def.rules.push_back({ResolvePattern(ctx_, module_, rule.pattern, env), rule.priority,
                           rule.span});
    }
    def.doc = field.doc;
    def.span = field.span;
    ctx_.out.fields.push_back(std::move(def));
    s_.field_module.push_back(module_);
    s_.field_written.push_back(field.name.ToString());
    if (field.condition) {
      s_.field_condition.push_back(
          Structure::PendingCondition{&*field.condition, Substitute(field.condition->field, env)});
    } else {
      s_.field_condition.emplace_back();
    }
  }

  void List(const ast::ListDecl& list, uint32_t scope) {
    if (!DeclareMember(scope, list.name, list.span, "list")) return;
    LoopEnv none;
    ListDef def;
    def.name = list.name;
    def.section = scope;
    def.marker = ResolvePattern(ctx_, module_, list.marker, none);
    if (list.title_end) def.title_end = ResolvePattern(ctx_, module_, *list.title_end, none);
    def.doc = list.doc;
    def.span = list.span;
    ctx_.out.lists.push_back(std::move(def));
  }

  void Loop(const ast::ForLoop& loop, uint32_t scope, LoopEnv& env) {
    std::optional<NameTarget> lexicon =
        ResolveName(ctx_, module_, loop.lexicon, env, NameUse::kLexicon);
    if (!lexicon) return;
    const size_t cost = CountNodes(loop.items);
    // Nesting is what multiplies: blame the outermost loop.
    const bool outermost = !outer_loop_;
    if (outermost) outer_loop_ = &loop;
    for (const ast::LexiconEntry& entry : ctx_.out.lexicons[lexicon->index].decl.entries) {
      expanded_ += cost;
      if (expanded_ > kMaxExpansion) {
        over_budget_ = true;
        ctx_.report.Error(outer_loop_->span, "E0108",
                          fmt::format("these `for` loops expand to more than {} fields, rules "
                                      "and pattern nodes",
                                      kMaxExpansion),
                          "use a keyed field ({key} with an @key capture) instead of expanding "
                          "per key, or loop over a smaller lexicon");
        break;
      }
      env.bindings.emplace_back(loop.var, entry.key);
      Items(loop.items, scope, env, true);
      env.bindings.pop_back();
      if (over_budget_) break;
    }
    if (outermost) outer_loop_ = nullptr;
  }

  void Test(const ast::Test& test, uint32_t scope, const LoopEnv& env) {
    PendingTest pending;
    pending.decl = &test;
    pending.scope = scope;
    pending.module = module_;
    if (test.section) pending.in = Substitute(*test.section, env);
    for (const ast::Expectation& e : test.expectations) pending.paths.push_back(Substitute(e.path, env));
    s_.tests.push_back(std::move(pending));
  }

  CheckContext& ctx_;
  Structure& s_;
  uint32_t module_ = 0;
  size_t expanded_ = 0;
  bool over_budget_ = false;
  const ast::ForLoop* outer_loop_ = nullptr;
  std::map<std::pair<uint32_t, std::string>, uint32_t> sections_;
  std::map<std::pair<uint32_t, std::string>, SourceSpan> members_;
};

}  // namespace

void BuildStructure(CheckContext& ctx, Structure& structure) { Builder(ctx, structure).Run(); }

}  // namespace rptc::check::internal

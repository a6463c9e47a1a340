#include "compiler/check/resolve.h"

#include <fmt/format.h>

#include "compiler/check/lookup.h"
#include "compiler/check/types.h"

namespace rptc::check::internal {
namespace {

std::vector<std::string> SplitDots(const std::string& qualified) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = qualified.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(qualified.substr(start, dot - start));
  }
  parts.push_back(qualified.substr(start));
  return parts;
}

class Resolver {
 public:
  Resolver(CheckContext& ctx, uint32_t module, const LoopEnv& env)
      : ctx_(ctx), module_(module), env_(env) {}

  ast::Pattern Copy(const ast::Pattern& p, int depth) {
    ast::Pattern out;
    out.kind = p.kind;
    out.span = p.span;
    out.text = p.text;
    out.cls = p.cls;
    out.min = p.min;
    out.max = p.max;
    out.gap_kind = p.gap_kind;
    out.anchor = p.anchor;
    out.ref = p.ref;
    out.capture_name = p.capture_name;
    out.capture_type = p.capture_type;
    if (depth > kMaxPatternDepth) {
      ctx_.report.Error(p.span, "E0003", "pattern nested too deeply",
                        fmt::format("nest at most {} levels", kMaxPatternDepth));
      return out;
    }
    out.children.reserve(p.children.size());
    for (const ast::Pattern& child : p.children) out.children.push_back(Copy(child, depth + 1));
    if (p.kind == ast::PatternKind::kRef) ResolveRef(out);
    if (p.kind == ast::PatternKind::kCapture) ResolveCapture(out);
    return out;
  }

 private:
  void ResolveRef(ast::Pattern& p) {
    std::optional<NameTarget> target = ResolveName(ctx_, module_, p.ref, env_, NameUse::kPattern);
    for (std::string& part : p.ref.parts) {
      std::string var = LoopVar(part);
      if (const std::string* key = var.empty() ? nullptr : env_.Find(var)) part = *key;
    }
    if (!target) return;
    if (target->kind == Symbol::Kind::kLexicon) {
      p.ref_kind = ast::Pattern::RefKind::kLexicon;
      p.resolved = ctx_.out.lexicons[target->index].qualified;
      p.resolved_key = target->key;
    } else {
      p.ref_kind = ast::Pattern::RefKind::kPattern;
      p.resolved = ctx_.out.patterns[target->index].qualified;
    }
  }

  void ResolveCapture(ast::Pattern& p) {
    std::optional<Type> type = ResolveType(ctx_, module_, p.capture_type);
    if (!type) return;
    bool typed_as_written = !p.capture_type.empty();
    // Canonical form: see compiler/check/capture.h.
    p.capture_type.name.parts = type->value == rt::ValueType::kKey
                                    ? SplitDots(type->lexicon)
                                    : std::vector<std::string>{
                                          std::string(ValueTypeSpelling(type->value))};
    if (p.capture_name == "qualifier" && type->value != rt::ValueType::kKey) {
      ctx_.report.Error(p.span, "E0207",
                        fmt::format("the @qualifier capture must have a lexicon type, not {}",
                                    TypeDisplay(ctx_, *type, module_)),
                        "write @qualifier:qualifier (the std.qualifiers lexicon) or another "
                        "lexicon whose keys name qualifiers");
    }
    if (p.capture_name == "sign" && (type->value != rt::ValueType::kKey || type->is_list)) {
      ctx_.report.Error(p.span, "E0207",
                        fmt::format("the @sign capture must have a lexicon type, not {}",
                                    TypeDisplay(ctx_, *type, module_)),
                        "write @sign:direction (the std.qualifiers lexicon: negative 下降, fell "
                        "...; positive 增长, rose ...) or another lexicon with the keys "
                        "'negative' and 'positive'");
    }
    if (!p.children.empty()) return;
    if (type->value == rt::ValueType::kText) {
      ctx_.report.Error(p.span, "E0204",
                        fmt::format("capture '@{}' has nothing to match", p.capture_name),
                        typed_as_written
                            ? fmt::format("text has no standard recognizer; give a pattern: "
                                          "@{}:text(PATTERN)",
                                          p.capture_name)
                            : fmt::format("give it a type (@{0}:money) or a pattern (@{0}(PATTERN))",
                                          p.capture_name));
      return;
    }
    // Lowering inlines the recognizer (and, for lists, std.values.sep between items): make sure
    // they exist, so it cannot fail.
    Type element = *type;
    element.is_list = false;
    const std::string spelling = TypeDisplay(ctx_, element, module_);
    std::vector<std::string> needed;
    if (type->value != rt::ValueType::kKey) needed.push_back(RecognizerName(type->value));
    if (type->is_list) needed.emplace_back(kListSeparator);
    for (const std::string& name : needed) {
      auto it = ctx_.out.pattern_index.find(name);
      if (it != ctx_.out.pattern_index.end()) {
        ctx_.pattern_used[it->second] = 1;
        continue;
      }
      ctx_.report.Error(p.span, "E0204",
                        fmt::format("capture '@{}' has nothing to match: the standard library has "
                                    "no pattern {}",
                                    p.capture_name, name),
                        fmt::format("give a pattern: @{}:{}(PATTERN)", p.capture_name, spelling));
      return;
    }
  }

  CheckContext& ctx_;
  uint32_t module_;
  const LoopEnv& env_;
};

}  // namespace

std::string RecognizerName(rt::ValueType type) {
  return "std.values." + std::string(ValueTypeSpelling(type));
}

ast::Pattern ResolvePattern(CheckContext& ctx, uint32_t module, const ast::Pattern& written,
                            const LoopEnv& env) {
  return Resolver(ctx, module, env).Copy(written, 0);
}

void ResolveNamedPatterns(CheckContext& ctx) {
  LoopEnv none;
  for (uint32_t i = 0; i < ctx.out.patterns.size(); ++i) {
    ctx.out.patterns[i].pattern =
        ResolvePattern(ctx, ctx.pattern_module[i], ctx.pattern_decl[i]->pattern, none);
  }
}

}  // namespace rptc::check::internal

#include "compiler/check/conditions.h"

#include <fmt/format.h>

#include "compiler/check/paths.h"
#include "compiler/check/types.h"

namespace rptc::check::internal {
namespace {

class Conditions {
 public:
  Conditions(CheckContext& ctx, const PatternGraph& graph, const Structure& s)
      : ctx_(ctx), graph_(graph), s_(s), index_(ctx) {}

  void Run() {
    // Resolve every condition first, so that E0209 can see whether the compared field has one.
    std::vector<std::optional<uint32_t>> targets(ctx_.out.fields.size());
    for (uint32_t f = 0; f < ctx_.out.fields.size(); ++f) {
      if (f < s_.field_condition.size() && s_.field_condition[f]) {
        targets[f] = Resolve(f, s_.field_condition[f]->path);
      }
    }
    for (uint32_t f = 0; f < ctx_.out.fields.size(); ++f) {
      if (targets[f]) Check(f, *s_.field_condition[f]->decl, *targets[f]);
    }
  }

 private:
  std::string Where(uint32_t section) const {
    return section == rt::kNoPos ? std::string("the document")
                                 : fmt::format("section '{}'", index_.SectionPath(section));
  }

  // One name: the field's section, then each enclosing one, then the document. A longer path:
  // its sections from a section visible from the field's, then the field in the last one.
  std::optional<uint32_t> Resolve(uint32_t field, const PendingPath& path) {
    if (path.parts.empty()) return std::nullopt;
    const uint32_t scope = ctx_.out.fields[field].section;
    const size_t last = path.parts.size() - 1;
    const std::string& name = path.parts[last];
    if (last == 0) {
      for (uint32_t s = scope;; s = ctx_.out.sections[s].parent) {
        if (auto found = index_.FindField(s, name)) return found->field;
        if (s == rt::kNoPos) break;
      }
      return Unknown(path, rt::kNoPos, scope);
    }
    std::optional<uint32_t> owner = ResolvePathSections(ctx_, index_, path, last, scope);
    if (!owner) return std::nullopt;
    if (auto found = index_.FindField(*owner, name)) return found->field;
    return Unknown(path, *owner, *owner);
  }

  // E0402, naming the fields of `owner` (for one name: of the document, where the years are).
  std::nullopt_t Unknown(const PendingPath& path, uint32_t owner, uint32_t scope) {
    const std::string& name = path.parts.back();
    std::vector<std::string> fields = index_.FieldNames(owner);
    std::vector<std::string> candidates = fields;
    if (scope != owner) {
      for (uint32_t s = scope; s != rt::kNoPos; s = ctx_.out.sections[s].parent) {
        std::vector<std::string> more = index_.FieldNames(s);
        candidates.insert(candidates.end(), more.begin(), more.end());
      }
    }
    const bool searched_up = path.parts.size() == 1 && scope != rt::kNoPos;
    ctx_.report.Error(path.spans.back(), "E0402",
                      searched_up ? fmt::format("neither {} nor the document has a field '{}'{}",
                                                Where(scope), name, DidYouMean(name, candidates))
                                  : fmt::format("{} has no field '{}'{}", Where(owner), name,
                                                DidYouMean(name, candidates)),
                      fields.empty() ? fmt::format("{} declares no fields", Where(owner))
                                     : fmt::format("fields of {}: {}", Where(owner),
                                                   NameList(fields)));
    return std::nullopt;
  }

  void Check(uint32_t f, const ast::FieldCondition& decl, uint32_t target) {
    FieldDef& field = ctx_.out.fields[f];
    const FieldDef& other = ctx_.out.fields[target];
    const std::string& name = s_.field_written[f];
    const uint32_t module = s_.field_module[f];
    const SourceSpan& at = s_.field_condition[f]->path.span;
    if (target == f || (target < s_.field_condition.size() && s_.field_condition[target])) {
      ctx_.report.Error(at, "E0209",
                        target == f
                            ? fmt::format("field '{}' compares with itself", name)
                            : fmt::format("field '{}' compares with field '{}', which has a "
                                          "`where` condition of its own",
                                          name, other.name),
                        "compare with a field that has no condition, such as a document-level "
                        "year field");
      return;
    }
    if (other.cardinality != rt::Cardinality::kOne || other.keyed) {
      ctx_.report.Error(at, "E0210",
                        fmt::format("field '{}' is not one value ({}), so there is nothing "
                                    "to compare '@{}' with",
                                    other.name, other.keyed ? "a keyed field" : "`many`",
                                    decl.capture),
                        "compare with a field of cardinality `one` that is not keyed");
      return;
    }
    const std::string other_type = TypeDisplay(ctx_, other.type, module);
    bool captured = false, ok = true;
    for (const RuleDef& rule : field.rules) {
      std::vector<CaptureInfo> captures;
      graph_.CollectCaptures(rule.pattern, captures);
      for (const CaptureInfo& c : captures) {
        if (c.name != decl.capture) continue;
        captured = true;
        if (c.type.value == other.type.value && c.type.lexicon == other.type.lexicon &&
            !c.type.is_list) {
          continue;
        }
        std::string type = TypeDisplay(ctx_, c.type, module);
        ctx_.report
            .Error(c.span, "E0212",
                   fmt::format("'@{}' is {} {} capture, but field '{}' it is compared with is "
                               "{} {}",
                               c.name, Article(type), type, other.name, Article(other_type),
                               other_type),
                   fmt::format("capture @{}:{}, or compare with a field of type {}", c.name,
                               other_type, type))
            .notes.emplace_back(at, "the condition");
        ok = false;
      }
    }
    if (!captured) {
      ctx_.report.Error(decl.capture_span, "E0211",
                        fmt::format("no rule of field '{}' captures '@{}', so the condition "
                                    "never applies",
                                    name, decl.capture),
                        fmt::format("capture it where a rule reads it, for example "
                                    "@{}:{}",
                                    decl.capture, other_type));
      return;
    }
    if (ok) field.condition = FieldDef::Condition{decl.capture, target};
  }

  CheckContext& ctx_;
  const PatternGraph& graph_;
  const Structure& s_;
  StructureIndex index_;
};

}  // namespace

void CheckConditions(CheckContext& ctx, const PatternGraph& graph, const Structure& structure) {
  Conditions(ctx, graph, structure).Run();
}

}  // namespace rptc::check::internal

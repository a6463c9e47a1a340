#include "compiler/check/warnings.h"

#include <fmt/format.h>

namespace rptc::check::internal {

void ReportWarnings(CheckContext& ctx) {
  // Imported modules are libraries: most of their names go unused by any one template.
  for (uint32_t i = 0; i < ctx.out.lexicons.size(); ++i) {
    if (ctx.lexicon_module[i] != 0 || ctx.lexicon_used[i]) continue;
    ctx.report.Warning(ctx.out.lexicons[i].decl.span, "W0101",
                       fmt::format("lexicon '{}' is never used", ctx.lexicon_name[i]),
                       "use it in a pattern, a capture type or a `for` loop, or remove it");
  }
  for (uint32_t i = 0; i < ctx.out.patterns.size(); ++i) {
    if (ctx.pattern_module[i] != 0 || ctx.pattern_used[i]) continue;
    ctx.report.Warning(ctx.out.patterns[i].span, "W0101",
                       fmt::format("pattern '{}' is never used", ctx.pattern_name[i]),
                       "refer to it from a rule or another pattern, or remove it");
  }
  for (const SectionDef& section : ctx.out.sections) {
    if (section.begin) continue;
    ctx.report.Warning(section.span, "W0401",
                       fmt::format("section '{}' has no begin pattern, so no document ever "
                                   "enters it",
                                   section.name),
                       "add `begin \"HEADING\"`; without one only `test ... in " + section.name +
                           "` reaches its fields");
  }
}

}  // namespace rptc::check::internal

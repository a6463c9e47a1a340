// Check(): the checker's passes in order. See checker.h for the contract and context.h for the
// state the passes share.
#include "compiler/check/checker.h"

#include "compiler/check/conformance.h"
#include "compiler/check/conditions.h"
#include "compiler/check/context.h"
#include "compiler/check/declarations.h"
#include "compiler/check/header.h"
#include "compiler/check/module_loader.h"
#include "compiler/check/pattern_checks.h"
#include "compiler/check/pattern_graph.h"
#include "compiler/check/resolve.h"
#include "compiler/check/rules.h"
#include "compiler/check/structure.h"
#include "compiler/check/warnings.h"

namespace rptc {

std::optional<check::CheckedTemplate> Check(ast::Module root, SourceManager& sources,
                                            Diagnostics& diagnostics,
                                            const CheckOptions& options) {
  using namespace check::internal;
  CheckContext ctx(sources, diagnostics, options);
  LoadModules(ctx, std::move(root));
  CheckHeader(ctx);
  DeclareSymbols(ctx);
  CheckWrittenPatterns(ctx);
  ResolveNamedPatterns(ctx);
  Structure structure;
  BuildStructure(ctx, structure);
  PatternGraph graph(ctx);
  graph.Analyse();
  CheckRules(ctx, graph, structure);
  CheckConditions(ctx, graph, structure);
  CheckConformance(ctx, structure);
  ReportWarnings(ctx);

  diagnostics.SortByLocation();
  if (ctx.report.failed()) return std::nullopt;
  const ast::Module& module = ctx.out.modules.front();
  ctx.out.header = module.header.value_or(ast::Header{});
  if (ctx.out.header.name.empty()) ctx.out.header.name = ctx.modules.front().prefix;
  return std::move(ctx.out);
}

}  // namespace rptc

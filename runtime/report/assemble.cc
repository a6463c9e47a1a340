// The assembly driver: one line per step. Tested by tests/runtime/report/assemble_test.cc.
#include "runtime/report/assemble.h"

namespace rptc::rt::assemble {

Assembled Assemble(const Program& program, std::string_view text, const MatchTable& table,
                   const FindAllFn& find_all, const AssembleOptions& options) {
  return Assemble(program, text, table,
                  ResolveSections(program, static_cast<uint32_t>(text.size()), table, find_all,
                                  options),
                  find_all);
}

Assembled Assemble(const Program& program, std::string_view text, const MatchTable& table,
                   std::vector<SectionRegion> sections, const FindAllFn& find_all) {
  Assembled out;
  out.sections = std::move(sections);
  out.values = ChooseValues(program, CollectValues(program, text, table, out.sections, find_all));
  out.lists = BuildLists(program, text, table, out.sections, find_all);
  out.violations = EvaluateConstraints(program, out.sections, out.values);
  return out;
}

}  // namespace rptc::rt::assemble

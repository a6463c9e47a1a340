// Conformance rules over an assembled report. Tested by tests/runtime/report/assemble_test.cc.
#include <fmt/format.h>

#include "runtime/report/assemble.h"

namespace rptc::rt::assemble {

namespace {

std::string FieldPath(const Program& program, uint32_t section, const std::string& field) {
  return section == kNoPos ? field : program.sections[section].name + "." + field;
}

bool InSection(const Program& program, const RawValue& v, uint32_t section,
               const std::string& field) {
  return v.name == field && program.fields[v.field].section == section;
}

}  // namespace

std::vector<RawViolation> EvaluateConstraints(const Program& program,
                                              const std::vector<SectionRegion>& sections,
                                              const std::vector<RawValue>& values) {
  std::vector<RawViolation> out;
  for (uint32_t ci = 0; ci < program.constraints.size(); ++ci) {
    const Constraint& c = program.constraints[ci];
    auto violate = [&](std::string message, std::optional<Span> where) {
      out.push_back({ci, c.message.empty() ? std::move(message) : c.message, where});
    };
    switch (c.kind) {
      case Constraint::Kind::kRequireSection:
        if (c.section < sections.size() && !sections[c.section].present) {
          violate(fmt::format("required section '{}' is missing", program.sections[c.section].name),
                  std::nullopt);
        }
        break;
      case Constraint::Kind::kRequireField: {
        bool found = false;
        for (const RawValue& v : values) found = found || InSection(program, v, c.section, c.field);
        if (!found) {
          violate(fmt::format("required field '{}' is missing",
                              FieldPath(program, c.section, c.field)),
                  std::nullopt);
        }
        break;
      }
      case Constraint::Kind::kRange:
        for (const RawValue& v : values) {
          if (!InSection(program, v, c.section, c.field)) continue;
          double lo = v.value.qualifier == Qualifier::kRange ? v.value.low : v.value.number;
          double hi = v.value.qualifier == Qualifier::kRange ? v.value.high : v.value.number;
          if (lo < c.low || hi > c.high) {
            violate(fmt::format("{} is {}, outside {}..{}", FieldPath(program, c.section, c.field),
                                v.value.number, c.low, c.high),
                    v.value_span);
          }
        }
        break;
      case Constraint::Kind::kSumRange:
        for (const RawValue& v : values) {
          if (!InSection(program, v, c.section, c.field)) continue;
          double sum = 0;
          for (double p : v.value.parts) sum += p;
          if (v.value.parts.empty()) sum = v.value.number;
          if (sum < c.low || sum > c.high) {
            violate(fmt::format("the parts of {} add up to {}, outside {}..{}",
                                FieldPath(program, c.section, c.field), sum, c.low, c.high),
                    v.value_span);
          }
        }
        break;
      case Constraint::Kind::kHasQualifier:
        for (const RawValue& v : values) {
          if (!InSection(program, v, c.section, c.field)) continue;
          if (v.value.qualifier == Qualifier::kExact) {
            violate(fmt::format("{} has no qualifier (about, above, within or a range)",
                                FieldPath(program, c.section, c.field)),
                    v.value_span);
          }
        }
        break;
      case Constraint::Kind::kOrder: {
        uint32_t last_begin = 0;
        std::string last_name;
        for (uint32_t s : c.order) {
          if (s >= sections.size() || !sections[s].present) continue;
          if (!last_name.empty() && sections[s].span.begin < last_begin) {
            violate(fmt::format("section '{}' comes before section '{}'", program.sections[s].name,
                                last_name),
                    sections[s].heading);
          }
          last_begin = sections[s].span.begin;
          last_name = program.sections[s].name;
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace rptc::rt::assemble

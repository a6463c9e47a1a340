#include "compiler/check/pattern_checks.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/check/char_class.h"
#include "compiler/check/resolve.h"

namespace rptc::check::internal {
namespace {

bool IsEmptySequence(const ast::Pattern& p) {
  return p.kind == ast::PatternKind::kSequence && p.children.empty();
}

std::string RepeatText(const ast::Pattern& p) {
  if (p.max == -1 && p.min == 0) return "'*'";
  if (p.max == -1 && p.min == 1) return "'+'";
  if (p.max == -1) return fmt::format("{{{},}}", p.min);
  if (p.min == p.max) return fmt::format("{{{}}}", p.min);
  return fmt::format("{{{},{}}}", p.min, p.max);
}

class WrittenPatternChecker {
 public:
  explicit WrittenPatternChecker(Reporter& report) : report_(report) {}

  void Items(const std::vector<ast::Item>& items) {
    for (const ast::Item& item : items) {
      if (const auto* pat = std::get_if<ast::PatternDecl>(&item.node)) {
        Top(pat->pattern);
      } else if (const auto* sec = std::get_if<ast::Section>(&item.node)) {
        if (sec->begin) Top(*sec->begin);
        for (const ast::SectionBoundary& end : sec->ends) {
          if (end.kind == ast::SectionBoundary::Kind::kPattern) Top(end.pattern);
        }
        for (const ast::SectionExclude& exclude : sec->excludes) Top(exclude.pattern);
        Items(sec->items);
      } else if (const auto* field = std::get_if<ast::Field>(&item.node)) {
        for (const ast::Rule& rule : field->rules) Top(rule.pattern);
      } else if (const auto* list = std::get_if<ast::ListDecl>(&item.node)) {
        Top(list->marker);
        if (list->title_end) Top(*list->title_end);
      } else if (const auto* loop = std::get_if<ast::ForLoop>(&item.node)) {
        Items(loop->items);
      }
    }
  }

 private:
  void Top(const ast::Pattern& p) {
    if (IsEmptySequence(p)) {
      report_.Error(p.span, "E0302", "empty pattern", "write what the pattern should match");
      return;
    }
    Walk(p, 0);
  }

  void Walk(const ast::Pattern& p, int depth) {
    if (depth > kMaxPatternDepth) return;  // ResolvePattern reports it
    switch (p.kind) {
      case ast::PatternKind::kLiteral:
        if (p.text.empty()) {
          report_.Error(p.span, "E0302", "empty string literal",
                        "\"\" matches at every position; remove it or make a part optional "
                        "with ?");
        }
        break;
      case ast::PatternKind::kClass:
        CheckCharClass(p.cls, p.span, report_);
        break;
      case ast::PatternKind::kGap:
        Bounds(p, fmt::format("gap({}..{})", p.min, p.max));
        break;
      case ast::PatternKind::kRepeat:
        Bounds(p, "repetition " + RepeatText(p));
        break;
      case ast::PatternKind::kAlternation:
        if (p.children.empty()) {
          report_.Error(p.span, "E0302", "empty alternation", "give at least one alternative");
        }
        for (const ast::Pattern& child : p.children) {
          if (IsEmptySequence(child)) {
            report_.Error(child.span, "E0302", "empty alternative",
                          "remove the extra '|', or make the whole group optional with ?");
          }
        }
        break;
      case ast::PatternKind::kSequence:
        if (p.children.empty() && depth > 0) {
          report_.Error(p.span, "E0302", "empty group", "remove the empty parentheses");
        }
        break;
      case ast::PatternKind::kCapture:
        if (p.children.size() == 1 && IsEmptySequence(p.children[0])) {
          report_.Error(p.span, "E0302",
                        fmt::format("capture '@{}' has an empty pattern", p.capture_name),
                        "write what it should match inside the parentheses");
          return;
        }
        break;
      default:
        break;
    }
    for (const ast::Pattern& child : p.children) {
      // Empty alternatives were reported by their alternation.
      if (p.kind == ast::PatternKind::kAlternation && IsEmptySequence(child)) continue;
      Walk(child, depth + 1);
    }
  }

  // Gaps and repetitions: bounded, in order, and small enough for the automata.
  void Bounds(const ast::Pattern& p, const std::string& written) {
    if (p.max == -1) {
      int low = std::max(0, p.min);
      report_.Error(p.span, "E0303", fmt::format("unbounded {}", written),
                    fmt::format("bound it: {{{},{}}}", low, low < 20 ? 20 : low + 20));
      return;
    }
    if (p.min < 0 || p.min > p.max) {
      report_.Error(p.span, "E0304", fmt::format("{} has its bounds out of order", written),
                    fmt::format("write the smaller bound first: {}..{}", std::min(p.min, p.max),
                                std::max(p.min, p.max)));
      return;
    }
    if (p.max > kMaxRepeat) {
      report_.Error(p.span, "E0304",
                    fmt::format("{} is too large: bounds go up to {}", written, kMaxRepeat),
                    "match a shorter stretch, or split the pattern");
      return;
    }
    if (p.kind == ast::PatternKind::kRepeat && p.max == 0) {
      report_.Error(p.span, "E0304", fmt::format("{} matches nothing", written),
                    "remove the repeated part");
    }
  }

  Reporter& report_;
};

}  // namespace

void CheckWrittenPatterns(CheckContext& ctx) {
  WrittenPatternChecker checker(ctx.report);
  for (const ast::Module& module : ctx.out.modules) checker.Items(module.items);
}

}  // namespace rptc::check::internal

// Tested by tests/compiler/testing/template_tests_test.cc and by running every example's tests.
#include "compiler/testing/template_tests.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "runtime/report.h"

namespace rptc {

namespace {

bool Close(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::string Describe(const rt::Value& v) {
  if (v.type == rt::ValueType::kText || v.type == rt::ValueType::kKey) {
    return fmt::format("\"{}\"", v.text);
  }
  std::string s;
  if (v.type == rt::ValueType::kRatio) {
    for (size_t i = 0; i < v.parts.size(); ++i) s += fmt::format("{}{}", i ? ":" : "", v.parts[i]);
  } else if (v.qualifier == rt::Qualifier::kRange) {
    s = fmt::format("{}..{}", v.low, v.high);
  } else {
    s = fmt::format("{}", v.number);
  }
  if (!v.unit.empty()) s += " " + v.unit;
  if (v.qualifier != rt::Qualifier::kExact && v.qualifier != rt::Qualifier::kRange) {
    s += fmt::format(" ({})", rt::QualifierName(v.qualifier));
  }
  return s;
}

// Does `actual` satisfy the expected value? Units and qualifiers are compared only where the
// expectation states them, so `gdp_growth == 2.5` accepts "2.5%" and "2.5% 左右".
bool Satisfies(const rt::Value& actual, const rt::Value& expected, bool expected_has_qualifier) {
  if (expected.type == rt::ValueType::kText || expected.type == rt::ValueType::kKey) {
    return actual.text == expected.text;
  }
  if (expected.type == rt::ValueType::kRatio) {
    if (actual.parts.size() != expected.parts.size()) return false;
    for (size_t i = 0; i < actual.parts.size(); ++i) {
      if (!Close(actual.parts[i], expected.parts[i])) return false;
    }
    return true;
  }
  if (expected.qualifier == rt::Qualifier::kRange) {
    if (actual.qualifier != rt::Qualifier::kRange) return false;
    if (!Close(actual.low, expected.low) || !Close(actual.high, expected.high)) return false;
  } else if (!Close(actual.number, expected.number)) {
    return false;
  }
  if (!expected.unit.empty() && !actual.unit.empty() && expected.unit != actual.unit) return false;
  if (expected_has_qualifier && actual.qualifier != expected.qualifier) return false;
  return true;
}

std::string Quoted(const std::string& text) { return fmt::format("\"{}\"", text); }

// "2 items: (一) \"稳增长\", (二) \"促改革\"": what a list expectation found instead.
std::string DescribeItems(const std::vector<rt::ListItem>& items) {
  if (items.empty()) return "no items";
  std::string out = fmt::format("{} item{}: ", items.size(), items.size() == 1 ? "" : "s");
  for (size_t i = 0; i < items.size(); ++i) {
    out += fmt::format("{}{} {}", i ? ", " : "", items[i].marker, Quoted(items[i].title));
  }
  return out;
}

// A list expectation against the list as the report has it (no items when its section is
// absent); the failure message, or nullopt when it holds.
std::optional<std::string> CheckListExpectation(const check::ExpectationDef& e,
                                                const rt::SectionResult& scope,
                                                const rt::Program& program) {
  static const std::vector<rt::ListItem> kNone;
  const std::vector<rt::ListItem>* items = &kNone;
  for (const rt::ListResult& l : scope.lists) {
    if (l.list_index == e.list) items = &l.items;
  }
  const rt::List& list = program.lists[e.list];
  const std::string path =
      (list.section == rt::kNoPos ? "" : program.sections[list.section].name + ".") + list.name;
  if (e.kind == check::ExpectationDef::Kind::kListCount) {
    if (e.absent) {
      if (items->empty()) return std::nullopt;
      return fmt::format("expected no {}, got {}", path, DescribeItems(*items));
    }
    auto expected = e.expected_is_string ? rt::ParseValue(rt::ValueType::kNumber, e.expected)
                                         : std::optional<rt::Value>();
    double n = expected ? expected->number : std::strtod(e.expected.c_str(), nullptr);
    if (Close(static_cast<double>(items->size()), n)) return std::nullopt;
    return fmt::format("expected {}.count == {}, got {}", path, e.expected, DescribeItems(*items));
  }
  const std::string item_path = fmt::format("{}[{}]", path, e.item);
  const char* field = e.item_field == check::ItemField::kTitle   ? "title"
                      : e.item_field == check::ItemField::kIndex ? "index"
                                                                 : "marker";
  const std::string wanted = e.expected_is_string ? Quoted(e.expected) : e.expected;
  if (e.item < 0 || static_cast<size_t>(e.item) >= items->size()) {
    return fmt::format("expected {}.{} == {}, got no item [{}]: the list has {}", item_path,
                       field, wanted, e.item, DescribeItems(*items));
  }
  const rt::ListItem& item = (*items)[e.item];
  if (e.item_field == check::ItemField::kIndex) {
    auto expected = e.expected_is_string ? rt::ParseValue(rt::ValueType::kNumber, e.expected)
                                         : std::optional<rt::Value>();
    double n = expected ? expected->number : std::strtod(e.expected.c_str(), nullptr);
    if (Close(item.index, n)) return std::nullopt;
    return fmt::format("expected {}.index == {}, got {} ({} {})", item_path, wanted, item.index,
                       item.marker, Quoted(item.title));
  }
  const std::string& actual = e.item_field == check::ItemField::kTitle ? item.title : item.marker;
  if (actual == e.expected) return std::nullopt;
  return fmt::format("expected {}.{} == {}, got {}", item_path, field, wanted, Quoted(actual));
}

}  // namespace

TestOutcome RunTemplateTests(const check::CheckedTemplate& checked, const rt::Program& program) {
  TestOutcome outcome;
  rt::Extractor extractor(std::make_shared<const rt::Program>(program));
  for (const check::TestDef& test : checked.tests) {
    rt::ExtractOptions options;
    if (test.section != rt::kNoPos) options.whole_text_section = test.section;
    rt::Report report = extractor.Extract(test.input, "test", options);
    bool ok = true;
    for (const check::ExpectationDef& e : test.expectations) {
      const rt::SectionResult* scope = &report.document_level;
      if (e.section != rt::kNoPos) {
        for (const rt::SectionResult& s : report.sections) {
          if (s.section_index == e.section) scope = &s;
        }
      }
      if (e.kind != check::ExpectationDef::Kind::kField) {
        if (std::optional<std::string> failure = CheckListExpectation(e, *scope, program)) {
          ok = false;
          outcome.failures.push_back({e.span, std::move(*failure)});
        }
        continue;
      }
      std::vector<const rt::FieldValue*> found;
      for (const rt::FieldValue& fv : scope->values) {
        if (fv.field == e.field) found.push_back(&fv);
      }
      std::string path = (e.section == rt::kNoPos ? "" : program.sections[e.section].name + ".") +
                         e.field;
      std::string got = found.empty() ? "nothing" : "";
      for (size_t i = 0; i < found.size(); ++i) {
        got += fmt::format("{}{} (\"{}\")", i ? ", " : "", Describe(found[i]->value),
                           found[i]->where.text);
      }
      if (e.absent) {
        if (!found.empty()) {
          ok = false;
          outcome.failures.push_back({e.span, fmt::format("expected no {}, got {}", path, got)});
        }
        continue;
      }
      rt::Value expected;
      bool has_qualifier = false;
      if (e.type.value == rt::ValueType::kText || e.type.value == rt::ValueType::kKey) {
        expected.type = e.type.value;
        expected.text = e.expected;
      } else if (!e.expected_is_string) {
        expected.type = e.type.value;
        expected.number = std::strtod(e.expected.c_str(), nullptr);
      } else {
        auto parsed = rt::ParseValue(e.type.value, e.expected);
        if (!parsed) {
          // The checker validates expectations (E0405); a number-typed fallback keeps this total.
          ok = false;
          outcome.failures.push_back(
              {e.span, fmt::format("cannot read the expected value \"{}\" as {}", e.expected,
                                   rt::ValueTypeName(e.type.value))});
          continue;
        }
        expected = *parsed;
        has_qualifier = expected.qualifier != rt::Qualifier::kExact;
      }
      bool matched = false;
      for (const rt::FieldValue* fv : found) matched = matched || Satisfies(fv->value, expected, has_qualifier);
      if (!matched) {
        ok = false;
        outcome.failures.push_back(
            {e.span, fmt::format("expected {} == {} ({}), got {}", path,
                                 e.expected_is_string ? "\"" + e.expected + "\"" : e.expected,
                                 Describe(expected), got)});
      }
    }
    if (ok) {
      ++outcome.passed;
    } else {
      ++outcome.failed;
    }
  }
  return outcome;
}

}  // namespace rptc

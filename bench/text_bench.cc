// Throughput of document preparation (runtime/text.h): Normalize on already-normal Chinese and
// English reports (the common case, which should cost about a copy), on the same Chinese with
// full-width punctuation (real NFKC work), with Hant->Hans on (over the Simplified and English
// corpus, where it should cost little more than the fast path, and over the Chinese turned into
// Traditional script, where every line goes through ICU), and the LineIndex build. Baselines:
// memcpy, and ICU normalizeUTF8 with Edits over the whole text (what the fast path avoids).
//
// Usage: text_bench [CORPUS_DIR] [MEGABYTES]   (defaults: /work/shared/corpus, 8)
#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/text.h"

namespace {

using rptc::rt::LineIndex;
using rptc::rt::Normalize;
using rptc::rt::NormalizeOptions;

std::string Repeat(const std::string& unit, size_t bytes) {
  std::string s;
  if (unit.empty()) return s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}

std::string Load(const std::string& dir, const std::vector<const char*>& names) {
  std::string all;
  for (const char* name : names) {
    std::string error;
    const auto data = rptc::rt::ReadFile(dir + "/" + name, &error);
    if (!data) {
      std::fprintf(stderr, "%s\n", error.c_str());
      continue;
    }
    all += *data;
    all += '\n';
  }
  return all;
}

// ASCII punctuation -> full-width, as many scraped reports have it.
std::string FullWidth(const std::string& s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char c : s) {
    switch (c) {
      case ',': out += "，"; break;
      case ':': out += "："; break;
      case ';': out += "；"; break;
      case '(': out += "（"; break;
      case ')': out += "）"; break;
      case '%': out += "％"; break;
      default: out += c;
    }
  }
  return out;
}

// The same text in Traditional script (ICU "Hans-Hant"), as a Taiwan or Hong Kong source has it.
std::string Traditional(const std::string& s) {
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Hans-Hant", UTRANS_FORWARD, ec));
  if (U_FAILURE(ec) || t == nullptr) return s;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  t->transliterate(u);
  std::string out;
  return u.toUTF8String(out);
}

// Best of `runs` timings, in MB/s of `bytes`.
double Measure(size_t bytes, int runs, const std::function<size_t()>& fn) {
  double best = 1e100;
  size_t sink = 0;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    sink += fn();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  if (sink == 0xFFFFFFFF) std::puts("");  // keeps the work observable
  return static_cast<double>(bytes) / 1e6 / best;
}

void Report(const char* what, size_t bytes, double mbps) {
  std::printf("%-52s %7.1f MB  %8.0f MB/s\n", what, static_cast<double>(bytes) / 1e6, mbps);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "/work/shared/corpus";
  const size_t bytes = (argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 8) << 20;
  const std::string zh_unit =
      Load(dir, {"zh-jiangtun-2020.txt", "zh-jinxiang-2021.txt", "zh-licheng-2021.txt",
                 "zh-qingdao-2021.txt", "zh-weishi-2021.txt"});
  const std::string en_unit = Load(dir, {"en-shizhong-2021.txt"});
  if (zh_unit.empty() || en_unit.empty()) {
    std::fprintf(stderr, "no corpus in %s\n", dir.c_str());
    return 1;
  }
  // Tables are built on first use: the first hant_to_hans call pays for ICU's transliterator and
  // for the marker table, once per process.
  {
    NormalizeOptions first;
    first.hant_to_hans = true;
    const auto t0 = std::chrono::steady_clock::now();
    const size_t n = Normalize("經濟", first).text.size();
    const auto t1 = std::chrono::steady_clock::now();
    std::printf("%-52s %7.1f ms%s\n", "first hant_to_hans call (table build)",
                std::chrono::duration<double, std::milli>(t1 - t0).count(), n == 0 ? " " : "");
  }
  const std::string zh = Repeat(zh_unit, bytes);
  const std::string en = Repeat(en_unit, bytes);
  const std::string zh_fw = Repeat(FullWidth(zh_unit), bytes);
  const int runs = 5;

  std::vector<char> buffer(zh.size());
  Report("memcpy (baseline)", zh.size(), Measure(zh.size(), runs, [&] {
           std::memcpy(buffer.data(), zh.data(), zh.size());
           return static_cast<size_t>(buffer[zh.size() / 2]);
         }));
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(ec);
  auto icu_whole = [&](const std::string& s) {
    std::string out;
    icu::StringByteSink<std::string> sink(&out);
    icu::Edits edits;
    UErrorCode e = U_ZERO_ERROR;
    nfkc->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink,
                        &edits, e);
    return out.size();
  };
  Report("ICU normalizeUTF8+Edits, whole text, zh (baseline)", zh.size(),
         Measure(zh.size(), runs, [&] { return icu_whole(zh); }));
  Report("ICU normalizeUTF8+Edits, whole text, zh full-width", zh_fw.size(),
         Measure(zh_fw.size(), runs, [&] { return icu_whole(zh_fw); }));

  const NormalizeOptions defaults;
  Report("Normalize, zh already normal (fast path)", zh.size(),
         Measure(zh.size(), runs, [&] { return Normalize(zh, defaults).text.size(); }));
  Report("Normalize, en already normal (fast path)", en.size(),
         Measure(en.size(), runs, [&] { return Normalize(en, defaults).text.size(); }));
  Report("Normalize, zh with full-width punctuation", zh_fw.size(),
         Measure(zh_fw.size(), runs, [&] { return Normalize(zh_fw, defaults).changes.size(); }));
  NormalizeOptions raw;
  raw.nfkc = false;
  Report("Normalize, zh, nfkc off (UTF-8 check only)", zh.size(),
         Measure(zh.size(), runs, [&] { return Normalize(zh, raw).text.size(); }));
  NormalizeOptions hant;
  hant.hant_to_hans = true;
  const std::string zh_small = zh.substr(0, std::min<size_t>(zh.size(), 1u << 20));
  Report("Normalize, zh, hant_to_hans on (1 MB)", zh_small.size(),
         Measure(zh_small.size(), 2, [&] { return Normalize(zh_small, hant).text.size(); }));
  const std::string corpus = Repeat(zh_unit + en_unit, bytes);
  Report("Normalize, zh+en corpus, hant_to_hans on", corpus.size(),
         Measure(corpus.size(), runs, [&] { return Normalize(corpus, hant).text.size(); }));
  const std::string hant_zh = Repeat(Traditional(zh_unit), 1u << 20);
  Report("Normalize, zh in Traditional, hant_to_hans on (1 MB)", hant_zh.size(),
         Measure(hant_zh.size(), 2, [&] { return Normalize(hant_zh, hant).text.size(); }));
  Report("LineIndex build, zh", zh.size(),
         Measure(zh.size(), runs, [&] { return static_cast<size_t>(LineIndex(zh).line_count()); }));
  const std::string one_line = Repeat("经济运行稳中有进,GDP增长6.5%;", bytes);
  Report("LineIndex build, zh, one line", one_line.size(), Measure(one_line.size(), runs, [&] {
           return static_cast<size_t>(LineIndex(one_line).line_count());
         }));
  return 0;
}

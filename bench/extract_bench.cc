// Whole-pipeline benchmark for one template over a corpus: compile time, extraction throughput
// (normalise + scan + typed values + report assembly + JSON, one thread), and peak memory.
//
//   build/bench/extract_bench examples/gwr/gwr.rpt ../shared/corpus/*.txt [--mb 64]
//
// The corpus is cycled until --mb megabytes (2^20) went through. Figures are printed as
// `name value unit` lines; the benchmark measures, it asserts nothing.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/report.h"
#include "runtime/text.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

long PeakRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TEMPLATE.rpt DOC.txt... [--mb N]\n", argv[0]);
    return 2;
  }
  double target_mb = 64;
  std::vector<std::string> docs;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mb" && i + 1 < argc) {
      target_mb = std::atof(argv[++i]);
    } else {
      std::string error;
      auto text = rptc::rt::ReadFile(a, &error);
      if (!text) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
      }
      docs.push_back(std::move(*text));
    }
  }

  // Compile: the median of 7 runs, so one noisy run does not decide.
  std::vector<double> compile_ms;
  std::optional<rptc::rt::Program> program;
  for (int r = 0; r < 7; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    rptc::CompileResult result = rptc::CompileFile(argv[1]);
    auto t1 = std::chrono::steady_clock::now();
    if (!result.program) {
      std::fprintf(stderr, "%s", rptc::Render(result.diagnostics, result.sources).c_str());
      return 1;
    }
    compile_ms.push_back(Seconds(t0, t1) * 1000);
    program = std::move(result.program);
  }
  std::sort(compile_ms.begin(), compile_ms.end());
  long rss_after_compile = PeakRssKiB();

  rptc::rt::Extractor extractor(std::make_shared<const rptc::rt::Program>(std::move(*program)));
  // Warm up once over the corpus (ICU data, allocator).
  size_t sink = 0;
  for (const auto& d : docs) sink += rptc::rt::ReportToJson(extractor.program(), extractor.Extract(d, "warm"), 0).size();

  const double target_bytes = target_mb * 1048576.0;
  double bytes = 0;
  size_t reports = 0, values = 0;
  auto t0 = std::chrono::steady_clock::now();
  while (bytes < target_bytes) {
    for (const auto& d : docs) {
      rptc::rt::Report report = extractor.Extract(d, "doc");
      for (const auto& s : report.sections) values += s.values.size();
      sink += rptc::rt::ReportToJson(extractor.program(), report, 0).size();
      bytes += static_cast<double>(d.size());
      ++reports;
    }
  }
  auto t1 = std::chrono::steady_clock::now();
  double secs = Seconds(t0, t1);
  std::printf("compile_ms_median %.1f ms\n", compile_ms[compile_ms.size() / 2]);
  std::printf("compile_ms_min %.1f ms\n", compile_ms.front());
  std::printf("extract_throughput %.1f MB/s\n", bytes / 1048576.0 / secs);
  std::printf("extract_documents %zu docs (%.1f MB, %zu values)\n", reports, bytes / 1048576.0,
              values);
  std::printf("peak_rss_after_compile %ld KiB\n", rss_after_compile);
  std::printf("peak_rss %ld KiB\n", PeakRssKiB());
  std::printf("output_bytes %zu\n", sink);
  return 0;
}

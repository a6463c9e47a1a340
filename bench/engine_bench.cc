// engine_bench: throughput of the matching engines (runtime/engine/) on report-template rules.
//
// It builds a Program by hand, without the compiler, from the 86 extraction regexes in
// ../shared/bench/patterns.txt (the rule set behind bench/RESULTS.md) plus 14 more rules of the
// same shape (indicator alias, bounded gap, number, unit), so about 100 automata in all. A small
// parser reads the regexes' syntax subset, and tests/runtime/engine/program_builder.h compiles
// them. Each rule is anchored on the top-level element with the longest guaranteed literal set
// (case-folded, as the prefilter matches). Rules without such an element stay unanchored.
// Then it runs over the corpus (../shared/corpus/*.txt, each document scanned separately,
// repeated to --mb megabytes) and prints MB/s for the prefilter alone and for the full Scan
// (prefilter, lazy DFA, BitState captures: the Pike VM only for spans too long for BitState),
// best of --runs.
//
//   engine_bench [--mb 16] [--runs 5] [--patterns FILE] [--corpus DIR] [--counts FILE]
// --counts writes each rule's match count and captured strings over one copy of the corpus, so
// the result can be diffed against another engine (for example Python's re.finditer).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/engine/matcher.h"
#include "runtime/engine/prefilter.h"
#include "tests/runtime/engine/program_builder.h"

namespace {

using rptc::rt::Matcher;
using rptc::rt::Program;
using namespace rptc::rt::testing;  // NOLINT: the builder's small vocabulary

// ---- A parser for the regex subset of patterns.txt ----
// alt := seq ('|' seq)*; seq := (atom quantifier?)*; atom := '(' ['?:'] alt ')' | '[' class ']' |
// '\' escape | '.' | a UTF-8 code point; quantifier := '?' | '{m}' | '{m,n}', each optionally
// followed by '?' (lazy).
struct Re {
  enum Kind { kChars, kSeq, kAlt, kRepeat, kGroup } kind = kSeq;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // kChars: code point ranges
  std::vector<Re> kids;
  uint32_t min = 1, max = 1;
  bool greedy = true;
  int capture = -1;  // kGroup: capture index, -1 for (?:)
};

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}
  std::optional<Re> Parse() {
    Re r = Alt();
    if (i_ != s_.size() || failed_) return std::nullopt;
    return r;
  }

 private:
  uint32_t Cp() {  // decodes one UTF-8 code point
    const auto c = static_cast<unsigned char>(s_[i_++]);
    if (c < 0x80) return c;
    const int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    uint32_t cp = c & (0x3F >> n);
    for (int k = 0; k < n && i_ < s_.size(); ++k) cp = (cp << 6) | (s_[i_++] & 0x3F);
    return cp;
  }
  uint32_t Escape() {
    const char c = s_[i_++];
    return c == 'n' ? '\n' : static_cast<unsigned char>(c);
  }
  uint32_t Number() {
    uint32_t v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') v = v * 10 + (s_[i_++] - '0');
    return v;
  }
  Re Alt() {
    Re alt;
    alt.kind = Re::kAlt;
    alt.kids.push_back(Seq());
    while (i_ < s_.size() && s_[i_] == '|') {
      ++i_;
      alt.kids.push_back(Seq());
    }
    return alt.kids.size() == 1 ? alt.kids[0] : alt;
  }
  Re Seq() {
    Re seq;
    while (i_ < s_.size() && s_[i_] != '|' && s_[i_] != ')') seq.kids.push_back(Quantified());
    return seq;
  }
  Re Quantified() {
    Re atom = Atom();
    if (i_ >= s_.size()) return atom;
    Re rep;
    rep.kind = Re::kRepeat;
    if (s_[i_] == '?') {
      ++i_;
      rep.min = 0;
      rep.max = 1;
    } else if (s_[i_] == '{') {
      ++i_;
      rep.min = rep.max = Number();
      if (s_[i_] == ',') {
        ++i_;
        rep.max = Number();
      }
      if (s_[i_++] != '}') failed_ = true;
    } else {
      return atom;
    }
    if (i_ < s_.size() && s_[i_] == '?') {
      ++i_;
      rep.greedy = false;
    }
    rep.kids.push_back(std::move(atom));
    return rep;
  }
  Re Atom() {
    Re r;
    r.kind = Re::kChars;
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      r.kind = Re::kGroup;
      if (s_.substr(i_, 2) == "?:") {
        i_ += 2;
      } else {
        r.capture = captures_++;
      }
      r.kids.push_back(Alt());
      if (i_ >= s_.size() || s_[i_++] != ')') failed_ = true;
    } else if (c == '[') {
      ++i_;
      const bool negate = s_[i_] == '^';
      if (negate) ++i_;
      std::vector<std::pair<uint32_t, uint32_t>> ranges;
      while (i_ < s_.size() && s_[i_] != ']') {
        uint32_t lo = s_[i_] == '\\' ? (++i_, Escape()) : Cp();
        uint32_t hi = lo;
        if (s_[i_] == '-' && s_[i_ + 1] != ']') {
          ++i_;
          hi = s_[i_] == '\\' ? (++i_, Escape()) : Cp();
        }
        ranges.emplace_back(lo, hi);
      }
      ++i_;
      std::sort(ranges.begin(), ranges.end());
      if (negate) {
        std::vector<std::pair<uint32_t, uint32_t>> out;
        uint32_t next = 0;
        for (auto [lo, hi] : ranges) {
          if (lo > next) out.emplace_back(next, lo - 1);
          next = std::max(next, hi + 1);
        }
        if (next <= 0x10FFFF) out.emplace_back(next, 0x10FFFF);
        ranges = std::move(out);
      }
      r.ranges = std::move(ranges);
    } else if (c == '\\') {
      ++i_;
      const uint32_t cp = Escape();
      r.ranges = {{cp, cp}};
    } else if (c == '.') {
      ++i_;
      r.ranges = {{0, '\n' - 1}, {'\n' + 1, 0x10FFFF}};
    } else {
      const uint32_t cp = Cp();
      r.ranges = {{cp, cp}};
    }
    return r;
  }

  std::string_view s_;
  size_t i_ = 0;
  int captures_ = 0;
  bool failed_ = false;
};

Pat ToPat(const Re& r) {
  switch (r.kind) {
    case Re::kChars:
      return CodePoints(r.ranges);
    case Re::kSeq: {
      std::vector<Pat> kids;
      for (const Re& k : r.kids) kids.push_back(ToPat(k));
      return Seq(std::move(kids));
    }
    case Re::kAlt: {
      std::vector<Pat> kids;
      for (const Re& k : r.kids) kids.push_back(ToPat(k));
      return Alt(std::move(kids));
    }
    case Re::kRepeat:
      return Repeat(ToPat(r.kids[0]), r.min, r.max, r.greedy);
    case Re::kGroup:
      return r.capture >= 0 ? Cap(static_cast<uint32_t>(r.capture), ToPat(r.kids[0]))
                            : ToPat(r.kids[0]);
  }
  return Empty();
}

// ---- Anchors: the finite set of (ASCII-lowercased) strings an element always matches ----
constexpr size_t kMaxSet = 128;

std::string Utf8Lower(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') cp += 32;
  uint8_t buf[4];
  const int n = internal::Utf8Encode(cp, buf);
  return std::string(reinterpret_cast<char*>(buf), n);
}

std::optional<std::set<std::string>> Literals(const Re& r) {
  switch (r.kind) {
    case Re::kChars: {
      std::set<std::string> out;
      for (auto [lo, hi] : r.ranges) {
        if (hi - lo > 16) return std::nullopt;
        for (uint32_t cp = lo; cp <= hi; ++cp) out.insert(Utf8Lower(cp));
      }
      if (out.empty() || out.size() > kMaxSet) return std::nullopt;
      return out;
    }
    case Re::kGroup:
      return Literals(r.kids[0]);
    case Re::kAlt: {
      std::set<std::string> out;
      for (const Re& k : r.kids) {
        auto s = Literals(k);
        if (!s) return std::nullopt;
        out.insert(s->begin(), s->end());
      }
      if (out.size() > kMaxSet) return std::nullopt;
      return out;
    }
    case Re::kSeq: {
      std::set<std::string> out = {""};
      for (const Re& k : r.kids) {
        auto s = Literals(k);
        if (!s) return std::nullopt;
        std::set<std::string> next;
        for (const auto& a : out) {
          for (const auto& b : *s) next.insert(a + b);
        }
        if (next.size() > kMaxSet) return std::nullopt;
        out = std::move(next);
      }
      return out;
    }
    case Re::kRepeat: {
      if (r.min != r.max || r.min == 0 || r.min > 4) return std::nullopt;
      Re seq;
      seq.kids.assign(r.min, r.kids[0]);
      return Literals(seq);
    }
  }
  return std::nullopt;
}

// The top-level elements of a rule, with groups that wrap a sequence spliced in: a literal that
// spans a group boundary ("I" "." " " "Review") is as good an anchor as any.
void Flatten(const Re& r, std::vector<Re>& out) {
  if (r.kind == Re::kSeq) {
    for (const Re& k : r.kids) Flatten(k, out);
  } else if (r.kind == Re::kGroup && r.kids[0].kind == Re::kSeq) {
    Flatten(r.kids[0], out);
  } else {
    out.push_back(r);
  }
}

// Picks the run of consecutive elements whose literal set (the cross product, at most kMaxSet
// strings, none empty) has the longest shortest member; ties go to the earlier run.
std::vector<ProgramBuilder::AnchorSpec> ChooseAnchors(const Re& root) {
  std::vector<Re> elements;
  Flatten(root, elements);
  std::vector<uint32_t> offset = {0};  // max bytes before element i
  for (const Re& e : elements) offset.push_back(offset.back() + ProgramBuilder::MaxWidth(ToPat(e)));
  std::vector<ProgramBuilder::AnchorSpec> best;
  size_t best_len = 0;
  for (size_t i = 0; i < elements.size(); ++i) {
    std::set<std::string> run = {""};
    for (size_t j = i; j < elements.size(); ++j) {
      auto lits = Literals(elements[j]);
      if (!lits) break;
      std::set<std::string> next;
      for (const auto& a : run) {
        for (const auto& b : *lits) next.insert(a + b);
      }
      if (next.size() > kMaxSet) break;
      run = std::move(next);
      size_t shortest = SIZE_MAX;
      for (const auto& l : run) shortest = std::min(shortest, l.size());
      if (shortest > best_len) {
        best_len = shortest;
        best.clear();
        for (const auto& l : run) best.push_back({l, offset[i]});
      }
    }
  }
  return best;
}

// ---- Corpus, timing, output ----

struct Doc {
  std::string name, text;
};

std::vector<Doc> LoadCorpus(const std::string& dir) {
  std::vector<Doc> docs;
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    docs.push_back({p.filename().string(), ss.str()});
  }
  return docs;
}

class CountingSink final : public rptc::rt::MatchSink {
 public:
  explicit CountingSink(size_t automata) : per_automaton(automata, 0) {}
  void OnMatch(const rptc::rt::Match& m) override {
    ++per_automaton[m.automaton];
    checksum += m.begin ^ (m.end << 3) ^ m.slots.back();
  }
  std::vector<uint64_t> per_automaton;
  uint64_t checksum = 0;
};

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU time of this thread: on a shared, oversubscribed machine, wall time mostly measures the
// other tenants, while CPU time measures the work (cache interference remains).
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

std::string Arg(int argc, char** argv, const char* name, std::string fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return fallback;
}

bool HasFlag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return true;
  }
  return false;
}

// Each rule's anchors with their hits in one corpus copy: which anchors make verification costly.
void PrintAnchors(const Program& program, const rptc::rt::internal::Prefilter& prefilter,
                  const std::vector<Doc>& docs) {
  std::vector<uint64_t> per_literal(program.literals.size(), 0), hits;
  for (const Doc& d : docs) {
    hits.clear();
    prefilter.Scan(d.text, hits);
    for (uint64_t h : hits) ++per_literal[rptc::rt::internal::Prefilter::HitLiteral(h)];
  }
  for (uint32_t r = 0; r < program.automata.size(); ++r) {
    uint64_t total = 0;
    std::string names;
    for (const auto& an : program.anchors) {
      if (an.automaton != r) continue;
      total += per_literal[an.literal];
      names += " " + program.literals[an.literal] + "(" + std::to_string(an.max_before) + ")";
    }
    std::printf("rule %3u: %6lu hits:%s\n", r, static_cast<unsigned long>(total), names.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  // bench/engine_bench.cc -> ../../shared, the shared read-only folder next to the project.
  const std::string shared =
      (std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "shared").lexically_normal();
  const std::string patterns_path = Arg(argc, argv, "--patterns", shared + "/bench/patterns.txt");
  const std::string corpus_dir = Arg(argc, argv, "--corpus", shared + "/corpus");
  const double target_mb = std::atof(Arg(argc, argv, "--mb", "16").c_str());
  const int runs = std::atoi(Arg(argc, argv, "--runs", "5").c_str());
  const std::string counts_path = Arg(argc, argv, "--counts", "");

  std::vector<std::string> regexes;
  {
    std::ifstream in(patterns_path);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) regexes.push_back(line);
    }
  }
  if (regexes.empty()) {
    std::fprintf(stderr, "engine_bench: no patterns in %s\n", patterns_path.c_str());
    return 1;
  }
  // 14 more rules of the value shape, for about 100 automata.
  const char* extra[] = {"城乡居民收入",   "粮食产量",      "外贸出口",   "财政收入",
                         "金融机构贷款",   "工业增加值",    "农业总产值", "服务业增加值",
                         "社会融资规模",   "居民储蓄",      "民间投资",   "基础设施投资",
                         "房地产开发投资", "技术合同成交额"};
  for (const char* alias : extra) {
    regexes.push_back(std::string("(") + alias +
                      ")[^,，;；。:：、!！?？\\n]{0,12}?([0-9]{1,9}(?:\\.[0-9]{1,4})?)"
                      "(万亿元|亿元|万元|亿美元|万美元|元)");
  }

  ProgramBuilder builder;
  size_t unanchored = 0;
  for (const std::string& re : regexes) {
    std::optional<Re> parsed = Parser(re).Parse();
    if (!parsed) {
      std::fprintf(stderr, "engine_bench: cannot parse %s\n", re.c_str());
      return 1;
    }
    auto anchors = ChooseAnchors(*parsed);
    if (anchors.empty()) {
      builder.AddUnanchored(ToPat(*parsed));
      ++unanchored;
    } else {
      builder.Add(ToPat(*parsed), std::move(anchors));
    }
  }
  const Program program = builder.Build();

  auto t0 = std::chrono::steady_clock::now();
  const Matcher matcher(program);
  const double build_ms = Seconds(t0) * 1e3;
  std::vector<rptc::rt::internal::Prefilter::Literal> lits;
  for (uint32_t i = 0; i < program.literals.size(); ++i) lits.push_back({i, program.literals[i]});
  const rptc::rt::internal::Prefilter prefilter(lits);

  const std::vector<Doc> docs = LoadCorpus(corpus_dir);
  size_t corpus_bytes = 0;
  for (const Doc& d : docs) corpus_bytes += d.text.size();
  if (corpus_bytes == 0) {
    std::fprintf(stderr, "engine_bench: empty corpus %s\n", corpus_dir.c_str());
    return 1;
  }
  const int copies = std::max(1, static_cast<int>(target_mb * (1 << 20) / corpus_bytes));
  const double mb = static_cast<double>(corpus_bytes) * copies / (1 << 20);

  std::printf(
      "automata %zu (%zu unanchored), instructions %zu, literals %zu, prefilter %u states"
      " x %u classes (%.0f KB), Matcher built in %.1f ms\n",
      program.automata.size(), unanchored, program.insts.size(), program.literals.size(),
      prefilter.num_states(), prefilter.num_classes(), matcher.prefilter_memory_bytes() / 1024.0,
      build_ms);
  std::printf(
      "corpus: %zu documents, %.2f MB x %d copies = %.1f MB, scanned one document at a "
      "time\n",
      docs.size(), corpus_bytes / 1048576.0, copies, mb);
  if (!matcher.error().empty()) std::printf("matcher error: %s\n", matcher.error().c_str());
  if (HasFlag(argc, argv, "--anchors")) PrintAnchors(program, prefilter, docs);

  auto scratch = matcher.NewScratch();
  std::vector<uint64_t> hits;
  double best_prefilter = 1e9, best_scan = 1e9;  // CPU seconds
  double best_prefilter_wall = 1e9, best_scan_wall = 1e9;
  uint64_t matches_per_run = 0, hits_per_run = 0;
  for (int run = 0; run < runs; ++run) {
    t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    size_t total_hits = 0;
    for (int c = 0; c < copies; ++c) {
      for (const Doc& d : docs) {
        hits.clear();
        prefilter.Scan(d.text, hits);
        total_hits += hits.size();
      }
    }
    best_prefilter = std::min(best_prefilter, CpuSeconds() - c0);
    best_prefilter_wall = std::min(best_prefilter_wall, Seconds(t0));
    hits_per_run = total_hits;

    CountingSink sink(program.automata.size());
    t0 = std::chrono::steady_clock::now();
    c0 = CpuSeconds();
    for (int c = 0; c < copies; ++c) {
      for (const Doc& d : docs) matcher.Scan(d.text, *scratch, sink);
    }
    best_scan = std::min(best_scan, CpuSeconds() - c0);
    best_scan_wall = std::min(best_scan_wall, Seconds(t0));
    matches_per_run = 0;
    for (uint64_t n : sink.per_automaton) matches_per_run += n;
  }
  const Matcher::Stats s = matcher.stats(*scratch);
  std::printf("MB/s from the best of %d runs, by CPU time (wall time in brackets)\n", runs);
  std::printf("prefilter only: %8.1f MB/s [%6.1f]  (%lu hits per run, 1 per %.0f bytes)\n",
              mb / best_prefilter, mb / best_prefilter_wall,
              static_cast<unsigned long>(hits_per_run),
              mb * 1048576.0 / std::max<uint64_t>(hits_per_run, 1));
  std::printf("full Scan:      %8.1f MB/s [%6.1f]  (%lu matches per run, %lu per corpus copy)\n",
              mb / best_scan, mb / best_scan_wall, static_cast<unsigned long>(matches_per_run),
              static_cast<unsigned long>(matches_per_run / copies));
  std::printf(
      "stats over all runs: hits %lu, verifications %lu, bit-state runs %lu, pike runs %lu,"
      " dfa states %lu, dfa resets %lu\n",
      static_cast<unsigned long>(s.hits), static_cast<unsigned long>(s.verifications),
      static_cast<unsigned long>(s.bit_state_runs), static_cast<unsigned long>(s.pike_runs),
      static_cast<unsigned long>(s.dfa_states), static_cast<unsigned long>(s.dfa_resets));

  if (!counts_path.empty()) {
    // Per rule: the match count and every match's captured strings, over one corpus copy.
    std::vector<std::vector<std::string>> captured(program.automata.size());
    std::ofstream out(counts_path);
    for (const Doc& d : docs) {
      auto collect = rptc::rt::MakeSink([&](const rptc::rt::Match& m) {
        std::string caps;
        for (size_t k = 2; k + 1 < m.slots.size(); k += 2) {
          caps += '\t';
          if (m.slots[k] != rptc::rt::kNoPos) {
            caps += d.text.substr(m.slots[k], m.slots[k + 1] - m.slots[k]);
          }
        }
        captured[m.automaton].push_back(d.text.substr(m.begin, m.end - m.begin) + caps);
      });
      matcher.Scan(d.text, *scratch, collect);
    }
    for (size_t r = 0; r < captured.size(); ++r) {
      out << "rule " << r << " " << captured[r].size() << "\n";
      for (const auto& line : captured[r]) out << line << "\n";
    }
  }
  return 0;
}

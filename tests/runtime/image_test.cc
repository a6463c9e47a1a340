// Tests for runtime/image.h: round trips, determinism, and rejection of damaged or hostile
// images.
#include "runtime/image.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "runtime/assert_reach.h"

namespace rptc::rt {
namespace {

// A small program that uses every field, the last value of every enum, and odd doubles.
Program MakeProgram() {
  Program p;
  p.template_name = "gwr";
  p.template_version = "2.1";
  p.description = std::string("政府工作报告 \0 with a NUL", 30);
  p.languages = {"zh", "en"};
  p.normalize_nfkc = false;
  p.hant_to_hans = true;
  auto inst = [](Op op, uint32_t out, uint32_t out1 = 0, uint8_t lo = 0, uint8_t hi = 0,
                 Assertion a = Assertion::kLineStart) {
    Inst i{};
    i.op = op, i.out = out, i.out1 = out1, i.lo = lo, i.hi = hi, i.assert = a;
    return i;
  };
  p.insts = {
      inst(Op::kSave, 1, 0),                                   // 0
      inst(Op::kBytePair, 2, 0, 'g', 'G'),                     // 1: the last opcode
      inst(Op::kSplit, 1, 3),                                  // 2
      inst(Op::kSave, 4, 2),                                   // 3
      inst(Op::kAssert, 5, 0, 0, 0, Assertion::kWordBoundary), // 4
      inst(Op::kSave, 6, 3),                                   // 5
      inst(Op::kSave, 7, 1),                                   // 6
      inst(Op::kMatch, 0),                                     // 7
      inst(Op::kFail, 0),                                      // 8
  };
  p.automata = {{0, 4, 40, 1, 0, 8}, {8, 2, 0, 0, 8, 9}};
  p.literals = {"gdp", "增长"};
  p.anchors = {{0, 0, 3}, {1, 0, 5}, {1, 1, 0, static_cast<uint8_t>(Assertion::kParaStart)}};
  p.unanchored = {1};
  p.assert_reach = ComputeAssertReach(p.insts);
  p.lexicons = {{"gwr.indicator", {"gdp", "cpi"}, {"生产总值", "gdp", "cpi"}, {0, 0, 1}}};
  Section review;
  review.name = "review";
  review.begin_automata = {0};
  review.begin_last = true;
  review.end_automata = {1};
  review.exclude_automata = {1};
  review.doc = "the review";
  Section plan;
  plan.name = "plan";
  plan.parent = 0;
  plan.begin_automata = {1};
  plan.end_before = {0};
  p.sections = {review, plan};
  Field f;
  f.name = "{key}_growth";
  f.section = 0;
  f.type = ValueType::kKey;
  f.cardinality = Cardinality::kMany;
  f.policy = Policy::kAll;
  f.keyed = true;
  f.doc = "growth";
  p.fields = {f};
  Rule r;
  r.field = 0;
  r.automaton = 0;
  r.priority = -5;
  r.order = 2;
  Capture c;
  c.name = "key";
  c.type = ValueType::kKey;
  c.lexicon = 0;
  c.is_list = true;
  c.item_automaton = 1;
  r.captures = {c};
  r.source_line = 42;
  r.label = "review.gdp#1";
  p.rules = {r};
  List l;
  l.name = "tasks";
  l.section = 1;
  l.marker_automaton = 0;
  l.index_capture = 0;
  l.doc = "items";
  p.lists = {l};
  Constraint k;
  k.kind = Constraint::Kind::kOrder;
  k.severity = Severity::kWarning;
  k.section = 0;
  k.field = "gdp";
  k.order = {0, 1};
  k.low = -0.0;
  k.high = std::numeric_limits<double>::quiet_NaN();
  k.message = "out of order";
  k.label = "check order review, plan";
  k.source_line = 7;
  Constraint q;
  q.kind = Constraint::Kind::kRequireSection;
  q.section = 1;
  q.low = 1e300;
  p.constraints = {k, q};
  p.hant_icu_version = "72.1.0.0/72.1.0.0";
  p.hant_markers = {0x4E1F, 0x7D93, 0xFFFF};
  return p;
}

bool SameBits(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

void CheckEqual(const Program& a, const Program& b) {
  CHECK(a.template_name == b.template_name);
  CHECK(a.template_version == b.template_version);
  CHECK(a.description == b.description);
  CHECK(a.languages == b.languages);
  CHECK(a.normalize_nfkc == b.normalize_nfkc);
  CHECK(a.hant_to_hans == b.hant_to_hans);
  CHECK(a.hant_icu_version == b.hant_icu_version);
  CHECK(a.hant_markers == b.hant_markers);
  REQUIRE(a.insts.size() == b.insts.size());
  for (size_t i = 0; i < a.insts.size(); ++i) {
    CHECK(a.insts[i].op == b.insts[i].op);
    CHECK(a.insts[i].lo == b.insts[i].lo);
    CHECK(a.insts[i].hi == b.insts[i].hi);
    CHECK(a.insts[i].assert == b.insts[i].assert);
    CHECK(a.insts[i].out == b.insts[i].out);
    CHECK(a.insts[i].out1 == b.insts[i].out1);
  }
  REQUIRE(a.automata.size() == b.automata.size());
  for (size_t i = 0; i < a.automata.size(); ++i) {
    CHECK(a.automata[i].start == b.automata[i].start);
    CHECK(a.automata[i].num_slots == b.automata[i].num_slots);
    CHECK(a.automata[i].max_width == b.automata[i].max_width);
    CHECK(a.automata[i].min_width == b.automata[i].min_width);
    CHECK(a.automata[i].insts_begin == b.automata[i].insts_begin);
    CHECK(a.automata[i].insts_end == b.automata[i].insts_end);
  }
  CHECK(a.literals == b.literals);
  CHECK(a.assert_reach == b.assert_reach);
  REQUIRE(a.anchors.size() == b.anchors.size());
  for (size_t i = 0; i < a.anchors.size(); ++i) {
    CHECK(a.anchors[i].literal == b.anchors[i].literal);
    CHECK(a.anchors[i].automaton == b.anchors[i].automaton);
    CHECK(a.anchors[i].max_before == b.anchors[i].max_before);
    CHECK(a.anchors[i].guard == b.anchors[i].guard);
  }
  CHECK(a.unanchored == b.unanchored);
  REQUIRE(a.lexicons.size() == b.lexicons.size());
  for (size_t i = 0; i < a.lexicons.size(); ++i) {
    CHECK(a.lexicons[i].name == b.lexicons[i].name);
    CHECK(a.lexicons[i].keys == b.lexicons[i].keys);
    CHECK(a.lexicons[i].phrases == b.lexicons[i].phrases);
    CHECK(a.lexicons[i].phrase_keys == b.lexicons[i].phrase_keys);
  }
  REQUIRE(a.sections.size() == b.sections.size());
  for (size_t i = 0; i < a.sections.size(); ++i) {
    const Section &x = a.sections[i], &y = b.sections[i];
    CHECK(x.name == y.name);
    CHECK(x.parent == y.parent);
    CHECK(x.begin_automata == y.begin_automata);
    CHECK(x.begin_last == y.begin_last);
    CHECK(x.end_automata == y.end_automata);
    CHECK(x.end_before == y.end_before);
    CHECK(x.exclude_automata == y.exclude_automata);
    CHECK(x.doc == y.doc);
  }
  REQUIRE(a.fields.size() == b.fields.size());
  for (size_t i = 0; i < a.fields.size(); ++i) {
    const Field &x = a.fields[i], &y = b.fields[i];
    CHECK(x.name == y.name);
    CHECK(x.section == y.section);
    CHECK(x.type == y.type);
    CHECK(x.cardinality == y.cardinality);
    CHECK(x.policy == y.policy);
    CHECK(x.keyed == y.keyed);
    CHECK(x.doc == y.doc);
  }
  REQUIRE(a.rules.size() == b.rules.size());
  for (size_t i = 0; i < a.rules.size(); ++i) {
    const Rule &x = a.rules[i], &y = b.rules[i];
    CHECK(x.field == y.field);
    CHECK(x.automaton == y.automaton);
    CHECK(x.priority == y.priority);
    CHECK(x.order == y.order);
    CHECK(x.source_line == y.source_line);
    CHECK(x.label == y.label);
    REQUIRE(x.captures.size() == y.captures.size());
    for (size_t j = 0; j < x.captures.size(); ++j) {
      CHECK(x.captures[j].name == y.captures[j].name);
      CHECK(x.captures[j].type == y.captures[j].type);
      CHECK(x.captures[j].lexicon == y.captures[j].lexicon);
      CHECK(x.captures[j].is_list == y.captures[j].is_list);
      CHECK(x.captures[j].item_automaton == y.captures[j].item_automaton);
    }
  }
  REQUIRE(a.lists.size() == b.lists.size());
  for (size_t i = 0; i < a.lists.size(); ++i) {
    const List &x = a.lists[i], &y = b.lists[i];
    CHECK(x.name == y.name);
    CHECK(x.section == y.section);
    CHECK(x.marker_automaton == y.marker_automaton);
    CHECK(x.index_capture == y.index_capture);
    CHECK(x.title_end_automaton == y.title_end_automaton);
    CHECK(x.doc == y.doc);
  }
  REQUIRE(a.constraints.size() == b.constraints.size());
  for (size_t i = 0; i < a.constraints.size(); ++i) {
    const Constraint &x = a.constraints[i], &y = b.constraints[i];
    CHECK(x.kind == y.kind);
    CHECK(x.severity == y.severity);
    CHECK(x.section == y.section);
    CHECK(x.field == y.field);
    CHECK(x.order == y.order);
    CHECK(SameBits(x.low, y.low));
    CHECK(SameBits(x.high, y.high));
    CHECK(x.message == y.message);
    CHECK(x.label == y.label);
    CHECK(x.source_line == y.source_line);
  }
}

void PutU32(std::string* s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

void PutU64(std::string* s, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) (*s)[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Rewrites the header checksum after the test edited the payload on purpose.
void Reseal(std::string* image) {
  PutU64(image, 20, ImageChecksum(std::string_view(*image).substr(kImageHeaderSize)));
}

std::string LoadError(std::string_view bytes) {
  std::string error;
  const std::optional<Program> p = LoadImage(bytes, &error);
  CHECK_FALSE(p.has_value());
  CHECK_FALSE(error.empty());
  return error;
}

// A program whose payload layout is easy to compute by hand:
//   0 "t" (4+1)  5 "1" (4+1)  10 "d" (4+1)  15 languages: count 4 + "zh" (4+2) = 10
//   25 normalize_nfkc  26 hant_to_hans  27 insts count  31 insts[0].op ...
Program TinyProgram() {
  Program p;
  // Move-assigned temporaries: GCC 12 -O3 warns falsely (-Wrestrict) on short literal assignment.
  p.template_name = std::string(1, 't');
  p.template_version = std::string(1, '1');
  p.description = std::string(1, 'd');
  p.languages = {"zh"};
  Inst match{};
  match.op = Op::kMatch;
  p.insts = {match};
  p.automata = {{0, 2, 0, 0, 0, 1}};
  return p;
}
constexpr size_t kLanguagesAt = kImageHeaderSize + 15;
constexpr size_t kNfkcAt = kImageHeaderSize + 25;
constexpr size_t kInstsAt = kImageHeaderSize + 27;

std::string LoadErrorOfInvalid(const Program& p) {
  std::string error;
  CHECK_FALSE(ValidateProgram(p, nullptr));
  CHECK_FALSE(ValidateProgram(p, &error));
  CHECK(LoadError(SaveImage(p)) == "invalid image: " + error);
  return error;
}

// CRC-64/XZ by its definition, one bit at a time.
uint64_t ReferenceCrc(std::string_view s) {
  uint64_t crc = ~uint64_t{0};
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ 0xC96C5795D7870F42ull : crc >> 1;
  }
  return ~crc;
}

// A file holding `bytes` under $TMPDIR (or /tmp), removed at scope exit.
class TempFile {
 public:
  explicit TempFile(std::string_view bytes) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/rptc-image-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    REQUIRE(fd >= 0);
    ::close(fd);
    path_ = pattern;
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// LoadImageFile of `bytes` written to a file, after `skip` bytes that are no part of the image.
std::optional<Program> LoadFromFile(std::string_view bytes, std::string* error,
                                    const std::string& skip = "") {
  const TempFile file(skip + std::string(bytes));
  const int fd = ::open(file.path().c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  const auto at = static_cast<off_t>(skip.size());
  REQUIRE(::lseek(fd, at, SEEK_SET) == at);
  std::optional<Program> program = LoadImageFile(fd, error);
  ::close(fd);
  return program;
}

// The error of `bytes` loaded from a file, which must be LoadImage's.
std::string FileLoadError(std::string_view bytes) {
  std::string error;
  CHECK_FALSE(LoadFromFile(bytes, &error).has_value());
  CHECK(error == LoadError(bytes));
  return error;
}

// A 3.6 MB image: many of LoadImageFile's windows, with instructions across their edges and a
// string longer than one.
constexpr uint32_t kLargeInsts = 300'000;
constexpr size_t kLargeDescription = (size_t{600} << 10) + 7;
Program LargeProgram() {
  Program p;
  p.description = std::string(kLargeDescription, 'd');
  p.insts.resize(kLargeInsts);
  for (uint32_t i = 0; i + 1 < kLargeInsts; ++i) {
    p.insts[i].op = (i % 1000 == 0) ? Op::kSave : Op::kByteRange;
    p.insts[i].out = i + 1;
    p.insts[i].out1 = (i % 1000 == 0) ? 1 : 0;
    p.insts[i].hi = 255;
  }
  p.insts[kLargeInsts - 1].op = Op::kMatch;
  p.automata = {{0, 2, kLargeInsts, kLargeInsts, 0, kLargeInsts}};
  return p;
}
// Payload byte of LargeProgram's first instruction: three strings, the languages' count, two
// bools and the instructions' count come first.
constexpr size_t kLargeInstsAt = 4 + 4 + (4 + kLargeDescription) + 4 + 2 + 4;

}  // namespace

TEST_SUITE("image") {
  TEST_CASE("A hand-built program survives a save and a load with every field equal") {
    const Program p = MakeProgram();
    std::string error;
    REQUIRE(ValidateProgram(p, &error));
    const std::string image = SaveImage(p);
    CHECK(image.compare(0, 8, std::string("RPTCIMG\0", 8)) == 0);
    const std::optional<Program> q = LoadImage(image, &error);
    INFO(error);
    REQUIRE(q.has_value());
    CheckEqual(p, *q);
    const std::optional<Program> empty = LoadImage(SaveImage(Program{}), &error);
    REQUIRE(empty.has_value());
    CheckEqual(Program{}, *empty);
  }

  TEST_CASE("Saving the same program twice gives byte-identical images") {
    const std::string a = SaveImage(MakeProgram());
    const std::string b = SaveImage(MakeProgram());
    CHECK(a == b);
    std::string error;
    const std::optional<Program> q = LoadImage(a, &error);
    REQUIRE(q.has_value());
    CHECK(SaveImage(*q) == a);  // load then save is the identity on bytes
  }

  TEST_CASE("The checksum is CRC-64/XZ") {
    CHECK(ImageChecksum("123456789") == 0x995DC9BBDF1939FAull);
    CHECK(ImageChecksum("") == 0);
  }

  TEST_CASE("The checksum's parallel lanes give the bit-by-bit CRC at every length") {
    // Long payloads are folded 64 or 256 bytes a step by carry-less multiplication where the CPU
    // has it, or split into four lanes of table lookups, and combined; so lengths around
    // multiples of 16, 32, 64 and 256, and large ones, are the cases. Tables alone are checked
    // too.
    std::mt19937 rng(5);
    std::string bytes(70000, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    auto check = [&](size_t n) {
      CAPTURE(n);
      const std::string_view s = std::string_view(bytes).substr(0, n);
      CHECK(ImageChecksum(s) == ReferenceCrc(s));
      CHECK(internal::ImageChecksumByTables(s) == ReferenceCrc(s));
    };
    for (size_t n = 0; n < 300; ++n) check(n);
    for (size_t n : {1023u, 1024u, 1025u, 4096u + 31u, 65536u, 69999u, 70000u}) check(n);
    // An unaligned start.
    CHECK(ImageChecksum(std::string_view(bytes).substr(3, 1000)) ==
          ReferenceCrc(std::string_view(bytes).substr(3, 1000)));
  }

  TEST_CASE("Every truncation of a small image is rejected") {
    const std::string image = SaveImage(MakeProgram());
    for (size_t k = 0; k < image.size(); ++k) {
      CAPTURE(k);
      LoadError(std::string_view(image).substr(0, k));
    }
    CHECK(LoadError("") == "not an rptc image (bad magic)");
    CHECK(LoadError(std::string_view(image).substr(0, 5)) ==
          "image is truncated: the header needs 28 bytes, found 5");
    const size_t payload = image.size() - kImageHeaderSize;
    CHECK(LoadError(std::string_view(image).substr(0, image.size() - 1)) ==
          "image is truncated: expected " + std::to_string(payload) + " payload bytes, found " +
              std::to_string(payload - 1));
  }

  TEST_CASE("Random byte flips are rejected without a crash") {
    const std::string image = SaveImage(MakeProgram());
    std::mt19937 rng(2024);
    for (int round = 0; round < 3000; ++round) {
      std::string bad = image;
      const int flips = 1 + static_cast<int>(rng() % 4);
      std::vector<size_t> used;
      for (int i = 0; i < flips; ++i) {
        size_t at;
        do {
          at = rng() % bad.size();
        } while (std::find(used.begin(), used.end(), at) != used.end());
        used.push_back(at);
        bad[at] = static_cast<char>(bad[at] ^ (1 + rng() % 255));
      }
      LoadError(bad);
    }
    // A flipped payload byte is caught by the checksum.
    std::string bad = image;
    bad[kImageHeaderSize + 3] ^= 0x10;
    CHECK(LoadError(bad) == "image checksum mismatch: the file is corrupted");
  }

  TEST_CASE("A wrong magic, a wrong version and trailing bytes are reported") {
    std::string image = SaveImage(MakeProgram());
    CHECK(LoadError("hello, world, this is a text file") == "not an rptc image (bad magic)");
    std::string bad = image;
    bad[6] = 'X';
    CHECK(LoadError(bad) == "not an rptc image (bad magic)");
    bad = image;
    PutU32(&bad, 8, Program::kFormatVersion + 1);
    CHECK(LoadError(bad) == "image format version " + std::to_string(Program::kFormatVersion + 1) +
                                ", this rptc reads version " +
                                std::to_string(Program::kFormatVersion));
    CHECK(LoadError(image + "x") ==
          "invalid image: 1 unexpected bytes after the " +
              std::to_string(image.size() - kImageHeaderSize) + "-byte payload");
  }

  TEST_CASE("Hostile lengths with a valid checksum are rejected without a huge allocation") {
    const std::string image = SaveImage(TinyProgram());
    std::string error;
    REQUIRE(LoadImage(image, &error).has_value());
    std::vector<std::pair<std::string, std::string>> cases;
    std::string bad = image;
    PutU32(&bad, kImageHeaderSize, 0xFFFFFFFFu);  // template_name length
    Reseal(&bad);
    cases.push_back({bad, "invalid image: a string of 4294967295 bytes at payload byte 0 runs "
                          "past the end of the payload (" +
                              std::to_string(image.size() - kImageHeaderSize - 4) +
                              " bytes left)"});
    bad = image;
    PutU32(&bad, kLanguagesAt, 0x40000000u);  // 1 G strings: 32 GiB if trusted
    Reseal(&bad);
    cases.push_back({bad, ""});
    bad = image;
    PutU32(&bad, kInstsAt, 0x10000000u);  // 256 M instructions: 3 GiB if trusted
    Reseal(&bad);
    cases.push_back({bad, ""});
    for (const auto& [hostile, expected] : cases) {
      const std::string got = LoadError(hostile);
      CHECK(got.find("invalid image: a ") == 0);
      if (!expected.empty()) CHECK(got == expected);
    }
    CHECK(LoadError(cases[2].first).find("invalid image: a list of 268435456 entries at payload "
                                         "byte 27 needs at least 3221225472 bytes") == 0);

    // The same loads under an address-space limit in a child process: a reader that trusted the
    // counts would die of bad_alloc there.
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      long pages = 0;
      if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld", &pages) != 1) pages = 0;
        std::fclose(f);
      }
      const rlim_t limit = static_cast<rlim_t>(pages) * ::sysconf(_SC_PAGESIZE) + (256u << 20);
      const struct rlimit rl = {limit, limit};
      if (pages == 0 || ::setrlimit(RLIMIT_AS, &rl) != 0) ::_exit(3);
      for (const auto& c : cases) {
        std::string e;
        if (LoadImage(c.first, &e).has_value() || e.empty()) ::_exit(1);
      }
      ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }

  TEST_CASE("Out-of-range enums and booleans are rejected even with a valid checksum") {
    const std::string image = SaveImage(TinyProgram());
    std::string bad = image;
    bad[kInstsAt + 4] = 9;  // insts[0].op
    Reseal(&bad);
    CHECK(LoadError(bad) ==
          "invalid image: instruction opcode 9 at payload byte 31 is out of range (0..6)");
    bad = image;
    bad[kNfkcAt] = 2;
    Reseal(&bad);
    CHECK(LoadError(bad) == "invalid image: a boolean at payload byte 25 has the value 2");
  }

  TEST_CASE("Validation names the first broken reference in a sentence") {
    Program p = MakeProgram();
    p.rules[0].automaton = 99;
    CHECK(LoadErrorOfInvalid(p) == "rule 0 names automaton 99 of 2");

    p = MakeProgram();
    p.insts[2].out1 = 50;
    CHECK(LoadErrorOfInvalid(p) == "instruction 2 names instruction 50 of 9");

    p = MakeProgram();
    p.automata[1].start = 9;
    CHECK(LoadErrorOfInvalid(p) == "automaton 1 names start instruction 9 of 9");

    p = MakeProgram();
    p.automata[0].num_slots = 3;
    CHECK(LoadErrorOfInvalid(p) ==
          "automaton 0 has 3 capture slots (expected an even number from 2 to 65536)");

    p = MakeProgram();
    p.insts[5].out1 = 4;  // slot 4 in an automaton with 4 slots
    CHECK(LoadErrorOfInvalid(p) == "automaton 0 saves to slot 4 but has only 4 slots");

    p = MakeProgram();
    p.anchors[0].literal = 2;
    CHECK(LoadErrorOfInvalid(p) == "anchor 0 names literal 2 of 2");

    p = MakeProgram();
    p.anchors[0].guard = 9;
    CHECK(LoadErrorOfInvalid(p) == "anchor 0 has guard 9, which is no assertion");

    // The reversed prefix (note [reverse prefix]): another automaton, read back from inside its
    // anchor's literal at most.
    p = MakeProgram();
    p.automata[0].prefix = 1;
    p.anchors[0].prefix_offset = 3;
    std::string error;
    const std::optional<Program> loaded = LoadImage(SaveImage(p), &error);
    CHECK(error.empty());
    REQUIRE(loaded.has_value());
    CHECK(loaded->automata[0].prefix == 1);
    CHECK(loaded->anchors[0].prefix_offset == 3);
    p.anchors[0].prefix_offset = 4;
    CHECK(LoadErrorOfInvalid(p) ==
          "anchor 0 reads its prefix back from byte 4 of a 3-byte literal");
    p = MakeProgram();
    p.automata[1].prefix = 1;
    CHECK(LoadErrorOfInvalid(p) ==
          "automaton 1's prefix automaton 1 is not another of the 2 automata");
    p.automata[1].prefix = 2;
    CHECK(LoadErrorOfInvalid(p) ==
          "automaton 1's prefix automaton 2 is not another of the 2 automata");

    p = MakeProgram();
    std::swap(p.anchors[0], p.anchors[1]);
    CHECK(LoadErrorOfInvalid(p) ==
          "anchor 1 is out of order (anchors are sorted by literal, then automaton)");

    p = MakeProgram();
    p.unanchored = {2};
    CHECK(LoadErrorOfInvalid(p) == "unanchored entry 0 names automaton 2 of 2");

    p = MakeProgram();
    p.lexicons[0].phrase_keys = {0, 2, 1};
    CHECK(LoadErrorOfInvalid(p) == "lexicon 0 names key 2 of 2");
    p.lexicons[0].phrase_keys = {0};
    CHECK(LoadErrorOfInvalid(p) == "lexicon 0 has 3 phrases but 1 phrase keys");

    p = MakeProgram();
    p.sections[0].parent = 1;  // 0 -> 1 -> 0
    CHECK(LoadErrorOfInvalid(p) == "section 0 is its own ancestor");
    p.sections[0].parent = 5;
    CHECK(LoadErrorOfInvalid(p) == "section 0 names parent section 5 of 2");
    p = MakeProgram();
    p.sections[1].end_before = {2};
    CHECK(LoadErrorOfInvalid(p) == "section 1 names section 2 of 2");
    p = MakeProgram();
    p.sections[1].begin_automata = {3};
    CHECK(LoadErrorOfInvalid(p) == "section 1 names automaton 3 of 2");
    p = MakeProgram();
    p.sections[0].exclude_automata = {2};
    CHECK(LoadErrorOfInvalid(p) == "section 0 names exclude automaton 2 of 2");

    p = MakeProgram();
    p.fields[0].section = 2;
    CHECK(LoadErrorOfInvalid(p) == "field 0 names section 2 of 2");

    p = MakeProgram();
    p.rules[0].field = 1;
    CHECK(LoadErrorOfInvalid(p) == "rule 0 names field 1 of 1");
    p = MakeProgram();
    p.rules[0].captures[0].lexicon = 1;
    CHECK(LoadErrorOfInvalid(p) == "rule 0 names lexicon 1 of 1");
    p = MakeProgram();
    p.rules[0].captures[0].item_automaton = kNoPos;  // a list capture needs one
    CHECK(LoadErrorOfInvalid(p) == "rule 0 names item automaton none of 2");
    p = MakeProgram();
    p.rules[0].captures.push_back(p.rules[0].captures[0]);  // 2 captures need 6 slots
    CHECK(LoadErrorOfInvalid(p) == "rule 0 has 2 captures but automaton 0 has only 4 slots");

    p = MakeProgram();
    p.lists[0].marker_automaton = 7;
    CHECK(LoadErrorOfInvalid(p) == "list 0 names marker automaton 7 of 2");
    p = MakeProgram();
    p.lists[0].index_capture = 1;
    CHECK(LoadErrorOfInvalid(p) ==
          "list 0 names capture 1 of a marker automaton with 4 slots");
    p = MakeProgram();
    p.lists[0].title_end_automaton = 2;
    CHECK(LoadErrorOfInvalid(p) == "list 0 names title-end automaton 2 of 2");

    p = MakeProgram();
    p.constraints[0].order = {0, 3};
    CHECK(LoadErrorOfInvalid(p) == "constraint 0 names section 3 of 2");
    p = MakeProgram();
    p.constraints[1].section = kNoPos;  // require-section must name one
    CHECK(LoadErrorOfInvalid(p) == "constraint 1 names section none of 2");

    // The normaliser keeps the Traditional markers as a bit set of the BMP.
    p = MakeProgram();
    p.hant_markers = {0x7D93, 0x4E1F};
    CHECK(LoadErrorOfInvalid(p) ==
          "Traditional marker 1 (19999) is not a BMP code point above the one before it");
    p = MakeProgram();
    p.hant_markers = {0x4E1F, 0x4E1F};
    CHECK(LoadErrorOfInvalid(p) ==
          "Traditional marker 1 (19999) is not a BMP code point above the one before it");
    p = MakeProgram();
    p.hant_markers = {0x10000};
    CHECK(LoadErrorOfInvalid(p) ==
          "Traditional marker 0 (65536) is not a BMP code point above the one before it");
  }

  TEST_CASE("Capture slots are checked through loops in the instruction graph") {
    Program p = MakeProgram();
    // Automaton 1: 9: split(10, 11); 10: byte -> 9 (a loop); 11: save 7 -> 12; 12: match.
    auto inst = [](Op op, uint32_t out, uint32_t out1) {
      Inst i{};
      i.op = op, i.out = out, i.out1 = out1, i.lo = 0, i.hi = 255;
      return i;
    };
    p.insts.push_back(inst(Op::kSplit, 10, 11));
    p.insts.push_back(inst(Op::kByteRange, 9, 0));
    p.insts.push_back(inst(Op::kSave, 12, 7));
    p.insts.push_back(inst(Op::kMatch, 0, 0));
    p.assert_reach = ComputeAssertReach(p.insts);
    p.automata[1] = {10, 2, 0, 0, 9, 13};  // enters the loop from its second instruction
    CHECK(LoadErrorOfInvalid(p) == "automaton 1 saves to slot 7 but has only 2 slots");
    p.automata[1].num_slots = 8;
    std::string error;
    CHECK(ValidateProgram(p, &error));
    const std::optional<Program> q = LoadImage(SaveImage(p), &error);
    CHECK(q.has_value());
  }

  TEST_CASE("Capture slots are checked over the automaton's whole block") {
    // A block holds only what its start reaches in the compiler's programs; a save that the
    // start cannot reach is checked all the same, since nothing cheaper proves it unreachable.
    Program p = MakeProgram();
    p.insts[2].out = 3;  // 2: split(3, 3): no loop left
    std::string error;
    CHECK(ValidateProgram(p, &error));
    p.insts[5].out1 = 4;  // slot 4 in an automaton with 4 slots
    CHECK(LoadErrorOfInvalid(p) == "automaton 0 saves to slot 4 but has only 4 slots");
    p.insts[5].out1 = 0xFFFFFFFFu;  // saturates instead of wrapping to slot 0
    CHECK(LoadErrorOfInvalid(p) == "automaton 0 saves to slot 65536 but has only 4 slots");
    p = MakeProgram();
    Inst save{};
    save.op = Op::kSave, save.out = 8, save.out1 = 3;
    p.insts.push_back(save);  // 9, after automaton 1's kFail at 8: unreachable
    p.assert_reach = ComputeAssertReach(p.insts);
    p.automata[1].insts_end = 10;
    CHECK(LoadErrorOfInvalid(p) == "automaton 1 saves to slot 3 but has only 2 slots");
    p.automata[1].num_slots = 4;
    CHECK(ValidateProgram(p, &error));
  }

  TEST_CASE("Each automaton's block holds its start, keeps its jumps, and follows the last") {
    Program p = MakeProgram();
    p.automata[1].insts_begin = 9;
    CHECK(LoadErrorOfInvalid(p) == "automaton 1's instructions [9, 9) do not hold its start 8");
    p = MakeProgram();
    p.automata[1].insts_end = 10;
    CHECK(LoadErrorOfInvalid(p) == "automaton 1's instructions [8, 10) are not among the 9");
    p.automata[1].insts_begin = 11;
    CHECK(LoadErrorOfInvalid(p) == "automaton 1's instructions [11, 10) are not among the 9");
    p = MakeProgram();
    p.automata[1].insts_begin = 7;  // overlaps automaton 0's [0, 8)
    CHECK(LoadErrorOfInvalid(p) ==
          "automaton 1's instructions [7, 9) begin before automaton 0's end at 8");
    p = MakeProgram();
    p.automata[0].insts_end = 7;  // leaves out the kMatch that 6 jumps to
    CHECK(LoadErrorOfInvalid(p) == "instruction 6 of automaton 0 jumps to 7, outside the "
                                   "automaton's instructions [0, 7)");
    p = MakeProgram();
    p.automata[0].start = 8;  // automaton 1's instruction
    CHECK(LoadErrorOfInvalid(p) == "automaton 0's instructions [0, 8) do not hold its start 8");
  }

  TEST_CASE("A stored assertion-reach set is checked bit by bit") {
    // Instructions 0-4 reach the kAssert at 4; 5-8 do not.
    Program p = MakeProgram();
    REQUIRE(p.assert_reach == std::vector<uint64_t>{0x1F});
    p.assert_reach = {0x1E};  // 0 reaches 1, which reaches the assert
    CHECK(LoadErrorOfInvalid(p) ==
          "the assertion-reach bit of instruction 0 disagrees with its successors'");
    p.assert_reach = {0x3F};  // 5 does not
    CHECK(LoadErrorOfInvalid(p) ==
          "the assertion-reach bit of instruction 5 disagrees with its successors'");
    p.assert_reach = {0x1F | uint64_t{1} << 20};
    CHECK(LoadErrorOfInvalid(p) ==
          "the assertion-reach set has 1 words, or bits past the last, for 9 instructions");
    p.assert_reach = {0x1F, 0};
    CHECK(LoadErrorOfInvalid(p) ==
          "the assertion-reach set has 2 words, or bits past the last, for 9 instructions");
    p.assert_reach.clear();  // a program built by hand: the engines derive it
    std::string error;
    CHECK(ValidateProgram(p, &error));
  }

  TEST_CASE("A loop of instructions that consumes no input is rejected") {
    Program p = MakeProgram();
    p.insts[5].out = 3;  // 3: save -> 4: assert -> 5: save -> 3
    p.assert_reach = ComputeAssertReach(p.insts);
    CHECK(LoadErrorOfInvalid(p) == "instruction 3 is on a loop that consumes no input");
    p = MakeProgram();
    p.insts[2].out = 2;  // a split to itself
    p.assert_reach = ComputeAssertReach(p.insts);
    CHECK(LoadErrorOfInvalid(p) == "instruction 2 is on a loop that consumes no input");
  }

  TEST_CASE("A loop is found among instructions emitted after their successors") {
    // The compiler's order: most instructions jump back, and those whose successors all come
    // before them and are done are done before the loop search starts (1 and 2 here). A loop
    // still needs a jump forward (3 -> 5), and the search meets it where it did before.
    auto inst = [](Op op, uint32_t out, uint32_t out1 = 0) {
      Inst i{};
      i.op = op, i.out = out, i.out1 = out1;
      return i;
    };
    Program p;
    p.insts = {
        inst(Op::kMatch, 0),      // 0
        inst(Op::kSave, 0, 1),    // 1
        inst(Op::kSplit, 1, 0),   // 2
        inst(Op::kSave, 5, 0),    // 3
        inst(Op::kAssert, 3),     // 4
        inst(Op::kSplit, 2, 4),   // 5: 3 -> 5 -> 4 -> 3
        inst(Op::kSave, 5, 1),    // 6: the start
    };
    p.automata = {{6, 2, 0, 0, 0, 7}};
    p.assert_reach = ComputeAssertReach(p.insts);
    CHECK(LoadErrorOfInvalid(p) == "instruction 3 is on a loop that consumes no input");
    p.insts[4].out = 2;  // 4 -> 2 ends the loop
    p.assert_reach = ComputeAssertReach(p.insts);
    std::string error;
    CHECK(ValidateProgram(p, &error));
    CHECK(error.empty());
  }

  TEST_CASE("A 300,000-instruction chain validates without deep recursion") {
    const Program p = LargeProgram();  // a chain of kLargeInsts instructions
    std::string error;
    CHECK(ValidateProgram(p, &error));
    const std::string image = SaveImage(p);
    const std::optional<Program> q = LoadImage(image, &error);
    REQUIRE(q.has_value());
    CHECK(q->insts.size() == kLargeInsts);
  }

  TEST_CASE("Instructions outside every block are searched for loops too") {
    // 9 and 10 lie between automaton 1's block [8, 9) and automaton 2's [11, 12).
    Program p = MakeProgram();
    Inst save{}, split{}, match{};
    save.op = Op::kSave, save.out = 10, save.out1 = 1;
    split.op = Op::kSplit, split.out = 0, split.out1 = 11;  // into blocks, searched already
    match.op = Op::kMatch;
    p.insts.push_back(save);
    p.insts.push_back(split);
    p.insts.push_back(match);
    p.automata.push_back({11, 2, 0, 0, 11, 12});
    p.assert_reach = ComputeAssertReach(p.insts);
    std::string error;
    CHECK(ValidateProgram(p, &error));
    p.insts[10].out1 = 9;  // 9: save -> 10: split -> 9
    p.assert_reach = ComputeAssertReach(p.insts);
    CHECK(LoadErrorOfInvalid(p) == "instruction 9 is on a loop that consumes no input");
    p.automata.pop_back();  // now also after the last block
    CHECK(LoadErrorOfInvalid(p) == "instruction 9 is on a loop that consumes no input");
  }

  TEST_CASE("An image file loads as its bytes do, a window at a time") {
    for (const Program& p : {MakeProgram(), Program{}, LargeProgram()}) {
      const std::string image = SaveImage(p);
      std::string error;
      const std::optional<Program> q = LoadFromFile(image, &error);
      INFO(error);
      REQUIRE(q.has_value());
      CheckEqual(p, *q);
      CHECK(SaveImage(*q) == image);
    }
  }

  TEST_CASE("An image file is rejected with the message its bytes get") {
    for (const std::string& image : {SaveImage(MakeProgram()), SaveImage(LargeProgram())}) {
      CAPTURE(image.size());
      for (size_t k : {size_t{0}, size_t{5}, size_t{27}, size_t{28}, size_t{40}, image.size() / 2,
                       image.size() - 1}) {
        FileLoadError(std::string_view(image).substr(0, k));
      }
      FileLoadError(image + "x");
      std::string bad = image;
      bad[6] = 'X';
      FileLoadError(bad);
      bad = image;
      PutU32(&bad, 8, Program::kFormatVersion + 1);
      FileLoadError(bad);
      std::mt19937 rng(static_cast<uint32_t>(image.size()));
      const int rounds = image.size() > (size_t{1} << 20) ? 12 : 40;  // the large one is slow
      for (int round = 0; round < rounds; ++round) {
        bad = image;
        bad[kImageHeaderSize + rng() % (image.size() - kImageHeaderSize)] ^= 1 + rng() % 255;
        CHECK(FileLoadError(bad) == "image checksum mismatch: the file is corrupted");
        Reseal(&bad);  // what the parse and the validation make of it
        std::string error;
        if (!LoadImage(bad, &error).has_value()) FileLoadError(bad);
      }
    }
  }

  TEST_CASE("An instruction out of range is reported at its byte in any window") {
    std::string image = SaveImage(LargeProgram());
    const size_t at = kLargeInstsAt + size_t{250'001} * sizeof(Inst);
    REQUIRE(image[kImageHeaderSize + at] == static_cast<char>(Op::kByteRange));
    image[kImageHeaderSize + at] = 9;
    Reseal(&image);
    CHECK(FileLoadError(image) == "invalid image: instruction opcode 9 at payload byte " +
                                      std::to_string(at) + " is out of range (0..6)");
    image[kImageHeaderSize + at] = static_cast<char>(Op::kByteRange);
    image[kImageHeaderSize + at + 3] = 5;
    Reseal(&image);
    CHECK(FileLoadError(image) == "invalid image: assertion 5 at payload byte " +
                                      std::to_string(at + 3) + " is out of range (0..4)");
  }

  TEST_CASE("An image is read from the file's offset, and only from a regular file") {
    const std::string image = SaveImage(MakeProgram());
    std::string error;
    const std::optional<Program> q = LoadFromFile(image, &error, "rptc-template-cache 1 ...\n");
    INFO(error);
    REQUIRE(q.has_value());
    CheckEqual(MakeProgram(), *q);
    CHECK_FALSE(LoadFromFile(image + "x", &error, "header\n").has_value());
    CHECK(error == "invalid image: 1 unexpected bytes after the " +
                       std::to_string(image.size() - kImageHeaderSize) + "-byte payload");
    const char* base = std::getenv("TMPDIR");
    const int dir = ::open(base != nullptr ? base : "/tmp", O_RDONLY);
    REQUIRE(dir >= 0);
    CHECK_FALSE(LoadImageFile(dir, &error).has_value());
    CHECK(error == "cannot read the image: it is not a regular file");
    ::close(dir);
  }
}

}  // namespace rptc::rt

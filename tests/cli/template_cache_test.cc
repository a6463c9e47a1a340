// Tests for cli/template_cache.h through the binary: hits, invalidation by an edited import,
// corrupt entries, an unusable cache directory, RPTC_NO_CACHE, and concurrent writers.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "tests/cli/run_process.h"

namespace rptc::cli_test {
namespace {

// Sets an environment variable for the rptc processes a test starts, and restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// The entries of a cache directory (temporary files included).
std::vector<fs::path> Entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
  return out;
}

ino_t Inode(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? st.st_ino : 0;
}

// A copy of the CLI test template (with its import) in `dir`, and a document.
struct Fixture {
  TempDir dir;
  std::string tmpl = dir / "t.rpt";
  std::string doc = DataDir() + "/docs/a.txt";
  fs::path cache = dir.path() / "cache";
  Fixture() {
    WriteAll(tmpl, ReadAll(DataDir() + "/mini.rpt"));
    WriteAll(dir / "shared/economy.rpt", ReadAll(DataDir() + "/shared/economy.rpt"));
  }
  RunResult Extract() const { return RunRptc({"extract", tmpl, doc, "--format", "jsonl"}); }
};

TEST_SUITE("template_cache") {
  TEST_CASE("a template is compiled once, then loaded with the same output and warnings") {
    Fixture f;
    ScopedEnv env("RPTC_CACHE_DIR", f.cache.string());
    const RunResult first = f.Extract();
    REQUIRE(first.code == 0);
    CHECK(Contains(first.err, "warning[W0501]"));  // replayed from the entry below
    const std::vector<fs::path> entries = Entries(f.cache);
    REQUIRE(entries.size() == 1);
    const ino_t inode = Inode(entries[0]);
    const RunResult second = f.Extract();
    CHECK(second.code == 0);
    CHECK(second.out == first.out);
    CHECK(second.err == first.err);
    CHECK(Inode(entries[0]) == inode);  // read, not rewritten
    CHECK(Entries(f.cache).size() == 1);
    // An image compiled by `rptc compile` gives the same reports.
    REQUIRE(RunRptc({"compile", f.tmpl, "-o", f.dir / "t.rpto"}).code == 0);
    CHECK(RunRptc({"extract", f.dir / "t.rpto", f.doc, "--format", "jsonl"}).out == first.out);
  }

  TEST_CASE("an edited template or import replaces the entry") {
    Fixture f;
    ScopedEnv env("RPTC_CACHE_DIR", f.cache.string());
    const RunResult before = f.Extract();
    REQUIRE(before.code == 0);
    REQUIRE(Entries(f.cache).size() == 1);
    const ino_t inode = Inode(Entries(f.cache)[0]);
    std::string import = ReadAll(f.dir / "shared/economy.rpt");
    WriteAll(f.dir / "shared/economy.rpt", import + "\n// edited\n");
    CHECK(f.Extract().out == before.out);
    REQUIRE(Entries(f.cache).size() == 1);
    CHECK(Inode(Entries(f.cache)[0]) != inode);  // recompiled and rewritten
    std::string text = ReadAll(f.tmpl);
    text.replace(text.find("template mini"), 13, "template mini2");
    WriteAll(f.tmpl, text);
    const RunResult renamed = f.Extract();
    CHECK(renamed.code == 0);
    CHECK(Contains(renamed.out, "\"template\":\"mini2\""));
    CHECK(Entries(f.cache).size() == 1);
  }

  TEST_CASE("a corrupt or truncated entry is a silent miss and is rewritten") {
    Fixture f;
    ScopedEnv env("RPTC_CACHE_DIR", f.cache.string());
    const RunResult good = f.Extract();
    REQUIRE(good.code == 0);
    REQUIRE(Entries(f.cache).size() == 1);
    const fs::path entry = Entries(f.cache)[0];
    const std::string bytes = ReadAll(entry);
    auto flip = [&](size_t at) {
      std::string b = bytes;
      b[at] = static_cast<char>(b[at] ^ 0x20);
      return b;
    };
    const std::vector<std::string> bad = {
        bytes.substr(0, bytes.size() / 2),  // truncated image
        bytes.substr(0, 10),                // truncated header
        bytes.substr(0, bytes.find("warnings") + 3),  // truncated metadata
        flip(bytes.size() - 5),             // caught by the image checksum
        flip(bytes.find("dep ") + 4),       // caught by the metadata hash
        flip(bytes.find("warning[")),       // a replayed warning: the metadata hash too
        "",
        "garbage\n",
    };
    for (const std::string& b : bad) {
      WriteAll(entry, b);
      const RunResult r = f.Extract();
      CHECK(r.code == 0);
      CHECK(r.out == good.out);
      CHECK(r.err == good.err);
      CHECK(ReadAll(entry) == bytes);  // rewritten as the compiler wrote it
    }
  }

  TEST_CASE("an unusable cache directory and RPTC_NO_CACHE leave extraction as it was") {
    Fixture f;
    const RunResult plain = [&] {
      ScopedEnv off("RPTC_NO_CACHE", "1");
      ScopedEnv env("RPTC_CACHE_DIR", f.cache.string());
      return f.Extract();
    }();
    REQUIRE(plain.code == 0);
    CHECK(!fs::exists(f.cache));
    WriteAll(f.dir / "file", "not a directory");
    for (const std::string& dir : {f.dir / "file", f.dir / "file/sub", std::string("/proc/rptc")}) {
      CAPTURE(dir);
      ScopedEnv env("RPTC_CACHE_DIR", dir);
      const RunResult r = f.Extract();
      CHECK(r.code == 0);
      CHECK(r.out == plain.out);
      CHECK(r.err == plain.err);
    }
  }

  TEST_CASE("concurrent processes share one cache directory") {
    Fixture f;
    ScopedEnv env("RPTC_CACHE_DIR", f.cache.string());
    std::vector<std::future<RunResult>> runs;
    for (int i = 0; i < 4; ++i) {
      runs.push_back(std::async(std::launch::async, [&] { return f.Extract(); }));
    }
    std::vector<RunResult> results;
    for (auto& r : runs) results.push_back(r.get());
    for (const RunResult& r : results) {
      CHECK(r.code == 0);
      CHECK(r.out == results[0].out);
    }
    const std::vector<fs::path> entries = Entries(f.cache);
    CHECK(entries.size() == 1);  // no temporary file left behind
    const RunResult after = f.Extract();
    CHECK(after.out == results[0].out);
    CHECK(Entries(f.cache) == entries);
  }
}

}  // namespace
}  // namespace rptc::cli_test

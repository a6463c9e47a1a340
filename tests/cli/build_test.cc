// rptc build: parallel compilation of a template tree, incremental on the content of templates
// and of their imports, every failure reported, one summary line.
#include <doctest/doctest.h>

#include "tests/cli/run_process.h"

namespace rptc::cli_test {
namespace {

// A template tree: mini.rpt importing shared/economy.rpt, plus a second standalone template.
void MakeTree(const fs::path& root) {
  fs::create_directories(root / "shared");
  fs::copy_file(DataDir() + "/mini.rpt", root / "mini.rpt");
  fs::copy_file(DataDir() + "/shared/economy.rpt", root / "shared/economy.rpt");
  WriteAll(root / "more/year.rpt",
           "field report_year: year = @value:year([0-9]{4} \"年\") \"政府工作报告\"\n");
}

TEST_SUITE("cli") {
  TEST_CASE("build compiles every template under a folder and skips unchanged ones") {
    TempDir dir;
    fs::path src = dir.path() / "src";
    MakeTree(src);
    std::string out = dir / "out";

    RunResult first = RunRptc({"build", src.string(), "-o", out, "--jobs", "2"});
    CHECK(first.code == 0);
    CHECK(Lines(first.out).back() == "built 3, up to date 0, failed 0");
    CHECK(fs::exists(out + "/mini.rpto"));
    CHECK(fs::exists(out + "/shared/economy.rpto"));
    CHECK(fs::exists(out + "/more/year.rpto"));
    std::string image = ReadAll(out + "/mini.rpto");
    // The same bytes as `rptc compile`.
    REQUIRE(RunRptc({"compile", (src / "mini.rpt").string(), "-o", dir / "c.rpto"}).code == 0);
    CHECK(image == ReadAll(dir / "c.rpto"));

    RunResult second = RunRptc({"build", src.string(), "-o", out});
    CHECK(second.code == 0);
    CHECK(Lines(second.out).back() == "built 0, up to date 3, failed 0");

    // Changing only the import rebuilds the importer (and the import itself).
    std::string economy = ReadAll(src / "shared/economy.rpt");
    economy.replace(economy.find("\"GDP\""), 5, "\"GDP\" | \"gross regional product\"");
    WriteAll(src / "shared/economy.rpt", economy);
    RunResult third = RunRptc({"build", src.string(), "-o", out});
    CHECK(third.code == 0);
    CHECK(Lines(third.out).back() == "built 2, up to date 1, failed 0");

    // A deleted image is rebuilt even though its stamp is still there.
    fs::remove(out + "/more/year.rpto");
    CHECK(Lines(RunRptc({"build", src.string(), "-o", out}).out).back() ==
          "built 1, up to date 2, failed 0");
  }

  TEST_CASE("build reports every failing template and still builds the others") {
    TempDir dir;
    fs::path src = dir.path() / "src";
    MakeTree(src);
    WriteAll(src / "bad1.rpt", "section s { begin \"x\" field f: money = nope @value:money }\n");
    WriteAll(src / "bad2.rpt", "section {\n");
    RunResult r = RunRptc({"build", src.string(), "-o", dir / "out"});
    CHECK(r.code == 1);
    CHECK(Lines(r.out).back() == "built 3, up to date 0, failed 2");
    CHECK(Contains(r.err, "bad1.rpt:1:"));
    CHECK(Contains(r.err, "bad2.rpt:"));
    CHECK(!fs::exists(dir / "out/bad1.rpto"));
  }

  TEST_CASE("build of a path that does not exist is a usage error") {
    TempDir dir;
    CHECK(RunRptc({"build", dir / "nothing", "-o", dir / "out"}).code == 2);
  }
}

}  // namespace
}  // namespace rptc::cli_test

// The rptc binary's front door and template commands: --version, --help, usage errors,
// check-template, compile, schema, test and fmt, each run as a user would.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/run_process.h"

namespace rptc::cli_test {
namespace {

std::string Mini() { return DataDir() + "/mini.rpt"; }

TEST_SUITE("cli") {
  TEST_CASE("--version prints the name and version") {
    RunResult r = RunRptc({"--version"});
    CHECK(r.code == 0);
    CHECK(r.out == "rptc 0.1.0\n");
  }

  TEST_CASE("--help lists every subcommand and COMMAND --help describes its options") {
    RunResult r = RunRptc({"--help"});
    CHECK(r.code == 0);
    for (const char* command :
         {"check-template", "fmt", "compile", "extract", "check", "test", "build", "schema"}) {
      CAPTURE(command);
      CHECK(Contains(r.out, command));
    }
    RunResult sub = RunRptc({"extract", "--help"});
    CHECK(sub.code == 0);
    CHECK(Contains(sub.out, "--stdin-jsonl"));
    CHECK(Contains(sub.out, "--jobs"));
  }

  TEST_CASE("usage errors exit with 2") {
    CHECK(RunRptc({}).code == 2);
    CHECK(RunRptc({"no-such-command"}).code == 2);
    CHECK(RunRptc({"extract", Mini(), "--no-such-flag"}).code == 2);
    CHECK(RunRptc({"extract", Mini(), DataDir() + "/docs", "--format", "xml"}).code == 2);
    CHECK(RunRptc({"check-template"}).code == 2);
    // SQLite output cannot go to stdout.
    CHECK(RunRptc({"extract", Mini(), DataDir() + "/docs", "--format", "sqlite"}).code == 2);
  }

  TEST_CASE("check-template exits 0 on a clean template and 1 with located diagnostics") {
    CHECK(RunRptc({"check-template", Mini()}).code == 0);

    TempDir dir;
    WriteAll(dir / "bad.rpt",
             "section review {\n  begin \"x\"\n  field gdp: money = nosuch @value:money\n}\n");
    RunResult r = RunRptc({"check-template", dir / "bad.rpt"});
    CHECK(r.code == 1);
    CHECK(Contains(r.err, dir / "bad.rpt:3:"));
    CHECK(Contains(r.err, "error["));
    CHECK(!Contains(r.err, "\x1b["));  // no colour when stderr is not a terminal

    RunResult missing = RunRptc({"check-template", dir / "missing.rpt"});
    CHECK(missing.code == 1);
  }

  // The golden of E0013 (pinned here because a missing file cannot be a tests/diagnostics/*.rpt;
  // tests/diagnostics_test.cc checks that this file still pins it). A file-level diagnostic has
  // no span, so it prints as `rptc: error[CODE]: message` with no location or snippet.
  TEST_CASE("check-template on a missing file prints exactly one E0013 line without a span") {
    TempDir dir;
    const std::string path = dir / "missing.rpt";
    RunResult r = RunRptc({"check-template", path});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "rptc: error[E0013]: cannot read template '" + path +
                       "': No such file or directory\n");

    // A directory is not a template either.
    fs::create_directories(dir.path() / "folder.rpt");
    RunResult folder = RunRptc({"check-template", dir / "folder.rpt"});
    CHECK(folder.code == 1);
    CHECK(folder.err == "rptc: error[E0013]: cannot read template '" + (dir / "folder.rpt") +
                            "': Is a directory\n");

    // In JSON the diagnostic has "file": null, and the template entry names the path.
    RunResult j = RunRptc({"check-template", "--diagnostics-format=json", path});
    CHECK(j.code == 1);
    nlohmann::json out = nlohmann::json::parse(j.out);
    REQUIRE(out["templates"].size() == 1);
    CHECK(out["templates"][0]["path"] == path);
    CHECK(out["templates"][0]["ok"] == false);
    CHECK(out["templates"][0]["errors"] == 1);
    REQUIRE(out["templates"][0]["diagnostics"].size() == 1);
    nlohmann::json d = out["templates"][0]["diagnostics"][0];
    CHECK(d["file"].is_null());
    CHECK(d["code"] == "E0013");
    CHECK(d["severity"] == "error");
    CHECK(d["message"] == "cannot read template '" + path + "': No such file or directory");
  }

  TEST_CASE("check-template --diagnostics-format=json prints one object for all templates") {
    TempDir dir;
    WriteAll(dir / "bad.rpt",
             "section review {\n  begin \"x\"\n  field gdp: money = nosuch @value:money\n}\n");
    RunResult r = RunRptc({"check-template", "--diagnostics-format=json", Mini(), dir / "bad.rpt"});
    CHECK(r.code == 1);
    nlohmann::json j = nlohmann::json::parse(r.out);
    REQUIRE(j["templates"].size() == 2);
    CHECK(j["templates"][0]["ok"] == true);
    CHECK(j["templates"][1]["ok"] == false);
    CHECK(j["templates"][1]["path"] == dir / "bad.rpt");
    REQUIRE(j["templates"][1]["diagnostics"].is_array());
    REQUIRE(!j["templates"][1]["diagnostics"].empty());
    nlohmann::json d = j["templates"][1]["diagnostics"][0];
    CHECK(d["line"] == 3);
    CHECK(d["severity"] == "error");
  }

  TEST_CASE("compile writes a deterministic image that extract accepts like the template") {
    TempDir dir;
    RunResult first = RunRptc({"compile", Mini(), "-o", dir / "one.rpto"});
    REQUIRE(first.code == 0);
    REQUIRE(RunRptc({"compile", Mini(), "-o", dir / "two.rpto"}).code == 0);
    std::string image = ReadAll(dir / "one.rpto");
    CHECK(image.rfind("RPTCIMG", 0) == 0);
    CHECK(image == ReadAll(dir / "two.rpto"));
    // No temporary files are left next to the image.
    int entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) entries += e.is_regular_file();
    CHECK(entries == 2);

    std::string doc = DataDir() + "/docs/a.txt";
    RunResult from_source = RunRptc({"extract", Mini(), doc, "--format", "jsonl"});
    RunResult from_image = RunRptc({"extract", dir / "one.rpto", doc, "--format", "jsonl"});
    CHECK(from_source.code == 0);
    CHECK(from_image.code == 0);
    CHECK(from_image.out == from_source.out);
  }

  TEST_CASE("a corrupted image is rejected with exit 2") {
    TempDir dir;
    REQUIRE(RunRptc({"compile", Mini(), "-o", dir / "t.rpto"}).code == 0);
    std::string image = ReadAll(dir / "t.rpto");
    WriteAll(dir / "cut.rpto", image.substr(0, image.size() / 2));
    RunResult r = RunRptc({"extract", dir / "cut.rpto", DataDir() + "/docs/a.txt"});
    CHECK(r.code == 2);
    CHECK(Contains(r.err, "cut.rpto"));
  }

  TEST_CASE("an image or a template is read through a pipe as from a file") {
    // Regular files are read with their size known up front; anything else chunk by chunk.
    TempDir dir;
    REQUIRE(RunRptc({"compile", Mini(), "-o", dir / "t.rpto"}).code == 0);
    const std::string doc = DataDir() + "/docs/a.txt";
    RunResult from_file = RunRptc({"extract", dir / "t.rpto", doc, "--format", "jsonl"});
    REQUIRE(from_file.code == 0);
    for (const std::string& source : {dir / "t.rpto", Mini()}) {
      CAPTURE(source);
      // -I: the template's import is found next to it, not under /dev.
      const std::string script =
          "cat \"$1\" | \"$2\" extract /dev/stdin \"$3\" -I \"$4\" --format jsonl";
      RunResult piped = Run({"sh", "-c", script, "sh", source, Rptc(), doc, DataDir()});
      CHECK(piped.code == 0);
      CHECK(piped.out == from_file.out);
    }
    // Larger than the first chunk a pipe is read in (64 KiB): the buffer grows and keeps it all.
    std::string padded = ReadAll(Mini());
    for (int i = 0; i < 3000; ++i) padded += "// padding past the first chunk\n";
    WriteAll(dir / "big.rpt", padded);
    const std::string script =
        "cat \"$1\" | \"$2\" extract /dev/stdin \"$3\" -I \"$4\" --format jsonl";
    RunResult big = Run({"sh", "-c", script, "sh", dir / "big.rpt", Rptc(), doc, DataDir()});
    CHECK(big.code == 0);
    CHECK(big.out == from_file.out);
    RunResult missing = RunRptc({"extract", dir / "missing.rpto", doc});
    CHECK(missing.code == 2);
    CHECK(Contains(missing.err, "cannot open " + dir / "missing.rpto"));
    RunResult directory = RunRptc({"extract", dir.path().string(), doc});
    CHECK(directory.code == 2);
    CHECK(Contains(directory.err, "cannot read " + dir.path().string()));
  }

  TEST_CASE("-I adds an import search directory and takes exactly one value") {
    TempDir dir;
    fs::create_directories(dir.path() / "lib");
    fs::copy_file(DataDir() + "/shared/economy.rpt", dir / "lib/economy.rpt");
    std::string text = ReadAll(Mini());
    text.replace(text.find("\"shared/economy.rpt\""), 20, "\"economy.rpt\"");
    WriteAll(dir / "t.rpt", text);
    std::string doc = DataDir() + "/docs/a.txt";
    CHECK(RunRptc({"extract", dir / "t.rpt", doc}).code == 2);  // the import is not found
    RunResult r = RunRptc({"extract", dir / "t.rpt", "-I", dir / "lib", doc, "--format", "jsonl"});
    CHECK(r.code == 0);
    CHECK(Lines(r.out).size() == 1);
    CHECK(RunRptc({"check-template", "-I", dir / "lib", dir / "t.rpt"}).code == 0);
  }

  TEST_CASE("schema prints a JSON Schema") {
    RunResult r = RunRptc({"schema", Mini()});
    CHECK(r.code == 0);
    nlohmann::json schema = nlohmann::json::parse(r.out);
    CHECK(schema.contains("$schema"));
  }

  TEST_CASE("test runs inline tests and ends with the N passed, N failed line") {
    RunResult ok = RunRptc({"test", Mini()});
    CHECK(ok.code == 0);
    CHECK(Lines(ok.out).back() == "1 passed, 0 failed");

    TempDir dir;
    std::string text = ReadAll(Mini());
    std::string broken = text;
    const std::string expectation = "gdp == \"431.8亿元\"";
    broken.replace(broken.find(expectation), expectation.size(), "gdp == \"999亿元\"");
    fs::create_directories(dir.path() / "shared");
    fs::copy_file(DataDir() + "/shared/economy.rpt", dir / "shared/economy.rpt");
    WriteAll(dir / "mini.rpt", broken);
    RunResult failing = RunRptc({"test", dir / "mini.rpt"});
    CHECK(failing.code == 1);
    CHECK(Lines(failing.out).back() == "0 passed, 1 failed");
    CHECK(Contains(failing.out, dir / "mini.rpt:"));
    CHECK(Contains(failing.out, ": test failed: "));
  }

  TEST_CASE("test --coverage warns at each rule no test exercises; --require-coverage fails") {
    TempDir dir;
    WriteAll(dir / "plan.rpt",
             "section tasks {\n"
             "  begin \"工作安排\"\n"
             "  list items = \"(\" @index:rank([一二三]) \")\" title until \"。\"\n"
             "  field budget: money = \"预算\" @value:money\n"
             "}\n"
             "\n"
             "test \"(一)稳增长。(二)促改革。\" in tasks {\n"
             "  items.count == 2\n"
             "  items[1].title == \"促改革\"\n"
             "}\n");
    const std::string path = dir / "plan.rpt";
    const std::string warnings =
        path + ":2:9: warning[W0402]: the begin pattern of section 'tasks' is not exercised by "
        "any inline test\n"
        " 2 |   begin \"工作安排\"\n"
        "   |         ^^^^^^\n"
        "  help: add a test without `in` whose text has this heading (a test `in SECTION` reads "
        "its whole text as the section and looks for no heading)\n" +
        path + ":4:23: warning[W0402]: rule tasks.budget#1 is not exercised by any inline test\n"
        " 4 |   field budget: money = \"预算\" @value:money\n"
        "   |                       ^^^^^^^^^^^^^^^^^^^\n"
        "  help: add a test whose text this rule reads: test \"...\" in tasks { budget == \"...\" }\n";
    const std::string summary = "2 of 4 rules exercised by inline tests\n1 passed, 0 failed\n";

    // Without --coverage nothing about rules is printed.
    RunResult plain = RunRptc({"test", path});
    CHECK(plain.code == 0);
    CHECK(plain.out == "1 passed, 0 failed\n");

    // Unexercised rules are warnings: the tests passed, so the exit code stays 0.
    RunResult coverage = RunRptc({"test", "--coverage", path});
    CHECK(coverage.code == 0);
    CHECK(coverage.out == warnings + summary);

    RunResult required = RunRptc({"test", "--require-coverage", path});
    CHECK(required.code == 1);
    CHECK(required.out == warnings + summary);

    // Once every rule is exercised, --require-coverage passes.
    std::string text = ReadAll(dir / "plan.rpt");
    WriteAll(dir / "plan.rpt",
             text + "\ntest \"二、工作安排\\n预算12亿元。\" { tasks.budget == \"12亿元\" }\n");
    RunResult covered = RunRptc({"test", "--require-coverage", path});
    CHECK(covered.code == 0);
    CHECK(covered.out == "4 of 4 rules exercised by inline tests\n2 passed, 0 failed\n");
  }

  TEST_CASE("fmt rewrites in place, is idempotent, and --check lists files that would change") {
    TempDir dir;
    WriteAll(dir / "t.rpt",
             "lexicon   k {a: \"x\"   }\nsection s {begin \"x\"\nfield f: text = @value(k)}\n");
    RunResult check = RunRptc({"fmt", "--check", dir / "t.rpt"});
    CHECK(check.code == 1);
    CHECK(check.out == dir / "t.rpt\n");

    REQUIRE(RunRptc({"fmt", dir / "t.rpt"}).code == 0);
    std::string once = ReadAll(dir / "t.rpt");
    REQUIRE(RunRptc({"fmt", dir / "t.rpt"}).code == 0);
    CHECK(ReadAll(dir / "t.rpt") == once);
    CHECK(RunRptc({"fmt", "--check", dir / "t.rpt"}).code == 0);
    CHECK(RunRptc({"check-template", dir / "t.rpt"}).code == 0);

    // `-` formats stdin to stdout.
    RunResult piped = RunRptc({"fmt", "-"}, once);
    CHECK(piped.code == 0);
    CHECK(piped.out == once);

    // A file with syntax errors is left alone.
    WriteAll(dir / "bad.rpt", "section {{{\n");
    RunResult bad = RunRptc({"fmt", dir / "bad.rpt"});
    CHECK(bad.code == 1);
    CHECK(ReadAll(dir / "bad.rpt") == "section {{{\n");
  }
}

}  // namespace
}  // namespace rptc::cli_test

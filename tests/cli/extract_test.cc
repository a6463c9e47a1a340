// rptc extract end to end: output formats, input order under parallelism, bad documents,
// the --stdin-jsonl cluster contract, transactional SQLite output and bounded memory.
#include <doctest/doctest.h>

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "tests/cli/run_process.h"

namespace rptc::cli_test {
namespace {

std::string Mini() { return DataDir() + "/mini.rpt"; }
std::string Docs() { return DataDir() + "/docs"; }

// Splits RFC 4180 CSV into rows of fields.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty() && field.empty()) rows.pop_back();
  return rows;
}

// `rptc args...` with --jobs 1, then with --jobs 4.
std::pair<RunResult, RunResult> OnOneAndFourThreads(const std::vector<std::string>& args) {
  std::vector<std::string> one = args, four = args;
  one.insert(one.end(), {"--jobs", "1"});
  four.insert(four.end(), {"--jobs", "4"});
  return {RunRptc(one), RunRptc(four)};
}

TEST_SUITE("cli") {
  TEST_CASE("extract of one file prints that report; several files print an array") {
    RunResult one = RunRptc({"extract", Mini(), Docs() + "/a.txt"});
    CHECK(one.code == 0);
    nlohmann::json report = nlohmann::json::parse(one.out);
    REQUIRE(report.is_object());
    CHECK(report["document"] == Docs() + "/a.txt");

    RunResult many = RunRptc({"extract", Mini(), Docs() + "/a.txt", Docs() + "/b.txt"});
    CHECK(many.code == 0);
    nlohmann::json array = nlohmann::json::parse(many.out);
    REQUIRE(array.is_array());
    REQUIRE(array.size() == 2);
    CHECK(array[0] == report);
    CHECK(array[1]["document"] == Docs() + "/b.txt");
  }

  TEST_CASE("directories are walked for *.txt in sorted order") {
    RunResult r = RunRptc({"extract", Mini(), Docs(), "--format", "jsonl"});
    CHECK(r.code == 0);
    std::vector<std::string> lines = Lines(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(nlohmann::json::parse(lines[0])["document"] == Docs() + "/a.txt");
    CHECK(nlohmann::json::parse(lines[1])["document"] == Docs() + "/b.txt");
    CHECK(nlohmann::json::parse(lines[2])["document"] == Docs() + "/sub/c.txt");
  }

  TEST_CASE("output order and bytes do not depend on the number of threads") {
    TempDir dir;
    std::vector<std::string> args = {"extract", Mini(), "--format", "jsonl"};
    std::string bodies[] = {ReadAll(Docs() + "/a.txt"), ReadAll(Docs() + "/b.txt"),
                            ReadAll(Docs() + "/sub/c.txt")};
    for (int i = 0; i < 60; ++i) {
      // Uneven sizes, so that threads finish out of order.
      std::string text;
      for (int k = 0; k <= (i * 7) % 40; ++k) text += bodies[i % 3];
      std::string name = dir / ("d" + std::to_string(1000 + i) + ".txt");
      WriteAll(name, text);
      args.push_back(name);
    }
    auto [a, b] = OnOneAndFourThreads(args);
    CHECK(a.code == 0);
    CHECK(b.code == 0);
    CHECK(Lines(a.out).size() == 60);
    CHECK(a.out == b.out);
  }

  TEST_CASE("--profile prints the work per pattern on stderr and leaves the reports alone") {
    const std::vector<std::string> docs = {Docs() + "/a.txt", Docs() + "/b.txt"};
    std::vector<std::string> plain = {"extract", Mini(), "--format", "jsonl", "--jobs", "1", "-q"};
    plain.insert(plain.end(), docs.begin(), docs.end());
    std::vector<std::string> profiled = plain;
    profiled.push_back("--profile");
    RunResult a = RunRptc(plain), b = RunRptc(profiled);
    CHECK(a.code == 0);
    CHECK(b.code == 0);
    CHECK(a.out == b.out);
    CHECK(a.err.find("profile:") == std::string::npos);
    const std::vector<std::string> lines = Lines(b.err);
    REQUIRE(lines.size() >= 4);
    CHECK(lines[0].rfind("profile: 2 documents, ", 0) == 0);
    CHECK(lines[1].rfind("pattern ", 0) == 0);
    CHECK(lines[1].find("anchor hits") != std::string::npos);
    CHECK(lines[1].find("DFA bytes") != std::string::npos);
    CHECK(lines.back().rfind("total (", 0) == 0);
    // The rule's row names it as the template does, with its line: `field gdp` is on line 22.
    auto row = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
      return l.rfind("rule review.gdp#1 ", 0) == 0;
    });
    REQUIRE(row != lines.end());
    CHECK(row->find(" 22 ") != std::string::npos);
    // Counts, not times: the same run prints the same table.
    CHECK(RunRptc(profiled).err == b.err);
  }

  TEST_CASE("--profile sums the work of every thread") {
    TempDir dir;
    std::vector<std::string> args = {"extract", Mini(), "--format", "jsonl", "-q", "--profile"};
    for (int i = 0; i < 12; ++i) {
      std::string name = dir / ("d" + std::to_string(10 + i) + ".txt");
      WriteAll(name, ReadAll(Docs() + (i % 2 == 0 ? "/a.txt" : "/b.txt")));
      args.push_back(name);
    }
    auto [a, b] = OnOneAndFourThreads(args);
    REQUIRE(a.code == 0);
    REQUIRE(b.code == 0);
    // The totals but the last column: each thread's DFA cache builds its own states.
    auto totals = [](const std::string& err) {
      std::string last = Lines(err).back();
      REQUIRE(last.rfind("total (", 0) == 0);
      std::string counts = last.substr(0, last.find_last_not_of("0123456789") + 1);
      counts.erase(counts.find_last_not_of(' ') + 1);
      return counts;
    };
    CHECK(totals(a.err) == totals(b.err));
    CHECK(Lines(a.err)[0].rfind("profile: 12 documents, ", 0) == 0);
  }

  TEST_CASE("a bad document is reported and counted; the rest of the output is complete") {
    TempDir dir;
    WriteAll(dir / "binary.txt", std::string("\x7f"
                                             "ELF\0\0\0\x01\x02\x03",
                                             10) +
                                     std::string(100, '\0'));
    WriteAll(dir / "big.txt", std::string(2048, 'x'));
    for (std::string jobs : {"1", "3"}) {
      CAPTURE(jobs);
      RunResult r = RunRptc({"extract", Mini(), Docs() + "/a.txt", dir / "missing.txt",
                             dir / "binary.txt", dir / "big.txt", Docs() + "/b.txt", "--format",
                             "jsonl", "--jobs", jobs, "--max-bytes", "1024"});
      CHECK(r.code == 1);
      std::vector<std::string> lines = Lines(r.out);
      REQUIRE(lines.size() == 2);
      CHECK(nlohmann::json::parse(lines[0])["document"] == Docs() + "/a.txt");
      CHECK(nlohmann::json::parse(lines[1])["document"] == Docs() + "/b.txt");
      CHECK(Contains(r.err, dir / "missing.txt"));
      CHECK(Contains(r.err, dir / "binary.txt"));
      CHECK(Contains(r.err, dir / "big.txt"));
      CHECK(Contains(r.err, "3 of 5 documents failed"));
    }
  }

  TEST_CASE("a template that does not compile is exit 2 with its diagnostics") {
    TempDir dir;
    WriteAll(dir / "bad.rpt", "section s { begin \"x\" field f: money = nope @value:money }\n");
    RunResult r = RunRptc({"extract", dir / "bad.rpt", Docs()});
    CHECK(r.code == 2);
    CHECK(Contains(r.err, "bad.rpt:1:"));
    CHECK(r.out.empty());
  }

  TEST_CASE("--stdin-jsonl answers every record with one line carrying its id") {
    std::string a = ReadAll(Docs() + "/a.txt");
    nlohmann::json r1 = {{"id", "first"}, {"text", a}};
    nlohmann::json r3 = {{"id", 42}, {"text", ReadAll(Docs() + "/b.txt")}};
    std::string input =
        r1.dump() + "\n" + "{not json\n" + "\n" + r3.dump() + "\n" + R"({"text": "no id"})" + "\n";
    for (std::string jobs : {"1", "2"}) {
      CAPTURE(jobs);
      RunResult r = RunRptc({"extract", Mini(), "--stdin-jsonl", "--jobs", jobs}, input);
      // Bad records are answered in-band, so a cluster task does not fail on them.
      CHECK(r.code == 0);
      std::vector<std::string> lines = Lines(r.out);
      REQUIRE(lines.size() == 4);  // the blank line carries no record
      nlohmann::json first = nlohmann::json::parse(lines[0]);
      CHECK(first["id"] == "first");
      CHECK(lines[0].rfind("{\"id\":\"first\",", 0) == 0);
      CHECK(first.contains("sections"));
      nlohmann::json bad = nlohmann::json::parse(lines[1]);
      CHECK(bad["id"].is_null());
      CHECK(bad.contains("error"));
      CHECK(nlohmann::json::parse(lines[2])["id"] == 42);
      nlohmann::json no_id = nlohmann::json::parse(lines[3]);
      CHECK(no_id["id"].is_null());
      CHECK(Contains(no_id["error"].get<std::string>(), "id"));
      CHECK(Contains(r.err, "stdin line 2"));

      // The report for a record equals the file-mode report of the same text, id aside.
      RunResult file = RunRptc({"extract", Mini(), Docs() + "/a.txt", "--format", "jsonl"});
      nlohmann::json from_file = nlohmann::json::parse(Lines(file.out)[0]);
      first.erase("id");
      first["document"] = from_file["document"];
      CHECK(first == from_file);
    }
  }

  TEST_CASE("csv has the documented header and one RFC 4180 row per value") {
    TempDir dir;
    RunResult r =
        RunRptc({"extract", Mini(), Docs(), "--format", "csv", "--output", dir / "v.csv"});
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    std::vector<std::vector<std::string>> rows = ParseCsv(ReadAll(dir / "v.csv"));
    REQUIRE(rows.size() > 1);
    CHECK(rows[0] == std::vector<std::string>{"document", "section", "key", "value", "unit",
                                              "qualifier", "text", "byte_begin", "byte_end"});
    bool saw_gdp = false;
    for (size_t i = 1; i < rows.size(); ++i) {
      REQUIRE(rows[i].size() == 9);
      if (rows[i][0] == Docs() + "/a.txt" && rows[i][1] == "review" && rows[i][2] == "gdp") {
        saw_gdp = true;
        CHECK(rows[i][3] == "43180000000");
        CHECK(rows[i][4] == "CNY");
        int begin = std::stoi(rows[i][7]), end = std::stoi(rows[i][8]);
        CHECK(ReadAll(Docs() + "/a.txt").substr(begin, end - begin) == rows[i][6]);
      }
    }
    CHECK(saw_gdp);
  }

  TEST_CASE("sqlite output holds documents, values, tasks and violations") {
    TempDir dir;
    RunResult r = RunRptc({"extract", Mini(), Docs(), dir / "missing.txt", "--format", "sqlite",
                           "--output", dir / "out.db"});
    CHECK(r.code == 1);  // the missing document
    REQUIRE(fs::exists(dir / "out.db"));
    RunResult q = Run({"python3", "-c", R"(
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda s: db.execute(s).fetchall()
print(q("select count(*), sum(status = 'ok'), sum(status = 'error') from documents")[0])
print(q("select count(*) from \"values\" where key = 'gdp'")[0][0])
print(q("select value, unit from \"values\" v join documents d on d.id = v.document_id "
        "where d.path like '%/a.txt' and key = 'gdp'")[0])
print(q("select count(*) from violations v join documents d on d.id = v.document_id "
        "where d.path like '%/b.txt' and severity = 'error'")[0][0] > 0)
print(q("select idx, title from tasks t join documents d on d.id = t.document_id "
        "where d.path like '%/a.txt' order by idx"))
)",
                       dir / "out.db"});
    REQUIRE(q.code == 0);
    std::vector<std::string> lines = Lines(q.out);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "(4, 3, 1)");
    CHECK(lines[1] == "3");
    CHECK(lines[2] == "(43180000000.0, 'CNY')");
    CHECK(lines[3] == "True");
    CHECK(lines[4] == "[(1, '扩大有效投资'), (2, '促进消费升级')]");
    // Nothing but the database is left in the folder: the temporary file was renamed.
    int entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) entries += e.is_regular_file();
    CHECK(entries == 1);
  }

  TEST_CASE("a failed sqlite run leaves the previous database untouched") {
    TempDir dir;
    WriteAll(dir / "out.db", "previous");
    // The template fails to load: nothing is written.
    WriteAll(dir / "bad.rpt", "section {\n");
    CHECK(RunRptc({"extract", dir / "bad.rpt", Docs(), "--format", "sqlite", "--output",
                   dir / "out.db"})
              .code == 2);
    CHECK(ReadAll(dir / "out.db") == "previous");
    // An output in a folder that does not exist cannot be created: exit 1, no stray files.
    RunResult r = RunRptc(
        {"extract", Mini(), Docs(), "--format", "sqlite", "--output", dir / "no/such/dir/out.db"});
    CHECK(r.code == 1);
    CHECK(!fs::exists(dir / "no"));
  }

  TEST_CASE("--output-dir writes one pretty JSON file per document, mirroring the tree") {
    TempDir dir;
    RunResult r = RunRptc({"extract", Mini(), Docs(), "--output-dir", dir / "out", "--summary"});
    CHECK(r.code == 0);
    CHECK(nlohmann::json::parse(ReadAll(dir / "out/a.json"))["document"] == Docs() + "/a.txt");
    CHECK(fs::exists(dir / "out/b.json"));
    CHECK(fs::exists(dir / "out/sub/c.json"));
    // The summary: one line per document and a total.
    CHECK(Contains(r.err, "a.txt"));
    CHECK(Contains(r.err, "sections"));
    CHECK(Contains(r.err, "3 documents: 3 extracted, 0 failed"));
  }

  TEST_CASE("no progress bar when stderr is not a terminal") {
    RunResult r = RunRptc({"extract", Mini(), Docs(), "--format", "jsonl"});
    CHECK(r.err.find('\r') == std::string::npos);
  }

  TEST_CASE("memory stays bounded by a few documents, not by the batch") {
    TempDir dir;
    // One report's figures, then prose without figures (dense figures would measure the
    // engine's speed on pathological text instead).
    std::string big = ReadAll(Docs() + "/a.txt");
    while (big.size() < (256u << 10)) big += "坚持以人民为中心的发展思想，推动经济社会高质量发展。\n";
    std::vector<std::string> args = {"extract", Mini(), dir.path().string(), "--format", "jsonl",
                                     "--jobs",  "2"};
    for (int i = 0; i < 160; ++i) WriteAll(dir / ("d" + std::to_string(i) + ".txt"), big);
    RunResult r = RunRptc(args);  // 160 x 256 KiB = 40 MiB of input
    CHECK(r.code == 0);
    CHECK(Lines(r.out).size() == 160);
    MESSAGE("peak RSS of extract over 40 MiB: " << r.max_rss_kb << " KiB");
    CHECK(r.max_rss_kb < 32 * 1024);
  }
}

}  // namespace
}  // namespace rptc::cli_test

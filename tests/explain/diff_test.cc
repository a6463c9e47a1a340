// The watch loop's report diff (runtime/explain/diff.h) as a unit, and `extract --watch` end to
// end: a bounded run that survives a broken template and prints what changed.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "runtime/explain/diff.h"
#include "tests/cli/run_process.h"

namespace rptc {
namespace {

rt::FieldValue Val(const std::string& field, rt::ValueType type, double number,
                   const std::string& unit, const std::string& text,
                   rt::Qualifier q = rt::Qualifier::kExact) {
  rt::FieldValue fv;
  fv.field = field;
  fv.value.type = type;
  fv.value.number = number;
  fv.value.unit = unit;
  fv.value.qualifier = q;
  fv.where.text = text;
  return fv;
}

rt::Report Base() {
  rt::Report r;
  rt::SectionResult review, targets;
  review.name = "review";
  review.present = true;
  review.heading.text = "工作回顾";
  targets.name = "targets";
  review.values.push_back(Val("gdp", rt::ValueType::kMoney, 43180000000, "CNY", "431.8亿元"));
  review.values.push_back(Val("gdp_growth", rt::ValueType::kPercent, 2.5, "%", "2.5%"));
  r.sections = {review, targets};
  return r;
}

TEST_SUITE("explain") {

TEST_CASE("The first run lists every value as added") {
  rt::Report r = Base();
  auto changes = rt::explain::DiffReports(nullptr, r);
  std::string text = rt::explain::FormatChanges(changes, false);
  CHECK(text ==
        "+ section review = '工作回顾'\n"
        "+ review.gdp = 43180000000 CNY  \"431.8亿元\"\n"
        "+ review.gdp_growth = 2.5 %  \"2.5%\"\n");
}

TEST_CASE("Added, removed and changed values are reported by field path") {
  rt::Report before = Base();
  rt::Report after = Base();
  after.sections[0].values[0] =
      Val("gdp", rt::ValueType::kMoney, 43190000000, "CNY", "431.9亿元");  // changed
  after.sections[0].values.pop_back();                                  // gdp_growth removed
  after.sections[1].present = true;
  after.sections[1].heading.text = "主要预期目标";
  after.sections[1].values.push_back(
      Val("gdp_growth", rt::ValueType::kPercent, 8, "%", "8%左右", rt::Qualifier::kAbout));
  rt::Violation v;
  v.severity = rt::Severity::kWarning;
  v.message = "the review states GDP growth";
  after.violations.push_back(v);
  std::string text = rt::explain::FormatChanges(rt::explain::DiffReports(&before, after), false);
  CHECK(text ==
        "+ section targets = '主要预期目标'\n"
        "~ review.gdp: 431.8亿元 -> 431.9亿元\n"
        "+ targets.gdp_growth = 8 % (about)  \"8%左右\"\n"
        "+ violation = warning: the review states GDP growth\n"
        "- review.gdp_growth = 2.5 %  \"2.5%\"\n");
  // Nothing changed: no lines.
  CHECK(rt::explain::DiffReports(&after, after).empty());
  // Colour wraps each line.
  std::string coloured = rt::explain::FormatChanges(rt::explain::DiffReports(&before, after), true);
  CHECK(coloured.find("\x1b[33m~ review.gdp") != std::string::npos);
}

TEST_CASE("Fields with several values are compared as multisets") {
  rt::Report before = Base();
  before.sections[0].values.push_back(Val("item", rt::ValueType::kCount, 1, "", "1个"));
  before.sections[0].values.push_back(Val("item", rt::ValueType::kCount, 2, "", "2个"));
  rt::Report after = before;
  after.sections[0].values.push_back(Val("item", rt::ValueType::kCount, 3, "", "3个"));
  auto changes = rt::explain::DiffReports(&before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].kind == rt::explain::ReportChange::Kind::kAdded);
  CHECK(changes[0].after == "3  \"3个\"");
  // Reordering the same values is no change.
  std::swap(after.sections[0].values[2], after.sections[0].values[3]);
  after.sections[0].values.pop_back();
  CHECK(rt::explain::DiffReports(&before, after).empty());
}

// Spawns `argv` with stdout/stderr to files; returns the pid.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits until `path` contains `needle` (true) or the deadline passes (false).
bool WaitFor(const std::string& path, const std::string& needle, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cli_test::ReadAll(path).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Replaces a file so that its stamp surely changes (new inode, new size or mtime).
void Replace(const std::string& path, const std::string& text) {
  cli_test::WriteAll(path + ".new", text);
  std::filesystem::rename(path + ".new", path);
}

TEST_CASE("extract --watch re-runs on template changes, survives a broken template and prints the diff") {
  using namespace cli_test;
  TempDir dir;
  std::string tpl = dir / "t.rpt", doc = dir / "doc.txt";
  const std::string good = R"(
lexicon economy { gdp: "生产总值" }
section review { begin "工作回顾"
  field gdp: money = economy.gdp gap(0..4) @value:money
}
)";
  WriteAll(tpl, good);
  WriteAll(doc, "工作回顾\n生产总值431.8亿元,同比增长2.5%。\n");
  std::string out = dir / "out", err = dir / "err";
  pid_t pid = Spawn({Rptc(), "extract", "--watch", tpl, doc, "--watch-iterations", "3",
                     "--watch-interval-ms", "50", "--watch-timeout-ms", "60000"},
                    out, err);
  REQUIRE(pid > 0);
  bool ok = WaitFor(err, "watching", 60);
  CHECK(ok);
  if (ok) {
    // Mid-edit: a broken template.
    Replace(tpl, good + "\nfield broken: money = \n");
    ok = WaitFor(out, "== run 2", 60) && WaitFor(err, "watching", 60);
    CHECK(ok);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // Fixed, with one more field.
    Replace(tpl, R"(
lexicon economy { gdp: "生产总值" }
section review { begin "工作回顾"
  field gdp: money = economy.gdp gap(0..4) @value:money
  field gdp_growth: percent = "增长" @value:percent
}
)");
  }
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  pid_t done = 0;
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL("the watch loop did not stop after 3 runs");
  }
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::string o = ReadAll(out), e = ReadAll(err);
  CAPTURE(o);
  CAPTURE(e);
  CHECK(Contains(o, "== run 1"));
  CHECK(Contains(o, "+ review.gdp = 43180000000 CNY  \"431.8亿元\""));
  CHECK(Contains(o, "== run 2"));
  CHECK(Contains(o, "template changed"));
  CHECK(Contains(o, "the template does not compile"));
  CHECK(Contains(e, "error"));
  CHECK(Contains(o, "== run 3"));
  CHECK(Contains(o, "+ review.gdp_growth = 2.5 %  \"2.5%\""));
  // run 3 compares with run 1 (the last good report): gdp did not change.
  CHECK(o.find("review.gdp =", o.find("== run 3")) == std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc

// Helpers for the CLI tests: run the built `rptc` (RPTC_BINARY) or another program on small
// inputs and capture its exit code, stdout and stderr; scratch directories that clean up.
//
// Output goes to files rather than pipes, so a child that fills both streams can never block
// on a pipe the test is not reading.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace rptc::cli_test {

namespace fs = std::filesystem;

inline std::string SourceDir() { return RPTC_SOURCE_DIR; }
inline std::string DataDir() { return SourceDir() + "/tests/cli/data"; }
inline std::string Rptc() { return RPTC_BINARY; }

inline std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteAll(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/rptc-cli-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    path_ = mkdtemp(buf.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

struct RunResult {
  int code = -1;        // exit status, or 128 + signal
  long max_rss_kb = 0;  // the child's peak resident memory
  std::string out;
  std::string err;
};

// Runs argv[0] (searched in PATH) with `stdin_text` on stdin, in `cwd` when not empty.
inline RunResult Run(const std::vector<std::string>& argv, const std::string& stdin_text = {},
                     const std::string& cwd = {}) {
  TempDir io;
  std::string in = io / "stdin", out = io / "stdout", err = io / "stderr";
  WriteAll(in, stdin_text);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  RunResult r;
  pid_t pid;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) == 0) {
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    r.max_rss_kb = usage.ru_maxrss;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  r.out = ReadAll(out);
  r.err = ReadAll(err);
  return r;
}

// Runs the rptc under test with `args`.
inline RunResult RunRptc(std::vector<std::string> args, const std::string& stdin_text = {},
                         const std::string& cwd = {}) {
  args.insert(args.begin(), Rptc());
  return Run(args, stdin_text, cwd);
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace rptc::cli_test

// Small helpers shared by the subcommands: exit codes, terminal detection, file discovery,
// atomic file replacement and content hashing. Nothing here knows about templates or reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rptc::cli {

inline constexpr std::string_view kVersion = "0.1.0";

// Every subcommand returns one of these; main() passes it to exit().
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // diagnostics, failed documents, non-conforming reports, failed tests
  kExitUsage = 2,    // bad command line, or a template that does not compile
};

// Prints "rptc: error: MESSAGE" on stderr.
void PrintError(std::string_view message);
void PrintWarning(std::string_view message);

// True when stderr is a terminal that takes ANSI colour (not TERM=dumb, NO_COLOR unset).
bool StderrWantsColor();
bool StderrIsTerminal();

// Number of worker threads to use when --jobs is not given: the hardware cores, at least 1.
int DefaultJobs();

// A file found under a command-line path. `relative` is the path below the argument it came
// from (the file name itself when the argument named the file), used to mirror trees in outputs.
struct FoundFile {
  std::string path;
  std::string relative;
};

// Expands files and directories: a file argument is kept as given (whatever its extension);
// a directory is walked recursively for regular files whose name ends in `extension`, sorted
// by path so the order never depends on the file system. A path that does not exist is
// reported in `missing`, or, when `missing` is null, kept as a file so that reading it fails
// later with the system's reason (extract counts it as a failed document).
std::vector<FoundFile> CollectFiles(const std::vector<std::string>& args,
                                    std::string_view extension, std::vector<std::string>* missing);

// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
// reader never sees a half-written file and an interrupted run leaves the old file in place.
[[nodiscard]] bool WriteFileAtomically(const std::string& path, std::string_view bytes,
                                       std::string* error);
// A temporary name next to `path` that no concurrent rptc process uses: PATH.tmp-PID-N.
std::string TemporaryPathFor(const std::string& path);

// Temporary files to delete if SIGINT, SIGTERM or SIGHUP ends the process, so an interrupted
// run leaves neither a half-written output nor a stray temporary. Up to 16 paths at a time;
// Forget once the file was renamed into place (or removed).
void RemoveOnSignal(const std::string& path);
void ForgetOnSignal(const std::string& path);

// Reads a whole (small) file such as a template or a stamp; nullopt with `error` set on failure.
std::optional<std::string> ReadSmallFile(const std::string& path, std::string* error);

// A whole file in a buffer that is never zero-filled: for a compiled image (~11 MB), where
// ReadSmallFile's std::string would write every byte once before fread writes it again (~2 ms
// of a short extract run). nullopt with `error` set on failure, as ReadSmallFile.
struct FileBytes {
  std::unique_ptr<char[]> data;
  size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};
std::optional<FileBytes> ReadFileBytes(const std::string& path, std::string* error);

// A file open for reading, closed at scope exit; fd() is -1 if it could not be opened.
class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(const std::string& path);
  ~ReadOnlyFile();
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// 64-bit FNV-1a. Used for build stamps only, where the inputs are templates of a few hundred KB
// and an accidental collision costs one missed rebuild; not a security boundary.
uint64_t Fnv1a64(std::string_view bytes, uint64_t seed = 0xcbf29ce484222325ull);
std::string Hex64(uint64_t value);

}  // namespace rptc::cli

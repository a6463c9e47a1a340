#include "cli/common.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include "runtime/memory.h"

namespace rptc::cli {
namespace fs = std::filesystem;

void PrintError(std::string_view message) {
  std::fprintf(stderr, "rptc: error: %.*s\n", static_cast<int>(message.size()), message.data());
}

void PrintWarning(std::string_view message) {
  std::fprintf(stderr, "rptc: warning: %.*s\n", static_cast<int>(message.size()), message.data());
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

bool StderrWantsColor() {
  if (!StderrIsTerminal()) return false;
  // https://no-color.org: any value, even empty, turns colour off.
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

int DefaultJobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

std::vector<FoundFile> CollectFiles(const std::vector<std::string>& args,
                                    std::string_view extension, std::vector<std::string>* missing) {
  std::vector<FoundFile> out;
  for (const std::string& arg : args) {
    std::error_code ec;
    fs::file_status status = fs::status(arg, ec);
    if (ec || !fs::exists(status)) {
      if (missing != nullptr) {
        missing->push_back(arg);
      } else {
        out.push_back({arg, fs::path(arg).filename().string()});
      }
      continue;
    }
    if (!fs::is_directory(status)) {
      out.push_back({arg, fs::path(arg).filename().string()});
      continue;
    }
    std::vector<FoundFile> found;
    // skip_permission_denied: an unreadable subfolder must not abort a walk over a corpus.
    auto options = fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(arg, options, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::error_code type_ec;
      if (!it->is_regular_file(type_ec)) continue;
      std::string name = it->path().filename().string();
      if (name.size() < extension.size() ||
          name.compare(name.size() - extension.size(), extension.size(), extension) != 0) {
        continue;
      }
      found.push_back({it->path().string(), fs::relative(it->path(), arg, type_ec).string()});
    }
    if (ec && missing != nullptr) missing->push_back(arg + " (" + ec.message() + ")");
    std::sort(found.begin(), found.end(),
              [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

namespace {

// The signal handler may only read plain memory and call async-signal-safe functions
// (unlink, raise), so the paths live in fixed buffers flagged by volatile sig_atomic_t.
constexpr int kMaxCleanupPaths = 16;
constexpr size_t kMaxCleanupPathLength = 4096;
char g_cleanup_paths[kMaxCleanupPaths][kMaxCleanupPathLength];
volatile std::sig_atomic_t g_cleanup_used[kMaxCleanupPaths];
std::mutex g_cleanup_mu;
std::once_flag g_handlers_installed;

extern "C" void RemoveTemporariesAndDie(int sig) {
  for (int i = 0; i < kMaxCleanupPaths; ++i) {
    if (g_cleanup_used[i]) unlink(g_cleanup_paths[i]);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void InstallCleanupHandlers() {
  struct sigaction action {};
  action.sa_handler = RemoveTemporariesAndDie;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &action, nullptr);
}

}  // namespace

void RemoveOnSignal(const std::string& path) {
  std::call_once(g_handlers_installed, InstallCleanupHandlers);
  if (path.size() >= kMaxCleanupPathLength) return;
  std::lock_guard lock(g_cleanup_mu);
  for (int i = 0; i < kMaxCleanupPaths; ++i) {
    if (g_cleanup_used[i]) continue;
    std::memcpy(g_cleanup_paths[i], path.c_str(), path.size() + 1);
    g_cleanup_used[i] = 1;
    return;
  }
}

void ForgetOnSignal(const std::string& path) {
  std::lock_guard lock(g_cleanup_mu);
  for (int i = 0; i < kMaxCleanupPaths; ++i) {
    if (g_cleanup_used[i] && path == g_cleanup_paths[i]) {
      g_cleanup_used[i] = 0;
      return;
    }
  }
}

std::string TemporaryPathFor(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

bool WriteFileAtomically(const std::string& path, std::string_view bytes, std::string* error) {
  std::string tmp = TemporaryPathFor(path);
  RemoveOnSignal(tmp);
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    ForgetOnSignal(tmp);
    *error = "cannot create " + tmp + ": " + std::strerror(errno);
    return false;
  }
  // Replacing a file keeps its permission bits (an executable script stays executable).
  struct stat existing;
  if (stat(path.c_str(), &existing) == 0) fchmod(fileno(f), existing.st_mode & 07777);
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  int saved_errno = errno;
  // fflush + fsync before the rename: otherwise a crash can leave a renamed but empty file.
  ok = ok && std::fflush(f) == 0 && fsync(fileno(f)) == 0;
  if (!ok) saved_errno = errno;
  ok = (std::fclose(f) == 0) && ok;
  if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) {
    saved_errno = errno;
    ok = false;
  }
  if (!ok) {
    *error = "cannot write " + path + ": " + std::strerror(saved_errno);
    std::remove(tmp.c_str());
  }
  ForgetOnSignal(tmp);
  return ok;
}

std::optional<std::string> ReadSmallFile(const std::string& path, std::string* error) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  // Compiled images run to ~10 MB: size the string once instead of regrowing (and page-faulting
  // through) it chunk by chunk. A file that grows meanwhile still reads to its end.
  struct stat st {};
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto size = static_cast<size_t>(st.st_size);
    text.reserve(size);
    rt::PrefaultForWrite(text.data(), size);  // one mapping instead of a fault per page
    text.resize(size);
    text.resize(std::fread(text.data(), 1, text.size(), f));
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  // fopen succeeds on a directory; the read then fails with EISDIR, caught here.
  bool failed = std::ferror(f) != 0;
  int saved_errno = errno;
  std::fclose(f);
  if (failed) {
    *error = "cannot read " + path + ": " + std::strerror(saved_errno);
    return std::nullopt;
  }
  return text;
}

std::optional<FileBytes> ReadFileBytes(const std::string& path, std::string* error) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  FileBytes file;
  size_t capacity = 0;
  // Sized once from fstat and mapped in one call (runtime/memory.h); a file that grows meanwhile
  // (or has no size, like a pipe) still reads to its end through the doubling below.
  struct stat st {};
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    capacity = static_cast<size_t>(st.st_size);
  }
  capacity = std::max<size_t>(capacity, 1 << 16);
  file.data.reset(new char[capacity]);  // default-initialised: not zeroed
  rt::PrefaultForWrite(file.data.get(), capacity);
  for (;;) {
    file.size += std::fread(file.data.get() + file.size, 1, capacity - file.size, f);
    if (file.size < capacity || std::ferror(f) != 0) break;
    // Full: either the end of the file or more to come.
    char probe;
    if (std::fread(&probe, 1, 1, f) != 1) break;
    capacity *= 2;
    std::unique_ptr<char[]> bigger(new char[capacity]);
    std::memcpy(bigger.get(), file.data.get(), file.size);
    bigger[file.size++] = probe;
    file.data = std::move(bigger);
  }
  // fopen succeeds on a directory; the read then fails with EISDIR, caught here.
  const bool failed = std::ferror(f) != 0;
  const int saved_errno = errno;
  std::fclose(f);
  if (failed) {
    *error = "cannot read " + path + ": " + std::strerror(saved_errno);
    return std::nullopt;
  }
  return file;
}

ReadOnlyFile::ReadOnlyFile(const std::string& path)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}

ReadOnlyFile::~ReadOnlyFile() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t Fnv1a64(std::string_view bytes, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string Hex64(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

}  // namespace rptc::cli

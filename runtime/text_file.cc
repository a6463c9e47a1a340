// Reading documents from disk, and telling text from binary data.
// Tested by tests/runtime/text_test.cc.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/text.h"

namespace rptc::rt {
namespace {

// Closes the descriptor on every path out of ReadFile.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool Fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

std::string TooLarge(const std::string& path, std::optional<uint64_t> size, uint64_t max_bytes) {
  if (!size) {
    return "cannot read '" + path + "': it is larger than the limit of " +
           std::to_string(max_bytes) + " bytes";
  }
  return "cannot read '" + path + "': the file has " + std::to_string(*size) +
         " bytes, more than the limit of " + std::to_string(max_bytes);
}

}  // namespace

std::optional<std::string> ReadFile(const std::string& path, std::string* error,
                                    uint64_t max_bytes) {
  int raw;
  do {
    raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (raw < 0 && errno == EINTR);
  if (raw < 0) {
    Fail(error, "cannot open '" + path + "': " + std::strerror(errno));
    return std::nullopt;
  }
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    Fail(error, "cannot read '" + path + "': " + std::strerror(errno));
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    Fail(error, "cannot read '" + path + "': it is a directory");
    return std::nullopt;
  }
  const bool regular = S_ISREG(st.st_mode);
  if (regular && static_cast<uint64_t>(st.st_size) > max_bytes) {
    Fail(error, TooLarge(path, static_cast<uint64_t>(st.st_size), max_bytes));
    return std::nullopt;
  }
  // A regular file is read into a buffer of its size (one pass for a 100 MB line); pipes, devices
  // and files that grow while we read extend the buffer in steps up to the cap.
  const uint64_t limit = max_bytes < UINT64_MAX ? max_bytes + 1 : max_bytes;  // one byte past
  std::string data;
  size_t used = 0;
  data.resize(regular ? static_cast<size_t>(st.st_size) + 1 : size_t{64} << 10);
  for (;;) {
    if (used == data.size()) {
      if (used > max_bytes) break;  // the read that filled it went past the cap
      data.resize(std::min<uint64_t>(std::max<size_t>(data.size() * 2, 64 << 10), limit));
    }
    const ssize_t n = ::read(fd.get(), data.data() + used, data.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(error, "cannot read '" + path + "': " + std::strerror(errno));
      return std::nullopt;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
    if (used > max_bytes) break;
  }
  if (used > max_bytes) {
    Fail(error, TooLarge(path, std::nullopt, max_bytes));
    return std::nullopt;
  }
  data.resize(used);
  return data;
}

bool LooksBinary(std::string_view data) {
  constexpr size_t kWindow = 8192;
  const size_t end = std::min(data.size(), kWindow);
  if (std::memchr(data.data(), '\0', end) != nullptr) return true;
  size_t chars = 0, bad = 0;
  for (size_t p = 0; p < end;) {
    // Decoding sees the bytes past the window, so a character cut by the window is not "bad".
    const Utf8Char ch = DecodeUtf8(data, p);
    ++chars;
    if (!ch.valid) {
      ++bad;
    } else if (ch.code_point < 0x20 || ch.code_point == 0x7F) {
      const char32_t c = ch.code_point;
      if (!(c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1B)) ++bad;
    }
    p += ch.length;
  }
  return bad * 10 > chars;
}

}  // namespace rptc::rt

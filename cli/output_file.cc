#include "cli/output_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/common.h"

namespace rptc::cli {
namespace {
// Reports are written in many small pieces; a large buffer keeps syscalls off the profile.
constexpr size_t kBufferSize = 1 << 20;
}  // namespace

OutputFile::~OutputFile() {
  if (file_ != nullptr && !is_stdout_) {
    std::fclose(file_);
    std::remove(tmp_.c_str());
    ForgetOnSignal(tmp_);
  }
}

bool OutputFile::Open(const std::string& path, std::string* error) {
  path_ = path;
  if (path.empty() || path == "-") {
    is_stdout_ = true;
    file_ = stdout;
    std::setvbuf(stdout, nullptr, _IOFBF, kBufferSize);
    return true;
  }
  tmp_ = TemporaryPathFor(path);
  RemoveOnSignal(tmp_);
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (file_ == nullptr) {
    ForgetOnSignal(tmp_);
    *error = "cannot create " + path + ": " + std::strerror(errno);
    return false;
  }
  std::setvbuf(file_, nullptr, _IOFBF, kBufferSize);
  return true;
}

bool OutputFile::Write(std::string_view bytes) {
  if (failed_) return false;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) failed_ = true;
  return !failed_;
}

bool OutputFile::Commit(std::string* error) {
  if (is_stdout_) {
    if (std::fflush(stdout) != 0 || failed_) {
      *error = std::string("cannot write to standard output: ") + std::strerror(errno);
      return false;
    }
    return true;
  }
  bool ok = !failed_ && std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  int saved_errno = errno;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  if (ok && std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    saved_errno = errno;
    ok = false;
  }
  if (!ok) {
    std::remove(tmp_.c_str());
    *error = "cannot write " + path_ + ": " + std::strerror(saved_errno);
  }
  ForgetOnSignal(tmp_);
  return ok;
}

}  // namespace rptc::cli

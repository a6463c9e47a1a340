// A byte sink that is either stdout or a file replaced atomically on Commit().
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace rptc::cli {

class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();  // removes the temporary file when Commit() was not reached
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // "" or "-" writes to stdout; anything else to PATH.tmp-PID-N until Commit().
  [[nodiscard]] bool Open(const std::string& path, std::string* error);
  [[nodiscard]] bool Write(std::string_view bytes);
  // Flushes; for a file also fsyncs, closes and renames it into place.
  [[nodiscard]] bool Commit(std::string* error);
  const std::string& path() const { return path_; }

 private:
  FILE* file_ = nullptr;
  bool is_stdout_ = false;
  bool failed_ = false;
  std::string path_;
  std::string tmp_;
};

}  // namespace rptc::cli

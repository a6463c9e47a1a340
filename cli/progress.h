// A one-line progress bar on stderr for long batches: "[=====>    ] 512/2000 docs  38.2 MB/s".
//
// Shown only when stderr is a terminal and --quiet was not given, so logs and pipes never see
// carriage returns. Redraws at most ten times a second; Finish() clears the line so whatever
// is printed next starts clean. Only the writer thread calls it (see batch.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rptc::cli {

class Progress {
 public:
  // `total` is the number of items when known, 0 for a stream (then only the count is shown).
  Progress(bool enabled, uint64_t total, std::string unit);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool enabled() const { return enabled_; }
  // Counts one finished item of `bytes` bytes.
  void Advance(uint64_t bytes);
  // Erases the bar. Call before printing a message to stderr, and at the end.
  void Clear();
  void Finish() { Clear(); }

 private:
  void Draw();

  bool enabled_;
  uint64_t total_;
  std::string unit_;
  uint64_t done_ = 0;
  uint64_t bytes_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace rptc::cli

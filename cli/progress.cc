#include "cli/progress.h"

#include <cstdio>
#include <utility>

namespace rptc::cli {
namespace {
constexpr int kBarWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
}  // namespace

Progress::Progress(bool enabled, uint64_t total, std::string unit)
    : enabled_(enabled),
      total_(total),
      unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawEvery) {}

Progress::~Progress() { Clear(); }

void Progress::Advance(uint64_t bytes) {
  ++done_;
  bytes_ += bytes;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawEvery && done_ != total_) return;
  last_draw_ = now;
  Draw();
}

void Progress::Draw() {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double mb_per_s = seconds > 0 ? static_cast<double>(bytes_) / (1 << 20) / seconds : 0;
  char bar[kBarWidth + 1];
  if (total_ > 0) {
    int filled = static_cast<int>(kBarWidth * done_ / total_);
    for (int i = 0; i < kBarWidth; ++i) bar[i] = i < filled ? '=' : (i == filled ? '>' : ' ');
    bar[kBarWidth] = '\0';
    std::fprintf(stderr, "\r[%s] %llu/%llu %s  %.1f MB/s\x1b[K", bar,
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                 unit_.c_str(), mb_per_s);
  } else {
    std::fprintf(stderr, "\r%llu %s  %.1f MB/s\x1b[K", static_cast<unsigned long long>(done_),
                 unit_.c_str(), mb_per_s);
  }
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Clear() {
  if (!drawn_) return;
  // \x1b[K erases to the end of the line: the bar disappears instead of being left behind.
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace rptc::cli

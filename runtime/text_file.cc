// Reading documents from disk, and telling text from binary data.
// Tested by tests/runtime/text_test.cc and tests/runtime/text_fast_path_test.cc.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
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

void FileBuffer::Reserve(size_t capacity, size_t keep) {
  if (capacity <= capacity_) return;
  // Uninitialised: read() fills it.
  std::unique_ptr<char[]> grown = std::make_unique_for_overwrite<char[]>(capacity);
  if (keep > 0) std::memcpy(grown.get(), data_.get(), keep);
  data_ = std::move(grown);
  capacity_ = capacity;
}

bool ReadFileInto(const std::string& path, FileBuffer* buffer, std::string* error,
                  uint64_t max_bytes) {
  buffer->size_ = 0;
  int raw;
  do {
    raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (raw < 0 && errno == EINTR);
  if (raw < 0) return Fail(error, "cannot open '" + path + "': " + std::strerror(errno));
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    return Fail(error, "cannot read '" + path + "': " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return Fail(error, "cannot read '" + path + "': it is a directory");
  const bool regular = S_ISREG(st.st_mode);
  if (regular && static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Fail(error, TooLarge(path, static_cast<uint64_t>(st.st_size), max_bytes));
  }
  // A regular file is read into room for its size plus one byte (one pass for a 100 MB line; a
  // read that fills the extra byte means the file grew); pipes, devices and files that grow
  // while we read extend the buffer in steps up to the cap.
  const uint64_t limit = max_bytes < UINT64_MAX ? max_bytes + 1 : max_bytes;  // one byte past
  size_t room = regular ? static_cast<size_t>(st.st_size) + 1 : size_t{64} << 10;
  buffer->Reserve(room, 0);
  size_t used = 0;
  for (;;) {
    if (used == room) {
      if (used > max_bytes) break;  // the read that filled it went past the cap
      room = std::min<uint64_t>(std::max<size_t>(room * 2, 64 << 10), limit);
      buffer->Reserve(room, used);
    }
    const ssize_t n = ::read(fd.get(), buffer->data_.get() + used, room - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(error, "cannot read '" + path + "': " + std::strerror(errno));
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
    if (used > max_bytes) break;
  }
  if (used > max_bytes) return Fail(error, TooLarge(path, std::nullopt, max_bytes));
  buffer->size_ = used;
  return true;
}

std::optional<std::string> ReadFile(const std::string& path, std::string* error,
                                    uint64_t max_bytes) {
  FileBuffer buffer;
  if (!ReadFileInto(path, &buffer, error, max_bytes)) return std::nullopt;
  return std::string(buffer.view());
}

namespace {

struct WindowCounts {
  size_t chars = 0;     // characters starting in the window, if it is well-formed UTF-8
  size_t bad = 0;       // C0 controls other than tab, LF, VT, FF, CR and ESC, and DEL
  bool nul = false;     // a NUL byte
  bool ascii = true;    // no byte >= 0x80: the window is well-formed UTF-8 by itself
};

// The per-byte counts of LooksBinary in one pass over u[0, n): in well-formed UTF-8 the
// characters are the bytes that are not continuation bytes (10xxxxxx) and every control
// character is one byte. One pass, because a memchr for NUL, a count loop and the UTF-8 check
// each reading the window cost ~1% of an extract batch.
WindowCounts CountWindow(const unsigned char* u, size_t n) {
  WindowCounts w;
  size_t continuation = 0, i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step, counted in byte lanes (a match is -1, so subtracting counts) and summed
  // before a lane can overflow: without -mpopcnt a popcount of each step's mask was a libgcc
  // call, three per step, and most of LooksBinary's time.
  const __m128i below_space = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8('\t'),
                four = _mm_set1_epi8(4), esc = _mm_set1_epi8(0x1B), del = _mm_set1_epi8(0x7F),
                zero = _mm_setzero_si128(), cont_limit = _mm_set1_epi8(-64);
  __m128i nul = zero, high = zero;
  auto sum_lanes = [&](__m128i lanes) {
    const __m128i sums = _mm_sad_epu8(lanes, zero);
    return static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  };
  while (i + 16 <= n) {
    __m128i bad_lanes = zero, cont_lanes = zero;
    for (int step = 0; step < 255 && i + 16 <= n; ++step, i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + i));
      // Unsigned x <= 0x1F, and x - '\t' <= 4 (tab to CR), by min(x, k) == x.
      const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, below_space), x);
      const __m128i d = _mm_sub_epi8(x, tab);
      const __m128i allowed =
          _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, four), d), _mm_cmpeq_epi8(x, esc));
      const __m128i bad =
          _mm_or_si128(_mm_andnot_si128(allowed, control), _mm_cmpeq_epi8(x, del));
      bad_lanes = _mm_sub_epi8(bad_lanes, bad);
      // Signed bytes: continuation bytes are -128..-65.
      cont_lanes = _mm_sub_epi8(cont_lanes, _mm_cmplt_epi8(x, cont_limit));
      nul = _mm_or_si128(nul, _mm_cmpeq_epi8(x, zero));
      high = _mm_or_si128(high, x);
    }
    w.bad += sum_lanes(bad_lanes);
    continuation += sum_lanes(cont_lanes);
  }
  w.nul = _mm_movemask_epi8(nul) != 0;
  w.ascii = _mm_movemask_epi8(high) == 0;
#endif
  for (; i < n; ++i) {
    const unsigned b = u[i];
    continuation += (b & 0xC0) == 0x80;
    const bool control = b < 0x20 && !(b >= '\t' && b <= '\r') && b != 0x1B;
    w.bad += control || b == 0x7F;
    w.nul |= b == 0;
    w.ascii &= b < 0x80;
  }
  w.chars = n - continuation;
  return w;
}

// LooksBinary by decoding every character: the definition, and the path for windows that are
// not well-formed UTF-8.
bool LooksBinaryByDecoding(std::string_view data, size_t end) {
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

}  // namespace

bool LooksBinary(std::string_view data) {
  constexpr size_t kWindow = 8192;
  const size_t end = std::min(data.size(), kWindow);
  const WindowCounts counts =
      CountWindow(reinterpret_cast<const unsigned char*>(data.data()), end);
  if (counts.nul) return true;
  if (!counts.ascii) {
    // The window and the rest of the character it cuts. When that is well-formed UTF-8 (nearly
    // always), the counts are exact; otherwise every character is decoded.
    size_t extended = end;
    while (extended < data.size() && extended < end + 3 &&
           (static_cast<unsigned char>(data[extended]) & 0xC0) == 0x80) {
      ++extended;
    }
    if (ValidUtf8Prefix(data.substr(0, extended)) != extended) {
      return LooksBinaryByDecoding(data, end);
    }
  }
  return counts.bad * 10 > counts.chars;
}

}  // namespace rptc::rt

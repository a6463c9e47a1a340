// Saving and loading compiled images; see runtime/image.h for the layout.
//
// Both directions walk Program::Serialize with an archive: ImageWriter appends fields,
// ImageReader parses them from untrusted bytes. The reader checks every length against the bytes
// that remain *before* allocating (a list of N elements needs at least N times the smallest
// encoding of one element), range-checks enums and bools, and stops at the first error. After
// parsing, ValidateProgram checks the indices.
// Tested by tests/runtime/image_test.cc.
#include "runtime/image.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <limits>
#include <algorithm>
#include <type_traits>
#include <vector>

#include "runtime/assert_reach.h"
#include "runtime/memory.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rptc::rt {
namespace {

// ---- Checksum --------------------------------------------------------------------------------

constexpr uint64_t kCrc64Poly = 0xC96C5795D7870F42ull;  // ECMA-182, reflected

constexpr std::array<uint64_t, 256> MakeCrcTable() {
  std::array<uint64_t, 256> table{};
  for (uint64_t i = 0; i < 256; ++i) {
    uint64_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kCrc64Poly : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint64_t, 256> kCrcTable = MakeCrcTable();

// Slicing-by-8 (Intel's method): table k advances a byte through k more zero bytes, so eight
// bytes fold in one step. Byte at a time took ~25 ms for a 10 MB image on every save and load.
using CrcSlices = std::array<std::array<uint64_t, 256>, 8>;
constexpr CrcSlices MakeCrcSlices() {
  CrcSlices t{};
  t[0] = kCrcTable;
  for (size_t k = 1; k < 8; ++k) {
    for (size_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ kCrcTable[t[k - 1][i] & 0xFF];
  }
  return t;
}
constexpr CrcSlices kCrcSlices = MakeCrcSlices();

// One slicing-by-8 step: the register after the eight bytes of `word` (little-endian).
inline uint64_t CrcWord(uint64_t crc, uint64_t word) {
  crc ^= word;
  return kCrcSlices[7][crc & 0xFF] ^ kCrcSlices[6][(crc >> 8) & 0xFF] ^
         kCrcSlices[5][(crc >> 16) & 0xFF] ^ kCrcSlices[4][(crc >> 24) & 0xFF] ^
         kCrcSlices[3][(crc >> 32) & 0xFF] ^ kCrcSlices[2][(crc >> 40) & 0xFF] ^
         kCrcSlices[1][(crc >> 48) & 0xFF] ^ kCrcSlices[0][crc >> 56];
}

inline uint64_t CrcStep(uint64_t crc, const unsigned char* p) {
  uint64_t word = 0;
  for (int i = 0; i < 8; ++i) word |= uint64_t{p[i]} << (8 * i);  // little-endian on any host
  return CrcWord(crc, word);
}

// a * b modulo the CRC polynomial, in the reflected bit order of the register (x^0 is bit 63).
constexpr uint64_t MultiplyModPoly(uint64_t a, uint64_t b) {
  uint64_t product = 0;
  for (uint64_t m = uint64_t{1} << 63; m != 0; m >>= 1) {
    if ((a & m) != 0) product ^= b;
    b = (b & 1) != 0 ? (b >> 1) ^ kCrc64Poly : b >> 1;  // b * x
  }
  return product;
}

// x^k modulo the polynomial, by squaring: the tables' lane shifts (appending n zero bytes
// multiplies a register by x^(8n)) and the folding constants below, computed when compiling.
constexpr uint64_t XPowerMod(uint64_t k) {
  uint64_t result = uint64_t{1} << 63;       // x^0
  uint64_t power = uint64_t{1} << (63 - 1);  // x^1, squared for each further bit of k
  for (; k != 0; k >>= 1) {
    if ((k & 1) != 0) result = MultiplyModPoly(power, result);
    power = MultiplyModPoly(power, power);
  }
  return result;
}

// The CRC-64/XZ register after `bytes`, from register `crc` (no init, no final xor), by tables.
// Four independent CRCs over four equal stretches, run in one loop so the table lookups of one
// overlap the others' (one chain is latency-bound: ~7 ms for a 10 MB image), then combined into
// the CRC of the whole: the register of A followed by B is A's register times x^(8 |B|), plus
// B's register started from zero. The value is unchanged.
uint64_t CrcByTables(uint64_t crc, std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  constexpr size_t kLanes = 4;
  const size_t lane = n / (8 * kLanes) * 8;  // bytes per lane, a multiple of 8
  size_t done = 0;
  if (lane > 0) {
    uint64_t r[kLanes] = {crc, 0, 0, 0};
    for (size_t off = 0; off < lane; off += 8) {
      for (size_t k = 0; k < kLanes; ++k) r[k] = CrcStep(r[k], p + k * lane + off);
    }
    const uint64_t shift = XPowerMod(8 * uint64_t{lane});
    crc = r[0];
    for (size_t k = 1; k < kLanes; ++k) crc = MultiplyModPoly(shift, crc) ^ r[k];
    done = kLanes * lane;
  }
  for (; done + 8 <= n; done += 8) crc = CrcStep(crc, p + done);
  for (; done < n; ++done) crc = kCrcTable[(crc ^ p[done]) & 0xFF] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
// Folds the 128-bit block x (bytes in message order, its first 8 in the low half) forward by
// the distance whose constants k holds, ready to be xored into the block there: the block's
// polynomial times x^D modulo P, up to a multiple of P that the CRC does not see. A carry-less
// product of two reflected 64-bit halves is their product times x, so for a distance of D bits
// the constants are x^(D+63) for the low half (the block's high-order terms) and x^(D-1) for the
// high half.
__attribute__((target("pclmul"))) inline __m128i CrcFold(__m128i x, __m128i k) {
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

// The constants of CrcFold that fold a block forward by D bits, computed when compiling.
template <uint32_t D>
__m128i FoldBy() {
  constexpr uint64_t kLow = XPowerMod(D + 63), kHigh = XPowerMod(D - 1);
  return _mm_set_epi64x(static_cast<long long>(kHigh), static_cast<long long>(kLow));
}

__attribute__((target("pclmul"))) inline __m128i Load128(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// The register after `rest`, given an accumulator that stands for every byte before it (its 16
// bytes, CRC'd from a zero register, give the register there): the 16-byte blocks of `rest` are
// folded in, and the tables finish.
__attribute__((target("pclmul"))) uint64_t CrcFinish(__m128i acc, std::string_view rest) {
  const __m128i by128 = FoldBy<128>();
  size_t done = 0;
  for (; done + 16 <= rest.size(); done += 16) {
    acc = _mm_xor_si128(CrcFold(acc, by128), Load128(rest.data() + done));
  }
  const auto low = static_cast<uint64_t>(_mm_cvtsi128_si64(acc));
  const auto high = static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc)));
  return CrcByTables(CrcWord(CrcWord(0, low), high), rest.substr(done));
}

// CrcByTables by carry-less multiplication (Intel's "Fast CRC Computation Using PCLMULQDQ"): four
// 128-bit accumulators fold 64 bytes a step, then into one. ~0.85 ms for the GWR image's 11 MB
// against ~2.2 by tables. Same value.
__attribute__((target("pclmul"))) uint64_t CrcByClmul(uint64_t crc, std::string_view bytes) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  if (n < 64) return CrcByTables(crc, bytes);
  const __m128i by512 = FoldBy<512>(), by128 = FoldBy<128>();
  __m128i x[4] = {Load128(p), Load128(p + 16), Load128(p + 32), Load128(p + 48)};
  x[0] = _mm_xor_si128(x[0], _mm_cvtsi64_si128(static_cast<long long>(crc)));
  size_t done = 64;
  for (; done + 64 <= n; done += 64) {
    for (int k = 0; k < 4; ++k) {
      x[k] = _mm_xor_si128(CrcFold(x[k], by512), Load128(p + done + 16 * k));
    }
  }
  __m128i acc = x[0];
  for (int k = 1; k < 4; ++k) acc = _mm_xor_si128(CrcFold(acc, by128), x[k]);
  return CrcFinish(acc, bytes.substr(done));
}

#define RPTC_CRC512 __attribute__((target("avx512f,pclmul,vpclmulqdq")))

// CrcFold on the four 128-bit blocks of x at once, each by the constants of its own lane of k.
RPTC_CRC512 inline __m512i CrcFold512(__m512i x, __m512i k) {
  return _mm512_xor_si512(_mm512_clmulepi64_epi128(x, k, 0x00),
                          _mm512_clmulepi64_epi128(x, k, 0x11));
}

// The constants of CrcFold512 that fold lane i forward by D[i] bits.
template <uint32_t D0, uint32_t D1, uint32_t D2, uint32_t D3>
RPTC_CRC512 __m512i FoldLanesBy() {
  static constexpr uint64_t kConstants[8] = {
      XPowerMod(D0 + 63), XPowerMod(D0 - 1), XPowerMod(D1 + 63), XPowerMod(D1 - 1),
      XPowerMod(D2 + 63), XPowerMod(D2 - 1), XPowerMod(D3 + 63), XPowerMod(D3 - 1)};
  return _mm512_loadu_si512(kConstants);
}

// CrcByClmul four blocks to an instruction (VPCLMULQDQ on 512-bit registers): four accumulators
// fold 256 bytes a step, then into one, whose four blocks fold into the 128-bit accumulator that
// CrcFinish takes. ~40 GB/s in the cache against ~14: the GWR image's 11 MB in ~0.3 ms.
RPTC_CRC512 uint64_t CrcByClmul512(uint64_t crc, std::string_view bytes) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  if (n < 256) return CrcByClmul(crc, bytes);
  const __m512i by2048 = FoldLanesBy<2048, 2048, 2048, 2048>();
  const __m512i by512 = FoldLanesBy<512, 512, 512, 512>();
  __m512i x[4];
  for (int k = 0; k < 4; ++k) x[k] = _mm512_loadu_si512(p + 64 * k);
  const __m128i start = _mm_cvtsi64_si128(static_cast<long long>(crc));
  x[0] = _mm512_xor_si512(x[0], _mm512_zextsi128_si512(start));
  size_t done = 256;
  for (; done + 256 <= n; done += 256) {
    for (int k = 0; k < 4; ++k) {
      x[k] = _mm512_xor_si512(CrcFold512(x[k], by2048), _mm512_loadu_si512(p + done + 64 * k));
    }
  }
  __m512i acc = x[0];
  for (int k = 1; k < 4; ++k) acc = _mm512_xor_si512(CrcFold512(acc, by512), x[k]);
  // Lanes 0, 1 and 2 fold forward by 384, 256 and 128 bits onto lane 3 (its own constants are
  // never used).
  alignas(64) char lanes[2][64];
  _mm512_store_si512(lanes[0], acc);
  _mm512_store_si512(lanes[1], CrcFold512(acc, FoldLanesBy<384, 256, 128, 128>()));
  __m128i last = Load128(lanes[0] + 48);
  for (int k = 0; k < 3; ++k) last = _mm_xor_si128(last, Load128(lanes[1] + 16 * k));
  return CrcFinish(last, bytes.substr(done));
}
#endif

// The register after `bytes`, by the widest carry-less multiplication the CPU has.
uint64_t CrcUpdate(uint64_t crc, std::string_view bytes) {
#if defined(__x86_64__)
  static const bool clmul512 =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("vpclmulqdq");
  static const bool clmul = __builtin_cpu_supports("pclmul");
  if (clmul512) return CrcByClmul512(crc, bytes);
  if (clmul) return CrcByClmul(crc, bytes);
#endif
  return CrcByTables(crc, bytes);
}

// ---- Enum limits -----------------------------------------------------------------------------

// The largest valid value of each enum in Program. An enum without an entry does not compile in
// the archives, so a new enum cannot slip through unchecked; a new *enumerator* must be added
// here (the round-trip test in image_test.cc uses the last one of each).
template <class E>
struct EnumLimit;
template <>
struct EnumLimit<Op> {
  static constexpr Op kMax = Op::kBytePair;
  static constexpr const char* kName = "instruction opcode";
};
template <>
struct EnumLimit<Assertion> {
  static constexpr Assertion kMax = Assertion::kWordBoundary;
  static constexpr const char* kName = "assertion";
};
template <>
struct EnumLimit<ValueType> {
  static constexpr ValueType kMax = ValueType::kKey;
  static constexpr const char* kName = "value type";
};
template <>
struct EnumLimit<Cardinality> {
  static constexpr Cardinality kMax = Cardinality::kMany;
  static constexpr const char* kName = "cardinality";
};
template <>
struct EnumLimit<Policy> {
  static constexpr Policy kMax = Policy::kAll;
  static constexpr const char* kName = "policy";
};
template <>
struct EnumLimit<Severity> {
  static constexpr Severity kMax = Severity::kWarning;
  static constexpr const char* kName = "severity";
};
template <>
struct EnumLimit<Constraint::Kind> {
  static constexpr Constraint::Kind kMax = Constraint::Kind::kOrder;
  static constexpr const char* kName = "constraint kind";
};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

// Any archive: only used to ask whether T has a Serialize member template.
struct AnyArchive {
  template <class... Ts>
  void operator()(Ts&...);
};
template <class T>
concept Serializable = requires(T& t, AnyArchive& ar) { t.Serialize(ar); };

template <class T>
constexpr bool kIsFixedInteger =
    std::is_integral_v<T> && !std::is_same_v<T, bool> &&
    (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);

template <class T>
constexpr bool kAlwaysFalse = false;

// The smallest encoding of a T (strings and vectors empty): used to bound element counts.
struct MinSizeArchive {
  size_t size = 0;
  template <class... Ts>
  void operator()(Ts&...) {
    (Add<Ts>(), ...);
  }
  template <class T>
  void Add() {
    if constexpr (std::is_same_v<T, bool>) {
      size += 1;
    } else if constexpr (std::is_enum_v<T>) {
      size += sizeof(std::underlying_type_t<T>);
    } else if constexpr (kIsFixedInteger<T> || std::is_same_v<T, double>) {
      size += sizeof(T);
    } else if constexpr (std::is_same_v<T, std::string> || IsVector<T>::value) {
      size += 4;
    } else {
      T value{};
      value.Serialize(*this);
    }
  }
};

template <class T>
size_t MinEncodedSize() {
  static const size_t size = [] {
    MinSizeArchive ar;
    ar.Add<T>();
    return ar.size;
  }();
  return size;
}

// ---- Writer ----------------------------------------------------------------------------------

// Inst::Serialize writes op, lo, hi, assert (a byte each), then out and out1 (4 bytes each,
// little-endian): on a little-endian host exactly an Inst's bytes in memory.
constexpr bool kInstLayoutIsImage =
    offsetof(Inst, op) == 0 && offsetof(Inst, lo) == 1 && offsetof(Inst, hi) == 2 &&
    offsetof(Inst, assert) == 3 && offsetof(Inst, out) == 4 && offsetof(Inst, out1) == 8 &&
    sizeof(Op) == 1 && sizeof(Assertion) == 1 && sizeof(Inst) == 12;
static_assert(kInstLayoutIsImage);

class ImageWriter {
 public:
  explicit ImageWriter(std::string* out) : out_(out), used_(out->size()) {}

  template <class... Ts>
  void operator()(Ts&... fields) {
    (Put(fields), ...);
  }

  // Little-endian. The string grows geometrically and is written through a pointer, because a
  // std::string::append per field (~6 million for a large template) dominated compile time.
  template <class T>
  void PutFixed(T v) {
    static_assert(std::is_unsigned_v<T>);
    if (out_->size() - used_ < sizeof(T)) {
      out_->resize(std::max<size_t>({2 * out_->size(), out_->capacity(), 4096}));
    }
    char* at = out_->data() + used_;
    for (size_t i = 0; i < sizeof(T); ++i) at[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    used_ += sizeof(T);
  }

  // Cuts the string to what was written. Call once, after the last field.
  void Finish() { out_->resize(used_); }

 private:
  template <class T>
  void Put(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      PutFixed<uint8_t>(v ? 1 : 0);
    } else if constexpr (std::is_enum_v<T>) {
      static_assert(sizeof(EnumLimit<T>) > 0);
      PutFixed(static_cast<std::make_unsigned_t<std::underlying_type_t<T>>>(v));
    } else if constexpr (kIsFixedInteger<T>) {
      PutFixed(static_cast<std::make_unsigned_t<T>>(v));
    } else if constexpr (std::is_same_v<T, double>) {
      PutFixed(std::bit_cast<uint64_t>(v));
    } else if constexpr (std::is_same_v<T, std::string>) {
      PutLength(v.size());
      for (unsigned char c : v) PutFixed<uint8_t>(c);
    } else if constexpr (std::is_same_v<T, std::vector<Inst>> &&
                         std::endian::native == std::endian::little) {
      // Most of an image, and already in Inst::Serialize's byte order: one copy, not six
      // fields an instruction (see kInstLayoutIsImage).
      PutLength(v.size());
      PutBytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(Inst));
    } else if constexpr (IsVector<T>::value) {
      PutLength(v.size());
      for (const auto& e : v) Put(e);
    } else if constexpr (Serializable<T>) {
      // Serialize is a non-const template shared by both archives; this one only reads fields.
      const_cast<T&>(v).Serialize(*this);
    } else {
      static_assert(kAlwaysFalse<T>, "type not supported by the image archive");
    }
  }

  void PutBytes(const char* data, size_t n) {
    if (out_->size() - used_ < n) out_->resize(std::max(2 * out_->size(), used_ + n));
    std::memcpy(out_->data() + used_, data, n);
    used_ += n;
  }

  void PutLength(size_t n) {
    // Program indices are uint32_t, so no list or string can be longer; guard anyway.
    if (n > std::numeric_limits<uint32_t>::max()) n = std::numeric_limits<uint32_t>::max();
    PutFixed(static_cast<uint32_t>(n));
  }

  std::string* out_;
  size_t used_;  // bytes of *out_ written; the rest is room to grow
};

// ---- Reader ----------------------------------------------------------------------------------

uint64_t ReadU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

uint32_t ReadU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

// read(2) until `n` bytes or the end of the file; returns the count, or -1 with errno set.
ssize_t ReadFull(int fd, char* to, size_t n) {
  size_t got = 0;
  while (got < n) {
    const ssize_t k = ::read(fd, to + got, n - got);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return -1;
    if (k == 0) break;
    got += static_cast<size_t>(k);
  }
  return static_cast<ssize_t>(got);
}

// The payload of an image file (LoadImageFile), read a window at a time, and the CRC register of
// the bytes read so far: each window is checksummed while it is in the cache.
class PayloadFile {
 public:
  PayloadFile(int fd, uint64_t size) : fd_(fd), size_(size) {}

  uint64_t unread() const { return size_ - read_; }
  uint64_t checksum() const { return ~crc_; }
  const std::string& error() const { return error_; }

  // Reads at least `need` and at most `room` bytes (need <= room, need <= unread()) to `to`;
  // returns the count, or 0 and sets error() when the file ends early or cannot be read.
  size_t Read(char* to, size_t need, size_t room) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(room, unread()));
    const ssize_t got = ReadFull(fd_, to, want);
    if (got < 0) return Fail("cannot read the image: " + std::string(std::strerror(errno)));
    read_ += static_cast<size_t>(got);
    crc_ = CrcUpdate(crc_, std::string_view(to, static_cast<size_t>(got)));
    if (static_cast<size_t>(got) < need) {
      return Fail("image is truncated: expected " + std::to_string(size_) +
                  " payload bytes, found " + std::to_string(read_));
    }
    return static_cast<size_t>(got);
  }

  // Reads what the parse left, for the checksum. False (error() set) if that fails.
  bool Finish() {
    std::string scratch(std::min<uint64_t>(unread(), kScratch), '\0');
    while (unread() > 0 && error_.empty()) Read(scratch.data(), 1, scratch.size());
    return error_.empty();
  }

 private:
  static constexpr size_t kScratch = size_t{64} << 10;

  size_t Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return 0;
  }

  int fd_;
  uint64_t size_;
  uint64_t read_ = 0;
  uint64_t crc_ = ~uint64_t{0};
  std::string error_;
};

// Parses a payload held whole in memory (LoadImage), or read from a PayloadFile into a window
// that slides over it (LoadImageFile). Offsets in messages count from the payload's start.
class ImageReader {
 public:
  explicit ImageReader(std::string_view payload) : data_(payload), size_(payload.size()) {}
  explicit ImageReader(PayloadFile* file) : size_(file->unread()), file_(file) {}

  template <class... Ts>
  void operator()(Ts&... fields) {
    (Get(fields), ...);
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  uint64_t remaining() const { return size_ - offset(); }

 private:
  // n instructions as Inst::Serialize lays them out: op, lo, hi, assert (1 byte each), out, out1
  // (4 bytes each, little-endian), decoded in one tight loop a window at a time. The caller
  // checked that 12 * n bytes remain. Same checks and messages as the field-by-field path.
  void GetInsts(std::vector<Inst>& v, uint32_t n) {
    // 10-20 MB for a large template, written once, by push_back, where resize would first
    // zero-fill it. It is mapped (runtime/memory.h) a huge page ahead of the writes rather than
    // all at once: the kernel zeroes each page it maps, and the decode then writes the page while
    // it is still in the cache, where after zeroing all 14 MB of the GWR template's first it had
    // to fetch every line again. A one-line extract with that image: ~1.5 ms less CPU (perf
    // stat, 50 alternating runs: min 34.0 -> 32.7 ms, first quartile 35.7 -> 33.5).
    v.clear();
    v.reserve(n);
    constexpr uintptr_t kStep = uintptr_t{2} << 20;
    const auto begin = reinterpret_cast<uintptr_t>(v.data());
    const uintptr_t end = begin + uintptr_t{n} * sizeof(Inst);
    uintptr_t mapped = begin;  // [begin, mapped) is mapped
    while (v.size() < n && ok() && Have(sizeof(Inst))) {
      // At most a window's worth (all of a payload in memory is in the window), so that the
      // mapping below covers it.
      const size_t count = std::min<size_t>({n - v.size(), (data_.size() - pos_) / sizeof(Inst),
                                             kWindow / sizeof(Inst)});
      if (begin + (v.size() + count) * sizeof(Inst) > mapped) {
        // Up to a huge-page boundary at least half a huge page on (PrefaultForWrite skips
        // small ranges), or to the end if less than a huge page would be left.
        uintptr_t to = (mapped + kStep / 2 + kStep - 1) & ~(kStep - 1);
        if (to + kStep > end) to = end;
        PrefaultForWrite(reinterpret_cast<void*>(mapped), to - mapped);
        mapped = to;
      }
      AppendInsts(v, count);
    }
  }

  // Decodes the next `count` instructions of the window onto v.
  void AppendInsts(std::vector<Inst>& v, size_t count) {
    constexpr size_t kSize = 12;
    const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
    const auto max_op = static_cast<uint8_t>(EnumLimit<Op>::kMax);
    const auto max_assert = static_cast<uint8_t>(EnumLimit<Assertion>::kMax);
    auto u32 = [](const unsigned char* q) {
      return uint32_t{q[0]} | uint32_t{q[1]} << 8 | uint32_t{q[2]} << 16 | uint32_t{q[3]} << 24;
    };
    for (size_t i = 0; i < count; ++i, p += kSize) {
      const uint64_t at = offset() + i * kSize;
      if (p[0] > max_op) {
        return Fail(std::string(EnumLimit<Op>::kName) + " " + std::to_string(p[0]) +
                    " at payload byte " + std::to_string(at) + " is out of range (0.." +
                    std::to_string(max_op) + ")");
      }
      if (p[3] > max_assert) {
        return Fail(std::string(EnumLimit<Assertion>::kName) + " " + std::to_string(p[3]) +
                    " at payload byte " + std::to_string(at + 3) + " is out of range (0.." +
                    std::to_string(max_assert) + ")");
      }
      Inst in;
      in.op = static_cast<Op>(p[0]);
      in.lo = p[1];
      in.hi = p[2];
      in.assert = static_cast<Assertion>(p[3]);
      in.out = u32(p + 4);
      in.out1 = u32(p + 8);
      v.push_back(in);
    }
    pos_ += count * kSize;
  }

  // Whether the next n bytes (n <= remaining()) are in the window, reading on from the file if
  // not: the window keeps its unparsed bytes and fills up to kWindow (or n) bytes. A payload in
  // memory is all in the window.
  bool Have(size_t n) {
    if (data_.size() - pos_ >= n) return true;
    if (file_ == nullptr || !ok()) return false;
    const size_t kept = data_.size() - pos_;
    if (kept > 0) std::memmove(window_.data(), data_.data() + pos_, kept);  // data_ is in window_
    window_offset_ += pos_;
    pos_ = 0;
    const size_t room = std::max(n, kWindow);
    if (window_.size() < room) {
      window_.reserve(room);
      PrefaultForWrite(window_.data(), room);
      window_.resize(room);
    }
    const size_t got = file_->Read(window_.data() + kept, n - kept, room - kept);
    data_ = std::string_view(window_.data(), kept + got);
    if (got == 0) Fail(file_->error());
    return got != 0;
  }

  uint64_t offset() const { return window_offset_ + pos_; }  // payload byte of the next field

  template <class T>
  void Get(T& v) {
    if (!ok()) return;
    if constexpr (std::is_same_v<T, bool>) {
      const uint64_t at = offset();
      const uint8_t b = GetFixed<uint8_t>();
      if (b > 1) {
        Fail("a boolean at payload byte " + std::to_string(at) + " has the value " +
             std::to_string(b));
      }
      v = b == 1;
    } else if constexpr (std::is_enum_v<T>) {
      using U = std::make_unsigned_t<std::underlying_type_t<T>>;
      const uint64_t at = offset();
      const U raw = GetFixed<U>();
      const auto max = static_cast<U>(EnumLimit<T>::kMax);
      if (ok() && raw > max) {
        Fail(std::string(EnumLimit<T>::kName) + " " + std::to_string(raw) + " at payload byte " +
             std::to_string(at) + " is out of range (0.." + std::to_string(max) + ")");
      }
      v = static_cast<T>(raw);
    } else if constexpr (kIsFixedInteger<T>) {
      v = static_cast<T>(GetFixed<std::make_unsigned_t<T>>());
    } else if constexpr (std::is_same_v<T, double>) {
      v = std::bit_cast<double>(GetFixed<uint64_t>());
    } else if constexpr (std::is_same_v<T, std::string>) {
      const uint64_t at = offset();
      const uint32_t n = GetFixed<uint32_t>();
      if (!ok()) return;
      if (n > remaining()) {
        Fail("a string of " + std::to_string(n) + " bytes at payload byte " + std::to_string(at) +
             " runs past the end of the payload (" + std::to_string(remaining()) +
             " bytes left)");
        return;
      }
      if (!Have(n)) return;
      v.assign(data_.data() + pos_, n);
      pos_ += n;
    } else if constexpr (IsVector<T>::value) {
      using E = typename T::value_type;
      const uint64_t at = offset();
      const uint32_t n = GetFixed<uint32_t>();
      if (!ok()) return;
      // Checked before any allocation: a corrupt count cannot ask for more elements than the
      // remaining bytes could encode.
      const uint64_t need = uint64_t{n} * MinEncodedSize<E>();
      if (need > remaining()) {
        Fail("a list of " + std::to_string(n) + " entries at payload byte " + std::to_string(at) +
             " needs at least " + std::to_string(need) + " bytes, but only " +
             std::to_string(remaining()) + " remain");
        return;
      }
      if constexpr (std::is_same_v<E, Inst>) {
        GetInsts(v, n);  // the bulk of an image: decoded in one tight loop
        return;
      }
      v.clear();
      v.resize(n);
      for (auto& e : v) {
        Get(e);
        if (!ok()) return;
      }
    } else if constexpr (Serializable<T>) {
      v.Serialize(*this);
    } else {
      static_assert(kAlwaysFalse<T>, "type not supported by the image archive");
    }
  }

  template <class U>
  U GetFixed() {
    if (!ok()) return 0;
    if (remaining() < sizeof(U)) {
      Fail("the payload ends inside a " + std::to_string(sizeof(U)) + "-byte field at byte " +
           std::to_string(offset()));
      return 0;
    }
    if (!Have(sizeof(U))) return 0;
    U v = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(data_.data()) + pos_;
    for (size_t i = 0; i < sizeof(U); ++i) v |= static_cast<U>(static_cast<U>(p[i]) << (8 * i));
    pos_ += sizeof(U);
    return v;
  }

  void Fail(std::string message) {
    if (ok()) error_ = std::move(message);
  }

  // A file's payload is read in windows of this size: the window stays in the L2 cache while it
  // is checksummed and parsed.
  static constexpr size_t kWindow = size_t{256} << 10;

  std::string_view data_;     // the window: payload bytes [window_offset_, + data_.size())
  size_t pos_ = 0;            // the next field's byte in the window
  uint64_t window_offset_ = 0;
  uint64_t size_;             // the payload's
  PayloadFile* file_ = nullptr;
  std::string window_;        // holds data_ when reading a file
  std::string error_;
};

// ---- Validation ------------------------------------------------------------------------------

class Validator {
 public:
  explicit Validator(const Program& p) : p_(p) {}

  bool Run(std::string* error) {
    CheckAutomata();
    CheckAssertReachSize();
    CheckInstructions();
    CheckAnchors();
    CheckLexicons();
    CheckSections();
    CheckFields();
    CheckRules();
    CheckLists();
    CheckConstraints();
    CheckHantMarkers();
    if (!error_.empty() && error != nullptr) *error = error_;
    return error_.empty();
  }

 private:
  bool ok() const { return error_.empty(); }
  void Fail(std::string message) {
    if (ok()) error_ = std::move(message);
  }

  // "rule 3 names automaton 99 of 12"
  bool Index(const char* owner, size_t i, const char* what, uint32_t value, size_t count,
             bool optional = false) {
    if (!ok()) return false;
    if (optional && value == kNoPos) return true;
    if (value < count) return true;
    Fail(std::string(owner) + " " + std::to_string(i) + " names " + what + " " +
         (value == kNoPos ? std::string("none") : std::to_string(value)) + " of " +
         std::to_string(count));
    return false;
  }

  enum : uint8_t { kNew, kOnPath, kDone };
  struct Frame {  // CheckEpsilonLoops' DFS
    uint32_t v;
    uint32_t succ[2];
    int count;
    int next;
  };

  static bool IsEpsilon(Op op) { return op == Op::kSplit || op == Op::kSave || op == Op::kAssert; }

  // The start, the slot count and the block of each automaton. Blocks in order and disjoint let
  // CheckInstructions read each instruction once.
  void CheckAutomata() {
    for (size_t a = 0; a < p_.automata.size() && ok(); ++a) {
      const Automaton& au = p_.automata[a];
      Index("automaton", a, "start instruction", au.start, p_.insts.size());
      if (ok() && (au.num_slots < 2 || au.num_slots % 2 != 0 ||
                   au.num_slots > kMaxSlotsPerAutomaton)) {
        Fail("automaton " + std::to_string(a) + " has " + std::to_string(au.num_slots) +
             " capture slots (expected an even number from 2 to " +
             std::to_string(kMaxSlotsPerAutomaton) + ")");
      }
      if (!ok()) return;
      const std::string block = "automaton " + std::to_string(a) + "'s instructions [" +
                                std::to_string(au.insts_begin) + ", " +
                                std::to_string(au.insts_end) + ")";
      if (au.insts_begin > au.insts_end || au.insts_end > p_.insts.size()) {
        Fail(block + " are not among the " + std::to_string(p_.insts.size()));
      } else if (au.start < au.insts_begin || au.start >= au.insts_end) {
        Fail(block + " do not hold its start " + std::to_string(au.start));
      } else if (a > 0 && au.insts_begin < p_.automata[a - 1].insts_end) {
        Fail(block + " begin before automaton " + std::to_string(a - 1) + "'s end at " +
             std::to_string(p_.automata[a - 1].insts_end));
      } else if (au.prefix != kNoPos && (au.prefix >= p_.automata.size() || au.prefix == a)) {
        Fail("automaton " + std::to_string(a) + "'s prefix automaton " +
             std::to_string(au.prefix) + " is not another of the " +
             std::to_string(p_.automata.size()) + " automata");
      }
    }
  }

  // Optional (a program built by hand has none); CheckInstructions checks its bits.
  void CheckAssertReachSize() {
    const std::vector<uint64_t>& bits = p_.assert_reach;
    const size_t n = p_.insts.size();
    if (!ok() || bits.empty()) return;
    if (bits.size() != AssertReachWords(n) || (n % 64 != 0 && bits.back() >> (n % 64) != 0)) {
      Fail("the assertion-reach set has " + std::to_string(bits.size()) +
           " words, or bits past the last, for " + std::to_string(n) + " instructions");
    }
  }

  // Every instruction, in one pass (the bulk of a large image, so the per-instruction test is
  // branch-light and the message is built only for the broken one): its opcode and assertion,
  // its successors (inside its automaton's block, or at least the program), its assertion-reach
  // bit; and each automaton's kSaves against its slots. The jumps of a block staying inside it,
  // what an automaton reaches is in its block. Then the loop search of CheckEpsilonLoops, block
  // by block while the block is still in the cache: after the pass over all 11 MB of a large
  // template, its random reads missed the cache and cost more than the pass itself. The search
  // of a block colours only the block, so colour_ is the size of the largest (46 KB for the GWR
  // template, which stays in the cache; a colour for every instruction was 1 MB of fresh pages,
  // ~1 ms on a VM). Then the instructions outside every block, if any.
  void CheckInstructions() {
    if (!ok()) return;
    const uint32_t n = static_cast<uint32_t>(p_.insts.size());
    uint32_t largest = 0;  // CheckAutomata found the blocks in order and inside the program
    for (const Automaton& au : p_.automata) {
      largest = std::max(largest, au.insts_end - au.insts_begin);
    }
    ReservePrefaulted(colour_, largest);
    colour_.resize(largest);
    uint32_t pc = 0;
    bool outside = false;
    for (size_t a = 0; a < p_.automata.size() && ok(); ++a) {
      const Automaton& au = p_.automata[a];
      outside = outside || pc < au.insts_begin;
      CheckRange(pc, au.insts_begin, 0, n, a, nullptr);  // between blocks: jumps anywhere
      const uint32_t need = CheckRange(au.insts_begin, au.insts_end, au.insts_begin,
                                       au.insts_end, a, colour_.data());
      if (ok() && need > au.num_slots) {
        Fail("automaton " + std::to_string(a) + " saves to slot " + std::to_string(need - 1) +
             " but has only " + std::to_string(au.num_slots) + " slots");
      }
      CheckEpsilonLoops(au.insts_begin, au.insts_end, colour_.data());
      pc = au.insts_end;
    }
    outside = outside || pc < n;
    CheckRange(pc, n, 0, n, p_.automata.size(), nullptr);
    if (outside) CheckOutsideLoops();
  }

  // The loop search from the instructions outside every block, which may jump anywhere: into a
  // block, whose instructions are all done, or outside.
  void CheckOutsideLoops() {
    if (!ok()) return;
    const uint32_t n = static_cast<uint32_t>(p_.insts.size());
    colour_.assign(n, kDone);
    uint32_t pc = 0;
    for (size_t a = 0; a <= p_.automata.size(); ++a) {
      const uint32_t end = a < p_.automata.size() ? p_.automata[a].insts_begin : n;
      for (; pc < end; ++pc) colour_[pc] = IsEpsilon(p_.insts[pc].op) ? kNew : kDone;
      if (a < p_.automata.size()) pc = p_.automata[a].insts_end;
    }
    CheckEpsilonLoops(0, n, colour_.data());
  }

  // Instructions [from, to), whose successors must lie in [lo, hi); returns the highest slot + 1
  // that they save to, saturated just above kMaxSlotsPerAutomaton. With `colour` (a block: from
  // is lo), sets colour[pc - from] to what CheckEpsilonLoops starts from: kNew for an epsilon
  // instruction, but done for one whose successors all come before it and are done, as no loop
  // can run through it. That is most of them (~154,000 of the GWR template's ~264,000), since the
  // compiler emits an instruction's successors before it, and the search then starts from the
  // others only: ValidateProgram of the GWR image took ~3.5 ms instead of ~4.0 (in one process,
  // warm), and the loop search fell from ~6% of a one-line extract's CPU to ~3%.
  uint32_t CheckRange(uint32_t from, uint32_t to, uint32_t lo, uint32_t hi, size_t automaton,
                      uint8_t* colour) {
    if (!ok()) return 0;
    // Raw pointers: the colour stores may alias anything, so members and vectors read through
    // p_ were loaded again for every instruction.
    const Inst* insts = p_.insts.data();
    const uint64_t* reach = p_.assert_reach.empty() ? nullptr : p_.assert_reach.data();
    auto bit = [reach](uint32_t pc) { return (reach[pc / 64] >> (pc % 64) & 1) != 0; };
    uint32_t need = 0;
    for (uint32_t pc = from; pc < to; ++pc) {
      const Inst& in = insts[pc];
      const bool bad =
          static_cast<uint8_t>(in.op) > static_cast<uint8_t>(Op::kBytePair) ||
          (in.op == Op::kAssert &&
           static_cast<uint8_t>(in.assert) > static_cast<uint8_t>(Assertion::kWordBoundary)) ||
          (in.op != Op::kMatch && in.op != Op::kFail && in.out - lo >= hi - lo) ||
          (in.op == Op::kSplit && in.out1 - lo >= hi - lo) ||
          (reach != nullptr &&  // AssertReachAgrees, the successors being checked
           (in.op == Op::kAssert ||
            (in.op != Op::kMatch && in.op != Op::kFail &&
             (bit(in.out) || (in.op == Op::kSplit && bit(in.out1))))) != bit(pc));
      if (bad) {
        ReportInstruction(pc, lo, hi, automaton);
        return 0;
      }
      if (in.op == Op::kSave) need = std::max(need, std::min(in.out1, kMaxSlotsPerAutomaton) + 1);
      if (colour != nullptr) {  // the successors were checked to lie in [from, to)
        auto done = [&](uint32_t succ) { return succ < pc && colour[succ - from] == kDone; };
        colour[pc - from] =
            IsEpsilon(in.op) && !(done(in.out) && (in.op != Op::kSplit || done(in.out1))) ? kNew
                                                                                          : kDone;
      }
    }
    return need;
  }

  void ReportInstruction(uint32_t pc, uint32_t lo, uint32_t hi, size_t automaton) {
    const Inst& in = p_.insts[pc];
    const std::string what = "instruction " + std::to_string(pc);
    if (static_cast<uint8_t>(in.op) > static_cast<uint8_t>(Op::kBytePair)) {
      return Fail(what + " has an unknown opcode");
    }
    if (in.op == Op::kAssert &&
        static_cast<uint8_t>(in.assert) > static_cast<uint8_t>(Assertion::kWordBoundary)) {
      return Fail(what + " has an unknown assertion");
    }
    uint32_t succ[2];
    const int k = Successors(pc, succ);
    for (int j = 0; j < k; ++j) {
      if (!Index("instruction", pc, "instruction", succ[j], p_.insts.size())) return;
    }
    for (int j = 0; j < k; ++j) {
      if (succ[j] < lo || succ[j] >= hi) {
        return Fail(what + " of automaton " + std::to_string(automaton) + " jumps to " +
                    std::to_string(succ[j]) + ", outside the automaton's instructions [" +
                    std::to_string(lo) + ", " + std::to_string(hi) + ")");
      }
    }
    Fail("the assertion-reach bit of " + what + " disagrees with its successors'");
  }

  // The successors of instruction i, by opcode.
  int Successors(uint32_t i, uint32_t* out) const { return rt::Successors(p_.insts[i], out); }

  // A loop of kSplit/kSave/kAssert consumes no input: an engine's epsilon closure could spin on
  // it. Repeats are bounded, so the compiler never emits one; a corrupt image might. Iterative
  // three-colour DFS over the epsilon edges from the roots in [from, to), linear in the
  // instructions over all calls. colour[pc - from] is instruction pc's: every instruction that
  // the search can reach from the range has one, set done if it is not epsilon (or, by
  // CheckRange, if it cannot reach a loop), so the search never enters it; and it finds its
  // roots in colour (a byte an instruction) rather than in the instructions (twelve). From an
  // instruction that cannot reach a loop the search would only have met others like it, so
  // starting with them done changes neither whether nor where it finds a loop.
  void CheckEpsilonLoops(uint32_t from, uint32_t to, uint8_t* colour_of_from) {
    if (!ok()) return;
    std::vector<Frame>& path = path_;
    const Inst* insts = p_.insts.data();
    auto colour = [&](uint32_t pc) -> uint8_t& { return colour_of_from[pc - from]; };
    // Only epsilon instructions enter: a kSplit has two successors, a kSave or kAssert one. They
    // are read once, here, and not again each time the search comes back to the instruction.
    // One whose successors are all done is done at once, without a frame: most are, as the
    // compiler emits an instruction's successors before it (~0.4 ms of the GWR image's ~1.5).
    auto enter = [&](uint32_t v) {
      const Inst& in = insts[v];
      const bool split = in.op == Op::kSplit;
      if (colour(in.out) == kDone && (!split || colour(in.out1) == kDone)) {
        colour(v) = kDone;
        return;
      }
      colour(v) = kOnPath;
      path.push_back({v, {in.out, in.out1}, split ? 2 : 1, 0});
    };
    for (uint32_t root = from; root < to; ++root) {
      // Most instructions are done before the search (CheckRange): skip to the next that is not.
      const void* next = std::memchr(&colour(root), kNew, to - root);
      if (next == nullptr) break;
      root = from + static_cast<uint32_t>(static_cast<const uint8_t*>(next) - colour_of_from);
      enter(root);
      while (!path.empty()) {
        Frame& f = path.back();
        if (f.next == f.count) {
          colour(f.v) = kDone;
          path.pop_back();
          continue;
        }
        const uint32_t w = f.succ[f.next++];
        if (colour(w) == kOnPath) {
          return Fail("instruction " + std::to_string(w) + " is on a loop that consumes no input");
        }
        if (colour(w) == kNew) enter(w);  // may move the frames: f is not used after this
      }
    }
  }

  void CheckAnchors() {
    for (size_t i = 0; i < p_.anchors.size() && ok(); ++i) {
      const Anchor& an = p_.anchors[i];
      Index("anchor", i, "literal", an.literal, p_.literals.size());
      Index("anchor", i, "automaton", an.automaton, p_.automata.size());
      if (ok() && an.guard != kNoAnchorGuard &&
          an.guard > static_cast<uint8_t>(Assertion::kWordBoundary)) {
        Fail("anchor " + std::to_string(i) + " has guard " + std::to_string(an.guard) +
             ", which is no assertion");
      }
      if (ok() && an.prefix_offset > p_.literals[an.literal].size()) {
        Fail("anchor " + std::to_string(i) + " reads its prefix back from byte " +
             std::to_string(an.prefix_offset) + " of a " +
             std::to_string(p_.literals[an.literal].size()) + "-byte literal");
      }
      if (ok() && i > 0) {
        const Anchor& prev = p_.anchors[i - 1];
        if (an.literal < prev.literal ||
            (an.literal == prev.literal && an.automaton < prev.automaton)) {
          Fail("anchor " + std::to_string(i) + " is out of order (anchors are sorted by literal, "
               "then automaton)");
        }
      }
    }
    for (size_t i = 0; i < p_.unanchored.size() && ok(); ++i) {
      Index("unanchored entry", i, "automaton", p_.unanchored[i], p_.automata.size());
    }
  }

  void CheckLexicons() {
    for (size_t i = 0; i < p_.lexicons.size() && ok(); ++i) {
      const Lexicon& lx = p_.lexicons[i];
      if (lx.phrase_keys.size() != lx.phrases.size()) {
        Fail("lexicon " + std::to_string(i) + " has " + std::to_string(lx.phrases.size()) +
             " phrases but " + std::to_string(lx.phrase_keys.size()) + " phrase keys");
        return;
      }
      for (uint32_t k : lx.phrase_keys) Index("lexicon", i, "key", k, lx.keys.size());
    }
  }

  void CheckSections() {
    const size_t n = p_.sections.size();
    for (size_t i = 0; i < n && ok(); ++i) {
      const Section& s = p_.sections[i];
      Index("section", i, "parent section", s.parent, n, /*optional=*/true);
      for (uint32_t a : s.begin_automata) Index("section", i, "automaton", a, p_.automata.size());
      for (uint32_t a : s.end_automata) Index("section", i, "automaton", a, p_.automata.size());
      for (uint32_t a : s.exclude_automata) {
        Index("section", i, "exclude automaton", a, p_.automata.size());
      }
      for (uint32_t b : s.end_before) Index("section", i, "section", b, n);
    }
    if (!ok()) return;
    // Parent chains must end: mark each chain walked, so the check is linear.
    std::vector<uint8_t> state(n, 0);  // 0 unseen, 1 on the current chain, 2 known to end
    std::vector<uint32_t> chain;
    for (uint32_t i = 0; i < n; ++i) {
      chain.clear();
      uint32_t s = i;
      while (s != kNoPos && state[s] == 0) {
        state[s] = 1;
        chain.push_back(s);
        s = p_.sections[s].parent;
      }
      if (s != kNoPos && state[s] == 1) {
        Fail("section " + std::to_string(s) + " is its own ancestor");
        return;
      }
      for (uint32_t c : chain) state[c] = 2;
    }
  }

  void CheckFields() {
    for (size_t i = 0; i < p_.fields.size() && ok(); ++i) {
      Index("field", i, "section", p_.fields[i].section, p_.sections.size(), /*optional=*/true);
      Index("field", i, "where field", p_.fields[i].where_field, p_.fields.size(),
            /*optional=*/true);
    }
  }

  void CheckRules() {
    for (size_t i = 0; i < p_.rules.size() && ok(); ++i) {
      const Rule& r = p_.rules[i];
      Index("rule", i, "field", r.field, p_.fields.size());
      if (!Index("rule", i, "automaton", r.automaton, p_.automata.size())) return;
      const uint64_t slots = 2 + 2 * uint64_t{r.captures.size()};
      if (slots > p_.automata[r.automaton].num_slots) {
        Fail("rule " + std::to_string(i) + " has " + std::to_string(r.captures.size()) +
             " captures but automaton " + std::to_string(r.automaton) + " has only " +
             std::to_string(p_.automata[r.automaton].num_slots) + " slots");
        return;
      }
      for (const Capture& c : r.captures) {
        Index("rule", i, "lexicon", c.lexicon, p_.lexicons.size(), /*optional=*/true);
        Index("rule", i, "item automaton", c.item_automaton, p_.automata.size(),
              /*optional=*/!c.is_list);
      }
    }
  }

  void CheckLists() {
    for (size_t i = 0; i < p_.lists.size() && ok(); ++i) {
      const List& l = p_.lists[i];
      Index("list", i, "section", l.section, p_.sections.size(), /*optional=*/true);
      if (!Index("list", i, "marker automaton", l.marker_automaton, p_.automata.size())) return;
      Index("list", i, "title-end automaton", l.title_end_automaton, p_.automata.size(),
            /*optional=*/true);
      if (ok() && l.index_capture != kNoPos &&
          2 * uint64_t{l.index_capture} + 3 >= p_.automata[l.marker_automaton].num_slots) {
        Fail("list " + std::to_string(i) + " names capture " + std::to_string(l.index_capture) +
             " of a marker automaton with " +
             std::to_string(p_.automata[l.marker_automaton].num_slots) + " slots");
      }
    }
  }

  void CheckConstraints() {
    for (size_t i = 0; i < p_.constraints.size() && ok(); ++i) {
      const Constraint& c = p_.constraints[i];
      Index("constraint", i, "section", c.section, p_.sections.size(),
            /*optional=*/c.kind != Constraint::Kind::kRequireSection);
      for (uint32_t s : c.order) Index("constraint", i, "section", s, p_.sections.size());
    }
  }

  // The normaliser keeps them as a bit set of the BMP (HantMarkers). Which characters they are
  // cannot be checked without the transliterator they save creating; a wrong set can only make
  // a document's script be judged wrongly.
  void CheckHantMarkers() {
    const std::vector<uint32_t>& m = p_.hant_markers;
    for (size_t i = 0; i < m.size() && ok(); ++i) {
      if (m[i] >= 0x10000 || (i > 0 && m[i] <= m[i - 1])) {
        Fail("Traditional marker " + std::to_string(i) + " (" + std::to_string(m[i]) +
             ") is not a BMP code point above the one before it");
      }
    }
  }

  const Program& p_;
  std::string error_;
  std::vector<uint8_t> colour_;  // CheckEpsilonLoops' state of each instruction of a block
  std::vector<Frame> path_;  // CheckEpsilonLoops' DFS path, kept across its calls
};

}  // namespace

uint64_t ImageChecksum(std::string_view payload) { return ~CrcUpdate(~uint64_t{0}, payload); }

namespace internal {

uint64_t ImageChecksumByTables(std::string_view payload) {
  return ~CrcByTables(~uint64_t{0}, payload);
}

}  // namespace internal

std::string SaveImage(const Program& program) {
  // One buffer, sized up front from the instruction count (most of an image), with the header
  // patched in at the end: a large template's image is ~10 MB, and on a VM every fresh page
  // faults, so regrowing it or copying the payload behind a header cost tens of milliseconds.
  std::string image(kImageHeaderSize, '\0');
  image.reserve(kImageHeaderSize + program.insts.size() * sizeof(Inst) + (size_t{1} << 20));
  PrefaultForWrite(image.data(), image.capacity());
  ImageWriter payload_writer(&image);
  // Serialize is non-const (one template serves reading and writing); writing only reads.
  const_cast<Program&>(program).Serialize(payload_writer);
  payload_writer.Finish();

  const std::string_view payload = std::string_view(image).substr(kImageHeaderSize);
  std::string header(kImageMagic, sizeof(kImageMagic));
  ImageWriter header_writer(&header);
  header_writer.PutFixed(uint32_t{Program::kFormatVersion});
  header_writer.PutFixed(uint64_t{payload.size()});
  header_writer.PutFixed(ImageChecksum(payload));
  header_writer.Finish();
  image.replace(0, kImageHeaderSize, header);
  return image;
}

namespace {

struct Header {
  uint64_t length;    // of the payload
  uint64_t checksum;  // ImageChecksum of the payload
};

// Checks the header of an image of `size` bytes that begin with `head` (the first
// min(size, kImageHeaderSize) of them). On failure returns nullopt and sets *error.
std::optional<Header> CheckHeader(std::string_view head, uint64_t size, std::string* error) {
  const size_t magic_bytes = std::min(head.size(), sizeof(kImageMagic));
  if (head.empty() || std::memcmp(head.data(), kImageMagic, magic_bytes) != 0) {
    *error = "not an rptc image (bad magic)";
    return std::nullopt;
  }
  if (size < kImageHeaderSize) {
    *error = "image is truncated: the header needs " + std::to_string(kImageHeaderSize) +
             " bytes, found " + std::to_string(size);
    return std::nullopt;
  }
  const uint32_t version = ReadU32(head.data() + 8);
  if (version != Program::kFormatVersion) {
    *error = "image format version " + std::to_string(version) + ", this rptc reads version " +
             std::to_string(Program::kFormatVersion);
    return std::nullopt;
  }
  const uint64_t length = ReadU64(head.data() + 12);
  const uint64_t found = size - kImageHeaderSize;
  if (found < length) {
    *error = "image is truncated: expected " + std::to_string(length) + " payload bytes, found " +
             std::to_string(found);
    return std::nullopt;
  }
  if (found > length) {
    *error = "invalid image: " + std::to_string(found - length) + " unexpected bytes after the " +
             std::to_string(length) + "-byte payload";
    return std::nullopt;
  }
  return Header{length, ReadU64(head.data() + 20)};
}

// Fills `program` from `reader`, then checks that the payload was all used and is valid.
bool ParseProgram(ImageReader& reader, Program& program, std::string* error) {
  program.Serialize(reader);
  if (!reader.ok()) {
    *error = "invalid image: " + reader.error();
    return false;
  }
  if (reader.remaining() != 0) {
    *error = "invalid image: " + std::to_string(reader.remaining()) +
             " unread bytes at the end of the payload";
    return false;
  }
  std::string why;
  if (!ValidateProgram(program, &why)) {
    *error = "invalid image: " + why;
    return false;
  }
  return true;
}

}  // namespace

std::optional<Program> LoadImage(std::string_view bytes, std::string* error) {
  std::string why;
  const std::optional<Header> header = CheckHeader(bytes.substr(0, kImageHeaderSize),
                                                   bytes.size(), &why);
  const std::string_view payload = bytes.substr(std::min(bytes.size(), kImageHeaderSize));
  if (header && ImageChecksum(payload) != header->checksum) {
    why = "image checksum mismatch: the file is corrupted";
  }
  Program program;
  if (why.empty()) {
    ImageReader reader(payload);
    if (ParseProgram(reader, program, &why)) return program;
  }
  if (error != nullptr) *error = std::move(why);
  return std::nullopt;
}

std::optional<Program> LoadImageFile(int fd, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<Program> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  struct stat st {};
  const off_t at = ::lseek(fd, 0, SEEK_CUR);
  if (::fstat(fd, &st) != 0 || at < 0) {
    return fail("cannot read the image: " + std::string(std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) return fail("cannot read the image: it is not a regular file");
  const uint64_t size = st.st_size > at ? static_cast<uint64_t>(st.st_size - at) : 0;
  char head[kImageHeaderSize];
  const ssize_t got = ReadFull(fd, head, std::min<uint64_t>(size, kImageHeaderSize));
  if (got < 0) return fail("cannot read the image: " + std::string(std::strerror(errno)));
  std::string why;
  const std::optional<Header> header =
      CheckHeader(std::string_view(head, static_cast<size_t>(got)),
                  std::max<uint64_t>(size, static_cast<uint64_t>(got)), &why);
  if (!header) return fail(std::move(why));
  // The payload is parsed as it is read, and only then is its checksum known: a corrupt payload
  // is parsed (the reader trusts nothing) but reported as corrupt, as LoadImage reports it.
  PayloadFile file(fd, header->length);
  ImageReader reader(&file);
  Program program;
  const bool parsed = ParseProgram(reader, program, &why);
  if (!file.Finish()) return fail(file.error());
  if (file.checksum() != header->checksum) {
    return fail("image checksum mismatch: the file is corrupted");
  }
  if (!parsed) return fail(std::move(why));
  return program;
}

bool ValidateProgram(const Program& program, std::string* error) {
  return Validator(program).Run(error);
}

}  // namespace rptc::rt

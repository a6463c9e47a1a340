// Tests for runtime/memory.h: prefaulting is advice and never changes bytes.
#include "runtime/memory.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

namespace rptc::rt {
namespace {

TEST_SUITE("memory") {
  TEST_CASE("PrefaultForWrite keeps the bytes of large, small and unaligned ranges") {
    std::vector<uint32_t> big(3u << 20);  // 12 MiB: whole huge pages inside
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint32_t>(i * 2654435761u);
    PrefaultForWrite(big.data(), big.size() * sizeof(uint32_t));
    PrefaultForWrite(reinterpret_cast<char*>(big.data()) + 4093, (1u << 20) + 7);
    PrefaultForWrite(big.data(), 100);  // under the threshold: nothing to do
    bool same = true;
    for (size_t i = 0; i < big.size(); ++i) same &= big[i] == static_cast<uint32_t>(i * 2654435761u);
    CHECK(same);
    PrefaultForWrite(nullptr, 0);
  }

  TEST_CASE("ReservePrefaulted reserves without changing the contents") {
    std::vector<uint8_t> v = {1, 2, 3};
    ReservePrefaulted(v, 4u << 20);
    CHECK(v.capacity() >= (4u << 20));
    CHECK(v == std::vector<uint8_t>{1, 2, 3});
    v.resize(4u << 20);  // the new elements are value-initialised as ever
    CHECK(v[3] == 0);
    CHECK(v.back() == 0);
  }
}

}  // namespace
}  // namespace rptc::rt

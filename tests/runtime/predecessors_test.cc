#include "runtime/predecessors.h"

#include <doctest/doctest.h>

#include <utility>
#include <vector>

namespace rptc::rt {
namespace {

TEST_SUITE("runtime") {

TEST_CASE("Predecessors lists each instruction's sources in the order the edges come") {
  // 0 -> 2, 1 -> 2, 3 -> 2, 2 -> 0, 2 -> 2: 2 has three sources in edge order and a loop.
  const std::vector<std::pair<uint32_t, uint32_t>> edges{{3, 2}, {0, 2}, {2, 0}, {1, 2}, {2, 2}};
  int passes = 0;
  const Predecessors preds(5, [&](auto&& visit) {
    ++passes;
    for (const auto& [from, to] : edges) visit(from, to);
  });
  CHECK(passes == 2);
  CHECK(std::vector<uint32_t>(preds.of(2).begin(), preds.of(2).end()) ==
        std::vector<uint32_t>{3, 0, 1, 2});
  CHECK(std::vector<uint32_t>(preds.of(0).begin(), preds.of(0).end()) ==
        std::vector<uint32_t>{2});
  CHECK(preds.of(1).empty());
  CHECK(preds.of(4).empty());
  const Predecessors none(0, [](auto&&) {});
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt

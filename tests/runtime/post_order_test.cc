// Tests for runtime/post_order.h: every instruction finishes after its successors, and a cycle
// is reported.
#include "runtime/post_order.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

namespace rptc::rt {
namespace {

// A graph as adjacency lists; returns the finish order, or an empty list on a cycle.
std::vector<uint32_t> Finish(const std::vector<std::vector<uint32_t>>& graph, bool* acyclic) {
  std::vector<uint32_t> order;
  *acyclic = FinishInPostOrderIfAcyclic(
      static_cast<uint32_t>(graph.size()),
      [&](uint32_t v, uint32_t* out) {
        for (size_t j = 0; j < graph[v].size(); ++j) out[j] = graph[v][j];
        return static_cast<int>(graph[v].size());
      },
      [&](uint32_t v, const uint32_t* succ, int k) {
        REQUIRE(k == static_cast<int>(graph[v].size()));
        for (int j = 0; j < k; ++j) CHECK(succ[j] == graph[v][j]);
        order.push_back(v);
      });
  return order;
}

TEST_SUITE("post_order") {
  TEST_CASE("Each instruction finishes once, after its successors, edges in both directions") {
    // 0 -> 3, 0 -> 1; 1 -> 2; 3 -> 2; 4 -> 0 (a later root reaching an earlier one); 5 alone.
    const std::vector<std::vector<uint32_t>> graph = {{3, 1}, {2}, {}, {2}, {0}, {}};
    bool acyclic = false;
    const std::vector<uint32_t> order = Finish(graph, &acyclic);
    CHECK(acyclic);
    REQUIRE(order.size() == graph.size());
    std::vector<int> at(graph.size(), -1);
    for (size_t i = 0; i < order.size(); ++i) {
      CHECK(at[order[i]] == -1);
      at[order[i]] = static_cast<int>(i);
    }
    for (uint32_t v = 0; v < graph.size(); ++v) {
      for (uint32_t w : graph[v]) CHECK(at[w] < at[v]);
    }
  }

  TEST_CASE("A cycle, a self-loop or a cycle reached late is reported") {
    bool acyclic = true;
    Finish({{1}, {2}, {0}}, &acyclic);
    CHECK(!acyclic);
    acyclic = true;
    Finish({{0}}, &acyclic);
    CHECK(!acyclic);
    acyclic = true;
    Finish({{}, {}, {3}, {4, 2}, {}}, &acyclic);  // 2 -> 3 -> 2
    CHECK(!acyclic);
    acyclic = false;
    Finish({{1, 1}, {}}, &acyclic);  // two edges to one node are no cycle
    CHECK(acyclic);
  }

  TEST_CASE("A 1,000,000-instruction chain runs without recursion") {
    const uint32_t n = 1'000'000;
    uint32_t finished = 0, last = 0;
    const bool acyclic = FinishInPostOrderIfAcyclic(
        n,
        [&](uint32_t v, uint32_t* out) {
          if (v + 1 == n) return 0;
          out[0] = v + 1;
          return 1;
        },
        [&](uint32_t v, const uint32_t*, int) {
          ++finished;
          last = v;
        });
    CHECK(acyclic);
    CHECK(finished == n);
    CHECK(last == 0);
  }
}

}  // namespace
}  // namespace rptc::rt

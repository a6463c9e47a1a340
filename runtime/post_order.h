// One pass over an acyclic instruction graph, for the analyses of a whole program (the
// assertion-reach set, runtime/assert_reach.cc).
//
// The compiler's programs have no cycle (every repeat is bounded), so a value that flows
// backwards along the edges (the highest capture slot a path saves, whether a path reaches an
// assertion) is final for an instruction once its successors have theirs: one DFS computes it
// with one byte of state per instruction, where a graph with cycles needs an SCC algorithm with
// several arrays of n words. Callers keep such an algorithm for the programs (from a file, never
// from the compiler) that have a cycle.
// Tested by tests/runtime/post_order_test.cc.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/memory.h"

namespace rptc::rt {

// Calls finish(v, succ, k) for every instruction v < n, after it was called for each of v's k
// successors succ[0..k-1], and returns true; or returns false at the first edge back to an
// instruction on the DFS path (the graph has a cycle), having finished only part of the graph.
// successors(v, out) writes v's successors, each < n, to out[0..1] and returns their count. The
// DFS is iterative (the graph may come from a file) and visits roots in index order.
template <class Successors, class Finish>
bool FinishInPostOrderIfAcyclic(uint32_t n, Successors&& successors, Finish&& finish) {
  enum : uint8_t { kNew, kOnPath, kDone };
  std::vector<uint8_t> state;
  ReservePrefaulted(state, n);
  state.assign(n, kNew);
  struct Frame {
    uint32_t v;
    uint32_t succ[2];
    int count;
    int next;
  };
  std::vector<Frame> path;
  auto enter = [&](uint32_t v) {
    state[v] = kOnPath;
    Frame& f = path.emplace_back();
    f.v = v;
    f.count = successors(v, f.succ);
    f.next = 0;
  };
  for (uint32_t root = 0; root < n; ++root) {
    if (state[root] != kNew) continue;
    enter(root);
    while (!path.empty()) {
      Frame& f = path.back();
      if (f.next < f.count) {
        const uint32_t w = f.succ[f.next++];
        if (state[w] == kOnPath) return false;
        if (state[w] == kNew) enter(w);  // may move the frames: f is not used after this
        continue;
      }
      finish(f.v, f.succ, f.count);
      state[f.v] = kDone;
      path.pop_back();
    }
  }
  return true;
}

}  // namespace rptc::rt

// The edges into each instruction of a graph, as one array (compressed sparse rows), for the
// passes that walk a program backwards: the assertion-reach set (runtime/assert_reach.cc) and the
// reversal of an automaton block (compiler/automaton/reverse.cc). A vector per instruction cost
// an allocation each, most of the time of a pass over a large template.
// Tested by tests/runtime/predecessors_test.cc.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace rptc::rt {

class Predecessors {
 public:
  // for_each_edge(visit) must call visit(from, to) for every edge, to < n, and the same edges in
  // the same order each time (it runs twice: to count, then to fill). The sources of each
  // instruction's edges keep that order.
  template <class ForEachEdge>
  Predecessors(uint32_t n, ForEachEdge&& for_each_edge) : begin_(n + 1, 0) {
    for_each_edge([&](uint32_t, uint32_t to) { ++begin_[to + 1]; });
    for (uint32_t v = 0; v < n; ++v) begin_[v + 1] += begin_[v];
    sources_.resize(begin_[n]);
    std::vector<uint32_t> fill(begin_.begin(), begin_.end() - 1);
    for_each_edge([&](uint32_t from, uint32_t to) { sources_[fill[to]++] = from; });
  }

  // The sources of the edges into v.
  std::span<const uint32_t> of(uint32_t v) const {
    return {sources_.data() + begin_[v], begin_[v + 1] - begin_[v]};
  }

 private:
  std::vector<uint32_t> begin_;    // the edges into v are sources_[begin_[v], begin_[v + 1])
  std::vector<uint32_t> sources_;
};

}  // namespace rptc::rt

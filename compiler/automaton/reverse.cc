// Reversing an automaton block; see reverse.h.
#include "compiler/automaton/reverse.h"

#include <vector>

#include "runtime/predecessors.h"

namespace rptc::automaton {
namespace {

using rt::Inst;
using rt::Op;

bool Consumes(Op op) { return op == Op::kByteRange || op == Op::kBytePair; }

}  // namespace

// Each instruction v of the block becomes a node R(v) of the result whose moves are the block's
// edges into v, turned around: an edge u -> v that reads a byte becomes R(v) reading that byte
// to R(u), an epsilon edge becomes an epsilon R(v) -> R(u), and R(start) also accepts. A node
// with several moves is a chain of kSplits; a node whose only move is an epsilon is not emitted
// at all, it is R(u) itself (the block has no epsilon loop, so these aliases end). The result
// starts at R(m) for the block's kMatch m. Only the instructions reachable from the start that
// can also reach a kMatch take part: the others lie on no path the result must read.
ReversedBlock ReverseBlock(const std::vector<Inst>& insts, uint32_t begin, uint32_t end,
                           uint32_t start, uint32_t at) {
  const uint32_t n = end - begin;
  auto local = [&](uint32_t pc) { return pc - begin; };

  // Forward reachability from the start.
  std::vector<uint8_t> reached(n, 0);
  std::vector<uint32_t> stack{local(start)};
  reached[local(start)] = 1;
  while (!stack.empty()) {
    const uint32_t v = stack.back();
    stack.pop_back();
    uint32_t succ[2];
    const int k = rt::Successors(insts[begin + v], succ);
    for (int i = 0; i < k; ++i) {
      const uint32_t w = local(succ[i]);
      if (!reached[w]) reached[w] = 1, stack.push_back(w);
    }
  }
  // The edges into each reached instruction, from reached ones, in order of their source.
  const rt::Predecessors preds(n, [&](auto&& visit) {
    for (uint32_t u = 0; u < n; ++u) {
      if (!reached[u]) continue;
      uint32_t succ[2];
      const int k = rt::Successors(insts[begin + u], succ);
      for (int i = 0; i < k; ++i) {
        if (i == 1 && succ[1] == succ[0]) continue;  // a split with equal branches is one edge
        visit(u, local(succ[i]));
      }
    }
  });
  std::vector<uint32_t> matches;
  for (uint32_t u = 0; u < n; ++u) {
    if (reached[u] && insts[begin + u].op == Op::kMatch) matches.push_back(u);
  }
  // Backward reachability from the matches: the nodes the result can visit.
  std::vector<uint8_t> kept(n, 0);
  for (const uint32_t m : matches) {
    if (!kept[m]) kept[m] = 1, stack.push_back(m);
  }
  while (!stack.empty()) {
    const uint32_t v = stack.back();
    stack.pop_back();
    for (const uint32_t u : preds.of(v)) {
      if (!kept[u]) kept[u] = 1, stack.push_back(u);
    }
  }

  // Layout: the instructions each kept node needs; an alias needs none.
  const uint32_t entry_local = local(start);
  auto moves = [&](uint32_t v) {
    return static_cast<uint32_t>(preds.of(v).size()) + (v == entry_local ? 1u : 0u);
  };
  auto is_alias = [&](uint32_t v) {
    return moves(v) == 1 && v != entry_local && !Consumes(insts[begin + preds.of(v)[0]].op);
  };
  constexpr uint32_t kUnset = 0xFFFFFFFFu;
  std::vector<uint32_t> entry(n, kUnset);
  uint32_t next = at;
  for (uint32_t v = 0; v < n; ++v) {
    if (!kept[v] || is_alias(v)) continue;
    entry[v] = next;
    const uint32_t k = moves(v);
    uint32_t bytes = 0;
    for (const uint32_t u : preds.of(v)) bytes += Consumes(insts[begin + u].op) ? 1 : 0;
    const uint32_t accept = v == entry_local ? 1 : 0;
    next += k == 0 ? 1 : (k - 1) + bytes + accept;
  }
  // An alias is its one source's node (the chains end: no epsilon loops).
  std::vector<uint32_t> chain;
  for (uint32_t v = 0; v < n; ++v) {
    if (!kept[v] || entry[v] != kUnset) continue;
    uint32_t w = v;
    while (entry[w] == kUnset) chain.push_back(w), w = preds.of(w)[0];
    for (const uint32_t c : chain) entry[c] = entry[w];
    chain.clear();
  }

  ReversedBlock out;
  out.insts.reserve(next - at + matches.size() + 1);
  auto emit = [&](Inst in) {
    out.insts.push_back(in);
    return static_cast<uint32_t>(at + out.insts.size() - 1);
  };
  const Inst kFailInst{Op::kFail, 0, 0, rt::Assertion::kLineStart, 0, 0};
  const Inst kMatchInst{Op::kMatch, 0, 0, rt::Assertion::kLineStart, 0, 0};
  std::vector<uint32_t> targets;
  for (uint32_t v = 0; v < n; ++v) {
    if (!kept[v] || is_alias(v)) continue;
    const uint32_t k = moves(v);
    if (k == 0) {
      emit(kFailInst);
      continue;
    }
    // Splits first (entry[v] is the first of them), then the byte instructions and the kMatch
    // they lead to, so the layout computed above holds.
    const uint32_t splits = k - 1;
    const uint32_t first_target = entry[v] + splits;
    uint32_t target = first_target;
    targets.clear();
    for (const uint32_t u : preds.of(v)) {
      if (Consumes(insts[begin + u].op)) {
        targets.push_back(target++);
      } else {
        targets.push_back(entry[u]);
      }
    }
    if (v == entry_local) targets.push_back(target++);
    for (uint32_t i = 0; i < splits; ++i) {
      const uint32_t rest = i + 1 < splits ? entry[v] + i + 1 : targets[k - 1];
      emit({Op::kSplit, 0, 0, rt::Assertion::kLineStart, targets[i], rest});
    }
    for (const uint32_t u : preds.of(v)) {
      const Inst& fwd = insts[begin + u];
      if (Consumes(fwd.op)) emit({fwd.op, fwd.lo, fwd.hi, rt::Assertion::kLineStart, entry[u], 0});
    }
    if (v == entry_local) emit(kMatchInst);
  }
  // The start: the node of the block's one kMatch (a split over several; a kFail for none).
  if (matches.empty()) {
    out.start = emit(kFailInst);
  } else if (matches.size() == 1) {
    out.start = entry[matches[0]];
  } else {
    const uint32_t first = at + static_cast<uint32_t>(out.insts.size());
    for (size_t i = 0; i + 1 < matches.size(); ++i) {
      const uint32_t rest = i + 2 < matches.size() ? first + static_cast<uint32_t>(i) + 1
                                                   : entry[matches.back()];
      emit({Op::kSplit, 0, 0, rt::Assertion::kLineStart, entry[matches[i]], rest});
    }
    out.start = first;
  }
  return out;
}

}  // namespace rptc::automaton

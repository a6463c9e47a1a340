// A tiny pattern builder for the engine tests and bench/engine_bench.cc. It builds Programs by
// hand while the real compiler (compiler/) is written, so the engines can be tested on their own.
//
// Patterns are small trees (Lit, Bytes, Alt, Seq, Repeat, Cap, Assert, ...). ProgramBuilder::Add
// compiles one into Thompson NFA instructions over bytes (see note [utf8 byte automata]), wraps it
// in Save 0 ... Save 1, Match as the compiler does, and computes num_slots, max_width and
// min_width. Bounded repeats are unrolled, so the instruction graph has no cycles. The
// backtracking reference (reference_matcher.h) relies on that.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/program.h"

namespace rptc::rt::testing {

struct Node;
using Pat = std::shared_ptr<const Node>;

struct Node {
  enum Kind { kBytes, kAlt, kSeq, kRepeat, kCapture, kAssert, kEmpty, kFail };
  Kind kind = kEmpty;
  std::vector<std::pair<uint8_t, uint8_t>> ranges;  // kBytes: one byte in any of these
  bool pair = false;  // kBytes: ranges are {{a, a}, {b, b}}, compiled as one kBytePair
  std::vector<Pat> kids;                            // kAlt, kSeq; kRepeat/kCapture: kids[0]
  uint32_t min = 0, max = 0;                        // kRepeat
  bool greedy = true;                               // kRepeat
  uint32_t capture = 0;                             // kCapture: slots 2k+2, 2k+3
  Assertion assertion = Assertion::kLineStart;      // kAssert
};

inline Pat Make(Node n) { return std::make_shared<const Node>(std::move(n)); }

inline Pat Bytes(std::vector<std::pair<uint8_t, uint8_t>> ranges) {
  Node n;
  n.kind = Node::kBytes;
  n.ranges = std::move(ranges);
  return Make(std::move(n));
}
inline Pat Byte(uint8_t lo, uint8_t hi) { return Bytes({{lo, hi}}); }
inline Pat Byte(uint8_t b) { return Bytes({{b, b}}); }
// One byte, a or b, as a single kBytePair instruction (how the compiler folds a letter's case).
inline Pat Pair(uint8_t a, uint8_t b) {
  Node n;
  n.kind = Node::kBytes;
  n.ranges = {{a, a}, {b, b}};
  n.pair = true;
  return Make(std::move(n));
}
inline Pat Empty() { return Make(Node{}); }
inline Pat Fail() {
  Node n;
  n.kind = Node::kFail;
  return Make(std::move(n));
}
inline Pat Seq(std::vector<Pat> kids) {
  Node n;
  n.kind = Node::kSeq;
  n.kids = std::move(kids);
  return Make(std::move(n));
}
inline Pat Alt(std::vector<Pat> kids) {
  Node n;
  n.kind = Node::kAlt;
  n.kids = std::move(kids);
  return Make(std::move(n));
}
inline Pat Repeat(Pat p, uint32_t min, uint32_t max, bool greedy = true) {
  Node n;
  n.kind = Node::kRepeat;
  n.kids = {std::move(p)};
  n.min = min;
  n.max = max;
  n.greedy = greedy;
  return Make(std::move(n));
}
inline Pat Opt(Pat p, bool greedy = true) { return Repeat(std::move(p), 0, 1, greedy); }
inline Pat Cap(uint32_t k, Pat p) {
  Node n;
  n.kind = Node::kCapture;
  n.kids = {std::move(p)};
  n.capture = k;
  return Make(std::move(n));
}
inline Pat Assert(Assertion a) {
  Node n;
  n.kind = Node::kAssert;
  n.assertion = a;
  return Make(std::move(n));
}

// Exact bytes.
inline Pat Lit(std::string_view s) {
  std::vector<Pat> kids;
  for (unsigned char c : s) kids.push_back(Byte(c));
  return Seq(std::move(kids));
}
// ASCII letters match either case, as the compiler folds Latin letters.
inline Pat LitI(std::string_view s) {
  std::vector<Pat> kids;
  for (unsigned char c : s) {
    const unsigned char lo = (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (lo >= 'a' && lo <= 'z') {
      kids.push_back(
          Bytes({{static_cast<uint8_t>(lo - 32), static_cast<uint8_t>(lo - 32)}, {lo, lo}}));
    } else {
      kids.push_back(Byte(c));
    }
  }
  return Seq(std::move(kids));
}

// ---- Unicode code point ranges as UTF-8 byte sequences (the idea of RE2's AddRuneRangeUTF8) ----

namespace internal {

inline int Utf8Encode(uint32_t cp, uint8_t* out) {
  if (cp < 0x80) {
    out[0] = static_cast<uint8_t>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<uint8_t>(0xC0 | (cp >> 6));
    out[1] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<uint8_t>(0xE0 | (cp >> 12));
    out[1] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<uint8_t>(0xF0 | (cp >> 18));
  out[1] = static_cast<uint8_t>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
  return 4;
}

// Splits [lo, hi] until each piece is a product of byte ranges, and appends those.
inline void Utf8Sequences(uint32_t lo, uint32_t hi,
                          std::vector<std::vector<std::pair<uint8_t, uint8_t>>>& out) {
  if (lo > hi) return;
  if (lo <= 0xDFFF && hi >= 0xD800) {  // surrogates are not code points of UTF-8 text
    if (lo < 0xD800) Utf8Sequences(lo, 0xD7FF, out);
    if (hi > 0xDFFF) Utf8Sequences(0xE000, hi, out);
    return;
  }
  for (uint32_t boundary : {0x7Fu, 0x7FFu, 0xFFFFu}) {
    if (lo <= boundary && hi > boundary) {
      Utf8Sequences(lo, boundary, out);
      Utf8Sequences(boundary + 1, hi, out);
      return;
    }
  }
  for (uint32_t i = 1; i < 4; ++i) {
    const uint32_t m = (1u << (6 * i)) - 1;
    if ((lo & ~m) != (hi & ~m)) {
      if ((lo & m) != 0) {
        Utf8Sequences(lo, lo | m, out);
        Utf8Sequences((lo | m) + 1, hi, out);
        return;
      }
      if ((hi & m) != m) {
        Utf8Sequences(lo, (hi & ~m) - 1, out);
        Utf8Sequences(hi & ~m, hi, out);
        return;
      }
    }
  }
  uint8_t a[4], b[4];
  const int n = Utf8Encode(lo, a);
  Utf8Encode(hi, b);
  std::vector<std::pair<uint8_t, uint8_t>> seq;
  for (int i = 0; i < n; ++i) seq.emplace_back(a[i], b[i]);
  out.push_back(std::move(seq));
}

}  // namespace internal

// One code point in any of the ranges.
inline Pat CodePoints(std::vector<std::pair<uint32_t, uint32_t>> ranges) {
  std::vector<std::vector<std::pair<uint8_t, uint8_t>>> seqs;
  for (auto [lo, hi] : ranges) internal::Utf8Sequences(lo, hi, seqs);
  std::vector<Pat> alts;
  for (const auto& seq : seqs) {
    std::vector<Pat> bytes;
    for (auto r : seq) bytes.push_back(Byte(r.first, r.second));
    alts.push_back(Seq(std::move(bytes)));
  }
  return Alt(std::move(alts));
}

// One code point not in `excluded` (a list of single code points).
inline Pat CodePointsExcept(std::vector<uint32_t> excluded) {
  std::sort(excluded.begin(), excluded.end());
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  uint32_t next = 0;
  for (uint32_t cp : excluded) {
    if (cp > next) ranges.emplace_back(next, cp - 1);
    next = cp + 1;
  }
  if (next <= 0x10FFFF) ranges.emplace_back(next, 0x10FFFF);
  return CodePoints(std::move(ranges));
}

// ---- Compiling patterns into a Program ----

class ProgramBuilder {
 public:
  struct AnchorSpec {
    std::string literal;  // lowercased by Build, as the compiler does
    uint32_t max_before = 0;
  };

  // Adds an automaton; `anchors` are literals every match contains (the caller's promise, as
  // the compiler's). With save_whole false, no Save 0 / Save 1 is emitted. Returns its index.
  uint32_t Add(const Pat& p, std::vector<AnchorSpec> anchors = {}, bool save_whole = true) {
    Automaton a;
    a.insts_begin = static_cast<uint32_t>(program_.insts.size());
    Frag body = Compile(*p);
    uint32_t max_cap = 0;
    bool any_cap = false;
    MaxCapture(*p, max_cap, any_cap);
    a.num_slots = any_cap ? 2 * max_cap + 4 : 2;
    Width w = Widths(*p);
    a.max_width = w.max;
    a.min_width = w.min;
    const uint32_t match = Emit({Op::kMatch, 0, 0, {}, 0, 0});
    if (save_whole) {
      const uint32_t save1 = Emit({Op::kSave, 0, 0, {}, match, 1});
      Patch(body, save1);
      a.start = Emit({Op::kSave, 0, 0, {}, body.start, 0});
    } else {
      Patch(body, match);
      a.start = body.start;
    }
    a.insts_end = static_cast<uint32_t>(program_.insts.size());
    const uint32_t index = static_cast<uint32_t>(program_.automata.size());
    program_.automata.push_back(a);
    for (auto& an : anchors) pending_anchors_.push_back({std::move(an), index});
    return index;
  }
  uint32_t AddUnanchored(const Pat& p, bool save_whole = true) {
    const uint32_t r = Add(p, {}, save_whole);
    program_.unanchored.push_back(r);
    return r;
  }

  // Dedups the lowercased literals and sorts the anchors by (literal, automaton).
  Program Build() {
    std::map<std::string, uint32_t> ids;
    for (auto& [spec, automaton] : pending_anchors_) {
      std::string lower = spec.literal;
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      }
      auto [it, inserted] = ids.emplace(lower, static_cast<uint32_t>(program_.literals.size()));
      if (inserted) program_.literals.push_back(lower);
      program_.anchors.push_back({it->second, automaton, spec.max_before});
    }
    std::sort(program_.anchors.begin(), program_.anchors.end(),
              [](const Anchor& x, const Anchor& y) {
                return std::tie(x.literal, x.automaton, x.max_before) <
                       std::tie(y.literal, y.automaton, y.max_before);
              });
    return program_;
  }

  static uint32_t MaxWidth(const Pat& p) { return Widths(*p).max; }
  static uint32_t MinWidth(const Pat& p) { return Widths(*p).min; }

 private:
  // A fragment: its entry and the holes (instruction, field) still to be patched to what follows.
  struct Frag {
    uint32_t start;
    std::vector<std::pair<uint32_t, int>> holes;  // field 0: out, 1: out1
  };
  struct Width {
    uint32_t min, max;
  };

  uint32_t Emit(Inst inst) {
    program_.insts.push_back(inst);
    return static_cast<uint32_t>(program_.insts.size() - 1);
  }
  void Patch(const Frag& f, uint32_t to) {
    for (auto [pc, field] : f.holes)
      (field == 0 ? program_.insts[pc].out : program_.insts[pc].out1) = to;
  }
  static void Append(Frag& f, const Frag& g) {
    f.holes.insert(f.holes.end(), g.holes.begin(), g.holes.end());
  }

  Frag Nop() {  // a split whose branches both go on: matches the empty string
    const uint32_t pc = Emit({Op::kSplit, 0, 0, {}, 0, 0});
    return {pc, {{pc, 0}, {pc, 1}}};
  }

  Frag Compile(const Node& n) {
    switch (n.kind) {
      case Node::kBytes: {
        if (n.pair) {
          const uint32_t pc =
              Emit({Op::kBytePair, n.ranges[0].first, n.ranges[1].first, {}, 0, 0});
          return {pc, {{pc, 0}}};
        }
        std::vector<Frag> alts;
        for (auto [lo, hi] : n.ranges) {
          const uint32_t pc = Emit({Op::kByteRange, lo, hi, {}, 0, 0});
          alts.push_back({pc, {{pc, 0}}});
        }
        return AltOf(std::move(alts));
      }
      case Node::kAlt: {
        std::vector<Frag> alts;
        for (const Pat& k : n.kids) alts.push_back(Compile(*k));
        return AltOf(std::move(alts));
      }
      case Node::kSeq: {
        if (n.kids.empty()) return Nop();
        Frag f = Compile(*n.kids[0]);
        for (size_t i = 1; i < n.kids.size(); ++i) {
          Frag g = Compile(*n.kids[i]);
          Patch(f, g.start);
          f.holes = std::move(g.holes);
        }
        return f;
      }
      case Node::kRepeat: {
        std::vector<Pat> seq(n.min, n.kids[0]);
        Frag f = seq.empty() ? Nop() : Compile(*Seq(seq));
        if (n.max > n.min) {
          // x{0,k} as (x(x(...)?)?)?: each level is a split into one more x or out.
          Frag rest;
          bool has_rest = false;
          std::vector<std::pair<uint32_t, int>> outs;
          for (uint32_t i = 0; i < n.max - n.min; ++i) {
            const uint32_t split = Emit({Op::kSplit, 0, 0, {}, 0, 0});
            Frag x = Compile(*n.kids[0]);
            if (n.greedy) {
              program_.insts[split].out = x.start;
              outs.push_back({split, 1});
            } else {
              program_.insts[split].out1 = x.start;
              outs.push_back({split, 0});
            }
            if (has_rest) {
              Patch(rest, split);
            } else {
              Patch(f, split);
            }
            rest = std::move(x);
            has_rest = true;
          }
          f.holes = std::move(outs);
          Append(f, rest);
        }
        return f;
      }
      case Node::kCapture: {
        const uint32_t open = Emit({Op::kSave, 0, 0, {}, 0, 2 * n.capture + 2});
        Frag body = Compile(*n.kids[0]);
        program_.insts[open].out = body.start;
        const uint32_t close = Emit({Op::kSave, 0, 0, {}, 0, 2 * n.capture + 3});
        Patch(body, close);
        return {open, {{close, 0}}};
      }
      case Node::kAssert: {
        const uint32_t pc = Emit({Op::kAssert, 0, 0, n.assertion, 0, 0});
        return {pc, {{pc, 0}}};
      }
      case Node::kEmpty:
        return Nop();
      case Node::kFail:
        return {Emit({Op::kFail, 0, 0, {}, 0, 0}), {}};
    }
    return Nop();
  }

  Frag AltOf(std::vector<Frag> alts) {
    if (alts.empty()) return {Emit({Op::kFail, 0, 0, {}, 0, 0}), {}};
    Frag f = std::move(alts.back());
    for (size_t i = alts.size() - 1; i-- > 0;) {
      const uint32_t split = Emit({Op::kSplit, 0, 0, {}, alts[i].start, f.start});
      Frag g{split, alts[i].holes};
      Append(g, f);
      f = std::move(g);
    }
    return f;
  }

  static Width Widths(const Node& n) {
    switch (n.kind) {
      case Node::kBytes:
        return n.ranges.empty() ? Width{0, 0} : Width{1, 1};
      case Node::kAlt: {
        if (n.kids.empty()) return {0, 0};
        Width w{~0u, 0};
        for (const Pat& k : n.kids) {
          const Width x = Widths(*k);
          w.min = std::min(w.min, x.min);
          w.max = std::max(w.max, x.max);
        }
        return w;
      }
      case Node::kSeq: {
        Width w{0, 0};
        for (const Pat& k : n.kids) {
          const Width x = Widths(*k);
          w.min += x.min;
          w.max += x.max;
        }
        return w;
      }
      case Node::kRepeat: {
        const Width x = Widths(*n.kids[0]);
        return {x.min * n.min, x.max * n.max};
      }
      case Node::kCapture:
        return Widths(*n.kids[0]);
      case Node::kAssert:
      case Node::kEmpty:
      case Node::kFail:
        return {0, 0};
    }
    return {0, 0};
  }

  static void MaxCapture(const Node& n, uint32_t& max_cap, bool& any) {
    if (n.kind == Node::kCapture) {
      max_cap = std::max(max_cap, n.capture);
      any = true;
    }
    for (const Pat& k : n.kids) MaxCapture(*k, max_cap, any);
  }

  Program program_;
  std::vector<std::pair<AnchorSpec, uint32_t>> pending_anchors_;
};

}  // namespace rptc::rt::testing

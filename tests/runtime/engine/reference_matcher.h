// The gold standard for the engine tests: a recursive backtracking matcher over the instructions,
// written straight from the semantics in runtime/engine/matcher.h (RE2's testing/backtrack.cc
// plays the same role). It tries kSplit's `out` before `out1` and returns the first kMatch it
// reaches, which by definition is the leftmost-first match with that path's captures. Assertions
// use the reference definitions (AssertionHoldsAt), not the context automaton.
//
// A (pc, position) pair that failed once fails again whatever the captures, so failures are
// memoised (RE2's BitState), which keeps it polynomial. The instruction graph must be acyclic
// (program_builder.h unrolls repeats), since recursion follows it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/engine/context.h"
#include "runtime/program.h"

namespace rptc::rt::testing {

struct RefMatch {
  uint32_t automaton = 0;
  uint32_t begin = 0, end = 0;
  std::vector<uint32_t> slots;  // num_slots entries; slots[0], slots[1] == begin, end
  bool operator==(const RefMatch&) const = default;
};

class ReferenceMatcher {
 public:
  explicit ReferenceMatcher(const Program& program) : p_(program) {}

  // The highest-priority match of automaton r anchored at pos, ending at or before limit.
  bool MatchAt(uint32_t r, std::string_view text, uint32_t pos, uint32_t limit, RefMatch* out) {
    const Automaton& a = p_.automata[r];
    text_ = text;
    limit_ = limit;
    num_slots_ = a.num_slots;
    slots_.assign(a.num_slots, kNoPos);
    failed_.assign(p_.insts.size() * (size_t{limit} + 1), 0);
    if (!Try(a.start, pos)) return false;
    out->automaton = r;
    out->begin = pos;
    out->end = end_;
    out->slots = slots_;
    out->slots[0] = pos;
    out->slots[1] = end_;
    return true;
  }

  // finditer over starts in [from, to], ends at or before to.
  std::vector<RefMatch> FindAll(uint32_t r, std::string_view text, uint32_t from, uint32_t to) {
    std::vector<RefMatch> out;
    uint32_t c = from;
    while (c <= to) {
      bool found = false;
      for (uint32_t q = c; q <= to && !found; ++q) {
        RefMatch m;
        if (MatchAt(r, text, q, to, &m)) {
          found = true;
          c = std::max(m.end, m.begin + 1);
          out.push_back(std::move(m));
        }
      }
      if (!found) break;
    }
    return out;
  }

  // What Matcher::Scan must report: finditer over the whole text for each anchored or
  // unanchored automaton.
  std::vector<RefMatch> Scan(std::string_view text) {
    std::vector<bool> scanned(p_.automata.size(), false);
    for (const Anchor& an : p_.anchors) scanned[an.automaton] = true;
    for (uint32_t r : p_.unanchored) scanned[r] = true;
    std::vector<RefMatch> out;
    for (uint32_t r = 0; r < p_.automata.size(); ++r) {
      if (!scanned[r]) continue;
      for (auto& m : FindAll(r, text, 0, static_cast<uint32_t>(text.size()))) {
        out.push_back(std::move(m));
      }
    }
    return out;
  }

 private:
  bool Try(uint32_t pc, uint32_t p) {
    uint8_t& failed = failed_[size_t{pc} * (limit_ + 1) + p];
    if (failed) return false;
    if (Step(pc, p)) return true;
    failed = 1;
    return false;
  }

  bool Step(uint32_t pc, uint32_t p) {
    const Inst& ip = p_.insts[pc];
    switch (ip.op) {
      case Op::kByteRange:
      case Op::kBytePair: {
        if (p >= limit_) return false;
        const auto c = static_cast<unsigned char>(text_[p]);
        return AcceptsByte(ip.op, ip.lo, ip.hi, c) && Try(ip.out, p + 1);
      }
      case Op::kSplit:
        return Try(ip.out, p) || Try(ip.out1, p);
      case Op::kSave: {
        if (ip.out1 >= num_slots_) return Try(ip.out, p);
        const uint32_t old = slots_[ip.out1];
        slots_[ip.out1] = p;
        if (Try(ip.out, p)) return true;
        slots_[ip.out1] = old;
        return false;
      }
      case Op::kAssert:
        return rt::internal::AssertionHoldsAt(text_, p, ip.assert) && Try(ip.out, p);
      case Op::kMatch:
        end_ = p;
        return true;
      case Op::kFail:
        return false;
    }
    return false;
  }

  const Program& p_;
  std::string_view text_;
  uint32_t limit_ = 0;
  uint32_t num_slots_ = 0;
  uint32_t end_ = 0;
  std::vector<uint32_t> slots_;
  std::vector<uint8_t> failed_;
};

}  // namespace rptc::rt::testing

// The backward prefix DFA; see prefix_dfa.h for the semantics, the state layout and the
// guarantees.
// Tested by tests/runtime/engine/prefix_dfa_test.cc.
#include "runtime/engine/prefix_dfa.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <span>

namespace rptc::rt::internal {

void PrefixWork::Reserve(uint32_t num_insts) {
  if (seen.capacity() < num_insts) seen.Resize(num_insts);
  // A closure pushes its seeds (at most one per instruction) and then at most two successors
  // per instruction it visits first, so push_back never reallocates inside a transition.
  stack.reserve(3 * size_t{num_insts} + 1);
  next.reserve(size_t{num_insts} + 1);
  if (consuming.size() * 64 < num_insts) consuming.resize((size_t{num_insts} + 63) / 64, 0);
}

PrefixDfa::PrefixDfa(const PreparedProgram& prog, uint32_t automaton, size_t budget_bytes)
    : a_(prog.automaton(automaton)),
      block_(prog.insts() + (a_.valid ? a_.pc_lo : 0)),
      stride_(a_.num_classes),
      budget_(budget_bytes),
      max_states_((uint32_t{1} << (31 - kInfoShift)) / stride_ - 1) {}

size_t PrefixDfa::memory_bytes() const {
  return states_.memory_bytes() + next_.size() * sizeof(int32_t);
}

size_t PrefixDfa::BytesWith(size_t content_words) const {
  return states_.BytesWith(content_words) + (next_.size() + stride_) * sizeof(int32_t);
}

int32_t PrefixDfa::Encode(uint32_t id) const {
  const std::span<const uint32_t> content = states_.content(id);
  int32_t info = 0;
  if (content[0] & kHeaderAccept) info |= kAcceptBit;
  if (content.size() == 1) info |= kDeadBit;
  return static_cast<int32_t>((id * stride_) << kInfoShift) | info;
}

// Empties the cache but keeps its capacity, so refilling it does not allocate. False if this
// call has reset too often: its states do not fit, and it should give up rather than thrash.
bool PrefixDfa::Reset() {
  ++resets_;
  ++resets_this_call_;
  states_.Clear();
  next_.clear();
  start_ = kUnknown;
  return resets_this_call_ <= kMaxResetsPerCall;
}

int32_t PrefixDfa::AddState(const std::vector<uint32_t>& content) {
  const uint32_t found = states_.Find(content);
  if (found != StateCache::kNotFound) return Encode(found);
  // A new state: its content and index entry (StateCache), and a row of transitions.
  if (BytesWith(content.size()) > budget_ || num_states() >= max_states_) {
    // An empty cache must hold at least this state; if it cannot, clearing will not help.
    if (!Reset() || BytesWith(content.size()) > budget_) return kGiveUp;
    return AddState(content);
  }
  next_.resize(next_.size() + stride_, kUnknown);
  ++states_created_;
  return Encode(states_.Add(content));
}

void PrefixDfa::Closure(PrefixWork& work) const {
  const uint32_t base = a_.pc_lo;
  work.seen.clear();
  work.next.assign(1, 0);
  uint64_t* bits = work.consuming.data();
  size_t lo_word = SIZE_MAX, hi_word = 0;
  while (!work.stack.empty()) {
    const uint32_t pc = work.stack.back();
    work.stack.pop_back();
    if (work.seen.contains(pc)) continue;  // also what ends epsilon cycles
    work.seen.InsertNew(pc);
    const Inst& ip = block_[pc];
    switch (ip.op) {
      case Op::kByteRange:
      case Op::kBytePair:
        bits[pc >> 6] |= uint64_t{1} << (pc & 63);
        lo_word = std::min<size_t>(lo_word, pc >> 6);
        hi_word = std::max<size_t>(hi_word, pc >> 6);
        break;
      case Op::kMatch:
        work.next[0] |= kHeaderAccept;
        break;
      case Op::kSplit:
        work.stack.push_back(ip.out1 - base);
        work.stack.push_back(ip.out - base);
        break;
      case Op::kSave:    // the slot does not matter to a filter
      case Op::kAssert:  // taken as true: the filter may only over-approximate
        work.stack.push_back(ip.out - base);
        break;
      case Op::kFail:
        break;
    }
  }
  // Set semantics: the order the closure found the instructions in means nothing, and sorted
  // pcs make equal sets equal states. Reading the bits out in order sorts them in time linear in
  // the span of words touched: the states of a prefix with a long gap hold hundreds of pcs, and
  // std::sort of those was a quarter of the building cost, most of a first document's walks.
  for (size_t w = lo_word; w <= hi_word && lo_word != SIZE_MAX; ++w) {
    for (uint64_t word = bits[w]; word != 0; word &= word - 1) {
      work.next.push_back(static_cast<uint32_t>(w * 64 + std::countr_zero(word)));
    }
    bits[w] = 0;
  }
}

int32_t PrefixDfa::StartState(PrefixWork& work) {
  work.stack.clear();
  work.stack.push_back(a_.start - a_.pc_lo);
  Closure(work);
  const int32_t v = AddState(work.next);
  if (v != kGiveUp) start_ = v;
  return v;
}

int32_t PrefixDfa::Transition(int32_t v, uint32_t cls, PrefixWork& work) {
  const uint32_t row = static_cast<uint32_t>(v) >> kInfoShift;
  const uint32_t id = row / stride_;
  const int byte = a_.class_byte[cls];  // the class's bytes are alike to every instruction
  work.stack.clear();
  for (uint32_t pc : states_.content(id).subspan(1)) {
    const Inst& ip = block_[pc];
    if (AcceptsByte(ip.op, ip.lo, ip.hi, byte)) work.stack.push_back(ip.out - a_.pc_lo);
  }
  Closure(work);
  // A reset while adding the target cleared the state being left, and `row` may now belong to
  // another state: then the target lives in the fresh cache and only the walk goes on from it.
  const uint64_t resets_before = resets_;
  const int32_t t = AddState(work.next);
  if (t != kGiveUp && resets_ == resets_before) next_[row + cls] = t;
  return t;
}

PrefixDfa::Result PrefixDfa::LeftmostStart(std::string_view text, uint32_t x, uint32_t lo,
                                           PrefixWork& work) {
  if (!a_.valid || x > text.size() || lo > x) return {false, kNoPos};
  work.Reserve(a_.num_reachable);
  resets_this_call_ = 0;
  int32_t v = start_ != kUnknown ? start_ : StartState(work);
  if (v == kGiveUp) return {false, kNoPos};
  uint32_t best = (v & kAcceptBit) ? x : kNoPos;
  if (v & kDeadBit) return {true, best};

  // Backwards from x: after the step over text[p - 1], p is the candidate start. The positions
  // only go down, so the last accepting p seen is the smallest.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const uint8_t* classes = a_.byte_class.data();
  const int32_t* table = next_.data();
  uint32_t p = x;
  while (p > lo) {
    const uint32_t c = classes[s[p - 1]];
    int32_t t = table[(v >> kInfoShift) + c];
    if (t < 0) {  // not computed yet: the only path that hashes or may allocate
      t = Transition(v, c, work);
      if (t == kGiveUp) return {false, kNoPos};
      table = next_.data();  // the table may have grown or been reset
    }
    v = t;
    --p;
    if (t & kInfoBits) {
      if (t & kAcceptBit) best = p;
      if (t & kDeadBit) break;
    }
  }
  return {true, best};
}

}  // namespace rptc::rt::internal

// Aho-Corasick multi-literal prefilter; see prefilter.h for the guarantees.
// Tested by tests/runtime/engine/prefilter_test.cc.
#include "runtime/engine/prefilter.h"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <span>
#include <string>
#include <type_traits>

#include "runtime/memory.h"

namespace rptc::rt::internal {
namespace {

unsigned char Lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

// Below this size one walk is as fast as two.
constexpr uint32_t kMinSplit = 4096;

// The states of the literals' trie, the root included: one per distinct prefix of a lowercased
// literal. In sorted order, each literal adds the prefixes longer than the one it shares with the
// literal before it. Counting first lets the goto table be sized once: grown a row at a time, or
// reserved for the worst case (a state per literal byte, 2.3 times too many for the GWR
// template), it cost a fresh process several milliseconds of page faults.
uint32_t CountTrieStates(std::span<const Prefilter::Literal> literals) {
  std::vector<std::string> lower;
  lower.reserve(literals.size());
  for (const Prefilter::Literal& lit : literals) {
    std::string& t = lower.emplace_back(lit.text);
    for (char& c : t) c = static_cast<char>(Lower(static_cast<unsigned char>(c)));
  }
  std::sort(lower.begin(), lower.end());
  size_t states = 1;
  for (size_t i = 0; i < lower.size(); ++i) {
    const std::string_view prev = i > 0 ? std::string_view(lower[i - 1]) : std::string_view();
    const std::string_view cur = lower[i];
    const size_t common =
        std::mismatch(prev.begin(), prev.begin() + std::min(prev.size(), cur.size()), cur.begin())
            .first -
        prev.begin();
    states += cur.size() - common;
  }
  return static_cast<uint32_t>(states);
}

// The states but the root (depth 0) in order of depth: a counting sort.
std::vector<uint32_t> StatesByDepth(const std::vector<uint32_t>& depth) {
  const uint32_t max_depth = depth.empty() ? 0 : *std::max_element(depth.begin(), depth.end());
  std::vector<uint32_t> start(max_depth + 2, 0);
  for (const uint32_t d : depth) ++start[d + 1];
  for (uint32_t d = 1; d <= max_depth + 1; ++d) start[d] += start[d - 1];
  std::vector<uint32_t> order(depth.size());
  for (uint32_t s = 0; s < depth.size(); ++s) order[start[depth[s]]++] = s;
  order.erase(order.begin());  // the root, the only state of depth 0
  return order;
}

// The literals that end at each state, in literal order, grouped by a counting sort: one array,
// where a vector per state cost thousands of allocations.
class LiteralsByEnd {
 public:
  // end[li] is the state literal li ends at, or n if it ends at none.
  LiteralsByEnd(const std::vector<uint32_t>& end, uint32_t n)
      : begin_(n + 2, 0), ids_(end.size()) {
    for (const uint32_t s : end) ++begin_[s + 1];
    for (uint32_t s = 0; s <= n; ++s) begin_[s + 1] += begin_[s];
    std::vector<uint32_t> next(begin_.begin(), begin_.end() - 1);
    for (uint32_t li = 0; li < end.size(); ++li) ids_[next[end[li]]++] = li;
  }

  std::span<const uint32_t> at(uint32_t s) const {
    return std::span<const uint32_t>(ids_).subspan(begin_[s], begin_[s + 1] - begin_[s]);
  }

 private:
  std::vector<uint32_t> begin_;  // the literals ending at s are ids_[begin_[s], begin_[s + 1])
  std::vector<uint32_t> ids_;
};

}  // namespace

void* AllocateTable(size_t bytes) {
  constexpr size_t kHugePage = size_t{2} << 20;
  const size_t room = bytes < kHugePage ? bytes : (bytes + kHugePage - 1) & ~(kHugePage - 1);
  void* table = room < kHugePage ? std::malloc(room) : std::aligned_alloc(kHugePage, room);
  if (table == nullptr) throw std::bad_alloc();
  PrefaultForWrite(table, room);
  return table;
}

void FreeTable(void* table) { std::free(table); }

Prefilter::Prefilter(std::span<const Literal> literals) {
  for (const Literal& lit : literals) {
    for (unsigned char c : lit.text) {
      c = Lower(c);
      if (byte_class_[c] == 0) byte_class_[c] = static_cast<uint8_t>(num_classes_++);
    }
  }
  for (int c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c + ('a' - 'A')];
  while ((1u << shift_) < num_classes_) ++shift_;
  const uint32_t n = CountTrieStates(literals);
  if (n <= uint32_t{1} << 16) {
    Build(literals, n, table16_);
  } else {
    Build(literals, n, table32_);
  }
}

// The trie, the failure links and the renumbering all work in `table` itself (MBs for a large
// template): a separate goto table of 32-bit entries, copied into it at the end, doubled the
// memory that a fresh process must fault in, and that cost more than the building.
template <class Entry>
void Prefilter::Build(std::span<const Literal> literals, uint32_t n, Table<Entry>& table) {
  auto row = [&](uint32_t s) { return table.data() + (size_t{s} << shift_); };
  table.assign(size_t{n} << shift_, 0);

  // The trie. The root is no state's child, so 0 marks a missing edge until the links below.
  // Each state also records the edge that made it, for the links.
  std::vector<uint32_t> parent(n, 0), depth(n, 0);
  std::vector<uint8_t> column(n, 0);
  std::vector<uint32_t> end(literals.size(), n);  // the state each literal ends at; n if empty
  uint32_t next_state = 1;
  for (uint32_t li = 0; li < literals.size(); ++li) {
    const std::string_view text = literals[li].text;
    if (text.empty()) continue;
    uint32_t s = 0;
    for (unsigned char c : text) {
      const uint8_t k = byte_class_[Lower(c)];
      Entry& edge = row(s)[k];
      if (edge == 0) {
        const uint32_t t = next_state++;
        edge = static_cast<Entry>(t);
        parent[t] = s, column[t] = k, depth[t] = depth[s] + 1;
      }
      s = edge;
    }
    end[li] = s;
    max_len_ = std::max(max_len_, static_cast<uint32_t>(text.size()));
  }
  const LiteralsByEnd own(end, n);

  // Failure links in breadth-first order turn the trie into the full DFA, in place: when state s
  // is reached, the rows of all shallower states (its parent's failure state and its own among
  // them) are complete, and its own row still holds only its trie edges. The root's missing
  // edges lead to itself (0). The order comes from the depths, not from a queue fed by scanning
  // each row for its trie edges: that scan was ~40% of the GWR template's build. A state reports
  // its own literals, then its failure state's.
  std::vector<uint32_t> fail(n, 0);
  std::vector<uint8_t> reports(n, 0);
  const size_t width = size_t{1} << shift_;
  for (const uint32_t s : StatesByDepth(depth)) {
    if (depth[s] > 1) fail[s] = row(fail[parent[s]])[column[s]];
    reports[s] = !own.at(s).empty() || reports[fail[s]];
    // The missing edges, in a loop that the compiler vectorises.
    Entry* edges = row(s);
    const Entry* via_fail = row(fail[s]);
    for (size_t k = 0; k < width; ++k) {
      const Entry edge = edges[k], other = via_fail[k];
      edges[k] = edge != 0 ? edge : other;
    }
  }

  // Renumber: states without outputs first, so "has outputs" is one compare. The root has none
  // (empty literals are skipped), so it stays 0, and so do the unused columns of each row.
  std::vector<uint32_t> renumber(n);
  uint32_t next_id = 0;
  for (uint32_t s = 0; s < n; ++s) {
    if (!reports[s]) renumber[s] = next_id++;
  }
  first_output_ = next_id;
  for (uint32_t s = 0; s < n; ++s) {
    if (!reports[s]) continue;
    renumber[s] = next_id++;
    out_begin_.push_back(static_cast<uint32_t>(out_id_.size()));
    for (uint32_t t = s; t != 0; t = fail[t]) {
      for (const uint32_t li : own.at(t)) {
        out_id_.push_back(literals[li].id);
        out_len_.push_back(static_cast<uint32_t>(literals[li].text.size()));
      }
    }
  }
  out_begin_.push_back(static_cast<uint32_t>(out_id_.size()));
  num_states_ = n;
  for (Entry& e : table) e = static_cast<Entry>(renumber[e]);
  // Row s moves to row renumber[s]: follow each cycle of the permutation with one spare row.
  std::vector<Entry> carried(width), displaced(width);
  std::vector<bool> placed(n, false);
  for (uint32_t start = 0; start < n; ++start) {
    if (placed[start] || renumber[start] == start) continue;
    std::copy_n(row(start), width, carried.data());
    uint32_t s = start;
    do {
      const uint32_t to = renumber[s];
      std::copy_n(row(to), width, displaced.data());
      std::copy_n(carried.data(), width, row(to));
      placed[s] = true;
      carried.swap(displaced);
      s = to;
    } while (s != start);
  }
}

size_t Prefilter::memory_bytes() const {
  return table16_.size() * sizeof(uint16_t) +
         (table32_.size() + out_begin_.size() + out_id_.size() + out_len_.size()) * sizeof(uint32_t) +
         sizeof(*this);
}

template <class Entry>
uint32_t Prefilter::ScanRange(const Entry* table, const unsigned char* s, uint32_t from,
                              uint32_t to, uint32_t report_after, uint32_t state,
                              std::vector<uint64_t>& hits) const {
  const uint8_t* cls = byte_class_.data();
  const uint32_t shift = shift_;
  for (uint32_t i = from; i < to; ++i) {
    state = table[(state << shift) + cls[s[i]]];
    if (state >= first_output_ && i + 1 > report_after) Report(state, i + 1, hits);
  }
  return state;
}

void Prefilter::ReportCold(uint32_t state, uint32_t end, std::vector<uint64_t>& hits) const {
  Report(state, end, hits);
}

template <class Entry, uint32_t kShift>
void Prefilter::StepWalks(const Entry* table, const unsigned char* s, const uint32_t* at,
                          uint32_t* state, uint32_t from, uint32_t to,
                          std::vector<uint64_t>& hits) const {
  const uint8_t* cls = byte_class_.data();
  const uint32_t shift = kShift == kAnyShift ? shift_ : kShift;
  // Locals the compiler can keep in registers: a member read or an array indexed by a variable
  // went back to memory around every step, since the hits vector might alias them.
  const uint32_t first_output = first_output_;
  uint32_t st[kWalks];
  for (int k = 0; k < kWalks; ++k) st[k] = state[k];
  for (uint32_t i = from; i < to; ++i) {
#pragma GCC unroll 16
    for (int k = 0; k < kWalks; ++k) {
      const uint32_t t = table[(st[k] << shift) + cls[s[at[k] + i]]];
      st[k] = t;
      if (t >= first_output) [[unlikely]] ReportCold(t, at[k] + i + 1, hits);
    }
  }
  for (int k = 0; k < kWalks; ++k) state[k] = st[k];
}

void Prefilter::Scan(std::string_view text, std::vector<uint64_t>& hits) const {
  if (empty()) return;
  if (!table16_.empty()) {
    ScanWith(table16_.data(), text, hits);
  } else {
    ScanWith(table32_.data(), text, hits);
  }
}

template <class Entry>
void Prefilter::ScanWith(const Entry* table, std::string_view text,
                         std::vector<uint64_t>& hits) const {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const uint32_t n = static_cast<uint32_t>(text.size());
  if (n < kMinSplit) {
    ScanRange(table, s, 0, n, 0, 0, hits);
    return;
  }
  // Walk k reports the ends in (bound[k], bound[k + 1]] and starts max_len_ bytes before
  // bound[k]: an Aho-Corasick state depends only on the last max_len_ bytes, so its state is exact
  // at every end it reports. The walks are independent, so one loop steps all of them and their
  // dependent table loads overlap.
  uint32_t bound[kWalks + 1], at[kWalks], state[kWalks] = {};
  for (int k = 0; k <= kWalks; ++k) bound[k] = static_cast<uint32_t>(uint64_t{n} * k / kWalks);
  uint32_t common = n;
  for (int k = 0; k < kWalks; ++k) {
    at[k] = bound[k] > max_len_ ? bound[k] - max_len_ : 0;
    common = std::min(common, bound[k + 1] - at[k]);
  }
  const uint8_t* cls = byte_class_.data();
  const uint32_t shift = shift_;
  // A walk's first max_len_ steps only build its state: the ends they reach belong to the walk
  // before (p + 1 <= bound[k] exactly while i < bound[k] - at[k] <= max_len_).
  const uint32_t warm = std::min(common, max_len_);
  for (uint32_t i = 0; i < warm; ++i) {
    for (int k = 0; k < kWalks; ++k) {
      const uint32_t p = at[k] + i;
      state[k] = table[(state[k] << shift) + cls[s[p]]];
      if (state[k] >= first_output_ && p + 1 > bound[k]) Report(state[k], p + 1, hits);
    }
  }
  switch (shift_) {
    case 6: StepWalks<Entry, 6>(table, s, at, state, warm, common, hits); break;
    case 7: StepWalks<Entry, 7>(table, s, at, state, warm, common, hits); break;
    case 8: StepWalks<Entry, 8>(table, s, at, state, warm, common, hits); break;
    default: StepWalks<Entry, kAnyShift>(table, s, at, state, warm, common, hits); break;
  }
  for (int k = 0; k < kWalks; ++k) {
    ScanRange(table, s, at[k] + common, bound[k + 1], bound[k], state[k], hits);
  }
}

}  // namespace rptc::rt::internal

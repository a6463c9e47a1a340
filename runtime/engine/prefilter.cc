// Aho-Corasick multi-literal prefilter; see prefilter.h for the guarantees.
// Tested by tests/runtime/engine/prefilter_test.cc.
#include "runtime/engine/prefilter.h"

#include <algorithm>
#include <deque>
#include <type_traits>

#include "runtime/memory.h"

namespace rptc::rt::internal {
namespace {

unsigned char Lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

// Below this size one walk is as fast as two.
constexpr uint32_t kMinSplit = 4096;

}  // namespace

Prefilter::Prefilter(std::span<const Literal> literals) {
  for (const Literal& lit : literals) {
    for (unsigned char c : lit.text) {
      c = Lower(c);
      if (byte_class_[c] == 0) byte_class_[c] = static_cast<uint8_t>(num_classes_++);
    }
  }
  for (int c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c + ('a' - 'A')];
  while ((1u << shift_) < num_classes_) ++shift_;
  const uint32_t nc = num_classes_;

  // The trie, as a dense goto table over classes (-1: no edge), with room for its largest size.
  size_t total_bytes = 0;
  for (const Literal& lit : literals) total_bytes += lit.text.size();
  std::vector<int32_t> go;
  ReservePrefaulted(go, (total_bytes + 1) * nc);  // MBs for a large template: runtime/memory.h
  go.assign(nc, -1);
  std::vector<std::vector<uint32_t>> outs(1);  // indices into `literals` that end at each state
  outs.reserve(total_bytes + 1);
  for (uint32_t li = 0; li < literals.size(); ++li) {
    const std::string_view text = literals[li].text;
    if (text.empty()) continue;
    uint32_t s = 0;
    for (unsigned char c : text) {
      const uint32_t k = byte_class_[Lower(c)];
      if (go[s * nc + k] < 0) {
        go[s * nc + k] = static_cast<int32_t>(outs.size());
        outs.emplace_back();
        go.resize(go.size() + nc, -1);
      }
      s = static_cast<uint32_t>(go[s * nc + k]);
    }
    outs[s].push_back(li);
    max_len_ = std::max(max_len_, static_cast<uint32_t>(text.size()));
  }
  const uint32_t n = static_cast<uint32_t>(outs.size());

  // Failure links in breadth-first order turn the trie into the full DFA, in place: when state s
  // is processed, the rows of all shallower states (its failure state among them) are complete.
  std::vector<uint32_t> fail(n, 0);
  std::deque<uint32_t> queue;
  for (uint32_t k = 0; k < nc; ++k) {
    if (go[k] < 0) {
      go[k] = 0;
    } else {
      queue.push_back(static_cast<uint32_t>(go[k]));
    }
  }
  while (!queue.empty()) {
    const uint32_t s = queue.front();
    queue.pop_front();
    for (uint32_t k = 0; k < nc; ++k) {
      const int32_t child = go[s * nc + k];
      const int32_t via_fail = go[fail[s] * nc + k];
      if (child < 0) {
        go[s * nc + k] = via_fail;
        continue;
      }
      const uint32_t c = static_cast<uint32_t>(child);
      fail[c] = static_cast<uint32_t>(via_fail);
      const std::vector<uint32_t>& inherited = outs[fail[c]];
      outs[c].insert(outs[c].end(), inherited.begin(), inherited.end());
      queue.push_back(c);
    }
  }

  // Renumber: states without outputs first, so "has outputs" is one compare.
  std::vector<uint32_t> renumber(n);
  uint32_t next_id = 0;
  for (uint32_t s = 0; s < n; ++s) {
    if (outs[s].empty()) renumber[s] = next_id++;
  }
  first_output_ = next_id;
  for (uint32_t s = 0; s < n; ++s) {
    if (!outs[s].empty()) {
      renumber[s] = next_id++;
      out_begin_.push_back(static_cast<uint32_t>(out_id_.size()));
      for (uint32_t li : outs[s]) {
        out_id_.push_back(literals[li].id);
        out_len_.push_back(static_cast<uint32_t>(literals[li].text.size()));
      }
    }
  }
  out_begin_.push_back(static_cast<uint32_t>(out_id_.size()));
  num_states_ = n;
  auto fill = [&](auto& table) {
    ReservePrefaulted(table, size_t{n} << shift_);
    table.assign(size_t{n} << shift_, 0);
    for (uint32_t s = 0; s < n; ++s) {
      for (uint32_t k = 0; k < nc; ++k) {
        table[(size_t{renumber[s]} << shift_) + k] =
            static_cast<std::remove_reference_t<decltype(table[0])>>(
                renumber[static_cast<uint32_t>(go[s * nc + k])]);
      }
    }
  };
  if (n <= uint32_t{1} << 16) {
    fill(table16_);
  } else {
    fill(table32_);
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
  constexpr int kWalks = 8;
  uint32_t bound[kWalks + 1], at[kWalks], state[kWalks] = {};
  for (int k = 0; k <= kWalks; ++k) bound[k] = static_cast<uint32_t>(uint64_t{n} * k / kWalks);
  uint32_t common = n;
  for (int k = 0; k < kWalks; ++k) {
    at[k] = bound[k] > max_len_ ? bound[k] - max_len_ : 0;
    common = std::min(common, bound[k + 1] - at[k]);
  }
  const uint8_t* cls = byte_class_.data();
  const uint32_t shift = shift_;
  for (uint32_t i = 0; i < common; ++i) {
    for (int k = 0; k < kWalks; ++k) {
      const uint32_t p = at[k] + i;
      state[k] = table[(state[k] << shift) + cls[s[p]]];
      if (state[k] >= first_output_ && p + 1 > bound[k]) Report(state[k], p + 1, hits);
    }
  }
  for (int k = 0; k < kWalks; ++k) {
    ScanRange(table, s, at[k] + common, bound[k + 1], bound[k], state[k], hits);
  }
}

}  // namespace rptc::rt::internal

// Tested by tests/compiler/automaton/utf8_ranges_test.cc.
#include "compiler/automaton/utf8_ranges.h"

#include <algorithm>
#include <string>

namespace rptc::automaton {

namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;

int EncodedLength(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

void Encode(char32_t c, uint8_t* out) {
  switch (EncodedLength(c)) {
    case 1: out[0] = static_cast<uint8_t>(c); break;
    case 2:
      out[0] = static_cast<uint8_t>(0xC0 | (c >> 6));
      out[1] = static_cast<uint8_t>(0x80 | (c & 0x3F));
      break;
    case 3:
      out[0] = static_cast<uint8_t>(0xE0 | (c >> 12));
      out[1] = static_cast<uint8_t>(0x80 | ((c >> 6) & 0x3F));
      out[2] = static_cast<uint8_t>(0x80 | (c & 0x3F));
      break;
    default:
      out[0] = static_cast<uint8_t>(0xF0 | (c >> 18));
      out[1] = static_cast<uint8_t>(0x80 | ((c >> 12) & 0x3F));
      out[2] = static_cast<uint8_t>(0x80 | ((c >> 6) & 0x3F));
      out[3] = static_cast<uint8_t>(0x80 | (c & 0x3F));
      break;
  }
}

// Emits byte sequences for [lo, hi], where lo and hi have the same encoded length. Splits the
// range until every byte position is an independent range (the classic recursive split: the
// range [lo, hi] is cut where the continuation bytes stop spanning their full 0x80-0xBF range).
void Split(char32_t lo, char32_t hi, std::vector<ByteSequence>& out) {
  int n = EncodedLength(lo);
  if (n != EncodedLength(hi)) {
    char32_t boundary = n == 1 ? 0x7F : n == 2 ? 0x7FF : 0xFFFF;
    Split(lo, boundary, out);
    Split(boundary + 1, hi, out);
    return;
  }
  if (n == 1) {
    out.push_back({{static_cast<uint8_t>(lo), static_cast<uint8_t>(hi)}});
    return;
  }
  // For each suffix length i (in continuation bytes), make lo/hi align to full suffix blocks.
  for (int i = 1; i < n; ++i) {
    char32_t m = (char32_t{1} << (6 * i)) - 1;  // mask of the low i continuation bytes
    if ((lo & ~m) != (hi & ~m)) {
      if ((lo & m) != 0) {
        Split(lo, lo | m, out);
        Split((lo | m) + 1, hi, out);
        return;
      }
      if ((hi & m) != m) {
        Split(lo, (hi & ~m) - 1, out);
        Split(hi & ~m, hi, out);
        return;
      }
    }
  }
  uint8_t a[4], b[4];
  Encode(lo, a);
  Encode(hi, b);
  ByteSequence seq;
  for (int i = 0; i < n; ++i) seq.push_back({a[i], b[i]});
  out.push_back(std::move(seq));
}

}  // namespace

CodePointRanges Canonicalize(CodePointRanges ranges) {
  CodePointRanges cut;
  for (auto [lo, hi] : ranges) {
    if (lo > hi) std::swap(lo, hi);
    hi = std::min(hi, kMaxCodePoint);
    if (lo > kMaxCodePoint) continue;
    // Remove the surrogate block.
    if (lo < 0xD800 && hi >= 0xD800) {
      cut.push_back({lo, 0xD7FF});
      if (hi > 0xDFFF) cut.push_back({0xE000, hi});
    } else if (lo >= 0xD800 && lo <= 0xDFFF) {
      if (hi > 0xDFFF) cut.push_back({0xE000, hi});
    } else {
      cut.push_back({lo, hi});
    }
  }
  std::sort(cut.begin(), cut.end());
  CodePointRanges merged;
  for (auto r : cut) {
    if (!merged.empty() && r.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

CodePointRanges Complement(const CodePointRanges& ranges) {
  CodePointRanges in = Canonicalize(ranges);
  CodePointRanges out;
  char32_t next = 0;
  for (auto [lo, hi] : in) {
    if (lo > next) out.push_back({next, lo - 1});
    next = hi + 1;
  }
  if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
  return Canonicalize(out);
}

std::vector<ByteSequence> Utf8Sequences(const CodePointRanges& ranges) {
  std::vector<ByteSequence> out;
  for (auto [lo, hi] : Canonicalize(ranges)) Split(lo, hi, out);
  return out;
}

std::string EncodeUtf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

std::vector<ByteSequence> LooseComplementSequences(const CodePointRanges& excluded) {
  std::vector<std::string> encoded;  // the excluded code points, UTF-8
  for (const auto& [lo, hi] : excluded) {
    for (char32_t c = lo; c <= hi && encoded.size() < 4096; ++c) {
      encoded.push_back(EncodeUtf8(c));
    }
  }
  // Is some excluded encoding of `length` bytes prefixed by `prefix`?
  auto dirty = [&](const std::string& prefix, size_t length) {
    for (const std::string& e : encoded) {
      if (e.size() == length && e.compare(0, prefix.size(), prefix) == 0) return true;
    }
    return false;
  };
  std::vector<ByteSequence> out;
  // Bytes lo..hi at position prefix.size() of a `length`-byte encoding: runs of clean bytes
  // become one range followed by whole continuation ranges; dirty bytes are split further.
  auto expand = [&](auto&& self, const std::string& prefix, ByteSequence seq, uint8_t lo,
                    uint8_t hi, size_t length) -> void {
    const bool last = prefix.size() + 1 == length;
    int run = -1;
    auto flush = [&](int end) {
      if (run < 0) return;
      ByteSequence s = seq;
      s.push_back({static_cast<uint8_t>(run), static_cast<uint8_t>(end)});
      for (size_t k = prefix.size() + 1; k < length; ++k) s.push_back({0x80, 0xBF});
      out.push_back(std::move(s));
      run = -1;
    };
    for (int b = lo; b <= hi; ++b) {
      const std::string next = prefix + static_cast<char>(b);
      if (!dirty(next, length)) {
        if (run < 0) run = b;
        continue;
      }
      flush(b - 1);
      if (last) continue;  // this exact code point is excluded
      ByteSequence s = seq;
      s.push_back({static_cast<uint8_t>(b), static_cast<uint8_t>(b)});
      self(self, next, std::move(s), 0x80, 0xBF, length);
    }
    flush(hi);
  };
  expand(expand, "", {}, 0x00, 0x7F, 1);
  expand(expand, "", {}, 0xC2, 0xDF, 2);
  expand(expand, "", {}, 0xE0, 0xEF, 3);
  expand(expand, "", {}, 0xF0, 0xF4, 4);
  return out;
}

}  // namespace rptc::automaton

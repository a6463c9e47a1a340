// The fast paths of the text layer against their definitions, over random and adversarial
// bytes: ValidUtf8Prefix against DecodeUtf8, LooksBinary against decoding every character,
// NormalizeInto (reused result, text left in place when nothing changes) against Normalize,
// the line index's break search against a byte-by-byte one, and ReadFileInto reusing one buffer.
// The word- and sixteen-byte steps of the fast paths make lengths around multiples of 8 and 16,
// and characters cut at step ends, the interesting cases, so the generators build those.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "runtime/text.h"

namespace rptc::rt {
namespace {

// Text in the mixes the fast paths meet: long runs of Chinese (three-byte characters across
// step ends), ASCII, line breaks, and every kind of ill-formed or unusual sequence.
std::string RandomText(std::mt19937& rng, size_t max_pieces) {
  static const std::vector<std::string> kPieces = {
      "增长", "经济", "生产总值", "。", "，", "a", "2021", " ", "\n", "\r\n", "\r", "\t",
      "\x01", "\x1B", "\x7F", std::string("\0", 1), "é", "\U0001F600", "\u3000", "\u2014",
      "（", "１", "經濟", "顯著", "\uF9B5", "\uFB01", "\xED\x9F\xBF", "\xEE\x80\x80",
      "\xE0\xA0\x80",
      // ill-formed: stray continuation, truncated, overlong, surrogate, past U+10FFFF, bad lead
      "\x80", "\xBF", "\xE4\xB8", "\xE4", "\xF0\x9F\x98", "\xC0\xAF", "\xE0\x80\x80",
      "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xC2"};
  std::string s;
  const size_t n = rng() % (max_pieces + 1);
  for (size_t i = 0; i < n; ++i) {
    // Mostly Chinese, so that whole sixteen-byte blocks occur; the rest uniformly.
    if (rng() % 3 != 0) {
      s += kPieces[rng() % 4];
    } else {
      s += kPieces[rng() % kPieces.size()];
    }
  }
  return s;
}

// The definition: decode character by character.
size_t ValidPrefixByDecoding(std::string_view s) {
  for (size_t p = 0; p < s.size();) {
    const Utf8Char ch = DecodeUtf8(s, p);
    if (!ch.valid) return p;
    p += ch.length;
  }
  return s.size();
}

// LooksBinary as it was first written: decode every character of the 8 KiB window.
bool LooksBinaryByDecoding(std::string_view data) {
  const size_t end = std::min<size_t>(data.size(), 8192);
  if (data.substr(0, end).find('\0') != std::string_view::npos) return true;
  size_t chars = 0, bad = 0;
  for (size_t p = 0; p < end;) {
    const Utf8Char ch = DecodeUtf8(data, p);
    ++chars;
    if (!ch.valid) {
      ++bad;
    } else if (ch.code_point < 0x20 || ch.code_point == 0x7F) {
      const char32_t c = ch.code_point;
      if (!(c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1B)) ++bad;
    }
    p += ch.length;
  }
  return bad * 10 > chars;
}

void CheckSameNormalization(const NormalizedText& reused, const NormalizedText& fresh,
                            std::string_view original) {
  CHECK(reused.View(original) == fresh.text);
  CHECK(reused.size() == fresh.text.size());
  CHECK(reused.text_is_original == fresh.changes.empty());  // nothing changed: nothing copied
  REQUIRE(reused.changes.size() == fresh.changes.size());
  for (size_t i = 0; i < fresh.changes.size(); ++i) {
    CHECK(reused.changes[i].norm_begin == fresh.changes[i].norm_begin);
    CHECK(reused.changes[i].norm_end == fresh.changes[i].norm_end);
    CHECK(reused.changes[i].orig_begin == fresh.changes[i].orig_begin);
    CHECK(reused.changes[i].orig_end == fresh.changes[i].orig_end);
  }
  CHECK(reused.original_size == fresh.original_size);
  CHECK(reused.invalid_sequences == fresh.invalid_sequences);
  CHECK(reused.nul_bytes == fresh.nul_bytes);
  REQUIRE(reused.warnings.size() == fresh.warnings.size());
  for (size_t i = 0; i < fresh.warnings.size(); ++i) {
    CHECK(reused.warnings[i].offset == fresh.warnings[i].offset);
    CHECK(reused.warnings[i].message == fresh.warnings[i].message);
  }
  for (uint32_t k = 0; k <= fresh.text.size() + 1; ++k) {
    CHECK(reused.ToOriginal(k) == fresh.ToOriginal(k));
    CHECK(reused.ToOriginalEnd(k) == fresh.ToOriginalEnd(k));
  }
}

}  // namespace

TEST_SUITE("text") {
  TEST_CASE("ValidUtf8Prefix agrees with decoding on random and adversarial bytes") {
    std::mt19937 rng(2026);
    for (int round = 0; round < 20000; ++round) {
      std::string s = RandomText(rng, 40);
      // Now and then a random byte anywhere, to break a block in its middle.
      if (!s.empty() && rng() % 4 == 0) s[rng() % s.size()] = static_cast<char>(rng() % 256);
      CAPTURE(s);
      CHECK(ValidUtf8Prefix(s) == ValidPrefixByDecoding(s));
    }
    // Every single byte and every lead byte with every second byte, at every block offset.
    for (size_t offset = 0; offset < 18; ++offset) {
      for (int b0 = 0x80; b0 < 0x100; ++b0) {
        for (int b1 = 0; b1 < 0x100; b1 += 3) {
          std::string s(offset, 'a');
          s += "增增增增增";
          s += static_cast<char>(b0);
          s += static_cast<char>(b1);
          s += "\xB8\xAD增增增增增";
          CHECK(ValidUtf8Prefix(s) == ValidPrefixByDecoding(s));
        }
      }
    }
  }

  TEST_CASE("LooksBinary's counting agrees with decoding every character") {
    std::mt19937 rng(7);
    for (int round = 0; round < 3000; ++round) {
      std::string s;
      // Long enough to cross the 8 KiB window now and then, with controls dense enough to matter.
      const int parts = 1 + static_cast<int>(rng() % 8);
      for (int i = 0; i < parts; ++i) s += RandomText(rng, rng() % 2 == 0 ? 30 : 1500);
      if (rng() % 3 == 0) {
        for (int k = 0; k < 40 && !s.empty(); ++k) {
          s[rng() % s.size()] = static_cast<char>(1 + rng() % 0x20);  // controls, never NUL
        }
      }
      CAPTURE(s.size());
      CHECK(LooksBinary(s) == LooksBinaryByDecoding(s));
    }
    // A character cut by the window edge, and stray continuation bytes right after it.
    for (size_t pad = 8180; pad < 8200; ++pad) {
      for (const char* tail : {"增", "\xE4\xB8", "增\x80", "\x80\x80\x80\x80", "\U0001F600"}) {
        std::string s(pad, 'a');
        s += tail;
        s += "abc";
        CHECK(LooksBinary(s) == LooksBinaryByDecoding(s));
        std::string dense(pad, '\x01');
        dense += tail;
        CHECK(LooksBinary(dense) == LooksBinaryByDecoding(dense));
      }
    }
  }

  TEST_CASE("LooksBinary agrees with decoding on ASCII windows near the 10% threshold") {
    // All-ASCII windows skip the UTF-8 check: every byte value below 0x80 is counted in the
    // sixteen-byte steps and in the tail, at densities on both sides of the threshold.
    std::mt19937 rng(11);
    for (int round = 0; round < 2000; ++round) {
      const size_t size = rng() % 3 == 0 ? 8150 + rng() % 100 : rng() % 300;
      std::string s(size, 'x');
      const size_t controls = size / 10 + rng() % 3;  // about 10%: on both sides of it
      for (size_t k = 0; k < controls && size > 0; ++k) {
        s[rng() % size] = static_cast<char>(1 + rng() % 0x7F);  // 0x01..0x7F: never NUL
      }
      CAPTURE(size);
      CHECK(LooksBinary(s) == LooksBinaryByDecoding(s));
    }
    // A NUL at every offset around the sixteen-byte steps and the window's end.
    for (size_t at : {0u, 7u, 15u, 16u, 17u, 8175u, 8176u, 8190u, 8191u, 8192u, 8193u}) {
      std::string s(8300, 'a');
      s[at] = '\0';
      CAPTURE(at);
      CHECK(LooksBinary(s) == (at < 8192));
      CHECK(LooksBinary(s) == LooksBinaryByDecoding(s));
    }
  }

  TEST_CASE("NormalizeInto with one reused result gives what Normalize gives") {
    std::mt19937 rng(99);
    NormalizedText reused;
    for (int round = 0; round < 1500; ++round) {
      const std::string original = RandomText(rng, rng() % 5 == 0 ? 400 : 30);
      for (bool nfkc : {true, false}) {
        for (bool hant : {false, true}) {
          NormalizeOptions options;
          options.nfkc = nfkc;
          options.hant_to_hans = hant;
          NormalizeInto(original, options, &reused);
          CAPTURE(original);
          CheckSameNormalization(reused, Normalize(original, options), original);
        }
      }
    }
  }

  TEST_CASE("NormalizeInto leaves clean text in place and copies text with a change") {
    NormalizedText n;
    const std::string clean = "各位代表:现在,我代表镇人民政府向大会报告工作。\n2021年GDP增长6.5%。\n";
    NormalizeInto(clean, {}, &n);
    CHECK(n.text_is_original);
    CHECK(n.text.empty());
    CHECK(n.View(clean) == clean);
    CHECK(n.View(clean).data() == clean.data());
    CHECK(n.ToOriginal(static_cast<uint32_t>(clean.size()) + 1) == clean.size());
    // The same result, reused for text with a change late in it, then for clean text again.
    const std::string late = clean + clean + "增长１０％";
    NormalizeInto(late, {}, &n);
    CHECK_FALSE(n.text_is_original);
    CHECK(n.text == clean + clean + "增长10%");
    CHECK(n.ToOriginal(static_cast<uint32_t>(2 * clean.size() + 6)) == 2 * clean.size() + 6);
    NormalizeInto(clean, {}, &n);
    CHECK(n.text_is_original);
    CHECK(n.changes.empty());
    CHECK(n.warnings.empty());
    // A byte order mark is a change at offset 0; empty input is its own original.
    NormalizeInto("\xEF\xBB\xBF" + clean, {}, &n);
    CHECK(n.text == clean);
    NormalizeInto("", {}, &n);
    CHECK(n.View("") == "");
    CHECK(n.size() == 0);
  }

  TEST_CASE("The line index finds LF, CR LF and CR at every block offset") {
    std::mt19937 rng(5);
    for (int round = 0; round < 2000; ++round) {
      const std::string text = RandomText(rng, 60);
      const LineIndex lines(text);
      // The definition: a line starts after LF, after CR not followed by LF, and after CR LF.
      std::vector<uint32_t> starts = {0};
      for (size_t p = 0; p < text.size(); ++p) {
        if (text[p] == '\n' || (text[p] == '\r' && (p + 1 == text.size() || text[p + 1] != '\n'))) {
          starts.push_back(static_cast<uint32_t>(p + 1));
        }
      }
      CAPTURE(text);
      REQUIRE(lines.line_count() == starts.size());
      for (uint32_t l = 0; l < starts.size(); ++l) CHECK(lines.LineStart(l + 1) == starts[l]);
    }
  }

  TEST_CASE("ReadFileInto reuses one buffer across files of every size") {
    const std::string path = "/tmp/rptc_fast_path_test_" + std::to_string(::getpid());
    FileBuffer buffer;
    std::string error;
    std::mt19937 rng(11);
    for (size_t size : {size_t{100000}, size_t{0}, size_t{5}, size_t{70000}, size_t{300000},
                        size_t{1}}) {
      std::string content(size, '\0');
      for (char& c : content) c = static_cast<char>(rng() % 256);
      std::FILE* f = std::fopen(path.c_str(), "wb");
      REQUIRE(f != nullptr);
      std::fwrite(content.data(), 1, content.size(), f);
      std::fclose(f);
      REQUIRE(ReadFileInto(path, &buffer, &error));
      CHECK(buffer.view() == content);
      CHECK(buffer.capacity() >= size);
    }
    const size_t grown = buffer.capacity();
    buffer.ShrinkTo(grown);  // within the limit: kept
    CHECK(buffer.capacity() == grown);
    buffer.ShrinkTo(1000);
    CHECK(buffer.capacity() == 0);
    CHECK(buffer.view().empty());
    // A failed read leaves the buffer empty, with the same messages as ReadFile.
    CHECK_FALSE(ReadFileInto("/nonexistent/rptc/file.txt", &buffer, &error));
    CHECK(error == "cannot open '/nonexistent/rptc/file.txt': No such file or directory");
    CHECK(buffer.view().empty());
    CHECK_FALSE(ReadFileInto(path, &buffer, &error, 0));
    CHECK(error == "cannot read '" + path + "': the file has 1 bytes, more than the limit of 0");
    // A pipe-like file without a size: procfs, read in growing steps.
    REQUIRE(ReadFileInto("/proc/self/status", &buffer, &error));
    CHECK(buffer.view().find("Name:") == 0);
    std::remove(path.c_str());
  }
}

}  // namespace rptc::rt

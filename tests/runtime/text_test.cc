// Tests for runtime/text.h: normalisation, offset mapping, line index, file reading.
#include "runtime/text.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace rptc::rt {
namespace {

std::string Original(std::string_view original, NormalizedText::Span span) {
  return std::string(original.substr(span.begin, span.end - span.begin));
}

// The original bytes behind normalised [begin, end).
std::string Back(const NormalizedText& n, std::string_view original, size_t begin, size_t end) {
  return Original(original,
                  n.ToOriginalSpan(static_cast<uint32_t>(begin), static_cast<uint32_t>(end)));
}

// Position of `needle` in the normalised text (must be there).
size_t Find(const NormalizedText& n, std::string_view needle) {
  const size_t at = n.text.find(needle);
  REQUIRE(at != std::string::npos);
  return at;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t p = 0; p < s.size();) {
    const Utf8Char ch = DecodeUtf8(s, p);
    if (!ch.valid) return false;
    p += ch.length;
  }
  return true;
}

// Checks the structural promises of note [normalised text]: the changes tile both texts, every
// byte outside them is copied exactly, and both maps are monotonic.
void CheckMap(const NormalizedText& n, std::string_view original) {
  CHECK(IsValidUtf8(n.text));
  uint32_t norm = 0, orig = 0;
  auto check_copy = [&](uint32_t norm_end, uint32_t orig_end) {
    REQUIRE(norm_end - norm == orig_end - orig);
    CHECK(n.text.compare(norm, norm_end - norm, original.substr(orig, orig_end - orig)) == 0);
    for (uint32_t k = 0; k <= norm_end - norm; ++k) {
      CHECK(n.ToOriginal(norm + k) >= orig);
      if (k > 0 && k < norm_end - norm) {
        CHECK(n.ToOriginal(norm + k) == orig + k);
        CHECK(n.ToOriginalEnd(norm + k) == orig + k);
      }
    }
  };
  for (const NormalizedText::Change& c : n.changes) {
    REQUIRE(c.norm_begin >= norm);
    REQUIRE(c.orig_begin >= orig);
    check_copy(c.norm_begin, c.orig_begin);
    REQUIRE(c.norm_end >= c.norm_begin);
    REQUIRE(c.orig_end >= c.orig_begin);
    norm = c.norm_end;
    orig = c.orig_end;
  }
  check_copy(static_cast<uint32_t>(n.text.size()), n.original_size);
  uint32_t last_begin = 0, last_end = 0;
  for (uint32_t k = 0; k <= n.text.size(); ++k) {
    const uint32_t b = n.ToOriginal(k), e = n.ToOriginalEnd(k);
    CHECK(b >= last_begin);
    CHECK(e >= last_end);
    const bool at_deletion =
        std::any_of(n.changes.begin(), n.changes.end(), [&](const NormalizedText::Change& c) {
          return c.norm_begin == k && c.norm_end == k;
        });
    CHECK((b <= e || at_deletion));
    CHECK(e <= n.original_size);
    last_begin = b, last_end = e;
  }
}

std::string IcuNfkc(std::string_view s) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(ec);
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  nfkc->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink,
                      nullptr, ec);
  REQUIRE(U_SUCCESS(ec));
  return out;
}

NormalizedText HantToHans(std::string_view original) {
  NormalizeOptions options;
  options.hant_to_hans = true;
  return Normalize(original, options);
}

std::string TempPath(const char* name) {
  return "/tmp/rptc_text_test_" + std::to_string(::getpid()) + "_" + name;
}

}  // namespace

TEST_SUITE("text") {
  TEST_CASE("Full-width digits and punctuation become ASCII and map back exactly") {
    const std::string original = "增长（１２３．５％），达到５０亿元：好";
    const NormalizedText n = Normalize(original);
    CHECK(n.text == "增长(123.5%),达到50亿元:好");
    CheckMap(n, original);
    const size_t at = Find(n, "123.5");
    CHECK(Back(n, original, at, at + 5) == "１２３．５");
    CHECK(Back(n, original, at + 1, at + 2) == "２");
    CHECK(Back(n, original, 0, 6) == "增长");  // unchanged text maps to identical bytes
    const size_t yi = Find(n, "亿元");
    CHECK(Back(n, original, yi, yi + 6) == "亿元");
    CHECK(n.warnings.empty());
  }

  TEST_CASE("Already normal text is copied unchanged with an identity map") {
    for (const char* text : {"plain ASCII text, with 3.5% growth.\n",
                             "各位代表:现在,我代表镇人民政府向大会报告工作。\n",
                             "café naïve 二○二一年 二〇二一年 “引号” 、。", ""}) {
      const std::string original = text;
      const NormalizedText n = Normalize(original);
      CHECK(n.text == original);
      CHECK(n.identity());
      CHECK(n.warnings.empty());
      for (uint32_t k = 0; k <= original.size(); ++k) CHECK(n.ToOriginal(k) == k);
    }
  }

  TEST_CASE("A corpus report that is already normal comes back byte for byte") {
    // A real scraped report, bundled with the example (a copy of shared/corpus's).
    std::ifstream in(std::string(RPTC_SOURCE_DIR) + "/examples/gwr/reports/zh-jiangtun-2020.txt",
                     std::ios::binary);
    REQUIRE(in);
    const std::string original((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    const NormalizedText n = Normalize(original);
    CheckMap(n, original);
    CHECK(n.text == IcuNfkc(original));  // what ICU would give for the whole text at once
  }

  TEST_CASE("Ideographic circle and white circle used as zero are kept") {
    const std::string original = "二○二一年和二〇二〇年,零";
    const NormalizedText n = Normalize(original);
    CHECK(n.text == original);
    CHECK(n.identity());
  }

  TEST_CASE("The fold table turns dashes, wave dashes, the ratio sign and ideographic space "
            "into ASCII") {
    const std::string original =
        "\u3000\u3000增长6%\u20147%,6%\u20137%,1\u22122,5\u301C8,5\uFF5E8,5\u20538,"
        "5.3\u223640.2\u223654.5,\uFE58,\uFE31";
    const NormalizedText n = Normalize(original);
    CHECK(n.text == "  增长6%-7%,6%-7%,1-2,5~8,5~8,5~8,5.3:40.2:54.5,-,-");
    CheckMap(n, original);
    const size_t at = Find(n, "6%-7%");
    CHECK(Back(n, original, at, at + 5) == "6%\u20147%");
    CHECK(Back(n, original, at + 2, at + 3) == "\u2014");
  }

  TEST_CASE("Folding is switched off with NFKC") {
    const std::string original = "（１）6%\u20147%\u3000";
    NormalizeOptions options;
    options.nfkc = false;
    const NormalizedText n = Normalize(original, options);
    CHECK(n.text == original);
    CHECK(n.identity());
  }

  TEST_CASE("A combining accent after an ASCII letter composes and maps back to both") {
    const std::string original = "cafe\u0301 and ⑴ item, ㎡";
    const NormalizedText n = Normalize(original);
    CHECK(n.text == "caf\u00e9 and (1) item, m2");
    CheckMap(n, original);
    const size_t e = Find(n, "\u00e9");
    CHECK(Back(n, original, e, e + 2) == "e\u0301");
    CHECK(Back(n, original, 0, 3) == "caf");
    // The "1" inside "(1)" has no original of its own: the span widens to the whole ⑴.
    const size_t one = Find(n, "(1)") + 1;
    CHECK(Back(n, original, one, one + 1) == "⑴");
    CHECK(n.ToOriginal(static_cast<uint32_t>(one)) < n.ToOriginalEnd(static_cast<uint32_t>(one)));
  }

  TEST_CASE("Invalid UTF-8 is replaced with U+FFFD and warned about at the original offset") {
    const std::string original = "a\xFF" "b\xE4\xB8" "c\xC0\xAF" "d\xED\xA0\x80" "e";
    const NormalizedText n = Normalize(original);
    // 0xFF: one byte; E4 B8: a truncated sequence (one U+FFFD); C0 AF: two bytes, each invalid;
    // ED A0 80 (a surrogate): three invalid bytes.
    CHECK(n.text == "a\uFFFDb\uFFFDc\uFFFD\uFFFDd\uFFFD\uFFFD\uFFFDe");
    CHECK(n.invalid_sequences == 7);
    REQUIRE(n.warnings.size() == 7);
    CHECK(n.warnings[0].offset == 1);
    CHECK(n.warnings[0].message == "invalid UTF-8 byte 0xFF replaced with U+FFFD");
    CHECK(n.warnings[1].offset == 3);
    CHECK(n.warnings[1].message == "incomplete UTF-8 sequence 0xE4 0xB8 replaced with U+FFFD");
    CHECK(n.warnings[2].offset == 6);
    CHECK(n.warnings[3].offset == 7);
    CHECK(n.warnings[4].offset == 9);
    CheckMap(n, original);
    const size_t c = Find(n, "c");
    CHECK(Back(n, original, c - 3, c) == "\xE4\xB8");
    CHECK(Back(n, original, c, c + 1) == "c");
  }

  TEST_CASE("Invalid UTF-8 warnings are capped but every sequence is counted") {
    std::string original;
    for (int i = 0; i < 250; ++i) original += "x\xFE";
    const NormalizedText n = Normalize(original);
    CHECK(n.invalid_sequences == 250);
    REQUIRE(n.warnings.size() == kMaxInvalidUtf8Warnings + 1);
    CHECK(n.warnings.back().offset == 2 * kMaxInvalidUtf8Warnings + 1);
    CHECK(n.warnings.back().message.find("150 more invalid UTF-8 sequences") == 0);
    CheckMap(n, original);
  }

  TEST_CASE("A leading byte order mark is removed and offsets skip it") {
    const std::string original = "\xEF\xBB\xBF" "abc" "\xEF\xBB\xBF";
    const NormalizedText n = Normalize(original);
    CHECK(n.text == "abc\xEF\xBB\xBF");  // only the leading one is a BOM
    CheckMap(n, original);
    CHECK(n.ToOriginal(0) == 3);
    CHECK(Back(n, original, 0, 3) == "abc");
    CHECK(n.ToOriginalSpan(0, 0).begin == 3);
    CHECK(n.ToOriginalSpan(0, 0).end == 3);
    const NormalizedText only = Normalize("\xEF\xBB\xBF");
    CHECK(only.text.empty());
    CHECK(only.ToOriginal(0) == 3);
  }

  TEST_CASE("NUL bytes become spaces with one summary warning") {
    const std::string original = std::string("a\0b\0\0c", 6);
    const NormalizedText n = Normalize(original);
    CHECK(n.text == "a b  c");
    CHECK(n.nul_bytes == 3);
    REQUIRE(n.warnings.size() == 1);
    CHECK(n.warnings[0].offset == 1);
    CHECK(n.warnings[0].message == "3 NUL bytes replaced with spaces");
    CheckMap(n, original);
  }

  TEST_CASE("CR LF and lone CR become LF with exact offsets") {
    const std::string original = "line one\r\nline two\rline three\n";
    const NormalizedText n = Normalize(original);
    CHECK(n.text == "line one\nline two\nline three\n");
    CheckMap(n, original);
    const size_t three = Find(n, "three");
    CHECK(Back(n, original, three, three + 5) == "three");
    CHECK(Back(n, original, 8, 9) == "\r\n");
  }

  TEST_CASE("Empty input gives empty output and maps offset zero to zero") {
    const NormalizedText n = Normalize("");
    CHECK(n.text.empty());
    CHECK(n.warnings.empty());
    CHECK(n.ToOriginal(0) == 0);
    CHECK(n.ToOriginalEnd(0) == 0);
    CHECK(n.ToOriginal(5) == 0);
  }

  TEST_CASE("A one-megabyte line with a full-width figure at its end maps back exactly") {
    std::string original;
    while (original.size() < (1u << 20)) original += "经济运行稳中有进,GDP增长6.5%;";
    original += "（２０２１）";
    const NormalizedText n = Normalize(original);
    CHECK(n.text.size() == original.size() - 6 * 3 + 6);
    CHECK(n.changes.size() == 6);
    const size_t at = n.text.size() - 6;
    CHECK(Back(n, original, at, at + 6) == "（２０２１）");
    CHECK(Back(n, original, 0, at) == original.substr(0, at));
    const LineIndex lines(original);
    CHECK(lines.line_count() == 1);
    const size_t fw = original.size() - 18;
    const LineIndex::LineColumn lc = lines.Locate(static_cast<uint32_t>(fw));
    CHECK(lc.line == 1);
    size_t chars = 0;
    for (size_t p = 0; p < fw; p += DecodeUtf8(original, p).length) ++chars;
    CHECK(lc.column == static_cast<int>(chars) + 1);
  }

  TEST_CASE("Traditional Chinese becomes Simplified with offsets that map back") {
    const std::string original = "經濟增長6%,顯著提升";
    NormalizeOptions options;
    options.hant_to_hans = true;
    const NormalizedText n = Normalize(original, options);
    CHECK(n.text == "经济增长6%,显著提升");
    CheckMap(n, original);
    CHECK(Back(n, original, 0, 12) == "經濟增長");
    CHECK(Back(n, original, 3, 6) == "濟");
    const size_t six = Find(n, "6%");
    CHECK(Back(n, original, six, six + 2) == "6%");
    // Off by default.
    CHECK(Normalize(original).text == original);
  }

  TEST_CASE("Traditional to Simplified also applies to NFKC output and full-width text") {
    const std::string original = "經濟（２０２１）長";
    NormalizeOptions options;
    options.hant_to_hans = true;
    const NormalizedText n = Normalize(original, options);
    CHECK(n.text == "经济(2021)长");
    CheckMap(n, original);
  }

  // note [script of a segment] in runtime/text.cc: only sentences in Traditional script are
  // transliterated.
  TEST_CASE("Simplified text with 著, 乾 and 後 is left unchanged by hant_to_hans") {
    // Each of these alone would become 显着, 干隆, 后 in ICU's Hant-Hans.
    const std::string original =
        "乾隆年间著名的园林,之後显著扩建。\n"
        "经济社会发展取得显著成效,城市品质显著提升。\n"
        "成效显著。\n"
        "Growth was significant.\n";
    const NormalizedText n = HantToHans(original);
    CHECK(n.text == original);
    CHECK(n.identity());
  }

  TEST_CASE("The Simplified and English corpus reports are left unchanged by hant_to_hans") {
    // The real reports bundled with the example (copies of shared/corpus's).
    for (const char* name : {"zh-jiangtun-2020.txt", "zh-weishi-2021.txt", "en-shizhong-2021.txt"}) {
      CAPTURE(name);
      std::ifstream in(std::string(RPTC_SOURCE_DIR) + "/examples/gwr/reports/" + name,
                       std::ios::binary);
      REQUIRE(in);
      const std::string original((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
      CHECK(HantToHans(original).text == Normalize(original).text);
    }
  }

  TEST_CASE("A Traditional paragraph becomes Simplified and its spans map back") {
    const std::string original =
        "今年經濟社會發展的主要預期目標是：地區生產總值增長6%左右，城鎮調查失業率控制在5.5%以內";
    const NormalizedText n = HantToHans(original);
    CHECK(n.text ==
          "今年经济社会发展的主要预期目标是:地区生产总值增长6%左右,城镇调查失业率控制在5.5%以内");
    CheckMap(n, original);
    CHECK(Back(n, original, 0, 6) == "今年");
    const size_t economy = Find(n, "经济社会");
    CHECK(Back(n, original, economy, economy + 12) == "經濟社會");
    const size_t gdp = Find(n, "地区生产总值");
    CHECK(Back(n, original, gdp, gdp + 18) == "地區生產總值");
    const size_t rate = Find(n, "5.5%以内");
    CHECK(Back(n, original, rate, rate + 10) == "5.5%以內");
    CHECK(Back(n, original, rate + 4, rate + 10) == "以內");
  }

  TEST_CASE("A mixed document transliterates only its Traditional sentences") {
    const std::string simplified_line = "经济社会发展取得显著成效。\n";
    const std::string quoted_line = "台湾媒体写道:「今年經濟社會發展的主要預期目標已經實現。」\n";
    const std::string same_line =
        "城市品质显著提升,人民生活显著改善。我們的經濟發展很好。乾隆年间的园林显著扩建了。\n";
    const std::string original = simplified_line + quoted_line + same_line;
    const NormalizedText n = HantToHans(original);
    CHECK(n.text == simplified_line + "台湾媒体写道:“今年经济社会发展的主要预期目标已经实现。”\n" +
                        "城市品质显著提升,人民生活显著改善。我们的经济发展很好。"
                        "乾隆年间的园林显著扩建了。\n");
    CheckMap(n, original);
    const size_t quote = n.text.find("经济社会", Find(n, "写道"));
    REQUIRE(quote != std::string::npos);
    CHECK(Back(n, original, quote, quote + 12) == "經濟社會");
    CHECK(Back(n, original, 0, simplified_line.size()) == simplified_line);
  }

  // HantMarkers in runtime/text.h: a caller (an Extractor whose image carries them) may hand
  // the normaliser the markers; the transliterator then waits for a document holding one.
  TEST_CASE("Markers given by the caller give what computed markers give, document after document") {
    const std::optional<std::vector<uint32_t>> markers = ComputeHantMarkers();
    REQUIRE(markers);
    const HantMarkers given(*markers);
    const std::vector<std::string> documents = {
        "经济社会发展取得显著成效,之後乾隆年间的园林显著扩建。\n",
        "今年經濟社會發展的主要預期目標是：地區生產總值增長6%左右。\n",
        "（２０２１）年「經濟」發展。",
        "Growth was significant.\n",
        "城市品质显著提升。我們的經濟發展很好。\n",
        "加大資金投入。全年實現地區生產總值增長。",
        "",
    };
    for (const bool nfkc : {true, false}) {
      NormalizeOptions computed;
      computed.nfkc = nfkc;
      computed.hant_to_hans = true;
      NormalizeOptions stored = computed;
      stored.hant_markers = &given;
      NormalizedText reused;
      for (const std::string& doc : documents) {
        CAPTURE(nfkc);
        CAPTURE(doc);
        const NormalizedText a = Normalize(doc, computed), b = Normalize(doc, stored);
        CHECK(b.text == a.text);
        CHECK(b.warnings.size() == a.warnings.size());
        REQUIRE(b.changes.size() == a.changes.size());
        for (size_t i = 0; i < a.changes.size(); ++i) {
          CHECK(b.changes[i].norm_begin == a.changes[i].norm_begin);
          CHECK(b.changes[i].norm_end == a.changes[i].norm_end);
          CHECK(b.changes[i].orig_begin == a.changes[i].orig_begin);
          CHECK(b.changes[i].orig_end == a.changes[i].orig_end);
        }
        NormalizeInto(doc, stored, &reused);
        CHECK(reused.View(doc) == a.text);
        CHECK(reused.changes.size() == a.changes.size());
      }
    }
    CHECK(HantIcuVersion() == HantIcuVersion());
    CHECK(HantIcuVersion().find('/') != std::string::npos);
  }

  TEST_CASE("A short Traditional sentence still becomes Simplified") {
    CHECK(HantToHans("今年經濟社會發展的主要預期目標。").text == "今年经济社会发展的主要预期目标。");
    CHECK(HantToHans("我們堅持發展").text == "我们坚持发展");
    // Its short sentences take the verdict of their line: 加大資金投入 has a single marker.
    CHECK(HantToHans("加大資金投入。全年實現地區生產總值增長。").text ==
          "加大资金投入。全年实现地区生产总值增长。");
    // A single Traditional-only character is no evidence of Traditional script.
    CHECK(HantToHans("他姓劉").text == "他姓劉");
  }

  TEST_CASE("Traditional text is found after NFKC changes and with NFKC off") {
    // The first pass meets the first marker (經) only after it has replaced the full-width
    // digits; Normalize starts again and transliterates the whole sentence.
    const std::string original = "（２０２１）年「經濟」發展。";
    const NormalizedText n = HantToHans(original);
    CHECK(n.text == "(2021)年“经济”发展。");
    CheckMap(n, original);
    NormalizeOptions raw;
    raw.nfkc = false;
    raw.hant_to_hans = true;
    const NormalizedText r = Normalize(original, raw);
    CHECK(r.text == "（２０２１）年“经济”发展。");
    CheckMap(r, original);
  }

  TEST_CASE("Random mixed input keeps every promise of the offset map") {
    const std::vector<std::string> pieces = {
        "a", "Z", " ", "\n", "\r\n", "\r", "9", ",", "增", "长", "。", "（", "）", "１", "％",
        "\u3000", "\u2014", "\u2236", "e\u0301", "\u0301", "\u00e9", "⑴", "㎡", "\uFB01",
        "\xFF", "\xE4\xB8", "\xF0\x9F", std::string("\0", 1), "\U0001F600", "\uFE31", "經",
        "\u1100\u1161\u11A8", "\uAC00\u11A8", "\U0002F800", "們", "顯著", "「", "」", "！", "\uF9B5"};
    std::mt19937 rng(12345);
    for (int round = 0; round < 300; ++round) {
      std::string original;
      const int len = static_cast<int>(rng() % 40);
      for (int i = 0; i < len; ++i) original += pieces[rng() % pieces.size()];
      for (bool nfkc : {true, false}) {
        for (bool hant : {false, true}) {
          NormalizeOptions options;
          options.nfkc = nfkc;
          options.hant_to_hans = hant;
          const NormalizedText n = Normalize(original, options);
          CAPTURE(original);
          CheckMap(n, original);
          CHECK(n.original_size == original.size());
        }
      }
    }
  }

  TEST_CASE("Segment-wise NFKC agrees with ICU on the whole text for valid input") {
    const std::vector<std::string> pieces = {
        "a", "e", " ", "增", "（", "１", "\u0301", "\u0323", "\u00e9", "⑴", "㎡", "\uFB01",
        "\u1100", "\u1161", "\u11A8", "\uAC00", "\U0002F800", "\u00BD", "Å", "\u212B", "ｶ",
        "\uFF9E", "x"};
    std::mt19937 rng(777);
    for (int round = 0; round < 500; ++round) {
      std::string original;
      const int len = static_cast<int>(rng() % 30);
      for (int i = 0; i < len; ++i) original += pieces[rng() % pieces.size()];
      CAPTURE(original);
      CHECK(Normalize(original).text == IcuNfkc(original));
    }
  }

  TEST_CASE("Megabyte runs of characters that NFKC changes are normalised in bounded pieces") {
    std::string original;
    for (int i = 0; i < 400000; ++i) original += (i % 7 == 0) ? "\uAC00" : "１";
    original += "\uAC00\u11A8 end";
    const NormalizedText n = Normalize(original);
    CHECK(n.text == IcuNfkc(original));
    CHECK(n.original_size == original.size());
    const size_t end = Find(n, " end");
    CHECK(Back(n, original, end, end + 4) == " end");
    CHECK(Back(n, original, end - 3, end) == "\uAC00\u11A8");  // composed into one syllable
    CHECK(Back(n, original, 0, 3) == "\uAC00");
    CHECK(Back(n, original, 3, 4) == "１");
  }

  TEST_CASE("The line index counts lines at LF, CR LF and CR and columns in code points") {
    const std::string text = "ab\n中文x\r\ny\rz";
    const LineIndex lines(text);
    CHECK(lines.line_count() == 4);
    CHECK(lines.Locate(0).line == 1);
    CHECK(lines.Locate(0).column == 1);
    CHECK(lines.Locate(2).column == 3);  // the LF itself
    const LineIndex::LineColumn x = lines.Locate(9);
    CHECK(x.line == 2);
    CHECK(x.column == 3);
    CHECK(lines.Locate(4).column == 1);  // inside 中: its own column
    CHECK(lines.Locate(12).line == 3);
    CHECK(lines.Locate(14).line == 4);
    CHECK(lines.Locate(14).column == 1);
    CHECK(lines.Locate(1000).line == 4);  // clamped
    CHECK(lines.Locate(1000).column == 2);
    CHECK(lines.LineStart(2) == 3);
    CHECK(LineIndex("").Locate(0).line == 1);
  }

  TEST_CASE("On well-formed UTF-8 the lead-byte count gives the decoder's lines and columns") {
    std::string text;
    std::mt19937 rng(11);
    const char* pieces[] = {"a", "增", "é", "\U0001F600", "\n", "\r\n", " "};
    while (text.size() < 20000) text += pieces[rng() % 7];
    for (int i = 0; i < 9000; ++i) text += "长";  // one line past several checkpoints
    text += "\nend";
    const LineIndex slow(text), fast(text, /*valid_utf8=*/true);
    CHECK(fast.line_count() == slow.line_count());
    for (uint32_t off = 0; off <= text.size() + 2; ++off) {  // offsets inside characters too
      CAPTURE(off);
      const LineIndex::LineColumn a = slow.Locate(off), b = fast.Locate(off);
      REQUIRE(a.line == b.line);
      REQUIRE(a.column == b.column);
    }
  }

  TEST_CASE("Line index checkpoints give the same columns as counting from the line start") {
    std::string text = "first\n";
    std::mt19937 rng(5);
    const char* pieces[] = {"a", "增", "\xFF", "\U0001F600", "\xE4\xB8"};
    while (text.size() < 50000) text += pieces[rng() % 5];
    text += "\nlast";
    const LineIndex lines(text);
    for (uint32_t off = 6; off < text.size(); off += 997) {
      size_t chars = 0, p = 6;
      while (p < off) {
        const Utf8Char ch = DecodeUtf8(text, p);
        if (p + ch.length > off) break;
        p += ch.length;
        ++chars;
      }
      CAPTURE(off);
      if (off < text.size() - 5) {
        CHECK(lines.Locate(off).line == 2);
        CHECK(lines.Locate(off).column == static_cast<int>(chars) + 1);
      }
    }
  }

  TEST_CASE("Reading a missing file or a directory fails with a clear message") {
    std::string error;
    CHECK_FALSE(ReadFile("/nonexistent/rptc/file.txt", &error));
    CHECK(error == "cannot open '/nonexistent/rptc/file.txt': No such file or directory");
    CHECK_FALSE(ReadFile("/tmp", &error));
    CHECK(error == "cannot read '/tmp': it is a directory");
  }

  TEST_CASE("Reading files: small, empty, procfs, over the cap, and a 100 MB single line") {
    const std::string path = TempPath("read");
    {
      std::ofstream out(path, std::ios::binary);
      out << "hello\n";
    }
    std::string error;
    auto data = ReadFile(path, &error);
    REQUIRE(data);
    CHECK(*data == "hello\n");
    CHECK_FALSE(ReadFile(path, &error, 3));
    CHECK(error == "cannot read '" + path + "': the file has 6 bytes, more than the limit of 3");
    { std::ofstream out(path, std::ios::binary | std::ios::trunc); }
    data = ReadFile(path, &error);
    REQUIRE(data);
    CHECK(data->empty());
    // procfs reports size 0 but has content: the read loop must not trust st_size.
    data = ReadFile("/proc/self/status", &error);
    REQUIRE(data);
    CHECK(data->find("Name:") != std::string::npos);
    CHECK_FALSE(ReadFile("/proc/self/status", &error, 10));
    CHECK(error == "cannot read '/proc/self/status': it is larger than the limit of 10 bytes");
    {
      // A sparse 100 MB file: one line ("x", zeros, "\n") without writing 100 MB to disk.
      const size_t size = (100u << 20) + 1;
      std::ofstream(path, std::ios::binary | std::ios::trunc) << "x";
      REQUIRE(::truncate(path.c_str(), static_cast<off_t>(size - 1)) == 0);
      std::ofstream(path, std::ios::binary | std::ios::app) << "\n";
      data = ReadFile(path, &error);
      REQUIRE(data);
      CHECK(data->size() == size);
      CHECK(data->front() == 'x');
      CHECK(data->back() == '\n');
      CHECK_FALSE(ReadFile(path, &error, 1u << 20));
      CHECK(error == "cannot read '" + path + "': the file has " + std::to_string(size) +
                         " bytes, more than the limit of 1048576");
    }
    std::remove(path.c_str());
  }

  TEST_CASE("Binary data is told apart from text") {
    CHECK_FALSE(LooksBinary(""));
    CHECK_FALSE(LooksBinary("plain text\r\n\twith tabs\f"));
    CHECK_FALSE(LooksBinary("各位代表:现在,我代表镇人民政府向大会报告工作。"));
    CHECK(LooksBinary(std::string("PK\x03\x04\0\0", 6)));
    std::string noise;
    std::mt19937 rng(1);
    for (int i = 0; i < 4096; ++i) noise += static_cast<char>(0x80 + rng() % 0x7F);
    CHECK(LooksBinary(noise));
    // A character cut by the 8 KiB window is not evidence of binary data.
    std::string cut(8191, 'a');
    cut += "增";
    CHECK_FALSE(LooksBinary(cut));
    // One stray invalid byte in text is not enough.
    CHECK_FALSE(LooksBinary("some text with one bad byte \xFF in the middle of it"));
  }

  TEST_CASE("The UTF-8 decoder consumes maximal subparts of ill-formed sequences") {
    CHECK(DecodeUtf8("\xE4\xB8\xAD", 0).code_point == U'中');
    CHECK(DecodeUtf8("\xE4\xB8\xAD", 0).length == 3);
    CHECK(DecodeUtf8("\xE4\xB8x", 0).length == 2);
    CHECK_FALSE(DecodeUtf8("\xE4\xB8x", 0).valid);
    CHECK(DecodeUtf8("\xE0\x80\x80", 0).length == 1);  // overlong
    CHECK(DecodeUtf8("\xF4\x90\x80\x80", 0).length == 1);  // past U+10FFFF
    CHECK(DecodeUtf8("\xF0\x9F\x98\x80", 0).code_point == 0x1F600);
    CHECK(DecodeUtf8("\xF0\x9F\x98", 0).length == 3);
    CHECK(DecodeUtf8("\x80", 0).length == 1);
  }
}

}  // namespace rptc::rt

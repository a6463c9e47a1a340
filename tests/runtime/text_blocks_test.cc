// The normaliser's sixteen-byte steps (runtime/text_blocks.h) at their edges. A character the
// steps must not copy (a full-width digit, a compatibility ideograph, invalid UTF-8, CR, NUL, a
// fold-table character, a Traditional-only marker) is put at every offset of a block, after
// copied text of ASCII and Chinese mixed every way, and before runs that cut blocks at every
// point. Text that short never reaches the steps, so the expectation is exact: the copied text
// around it is copied, and the character becomes what Normalize makes of it alone, with its
// changes, warnings and offset map shifted by the prefix.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/text.h"

namespace rptc::rt {
namespace {

// Text the normaliser copies whole: ASCII other than NUL and CR, and NFKC-inert Chinese.
std::string CopiedText(std::mt19937& rng, size_t bytes) {
  static const std::vector<std::string> kPieces = {"增", "长", "经济", "报告", "a", "2021", ",",
                                                    "%", " ", "。", "、", "的"};
  std::string s;
  while (s.size() < bytes) s += kPieces[rng() % kPieces.size()];
  return s;
}

// `piece` at `prefix.size()` inside prefix + piece + suffix (both copied text) normalises as it
// does alone.
void CheckInside(const std::string& prefix, const std::string& piece, const std::string& suffix,
                 const NormalizeOptions& options) {
  const NormalizedText alone = Normalize(piece, options);
  const std::string whole = prefix + piece + suffix;
  const auto shift = static_cast<uint32_t>(prefix.size());
  NormalizedText reused;
  NormalizeInto(whole, options, &reused);
  CAPTURE(whole);
  CHECK(reused.View(whole) == prefix + alone.text + suffix);
  REQUIRE(reused.changes.size() == alone.changes.size());
  for (size_t i = 0; i < alone.changes.size(); ++i) {
    CHECK(reused.changes[i].norm_begin == alone.changes[i].norm_begin + shift);
    CHECK(reused.changes[i].norm_end == alone.changes[i].norm_end + shift);
    CHECK(reused.changes[i].orig_begin == alone.changes[i].orig_begin + shift);
    CHECK(reused.changes[i].orig_end == alone.changes[i].orig_end + shift);
  }
  REQUIRE(reused.warnings.size() == alone.warnings.size());
  for (size_t i = 0; i < alone.warnings.size(); ++i) {
    CHECK(reused.warnings[i].offset == alone.warnings[i].offset + shift);
    CHECK(reused.warnings[i].message == alone.warnings[i].message);
  }
  CHECK(reused.invalid_sequences == alone.invalid_sequences);
  for (uint32_t k = 0; k <= alone.text.size(); ++k) {
    CHECK(reused.ToOriginal(k + shift) == alone.ToOriginal(k) + shift);
    CHECK(reused.ToOriginalEnd(k + shift) == alone.ToOriginalEnd(k) + shift);
  }
}

}  // namespace

TEST_SUITE("text") {
  TEST_CASE("The normaliser's block steps stop exactly at every character they must not copy") {
    const std::vector<std::string> pieces = {
        "１",             // full-width digit: NFKC makes it "1"
        "２０２１年",     // a run of them, then an inert ideograph
        "\uF900",         // compatibility ideograph: NFKC maps it to U+8C48
        "\uFA0E",         // in the compatibility block but a unified ideograph: inert
        "\uFAFF",         // unassigned: inert
        "\u2460",         // circled one
        "\u3000",         // ideographic space: the fold table
        "\u2014\u2014",   // dashes: the fold table
        "\xFF",           // invalid byte
        "\xE4\xB8",       // a three-byte character cut short by the next one
        "\xED\xA0\x80",   // a surrogate
        "\xE0\xA0\x80",   // U+0800, an E0 lead
        "\r\n",           // line breaks become LF
        std::string("\0", 1),
        "\xC2\xA0",       // no-break space: a two-byte character NFKC changes
    };
    std::mt19937 rng(31);
    for (const std::string& piece : pieces) {
      for (size_t prefix_bytes = 0; prefix_bytes < 40; ++prefix_bytes) {
        const std::string prefix = CopiedText(rng, prefix_bytes);
        // A suffix long enough for blocks after the piece, in Chinese that ends at every cut.
        const std::string suffix = CopiedText(rng, 16 + rng() % 32);
        CAPTURE(prefix.size());
        CheckInside(prefix, piece, suffix, NormalizeOptions{});
      }
    }
  }

  TEST_CASE("The block steps do not copy a Traditional-only character while probing") {
    // A Simplified line, then a Traditional sentence at every block offset: the probe must see
    // the markers (經 濟 發 顯), or the sentence would stay Traditional.
    NormalizeOptions options;
    options.hant_to_hans = true;
    std::mt19937 rng(47);
    const std::string traditional = "經濟發展顯著。";
    for (size_t prefix_bytes = 0; prefix_bytes < 40; ++prefix_bytes) {
      const std::string prefix = CopiedText(rng, prefix_bytes) + "\n";
      const std::string suffix = "\n" + CopiedText(rng, 16 + rng() % 32);
      CAPTURE(prefix.size());
      CheckInside(prefix, traditional, suffix, options);
      CHECK(Normalize(prefix + traditional + suffix, options).text ==
            prefix + "经济发展显著。" + suffix);
    }
    // NFKC off: only the markers stop the steps.
    options.nfkc = false;
    CheckInside(CopiedText(rng, 33) + "\n", traditional, "\n" + CopiedText(rng, 40), options);
  }
}

}  // namespace rptc::rt

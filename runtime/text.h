// Document text preparation: reading files, UTF-8 repair, NFKC (+ a small fold table),
// optional Traditional -> Simplified Chinese, and the map from normalised offsets back to the
// original bytes. Runs once per document, before matching (runtime/engine/ never decodes).
//
// note [normalised text]: Normalize() rewrites the document in one left-to-right pass. Each step
// replaces a small piece of the original (one character, one invalid sequence, one short NFKC
// segment, one Han run) with new bytes and records the replacement as a Change; all other bytes
// are copied. So the normalised text is the original with a sorted list of non-overlapping
// replacements, and an offset in an unchanged stretch maps back exactly:
//   orig = change.orig_end + (norm - change.norm_end)  for the last change before `norm`.
// An offset strictly inside the output of a change (say the "1" in "(1)" that NFKC made from
// U+2474 ⑴) has no exact original: ToOriginal() maps it to the start of the replaced original
// bytes, ToOriginalEnd() to their end, so a span always widens to whole original characters.
// What is replaced, in this order of precedence:
//   - a UTF-8 byte order mark at offset 0 is deleted;
//   - each ill-formed UTF-8 sequence (its maximal subpart, as ICU and WHATWG count them) becomes
//     U+FFFD with a warning at its original offset;
//   - NUL becomes a space (one summary warning), CR LF and a lone CR become LF;
//   - with `nfkc`, runs of characters that NFKC may change become their NFKC form (ICU
//     Normalizer2 + Edits, so a full-width "１２３" maps back character by character), and the
//     fold table below is applied to the result;
//   - with `hant_to_hans`, runs of Han characters in sentences written in Traditional script
//     become Simplified (ICU "Hant-Hans"; it also turns the corner quotes 「」 into “”). The
//     script is judged per sentence from characters only Traditional text uses, with the line
//     and the document deciding for sentences too short to tell (note [script of a segment] in
//     text.cc); Simplified sentences are left alone (显著 stays, ICU alone would give 显着).
//     Whole runs are converted because the rules have multi-character contexts; when a run
//     keeps its length in characters, changed characters map back one to one, otherwise the run
//     maps back as one piece.
//
// Fold table (applied after NFKC when `nfkc` is on; every entry is NFKC-stable or NFKC maps it
// to another entry or to the same target, and all have normalisation boundaries on both sides):
//   U+3000 ideographic space                                   -> ' '  (NFKC agrees)
//   U+2010 U+2011 U+2012 U+2013 U+2014 U+2015 U+2212 U+2E3A U+2E3B
//   U+FE58 U+FE63 U+FF0D  (hyphens, dashes, minus sign)        -> '-'
//   U+FF5E U+301C U+2053  (full-width tilde, wave dash, swung)  -> '~'
//   U+2236 ratio sign, as in "5.3∶40.2∶54.5"                   -> ':'
// Kept on purpose: U+3007 〇 and U+25CB ○ (zero in years such as 二○二一; the value parser reads
// them), 零, the ideographic comma and full stop 、。, and Chinese quotes.
// Tested by tests/runtime/text_test.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rptc::rt {

// The Traditional-only marker characters that hant_to_hans looks for before it converts anything
// (note [script of a segment] in text.cc): a document without one is left as it is. They are
// derived from ICU's Hant-Hans transliterator, and creating that (~15 ms of parsing its rules)
// was most of what a short extract run cost though few documents are Traditional. So
// `rptc compile` computes them (ComputeHantMarkers) and the image keeps them
// (Program::hant_markers); a process given them creates the transliterator only when a document
// holds a marker. They are used only under the ICU that computed them (HantIcuVersion), so the
// result is exactly what computing them in the process would give.
class HantMarkers {
 public:
  // `markers`: sorted BMP code points, as ComputeHantMarkers returns them.
  explicit HantMarkers(const std::vector<uint32_t>& markers);
  bool IsMarker(char32_t c) const {
    return c < 0x10000 && ((marker_bits_[c >> 6] >> (c & 63)) & 1) != 0;
  }
  // What the normaliser's fast loop copies while it looks for a first marker: every character
  // but the markers (without NFKC), or the NFKC-inert ones but the markers (with NFKC).
  const uint64_t* no_marker_bits() const { return no_marker_bits_; }
  const uint64_t* inert_no_marker_bits() const { return inert_no_marker_bits_; }

 private:
  uint64_t marker_bits_[0x10000 / 64] = {};
  uint64_t no_marker_bits_[0x10000 / 64] = {};
  uint64_t inert_no_marker_bits_[0x10000 / 64] = {};
};

// The markers under this process's ICU, sorted; nullopt when they cannot be computed (no
// Hant-Hans transliterator in the ICU data). Creates the transliterator: costs ~15 ms once.
std::optional<std::vector<uint32_t>> ComputeHantMarkers();
// The ICU library and data version the markers depend on, e.g. "72.1/72.1".
std::string HantIcuVersion();

struct NormalizeOptions {
  bool nfkc = true;           // NFKC plus the fold table (see note [normalised text])
  bool hant_to_hans = false;  // Traditional -> Simplified Chinese
  // With hant_to_hans: the markers as ComputeHantMarkers gives them under this ICU (the caller
  // checks HantIcuVersion), or null to compute them on first use.
  const HantMarkers* hant_markers = nullptr;
};

// A problem with the input, at a byte offset of the original document. The caller adds
// line:column (LineIndex) when it turns these into report warnings.
struct TextWarning {
  uint32_t offset = 0;
  std::string message;  // "invalid UTF-8 byte 0xFF replaced with U+FFFD"
};

struct NormalizedText {
  // One replacement: original bytes [orig_begin, orig_end) became text[norm_begin, norm_end).
  // Either side may be empty (a deleted BOM has an empty normalised side).
  struct Change {
    uint32_t norm_begin, norm_end;
    uint32_t orig_begin, orig_end;
  };

  std::string text;              // the normalised UTF-8 (always well-formed); see below
  std::vector<Change> changes;   // sorted, non-overlapping, in both coordinates
  // Only NormalizeInto sets this: nothing changed, so `text` was left empty and the normalised
  // text is the first `original_size` bytes of the original. View() covers both cases.
  bool text_is_original = false;
  uint32_t original_size = 0;    // bytes of the original that were processed
  std::vector<TextWarning> warnings;
  uint32_t invalid_sequences = 0;  // all of them, also those past the warning cap
  uint32_t nul_bytes = 0;

  // Maps a normalised offset to an original one for the *start* of a span: exact at every
  // boundary of unchanged text; inside a change, the start of its original bytes; past a
  // deletion at the same offset (a BOM), the byte after it. Monotonic. Offsets past the end of
  // `text` map to `original_size`.
  uint32_t ToOriginal(uint32_t normalized_offset) const;
  // The same for the *end* of a span: inside a change, the end of its original bytes; before a
  // deletion at the same offset. Monotonic, and ToOriginal(n) <= ToOriginalEnd(n) except at a
  // deletion (there the start lies after the deleted bytes and the end before them).
  uint32_t ToOriginalEnd(uint32_t normalized_offset) const;
  // Both ends of a span [begin, end) at once; the result is never inverted (an empty span at a
  // deletion stays empty).
  struct Span {
    uint32_t begin, end;
  };
  Span ToOriginalSpan(uint32_t begin, uint32_t end) const;
  // True when the text is byte-identical to the original (the common case for clean input).
  bool identity() const { return changes.empty(); }
  // The normalised text; `original` is the document that was normalised.
  std::string_view View(std::string_view original) const {
    return text_is_original ? original.substr(0, original_size) : std::string_view(text);
  }
  // Its length in bytes.
  size_t size() const { return text_is_original ? original_size : text.size(); }
};

// Warnings kept for invalid UTF-8; the rest are counted and summarised in one more warning.
inline constexpr size_t kMaxInvalidUtf8Warnings = 100;
// Offsets are uint32_t: bytes of the original past this are dropped with a warning, and so is
// input whose normalised form would grow past it.
inline constexpr uint64_t kMaxDocumentBytes = 0xFFFFFFFEu;

// Never fails and never throws on content. If ICU data is missing, the step is skipped with a
// warning. Thread-safe (shared ICU objects are created once; the transliterator is cloned).
NormalizedText Normalize(std::string_view original, const NormalizeOptions& options = {});
// The same pass for a batch: *result is overwritten but keeps its buffers' capacity, and text
// that needs no change (the common case) is not copied at all (text_is_original; read the text
// with result->View(original)). No allocation per document once the buffers are warm.
void NormalizeInto(std::string_view original, const NormalizeOptions& options,
                   NormalizedText* result);

// ---- UTF-8 -----------------------------------------------------------------------------------

struct Utf8Char {
  char32_t code_point;  // U+FFFD when !valid
  uint8_t length;       // bytes consumed: the character, or the maximal ill-formed subpart
  bool valid;
};

// Decodes the character at `pos` (< s.size()) by Unicode Table 3-7: an ill-formed sequence
// consumes its maximal subpart (1-3 bytes), so every byte belongs to exactly one character.
inline Utf8Char DecodeUtf8(std::string_view s, size_t pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + pos;
  const size_t left = s.size() - pos;
  const unsigned char b0 = p[0];
  if (b0 < 0x80) return {b0, 1, true};
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  int need;                            // continuation bytes
  char32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // no overlong forms
    if (b0 == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return {0xFFFD, 1, false};
  }
  for (int i = 1; i <= need; ++i) {
    if (static_cast<size_t>(i) >= left) return {0xFFFD, static_cast<uint8_t>(i), false};
    const unsigned char b = p[i];
    if (b < lo || b > hi) return {0xFFFD, static_cast<uint8_t>(i), false};
    lo = 0x80, hi = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, static_cast<uint8_t>(need + 1), true};
}

// ---- Lines -----------------------------------------------------------------------------------

// Original byte offset -> 1-based line and column, built once per document in one pass.
// Lines end at LF, CR LF or a lone CR (the same breaks Normalize turns into LF). Columns count
// characters as DecodeUtf8 does (an invalid byte counts as one); an offset inside a character
// gets that character's column. Long lines keep checkpoints every few KiB, so a lookup costs
// O(log lines + 4 KiB) even in a 100 MB single-line file. Keeps a view of `text`: the text must
// outlive the index.
class LineIndex {
 public:
  // `valid_utf8`: the caller knows the text is well-formed UTF-8 (the normaliser found no
  // invalid sequence), so characters are counted by lead bytes, several bytes per cycle.
  explicit LineIndex(std::string_view text, bool valid_utf8 = false);

  struct LineColumn {
    int line = 1;
    int column = 1;
  };
  LineColumn Locate(uint32_t offset) const;  // offsets past the end clamp to the end
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  uint32_t LineStart(uint32_t line) const;   // 1-based line -> its first byte

 private:
  struct Checkpoint {
    uint32_t offset;   // a character start inside a long line
    uint32_t column0;  // characters between the line start and `offset`
  };
  std::string_view text_;
  bool valid_ = false;
  std::vector<uint32_t> line_starts_;
  std::vector<Checkpoint> checkpoints_;  // sorted by offset
};

// ---- Files -----------------------------------------------------------------------------------

inline constexpr uint64_t kDefaultMaxFileBytes = uint64_t{1} << 30;  // 1 GiB

// Memory for reading files one after another: a batch reads thousands of documents into the
// same buffer, which grows to the largest so far and is never zero-filled (a std::string would
// clear every byte before read() overwrote it, and a fresh one per file costs page faults).
class FileBuffer {
 public:
  std::string_view view() const { return {data_.get(), size_}; }
  size_t capacity() const { return capacity_; }
  // Frees the memory when it is larger than `keep` bytes: one huge document should not pin its
  // size for the rest of a batch.
  void ShrinkTo(size_t keep) {
    if (capacity_ > keep) *this = FileBuffer();
  }

 private:
  friend bool ReadFileInto(const std::string&, FileBuffer*, std::string*, uint64_t);
  // Makes room for `capacity` bytes, keeping the first `keep`.
  void Reserve(size_t capacity, size_t keep);

  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0;
  size_t size_ = 0;
};

// Reads a whole file (regular file, pipe or device) with a read loop into *buffer (its previous
// content is lost; on failure it is empty). On failure returns false and sets *error to one
// sentence: "cannot open 'x.txt': No such file or directory", "cannot read 'dir': it is a
// directory", "cannot read 'big.txt': the file has 2147483648 bytes, more than the limit of
// 1073741824". `error` may be null.
[[nodiscard]] bool ReadFileInto(const std::string& path, FileBuffer* buffer, std::string* error,
                                uint64_t max_bytes = kDefaultMaxFileBytes);
// The same into a string of its own.
[[nodiscard]] std::optional<std::string> ReadFile(const std::string& path, std::string* error,
                                                  uint64_t max_bytes = kDefaultMaxFileBytes);

// Heuristic for a CLI warning: true when the first 8 KiB hold a NUL byte, or when more than 10%
// of their characters are ill-formed UTF-8 or C0 control characters other than tab, LF, VT, FF,
// CR and ESC. Empty input is text.
bool LooksBinary(std::string_view data);

// The length of the longest prefix of `s` that is well-formed UTF-8 (s.size() when all of it
// is), by the same rules as DecodeUtf8; ASCII and three-byte characters take a fast path.
size_t ValidUtf8Prefix(std::string_view s);

}  // namespace rptc::rt

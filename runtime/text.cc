// Normalize(): one left-to-right pass over the original document; see note [normalised text] in
// runtime/text.h for what changes and how offsets map back.
//
// Speed: already-normal text is never handed to ICU, and never copied either: until the first
// change the output is a prefix of the original, and NormalizeInto leaves it there (Emit). The
// pass skips ASCII and inert Chinese characters sixteen bytes at a time (SkipCopiedBlocks; a
// table lookup per Chinese character remains), which matters only because the common blocks
// advance by a constant: an earlier SIMD check whose step was computed from the block made no
// difference inside an extract batch. It classifies every other character with a 64 K-entry
// table built once from ICU: characters that NFKC leaves alone and that never interact with
// their neighbours ("inert") are copied; fold-table characters are replaced directly; only runs
// of the remaining characters (full-width forms, circled numbers, accented letters...) become
// NFKC segments, which are checked with isNormalizedUTF8 and, when they are not normal,
// normalised with Edits for an exact map.
// With hant_to_hans, only sentences judged Traditional reach the transliterator (note [script of
// a segment]); a document without a single Traditional-only character costs nothing more.
// Tested by tests/runtime/text_test.cc, text_fast_path_test.cc and text_blocks_test.cc.
#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/icudataver.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "runtime/text.h"
#include "runtime/text_blocks.h"

namespace rptc::rt {
namespace {

// ---- Tables ----------------------------------------------------------------------------------

// What the main loop does with a valid non-ASCII character when NFKC is on.
constexpr uint8_t kCopy = 0;       // NFKC-inert: copied, and a normalisation boundary both sides
constexpr uint8_t kFold = 1;       // in the fold table and boundary-safe: replaced directly
constexpr uint8_t kSegment = 2;    // may change under NFKC or interact with neighbours: to ICU
constexpr uint8_t kClassMask = 3;
constexpr uint8_t kFoldEntry = 4;  // flag: in the fold table (a kSegment one is folded after NFKC)

// The fold table of note [normalised text], as a switch so the compiler builds a jump table.
char FoldTarget(char32_t c) {
  switch (c) {
    case 0x3000:
      return ' ';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    case 0x2E3A: case 0x2E3B: case 0xFE58: case 0xFE63: case 0xFF0D:
      return '-';
    case 0xFF5E: case 0x301C: case 0x2053:
      return '~';
    case 0x2236:
      return ':';
    default:
      return 0;
  }
}

constexpr char32_t kFoldSources[] = {0x3000, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014,
                                     0x2015, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63,
                                     0xFF0D, 0xFF5E, 0x301C, 0x2053, 0x2236};

struct NfkcTables {
  const icu::Normalizer2* nfkc = nullptr;
  std::string error;        // why NFKC is unavailable, when it is
  uint8_t bmp[0x10000];     // class and flags per BMP code point
  uint64_t copy_bits[0x10000 / 64];  // bit set: class kCopy (8 KiB: stays in L1 in the hot loop)

  bool IsCopy(uint32_t c) const { return (copy_bits[c >> 6] >> (c & 63)) & 1; }

  uint8_t Classify(char32_t c) const {
    if (c < 0x10000) return bmp[c];
    return nfkc->isInert(static_cast<UChar32>(c)) ? kCopy : kSegment;
  }
};

NfkcTables* BuildNfkcTables() {
  auto* t = new NfkcTables{};
  UErrorCode ec = U_ZERO_ERROR;
  t->nfkc = icu::Normalizer2::getNFKCInstance(ec);
  if (U_FAILURE(ec) || t->nfkc == nullptr) {
    t->nfkc = nullptr;
    t->error = std::string("ICU NFKC data is unavailable (") + u_errorName(ec) + ")";
    return t;
  }
  for (UChar32 c = 0; c < 0x10000; ++c) t->bmp[c] = t->nfkc->isInert(c) ? kCopy : kSegment;
  for (char32_t c : kFoldSources) {
    const auto u = static_cast<UChar32>(c);
    // Replacing a character on its own is only right when nothing around it can combine with it.
    const bool safe = t->nfkc->hasBoundaryBefore(u) && t->nfkc->hasBoundaryAfter(u);
    t->bmp[c] = static_cast<uint8_t>((safe ? kFold : kSegment) | kFoldEntry);
  }
  for (uint32_t c = 0; c < 0x10000; ++c) {
    if (t->bmp[c] == kCopy) t->copy_bits[c >> 6] |= uint64_t{1} << (c & 63);
  }
  return t;
}

// Built on first use and never destroyed, so Normalize stays usable during static destruction.
const NfkcTables& GetNfkcTables() {
  static const NfkcTables* tables = BuildNfkcTables();
  return *tables;
}

constexpr uint8_t kInHanRun = 1;    // Han, or anything else the transliterator rewrites
constexpr uint8_t kHantSource = 2;  // may be rewritten: a run without one is left alone
constexpr uint8_t kTraditionalMarker = 4;  // Traditional-only: see MarkTraditionalMarkers
constexpr uint8_t kSentenceEnd = 8;        // 。！？｡ end a stretch judged on its own

struct HantTables {
  std::unique_ptr<icu::Transliterator> prototype;  // cloned when a call needs it (clones are
                                                   // independent)
  std::string error;
  icu::UnicodeSet run_set, source_set;  // frozen; for code points past the BMP
  uint8_t bmp[0x10000] = {};
  // Null if the markers could not be computed: then every document counts as Traditional.
  std::unique_ptr<const HantMarkers> markers;
  std::vector<uint32_t> marker_list;  // what ComputeHantMarkers returns

  uint8_t Flags(char32_t c) const {
    if (c < 0x10000) return bmp[c];
    const auto u = static_cast<UChar32>(c);
    return static_cast<uint8_t>((run_set.contains(u) ? kInHanRun : 0) |
                                (source_set.contains(u) ? kHantSource : 0));
  }
};

void MarkRanges(const icu::UnicodeSet& set, uint8_t flag, uint8_t* bmp) {
  for (int32_t i = 0; i < set.getRangeCount(); ++i) {
    const UChar32 lo = set.getRangeStart(i);
    const UChar32 hi = std::min<UChar32>(set.getRangeEnd(i), 0xFFFF);
    for (UChar32 c = lo; c <= hi; ++c) bmp[c] |= flag;
  }
}

std::vector<UChar32> BmpCodePoints(const icu::UnicodeSet& set) {
  std::vector<UChar32> out;
  for (int32_t i = 0; i < set.getRangeCount(); ++i) {
    const UChar32 hi = std::min<UChar32>(set.getRangeEnd(i), 0xFFFF);
    for (UChar32 c = set.getRangeStart(i); c <= hi; ++c) out.push_back(c);
  }
  return out;
}

// The characters of GB 2312, the basic Simplified Chinese character set. Empty when ICU has no
// converter for it (the markers are then a little broader, nothing more).
icu::UnicodeSet Gb2312Characters() {
  icu::UnicodeSet set;
  UErrorCode ec = U_ZERO_ERROR;
  UConverter* gb2312 = ucnv_open("GB2312", &ec);
  if (U_SUCCESS(ec)) ucnv_getUnicodeSet(gb2312, set.toUSet(), UCNV_ROUNDTRIP_SET, &ec);
  if (gb2312 != nullptr) ucnv_close(gb2312);
  if (U_FAILURE(ec)) set.clear();
  return set;
}

// What the transliterator makes of each source character on its own.
struct SingleResults {
  std::vector<bool> changed;    // per source character: its output differs from it
  std::vector<bool> is_output;  // per BMP code point: part of some character's output
};

// One transliterate call for all characters, one per line: a line break is no Han character, so
// no rule context reaches across it. Empty if the output does not have one line per character.
SingleResults TransliterateEach(const icu::Transliterator& t, const std::vector<UChar32>& sources) {
  icu::UnicodeString all;
  for (const UChar32 c : sources) all.append(c).append(u'\n');
  t.transliterate(all);
  SingleResults r{std::vector<bool>(sources.size()), std::vector<bool>(0x10000)};
  size_t line = 0;
  for (int32_t p = 0, begin = 0; p < all.length();) {
    const UChar32 c = all.char32At(p);
    const int32_t next = p + U16_LENGTH(c);
    if (c == u'\n') {
      if (line == sources.size()) return {};
      const UChar32 source = sources[line];
      r.changed[line++] = p - begin != U16_LENGTH(source) || all.char32At(begin) != source;
      begin = next;
    } else if (c < 0x10000) {
      r.is_output[c] = true;
    }
    p = next;
  }
  if (line != sources.size()) return {};
  return r;
}

// A Traditional-only marker is a Han character whose transliteration on its own differs from it
// (經 -> 经) and that is not itself the output for any source character (着, 干, 后 are outputs
// of 著, 乾, 後, so Simplified text is full of them). Simplified text then holds almost no
// markers and Traditional text holds many, which is what TraditionalSpans() counts. Three
// refinements:
//   - the characters of GB 2312 are left out: they are ordinary Simplified characters even when
//     the transliterator rewrites them (著 in 显著, 乾 in 乾隆, 後, 於; 16 of about 2,850), and
//     著 alone is in every long Simplified report of the corpus;
//   - the corner quotes 「」 are rewritten and are outputs of nothing, but they are not Han and
//     Simplified text uses them too;
//   - a marker must be NFKC-inert (all are, in ICU 72): Run() looks for markers among the
//     characters it copies, never inside an NFKC segment.
void MarkTraditionalMarkers(HantTables* t, const icu::UnicodeSet& han, const NfkcTables& nfkc) {
  const std::vector<UChar32> sources = BmpCodePoints(t->source_set);
  const SingleResults single = TransliterateEach(*t->prototype, sources);
  if (single.changed.empty() && !sources.empty()) return;  // markers stays null
  const icu::UnicodeSet simplified = Gb2312Characters();
  for (size_t i = 0; i < sources.size(); ++i) {  // sources are sorted, so marker_list is too
    const UChar32 c = sources[i];
    if (single.changed[i] && !single.is_output[c] && han.contains(c) && !simplified.contains(c) &&
        (nfkc.nfkc == nullptr || nfkc.IsCopy(static_cast<uint32_t>(c)))) {
      t->bmp[c] |= kTraditionalMarker;
      t->marker_list.push_back(static_cast<uint32_t>(c));
    }
  }
  t->markers = std::make_unique<const HantMarkers>(t->marker_list);
}

HantTables* BuildHantTables() {
  auto* t = new HantTables;
  UErrorCode ec = U_ZERO_ERROR;
  t->prototype.reset(icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, ec));
  if (U_FAILURE(ec) || t->prototype == nullptr) {
    t->prototype.reset();
    t->error = std::string("ICU Hant-Hans transliterator is unavailable (") + u_errorName(ec) +
               ")";
    return t;
  }
  t->prototype->getSourceSet(t->source_set);
  // The rules have multi-character contexts (顯著 stays 显著, 著 alone becomes 着), so whole Han
  // runs are transliterated, never single characters.
  icu::UnicodeSet han;
  han.applyPattern(icu::UnicodeString(u"[[:Han:]]"), ec);
  t->run_set = han;
  t->run_set.addAll(t->source_set);
  t->run_set.freeze();
  t->source_set.freeze();
  MarkRanges(t->run_set, kInHanRun, t->bmp);
  MarkRanges(t->source_set, kHantSource, t->bmp);
  for (const char32_t c : {0x3002, 0xFF01, 0xFF1F, 0xFF61}) t->bmp[c] |= kSentenceEnd;
  MarkTraditionalMarkers(t, han, GetNfkcTables());
  return t;
}

const HantTables& GetHantTables() {
  static const HantTables* tables = BuildHantTables();
  return *tables;
}

// ---- Helpers ---------------------------------------------------------------------------------

// Applies the fold table to (well-formed) `in`. Returns false, leaving *out alone, when no
// character is in the table.
bool Fold(std::string_view in, std::string* out) {
  size_t p = 0;
  bool changed = false;
  std::string result;
  size_t copied = 0;
  while (p < in.size()) {
    if (static_cast<unsigned char>(in[p]) < 0x80) {
      ++p;
      continue;
    }
    const Utf8Char ch = DecodeUtf8(in, p);
    if (const char to = FoldTarget(ch.code_point)) {
      if (!changed) result.reserve(in.size());
      changed = true;
      result.append(in, copied, p - copied);
      result.push_back(to);
      copied = p + ch.length;
    }
    p += ch.length;
  }
  if (!changed) return false;
  result.append(in, copied);
  *out = std::move(result);
  return true;
}

// Longest run handed to ICU in one call (normaliser segment or transliterated Han run).
constexpr size_t kMaxSegmentBytes = size_t{1} << 20;

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;
inline bool HasZeroByte(uint64_t v) { return ((v - kOnes) & ~v & kHighBits) != 0; }

std::string HexBytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s;
  for (unsigned char b : bytes) {
    if (!s.empty()) s += ' ';
    s += "0x";
    s += kHex[b >> 4];
    s += kHex[b & 15];
  }
  return s;
}

// ---- Script of a document -------------------------------------------------------------------

// note [script of a segment]: with hant_to_hans, only text written in Traditional script goes
// through ICU. Simplified text is full of the transliterator's source characters (著 乾 後 …), so
// converting it costs much (ICU's rule matching was about 30% of extraction time) and is wrong
// (显著 becomes 显着). The evidence is the Traditional-only markers (MarkTraditionalMarkers):
// about a third of the Han characters of a Traditional sentence, none in the Simplified reports.
// The script is decided per sentence (text up to 。！？!? or a line break): a Simplified report
// quoting a Traditional passage, or the reverse, changes script at sentence or paragraph
// boundaries, rarely inside a sentence, and a sentence (typically 15-60 Han characters) carries
// enough evidence. A short one (加大資金投入。 has one marker) may not: then its line decides,
// and a line without enough evidence leaves it to the whole document; a document without enough
// is Simplified. A stretch of text is
//   - Traditional when at least kMarkerPercent of its Han characters are markers, of at least
//     two different kinds (one Traditional-only character, in a name say, does not make a
//     Simplified sentence Traditional);
//   - Simplified when fewer are, over at least kMinHanToJudge Han characters;
//   - undecided otherwise.
// The figures come from the corpus (/work/shared/corpus) and from the same reports converted to
// Traditional with ICU "Hans-Hant": Traditional sentences with two kinds of markers have at least
// 8.7% markers (1% of them below 14%, half above 36%); the Simplified reports have none at all.
// Sentences of 10 or more Han characters without a marker exist in Traditional text only rarely,
// and then there is nothing for the transliterator to change anyway.
// Cost: Normalize() first runs the pass as if the document were Simplified (HanPass::kProbe),
// with the markers taken out of the fast loop's copy table; the first marker it meets ends that
// pass, and only then are the sentences judged and the pass run again. Without a single marker
// no stretch can be Traditional, so a Simplified or English document costs what it costs
// without hant_to_hans.
constexpr uint32_t kMarkerPercent = 5;
constexpr uint32_t kMinHanToJudge = 10;

// What one stretch of text says about its script.
struct ScriptEvidence {
  uint32_t han = 0;      // characters of Han runs (kInHanRun)
  uint32_t markers = 0;  // Traditional-only markers among them
  char32_t first_marker = 0;
  bool two_kinds = false;  // at least two different markers

  void AddHan(char32_t c, bool marker) {
    ++han;
    if (!marker) return;
    ++markers;
    if (first_marker == 0) first_marker = c;
    two_kinds |= c != first_marker;
  }

  void Add(const ScriptEvidence& other) {
    han += other.han;
    markers += other.markers;
    const bool both = first_marker != 0 && other.first_marker != 0;
    two_kinds |= other.two_kinds || (both && first_marker != other.first_marker);
    if (first_marker == 0) first_marker = other.first_marker;
  }
};

enum class Script : uint8_t { kUndecided, kSimplified, kTraditional };

Script Judge(const ScriptEvidence& e) {
  const bool dense = uint64_t{e.markers} * 100 >= uint64_t{e.han} * kMarkerPercent;
  if (dense && e.two_kinds) return Script::kTraditional;
  if (!dense && e.han >= kMinHanToJudge) return Script::kSimplified;
  return Script::kUndecided;
}

Script JudgeOr(const ScriptEvidence& e, Script otherwise) {
  const Script own = Judge(e);
  return own == Script::kUndecided ? otherwise : own;
}

// The evidence of a document, per sentence (only those with Han characters), line and whole.
struct ScriptScan {
  struct Sentence {
    uint32_t begin, end;  // original bytes, up to and including the sentence end
    uint32_t line;        // index into `lines`
    ScriptEvidence evidence;
  };
  std::vector<Sentence> sentences;
  std::vector<ScriptEvidence> lines;  // only lines with Han characters
  ScriptEvidence document;
};

ScriptScan ScanScript(std::string_view text, const HantTables& t) {
  ScriptScan scan;
  ScriptEvidence sentence, line;
  size_t sentence_begin = 0;
  auto end_sentence = [&](size_t end) {
    if (sentence.han > 0) {
      scan.sentences.push_back({static_cast<uint32_t>(sentence_begin), static_cast<uint32_t>(end),
                                static_cast<uint32_t>(scan.lines.size()), sentence});
      line.Add(sentence);
    }
    sentence = {};
    sentence_begin = end;
  };
  auto end_line = [&](size_t end) {
    end_sentence(end);
    if (line.han > 0) {
      scan.lines.push_back(line);
      scan.document.Add(line);
    }
    line = {};
  };
  const size_t n = text.size();
  size_t pos = 0;
  while (pos < n) {
    // ASCII without line breaks, ! and ?: eight bytes per step.
    while (pos + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, text.data() + pos, 8);
      if ((w & kHighBits) != 0 || HasZeroByte(w ^ (kOnes * '\n')) ||
          HasZeroByte(w ^ (kOnes * '\r')) || HasZeroByte(w ^ (kOnes * '!')) ||
          HasZeroByte(w ^ (kOnes * '?'))) {
        break;
      }
      pos += 8;
    }
    if (pos >= n) break;
    const auto b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {
      ++pos;
      if (b == '\n' || b == '\r') {
        end_line(pos);
      } else if (b == '!' || b == '?') {
        end_sentence(pos);
      }
      continue;
    }
    const Utf8Char ch = DecodeUtf8(text, pos);
    pos += ch.length;
    if (!ch.valid) continue;
    const uint8_t flags = t.Flags(ch.code_point);
    if ((flags & kInHanRun) != 0) {
      sentence.AddHan(ch.code_point, (flags & kTraditionalMarker) != 0);
    }
    if ((flags & kSentenceEnd) != 0) end_sentence(pos);
  }
  end_line(n);
  return scan;
}

// The original byte ranges to transliterate, sorted and disjoint: the sentences judged
// Traditional (note [script of a segment]).
std::vector<NormalizedText::Span> TraditionalSpans(std::string_view text, const HantTables& t) {
  std::vector<NormalizedText::Span> spans;
  if (t.markers == nullptr) {
    if (!text.empty()) spans.push_back({0, static_cast<uint32_t>(text.size())});
    return spans;
  }
  const ScriptScan scan = ScanScript(text, t);
  const Script document = JudgeOr(scan.document, Script::kSimplified);
  for (const ScriptScan::Sentence& s : scan.sentences) {
    const Script line = JudgeOr(scan.lines[s.line], document);
    if (JudgeOr(s.evidence, line) != Script::kTraditional) continue;
    if (!spans.empty() && spans.back().end == s.begin) {
      spans.back().end = s.end;
    } else {
      spans.push_back({s.begin, s.end});
    }
  }
  return spans;
}

// ---- The pass --------------------------------------------------------------------------------

// How a pass treats Han text under hant_to_hans (note [script of a segment]).
enum class HanPass {
  kProbe,      // as if the document were Simplified, stopping at the first marker
  kSentences,  // transliterating the sentences judged Traditional
};

inline bool TestBit(const uint64_t* bits, uint32_t c) { return (bits[c >> 6] >> (c & 63)) & 1; }

// The code point of a three-byte character (lead E1-EF, two continuation bytes).
inline uint32_t ThreeByteCode(const unsigned char* p) {
  return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
}

class Normalizer {
 public:
  // `may_view`: text that needs no change may be left uncopied (text_is_original).
  Normalizer(std::string_view src, const NormalizeOptions& options, NormalizedText* result,
             HanPass han_pass, bool may_view)
      : src_(src), result_(result), may_view_(may_view) {
    if (options.nfkc) {
      const NfkcTables& t = GetNfkcTables();
      if (t.nfkc != nullptr) {
        nfkc_ = &t;
      } else {
        result_->warnings.push_back({0, "NFKC normalisation skipped: " + t.error});
      }
    }
    if (options.hant_to_hans && han_pass == HanPass::kProbe && options.hant_markers != nullptr) {
      // Probing needs only the markers: the transliterator (GetHantTables) waits for a document
      // that holds one, whose second pass (kSentences) takes the other branch.
      markers_ = options.hant_markers;
    } else if (options.hant_to_hans) {
      const HantTables& t = GetHantTables();
      if (t.prototype != nullptr) {
        hant_ = &t;
        if (han_pass == HanPass::kProbe) markers_ = t.markers.get();
      } else {
        result_->warnings.push_back({0, "Traditional-to-Simplified conversion skipped: " +
                                            t.error});
      }
    }
    probing_ = markers_ != nullptr;
    if (probing_) {
      fast_copy_bits_ =
          nfkc_ != nullptr ? markers_->inert_no_marker_bits() : markers_->no_marker_bits();
    } else if (nfkc_ != nullptr) {
      fast_copy_bits_ = nfkc_->copy_bits;
    }
  }

  // Returns false when a probing pass met a marker: its result is to be thrown away.
  bool Run() {
    size_t limit = src_.size();
    if (limit > kMaxDocumentBytes) {
      limit = kMaxDocumentBytes;
      Warn(static_cast<uint32_t>(limit), "document truncated: rptc reads at most " +
                                             std::to_string(kMaxDocumentBytes) + " bytes");
    }
    limit_ = limit;
    if (hant_ != nullptr && !probing_) {
      traditional_ = TraditionalSpans(src_.substr(0, limit), *hant_);
    }
    const char* s = src_.data();
    size_t pos = 0;
    if (limit >= 3 && std::memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
      Emit(0, 3, {}, true);
      pos = copy_begin_ = 3;
    }
    const auto* u = reinterpret_cast<const unsigned char*>(s);
    while (pos < limit && !stopped_) {
      pos = SkipCopiedBlocks(u, pos, limit);
      // The last bytes, and what a block step stops at: ASCII other than NUL and CR is copied,
      // eight bytes per step.
      while (pos + 8 <= limit) {
        uint64_t w;
        std::memcpy(&w, s + pos, 8);
        if ((w & kHighBits) != 0 || HasZeroByte(w) || HasZeroByte(w ^ (kOnes * '\r'))) break;
        pos += 8;
      }
      // Three-byte characters the table calls inert (CJK ideographs, most CJK punctuation) are
      // copied without the general decoder. While probing, markers are not in the table.
      while (pos + 3 <= limit) {
        const unsigned b0 = u[pos], b1 = u[pos + 1], b2 = u[pos + 2];
        // E1-EC and EE-EF take any continuation bytes; E0 and ED go the general way.
        if (b0 < 0xE1 || b0 > 0xEF || b0 == 0xED || ((b1 & 0xC0) | ((b2 & 0xC0) >> 2)) != 0xA0) {
          break;
        }
        if (fast_copy_bits_ != nullptr && !TestBit(fast_copy_bits_, ThreeByteCode(u + pos))) {
          break;
        }
        pos += 3;
      }
      if (pos >= limit) break;
      const auto b = static_cast<unsigned char>(s[pos]);
      if (b < 0x80) {
        if (b == 0) {
          FlushCopy(pos);
          if (result_->nul_bytes++ == 0) first_nul_ = static_cast<uint32_t>(pos);
          EmitChange(pos, pos + 1, " ");
          copy_begin_ = ++pos;
        } else if (b == '\r') {
          FlushCopy(pos);
          const size_t end = (pos + 1 < limit && s[pos + 1] == '\n') ? pos + 2 : pos + 1;
          EmitChange(pos, end, "\n");
          copy_begin_ = pos = end;
        } else {
          ++pos;
        }
        continue;
      }
      const Utf8Char ch = DecodeUtf8(src_.substr(0, limit), pos);
      if (!ch.valid) {
        FlushCopy(pos);
        Invalid(pos, ch.length);
        EmitChange(pos, pos + ch.length, "\xEF\xBF\xBD");
        copy_begin_ = pos += ch.length;
        continue;
      }
      if (probing_ && markers_->IsMarker(ch.code_point)) return false;
      const uint8_t cls = nfkc_ != nullptr ? nfkc_->Classify(ch.code_point) : kCopy;
      if ((cls & kClassMask) == kCopy) {
        pos += ch.length;
      } else if ((cls & kClassMask) == kFold) {
        FlushCopy(pos);
        const char to = FoldTarget(ch.code_point);
        EmitChange(pos, pos + ch.length, std::string_view(&to, 1));
        copy_begin_ = pos += ch.length;
      } else {
        pos = Segment(pos, ch.length, cls, limit);
      }
    }
    FlushCopy(std::min(pos, limit));
    Finish();
    return true;
  }

 private:
  // The bytes from `pos` that the fast loop copies, sixteen at a time: ASCII other than NUL and
  // CR, and three-byte characters in the fast copy table (text_blocks.h). This is what Chinese
  // text runs through. Returns where it stopped: at a byte the scalar loops must look at, or
  // fewer than sixteen bytes before `limit`.
  size_t SkipCopiedBlocks(const unsigned char* u, size_t pos, size_t limit) const {
    if constexpr (text_internal::kHaveBlocks) {
      while (pos + 16 <= limit) {
        const text_internal::Block block = text_internal::ClassifyBlock(u + pos, true);
        // The two common blocks advance by a constant, so that the next load need not wait for
        // this block's masks (the branch is predicted); a computed step made every block wait
        // for the one before it, and the loop ran no faster than the character-wise one.
        if (block.length == 16 && block.leads == 0) {  // ASCII
          pos += 16;
          continue;
        }
        if (block.length == 15 && block.leads == text_internal::kFiveThreeByte &&
            (fast_copy_bits_ == nullptr ||
             text_internal::AllFiveInTable(u + pos, fast_copy_bits_))) {
          pos += 15;  // five characters of a run of Chinese
          continue;
        }
        unsigned length = block.length;
        for (unsigned leads = block.leads; fast_copy_bits_ != nullptr && leads != 0;
             leads &= leads - 1) {
          const auto i = static_cast<unsigned>(__builtin_ctz(leads));
          if (!TestBit(fast_copy_bits_, ThreeByteCode(u + pos + i))) {
            length = i;
            break;
          }
        }
        if (length == 0) break;
        pos += length;
      }
    }
    return pos;
  }

  // A run of kSegment characters starting at `pos`, plus the ASCII character before it if there
  // is one (it may compose with a following mark: e + U+0301). Every other character has a
  // normalisation boundary before it, so the run is normalised independently. Returns its end.
  size_t Segment(size_t pos, size_t first_length, uint8_t first_class, size_t limit) {
    const std::string_view src = src_.substr(0, limit);
    const size_t begin =
        (pos > copy_begin_ && static_cast<unsigned char>(src_[pos - 1]) < 0x80) ? pos - 1 : pos;
    size_t end = pos + first_length;
    bool has_fold = (first_class & kFoldEntry) != 0;
    while (end < limit && static_cast<unsigned char>(src[end]) >= 0x80) {
      const Utf8Char ch = DecodeUtf8(src, end);
      if (!ch.valid) break;
      const uint8_t cls = nfkc_->Classify(ch.code_point);
      if ((cls & kClassMask) != kSegment) break;
      // Keeps ICU's int32_t lengths and the Edits small on pathological input (megabytes of
      // combining marks); cutting at a normalisation boundary changes nothing.
      if (end - begin > kMaxSegmentBytes &&
          nfkc_->nfkc->hasBoundaryBefore(static_cast<UChar32>(ch.code_point))) {
        break;
      }
      has_fold |= (cls & kFoldEntry) != 0;
      end += ch.length;
    }
    const std::string_view piece = src.substr(begin, end - begin);
    UErrorCode ec = U_ZERO_ERROR;
    const icu::StringPiece sp(piece.data(), static_cast<int32_t>(piece.size()));
    if (!has_fold && nfkc_->nfkc->isNormalizedUTF8(sp, ec) && U_SUCCESS(ec)) {
      return end;  // already normal: stays in the pending copy
    }
    FlushCopy(begin);
    segment_out_.clear();
    edits_.reset();
    ec = U_ZERO_ERROR;
    icu::StringByteSink<std::string> sink(&segment_out_);
    nfkc_->nfkc->normalizeUTF8(0, sp, sink, &edits_, ec);
    if (U_FAILURE(ec)) {  // not expected for well-formed input; keep the text rather than fail
      EmitCopy(begin, end);
    } else {
      icu::Edits::Iterator it = edits_.getFineIterator();
      while (it.next(ec) && U_SUCCESS(ec)) {
        const size_t ob = begin + static_cast<size_t>(it.sourceIndex());
        const size_t oe = ob + static_cast<size_t>(it.oldLength());
        const std::string_view out(segment_out_.data() + it.destinationIndex(),
                                   static_cast<size_t>(it.newLength()));
        // NFKC output can hold fold-table characters (U+FE31 becomes U+2014). A fold inside an
        // unchanged stretch replaces that whole stretch: coarse, but only a fold-table character
        // without normalisation boundaries could cause it, and none has that.
        if (Fold(out, &fold_out_)) {
          EmitChange(ob, oe, fold_out_);
        } else if (it.hasChange()) {
          EmitChange(ob, oe, out);
        } else {
          EmitCopy(ob, oe);
        }
      }
    }
    copy_begin_ = end;
    return end;
  }

  void FlushCopy(size_t end) {
    if (end > copy_begin_) EmitCopy(copy_begin_, end);
    copy_begin_ = end;
  }

  // Original bytes [b, e) stay, except Han runs in sentences judged Traditional.
  void EmitCopy(size_t b, size_t e) {
    while (b < e) {
      const NormalizedText::Span* span = NextTraditionalSpan(b);
      if (span == nullptr || span->begin >= e) break;
      const size_t from = std::max<size_t>(b, span->begin), to = std::min<size_t>(e, span->end);
      if (from > b) Emit(b, from, src_.substr(b, from - b), false);
      TransliterateHanRuns(from, to);
      b = to;
    }
    if (e > b) Emit(b, e, src_.substr(b, e - b), false);
  }

  // The first Traditional span that ends after `pos`, or null. Positions never decrease (the
  // pass emits left to right), so a cursor finds it.
  const NormalizedText::Span* NextTraditionalSpan(size_t pos) {
    while (next_span_ < traditional_.size() && traditional_[next_span_].end <= pos) ++next_span_;
    return next_span_ < traditional_.size() ? &traditional_[next_span_] : nullptr;
  }

  bool InTraditionalSpan(size_t pos) {
    const NormalizedText::Span* span = NextTraditionalSpan(pos);
    return span != nullptr && span->begin <= pos;
  }

  // Cloned on first use: most documents are never transliterated.
  icu::Transliterator& Transliterator() {
    if (transliterator_ == nullptr) transliterator_.reset(hant_->prototype->clone());
    return *transliterator_;
  }

  // Transliterates the Han runs of [b, e) that hold a source character; copies the rest.
  void TransliterateHanRuns(size_t b, size_t e) {
    size_t done = b, run = std::string_view::npos, p = b;
    bool has_source = false;
    auto end_run = [&](size_t at) {
      if (run != std::string_view::npos && has_source) {
        Emit(done, run, src_.substr(done, run - done), false);
        TransliterateRun(run, at);
        done = at;
      }
      run = std::string_view::npos;
    };
    while (p < e) {
      if (static_cast<unsigned char>(src_[p]) < 0x80) {
        end_run(p);
        ++p;
        continue;
      }
      const Utf8Char ch = DecodeUtf8(src_.substr(0, e), p);
      const uint8_t flags = ch.valid ? hant_->Flags(ch.code_point) : 0;
      if ((flags & kInHanRun) != 0) {
        // A cap keeps one UnicodeString small; a cut inside a multi-character rule is harmless.
        if (run != std::string_view::npos && p - run > kMaxSegmentBytes) end_run(p);
        if (run == std::string_view::npos) run = p, has_source = false;
        has_source |= (flags & kHantSource) != 0;
      } else {
        end_run(p);
      }
      p += ch.length;
    }
    end_run(e);
    if (e > done) Emit(done, e, src_.substr(done, e - done), false);
  }

  // A Han run: if the result has as many characters as the run, changed characters map one to
  // one; otherwise the whole run becomes one change (coarse).
  void TransliterateRun(size_t b, size_t e) {
    const std::string_view run = src_.substr(b, e - b);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(run.data(), static_cast<int32_t>(run.size())));
    const int32_t chars = u.countChar32();
    Transliterator().transliterate(u);
    hant_out_.clear();
    u.toUTF8String(hant_out_);
    if (hant_out_ == run) {
      Emit(b, e, run, false);
      return;
    }
    if (u.countChar32() != chars) {
      Emit(b, e, hant_out_, true);
      return;
    }
    size_t p = b, q = 0, same = b;
    while (p < e) {
      const Utf8Char a = DecodeUtf8(src_.substr(0, e), p);
      const Utf8Char z = DecodeUtf8(hant_out_, q);
      if (a.code_point != z.code_point) {
        if (p > same) Emit(same, p, src_.substr(same, p - same), false);
        Emit(p, p + a.length, std::string_view(hant_out_).substr(q, z.length), true);
        same = p + a.length;
      }
      p += a.length;
      q += z.length;
    }
    if (e > same) Emit(same, e, src_.substr(same, e - same), false);
  }

  // Original bytes [b, e) become `text`, which is then converted to Simplified if they are in a
  // sentence judged Traditional.
  void EmitChange(size_t b, size_t e, std::string_view text) {
    if (hant_ != nullptr && InTraditionalSpan(b) && HasHantSource(text)) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(
          icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
      Transliterator().transliterate(u);
      hant_out_.clear();
      u.toUTF8String(hant_out_);
      Emit(b, e, hant_out_, hant_out_ != src_.substr(b, e - b));
      return;
    }
    Emit(b, e, text, true);
  }

  bool HasHantSource(std::string_view text) const {
    for (size_t p = 0; p < text.size();) {
      const Utf8Char ch = DecodeUtf8(text, p);
      if (ch.valid && (hant_->Flags(ch.code_point) & kHantSource) != 0) return true;
      p += ch.length;
    }
    return false;
  }

  // The only writer of the result. Pieces arrive in original order and cover it without gaps.
  // An unchanged piece is always the original's own bytes [b, e), so until the first change the
  // output is a prefix of the original and nothing is copied (note the `unchanged_` count);
  // the first change copies that prefix and the output is written from then on.
  void Emit(size_t b, size_t e, std::string_view text, bool changed) {
    if (stopped_) return;
    std::string& out = result_->text;
    const size_t out_size = materialized_ ? out.size() : unchanged_;
    if (out_size + text.size() > kMaxDocumentBytes) {
      stopped_ = true;
      Warn(static_cast<uint32_t>(b), "document truncated: its normalised form would exceed " +
                                         std::to_string(kMaxDocumentBytes) + " bytes");
      return;
    }
    emitted_ = e;
    if (!materialized_) {
      if (!changed) {
        unchanged_ += text.size();
        return;
      }
      Materialize();
    }
    if (changed) {
      result_->changes.push_back({static_cast<uint32_t>(out_size),
                                  static_cast<uint32_t>(out_size + text.size()),
                                  static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    }
    out.append(text);
  }

  void Materialize() {
    std::string& out = result_->text;
    out.reserve(limit_);
    out.assign(src_.data(), unchanged_);
    materialized_ = true;
  }

  void Invalid(size_t pos, size_t length) {
    const uint32_t n = result_->invalid_sequences++;
    if (n < kMaxInvalidUtf8Warnings) {
      Warn(static_cast<uint32_t>(pos),
           (length == 1 ? "invalid UTF-8 byte " : "incomplete UTF-8 sequence ") +
               HexBytes(src_.substr(pos, length)) + " replaced with U+FFFD");
    } else if (n == kMaxInvalidUtf8Warnings) {
      first_unlisted_ = static_cast<uint32_t>(pos);
    }
  }

  void Warn(uint32_t offset, std::string message) {
    result_->warnings.push_back({offset, std::move(message)});
  }

  void Finish() {
    result_->original_size = static_cast<uint32_t>(emitted_);
    if (!materialized_) {
      if (may_view_) {
        result_->text_is_original = true;
      } else {
        Materialize();
      }
    }
    if (result_->nul_bytes > 0) {
      const uint32_t n = result_->nul_bytes;
      Warn(first_nul_, std::to_string(n) + (n == 1 ? " NUL byte" : " NUL bytes") +
                           " replaced with " + (n == 1 ? "a space" : "spaces"));
    }
    if (result_->invalid_sequences > kMaxInvalidUtf8Warnings) {
      Warn(first_unlisted_,
           std::to_string(result_->invalid_sequences - kMaxInvalidUtf8Warnings) +
               " more invalid UTF-8 sequences replaced with U+FFFD (not listed one by one)");
    }
    std::stable_sort(
        result_->warnings.begin(), result_->warnings.end(),
        [](const TextWarning& a, const TextWarning& b) { return a.offset < b.offset; });
  }

  std::string_view src_;
  NormalizedText* result_;
  bool may_view_;
  size_t limit_ = 0;          // the original bytes this pass reads
  bool materialized_ = false;  // result_->text holds the output (see Emit)
  size_t unchanged_ = 0;       // until then: the length of the output, a prefix of the original
  const NfkcTables* nfkc_ = nullptr;
  const HantTables* hant_ = nullptr;  // null while probing with the caller's markers
  std::unique_ptr<icu::Transliterator> transliterator_;
  const HantMarkers* markers_ = nullptr;       // set when probing (HanPass::kProbe)
  bool probing_ = false;                       // HanPass::kProbe, with markers to look for
  const uint64_t* fast_copy_bits_ = nullptr;   // what the three-byte loop copies; null: all
  std::vector<NormalizedText::Span> traditional_;  // see note [script of a segment]
  size_t next_span_ = 0;                            // cursor of NextTraditionalSpan
  size_t copy_begin_ = 0;  // start of the pending copy: everything before it is emitted
  size_t emitted_ = 0;     // original bytes emitted so far
  bool stopped_ = false;
  uint32_t first_nul_ = 0, first_unlisted_ = 0;
  std::string segment_out_, fold_out_, hant_out_;
  icu::Edits edits_;
};

}  // namespace

HantMarkers::HantMarkers(const std::vector<uint32_t>& markers) {
  for (const uint32_t c : markers) {
    if (c < 0x10000) marker_bits_[c >> 6] |= uint64_t{1} << (c & 63);
  }
  const NfkcTables& nfkc = GetNfkcTables();
  for (uint32_t w = 0; w < 0x10000 / 64; ++w) {
    no_marker_bits_[w] = ~marker_bits_[w];
    // nfkc.copy_bits: the NFKC-inert characters (all zero if NFKC is unavailable, and then the
    // normaliser uses no_marker_bits).
    inert_no_marker_bits_[w] = (nfkc.nfkc == nullptr ? ~uint64_t{0} : nfkc.copy_bits[w]) &
                               ~marker_bits_[w];
  }
}

std::optional<std::vector<uint32_t>> ComputeHantMarkers() {
  const HantTables& t = GetHantTables();
  if (t.prototype == nullptr || t.markers == nullptr) return std::nullopt;
  return t.marker_list;
}

std::string HantIcuVersion() {
  UVersionInfo library, data;
  UErrorCode ec = U_ZERO_ERROR;
  u_getVersion(library);
  u_getDataVersion(data, &ec);
  if (U_FAILURE(ec)) std::fill(std::begin(data), std::end(data), 0);
  char text[2 * U_MAX_VERSION_STRING_LENGTH + 2];
  u_versionToString(library, text);
  const size_t n = std::strlen(text);
  text[n] = '/';
  u_versionToString(data, text + n + 1);
  return text;
}

NormalizedText Normalize(std::string_view original, const NormalizeOptions& options) {
  NormalizedText result;
  if (Normalizer(original, options, &result, HanPass::kProbe, false).Run()) return result;
  // A Traditional-only character: again, with the script judged sentence by sentence.
  result = NormalizedText{};
  Normalizer(original, options, &result, HanPass::kSentences, false).Run();
  return result;
}

namespace {

// Empties a result for another document, keeping its buffers' capacity.
void Clear(NormalizedText* result) {
  result->text.clear();
  result->changes.clear();
  result->warnings.clear();
  result->text_is_original = false;
  result->original_size = 0;
  result->invalid_sequences = 0;
  result->nul_bytes = 0;
}

}  // namespace

void NormalizeInto(std::string_view original, const NormalizeOptions& options,
                   NormalizedText* result) {
  Clear(result);
  if (Normalizer(original, options, result, HanPass::kProbe, true).Run()) return;
  Clear(result);
  Normalizer(original, options, result, HanPass::kSentences, true).Run();
}

}  // namespace rptc::rt

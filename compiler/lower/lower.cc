// Tested by the end-to-end tests (tests/compiler/lower/lower_test.cc, examples/).
#include "compiler/lower/lower.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/automaton/fragment_cache.h"
#include "compiler/automaton/literals.h"
#include "compiler/automaton/nfa_builder.h"
#include "compiler/automaton/reverse.h"
#include "runtime/assert_reach.h"
#include "runtime/text.h"

namespace rptc {

namespace {

// The most optional copies of a gap or repetition that an anchor prefix unrolls; longer ones are
// loops (note [reverse prefix]). The lead-ins of the indicator rules (gap(1..8), a filler or two)
// stay exact; keeping up to 12 left gap(0..10) twice in a row unrolled in the work plan's
// heading, whose prefix still grew past the trial's state budget.
constexpr int kPrefixRepeatsKept = 8;

class Lowering {
 public:
  Lowering(const check::CheckedTemplate& checked, const SourceManager& sources,
           Diagnostics& diagnostics, const CompileOptions& options)
      : checked_(checked),
        sources_(sources),
        diagnostics_(diagnostics),
        builder_(checked, program_.insts, options.max_automaton_insts,
                 options.max_template_insts),
        prefix_builder_(checked, program_.insts, options.max_automaton_insts,
                        options.max_template_insts),
        anchor_finder_(checked),
        max_template_insts_(options.max_template_insts) {
    // Address space only: NfaBuilder maps pages just ahead of the writes. Growing by doubling
    // instead copied (and page-faulted through) the ~10 MB vector of a large template again and
    // again, a fifth of its compile time.
    program_.insts.reserve(std::min<size_t>(options.max_template_insts, size_t{1} << 21));
    prefix_builder_.WidenRepeatsLongerThan(kPrefixRepeatsKept);
  }

  std::optional<rt::Program> Run() {
    Header();
    Lexicons();
    Sections();
    Fields();
    Lists();
    Constraints();
    FinishAnchors();
    if (diagnostics_.has_errors()) return std::nullopt;
    program_.assert_reach = rt::ComputeAssertReach(program_.insts);  // once, not at every load
    return std::move(program_);
  }

 private:
  uint32_t Line(SourceSpan span) const {
    if (span.file >= sources_.size()) return 0;
    return static_cast<uint32_t>(sources_.Get(span.file).ToLineCol(span.begin).line);
  }

  void Header() {
    const ast::Header& h = checked_.header;
    program_.template_name = h.name;
    program_.template_version = h.version;
    program_.description = h.description;
    program_.languages = h.languages;
    program_.normalize_nfkc = true;
    program_.hant_to_hans =
        std::find(h.normalize.begin(), h.normalize.end(), "hant_to_hans") != h.normalize.end();
    if (program_.hant_to_hans) {
      // Saves every extract run the transliterator's creation (see HantMarkers in
      // runtime/text.h); left empty when this ICU cannot compute them.
      if (std::optional<std::vector<uint32_t>> markers = rt::ComputeHantMarkers()) {
        program_.hant_icu_version = rt::HantIcuVersion();
        program_.hant_markers = std::move(*markers);
      }
    }
  }

  void Lexicons() {
    for (const check::LexiconDef& lex : checked_.lexicons) {
      rt::Lexicon out;
      out.name = lex.qualified;
      for (const ast::LexiconEntry& e : lex.decl.entries) {
        out.keys.push_back(e.key);
        for (const std::string& phrase : e.phrases) {
          out.phrases.push_back(automaton::FoldAscii(automaton::NormalizeLiteral(phrase)));
          out.phrase_keys.push_back(static_cast<uint32_t>(out.keys.size() - 1));
        }
      }
      lexicon_ids_[lex.qualified] = static_cast<uint32_t>(program_.lexicons.size());
      program_.lexicons.push_back(std::move(out));
    }
  }

  // Builds an automaton that the scan must find (anchored or, failing that, unanchored).
  std::optional<uint32_t> ScannedAutomaton(const ast::Pattern& pattern, SourceSpan span,
                                           std::string_view what,
                                           std::vector<automaton::CaptureInfo>* captures) {
    auto built = builder_.Build(pattern, span, what, diagnostics_);
    if (!built) return std::nullopt;
    uint32_t id = static_cast<uint32_t>(program_.automata.size());
    program_.automata.push_back(built->automaton);
    if (captures) *captures = built->captures;
    std::optional<automaton::AnchorSet> anchors = anchor_finder_.Find(pattern);
    if (!anchors) {
      program_.unanchored.push_back(id);
      diagnostics_.Warning(span, "W0501",
                           fmt::format("{} has no literal anchor: it is tried at every position "
                                       "of the text",
                                       what),
                           "start or end it with a literal or lexicon phrase");
      return id;
    }
    if (automaton::IsWeakAnchor(*anchors)) {
      // The cost model sums the literals' estimated hit rates, so many fair phrases can be as
      // weak as one frequent character: say which case it is, not only the worst literal.
      const size_t n = anchors->literals.size();
      const std::string which =
          n == 1 ? fmt::format("its only anchor literal, '{}', is", anchors->weakest)
                 : fmt::format("its {} anchor literals (the most frequent: '{}') are", n,
                               anchors->weakest);
      diagnostics_.Warning(
          span, "W0501",
          fmt::format("{} has no selective literal anchor: {} likely to occur often in reports, "
                      "and every occurrence is verified",
                      what, which),
          "anchor it on a longer or rarer phrase, such as an indicator name");
    }
    AddAnchors(id, *anchors);
    AddPrefix(id, *anchors, span);
    return id;
  }

  void AddAnchors(uint32_t automaton, const automaton::AnchorSet& anchors) {
    for (size_t i = 0; i < anchors.literals.size(); ++i) {
      const std::string& lit = anchors.literals[i];
      auto [it, inserted] =
          literal_ids_.emplace(lit, static_cast<uint32_t>(program_.literals.size()));
      if (inserted) program_.literals.push_back(lit);
      const uint32_t offset = anchors.prefix_offsets[i];
      program_.anchors.push_back({it->second, automaton, anchors.befores[i], anchors.guards[i],
                                  offset == automaton::kNoPrefixOffset ? 0 : offset});
    }
  }

  // note [reverse prefix]: a hit's window of starts, walked back instead of forward.
  // The engine verifies an anchored automaton around each hit x of its literal by walking a
  // forward DFA over the window of starts [x - max_before, x], a thread starting at every byte,
  // and on until the threads die. Over the GWR template that window was 86% of all DFA steps, and
  // most of it lies before any start a match could have: an indicator name's window reaches 150
  // bytes back for English lead-ins, where the text holds a Chinese clause. So each automaton
  // with a window also gets the reverse of its anchor set's prefix (AnchorSet::prefix: what a
  // match holds before its occurrence), and the engine reads it right to left from x (set
  // semantics, assertions taken as true): the leftmost q where it accepts bounds every start a
  // match holding this occurrence can have, and a hit where it accepts nowhere holds no match's
  // occurrence at all. Both only narrow the windows that note [anchored scan] in
  // runtime/engine/matcher.cc reasons about, so the matches found are the same.
  // A prefix may accept more than the match can hold, never less, so its long gaps and
  // repetitions are loops (kPrefixRepeatsKept): unrolled, `gap(0..49, sentence)` made the walker's
  // states sets of gap positions, hundreds of them of ~2 KB each, and the engine's trial gave up
  // on the four section-heading prefixes that had such gaps; their automata walked whole windows
  // forward. As loops those prefixes settle in under 150 states and drop or narrow 66-96% of their
  // windows, and a gap still ends where its clause or sentence does. Over the GWR benchmark set:
  // lazy-DFA steps 13.2M -> 9.5M, the image 14.2 -> 13.6 MB, output byte-identical.
  void AddPrefix(uint32_t automaton, const automaton::AnchorSet& anchors, SourceSpan span) {
    if (!anchors.prefix || anchors.max_before == 0) return;
    for (const uint32_t offset : anchors.prefix_offsets) {
      if (offset == automaton::kNoPrefixOffset) return;
    }
    const uint32_t at = static_cast<uint32_t>(program_.insts.size());
    Diagnostics quiet;  // a prefix too large to build only goes without the filter
    auto built = prefix_builder_.Build(*anchors.prefix, span, "an anchor prefix", quiet);
    if (!built) return;
    const rt::Automaton& forward = built->automaton;
    automaton::ReversedBlock reversed = automaton::ReverseBlock(
        program_.insts, forward.insts_begin, forward.insts_end, forward.start, at);
    program_.insts.resize(at);
    // Many rules share their lead-in, and so their prefix: each distinct one is kept once, found
    // by a hash of its instructions with jumps relative to its first, and compared in full.
    auto relative = [](rt::Inst in, uint32_t base) {
      if (automaton::JumpsWithOut(in.op)) {
        in.out -= base;
        if (in.op == rt::Op::kSplit) in.out1 -= base;
      }
      return in;
    };
    uint64_t hash = 0xcbf29ce484222325ull ^ (reversed.start - at);
    for (const rt::Inst& in : reversed.insts) {
      uint32_t words[3];
      const rt::Inst r = relative(in, at);
      std::memcpy(words, &r, sizeof words);
      for (const uint32_t w : words) hash = (hash ^ w) * 0x100000001b3ull;
    }
    auto [first, last] = prefix_automata_.equal_range(hash);
    for (auto it = first; it != last; ++it) {
      const rt::Automaton& known = program_.automata[it->second];
      if (known.insts_end - known.insts_begin != reversed.insts.size() ||
          known.start - known.insts_begin != reversed.start - at) {
        continue;
      }
      bool same = true;
      for (size_t i = 0; i < reversed.insts.size() && same; ++i) {
        const rt::Inst a = relative(program_.insts[known.insts_begin + i], known.insts_begin);
        const rt::Inst b = relative(reversed.insts[i], at);
        same = a.op == b.op && a.lo == b.lo && a.hi == b.hi && a.assert == b.assert &&
               a.out == b.out && a.out1 == b.out1;
      }
      if (same) {
        program_.automata[automaton].prefix = it->second;
        return;
      }
    }
    if (at + reversed.insts.size() > max_template_insts_) return;
    program_.insts.insert(program_.insts.end(), reversed.insts.begin(), reversed.insts.end());
    rt::Automaton prefix;
    prefix.start = reversed.start;
    prefix.max_width = forward.max_width;
    prefix.min_width = forward.min_width;
    prefix.insts_begin = at;
    prefix.insts_end = static_cast<uint32_t>(program_.insts.size());
    program_.automata[automaton].prefix = static_cast<uint32_t>(program_.automata.size());
    prefix_automata_.emplace(hash, program_.automata[automaton].prefix);
    program_.automata.push_back(prefix);
  }

  // Builds an automaton that is searched only inside a region at assembly time (a section's end
  // after its heading, a list title's end inside its item), never by the global scan, so short
  // markers such as "。" cost nothing per document.
  std::optional<uint32_t> RegionAutomaton(const ast::Pattern& pattern, SourceSpan span,
                                          std::string_view what) {
    auto built = builder_.Build(pattern, span, what, diagnostics_);
    if (!built) return std::nullopt;
    program_.automata.push_back(built->automaton);
    return static_cast<uint32_t>(program_.automata.size() - 1);
  }

  // A section's end pattern is searched from the heading on, often through the rest of the
  // document when it never occurs (on the GWR template two thirds of all DFA steps). With a
  // selective anchor it is verified around its prefilter hits instead (Matcher::FindAllInHits);
  // the global scan leaves it out all the same (ScanPlan), so the anchors cost only the hits.
  std::optional<uint32_t> SectionEndAutomaton(const ast::Pattern& pattern, SourceSpan span,
                                              std::string_view what) {
    std::optional<uint32_t> id = RegionAutomaton(pattern, span, what);
    if (!id) return id;
    std::optional<automaton::AnchorSet> anchors = anchor_finder_.Find(pattern);
    if (anchors && !automaton::IsWeakAnchor(*anchors)) {
      AddAnchors(*id, *anchors);
      AddPrefix(*id, *anchors, span);
    }
    return id;
  }

  void Sections() {
    for (const check::SectionDef& s : checked_.sections) {
      rt::Section out;
      out.name = s.name;
      out.parent = s.parent;
      out.begin_last = s.begin_last;
      out.doc = s.doc;
      if (s.begin) {
        if (auto id = ScannedAutomaton(*s.begin, s.span,
                                       fmt::format("the begin pattern of section '{}'", s.name),
                                       nullptr)) {
          out.begin_automata.push_back(*id);
        }
      }
      for (const ast::Pattern& end : s.ends) {
        if (auto id = SectionEndAutomaton(end, end.span,
                                      fmt::format("an end pattern of section '{}'", s.name))) {
          out.end_automata.push_back(*id);
        }
      }
      for (const ast::Pattern& exclude : s.excludes) {
        if (auto id = ScannedAutomaton(exclude, exclude.span,
                                       fmt::format("an exclude pattern of section '{}'", s.name),
                                       nullptr)) {
          out.exclude_automata.push_back(*id);
        }
      }
      out.end_before = s.end_before;
      program_.sections.push_back(std::move(out));
    }
  }

  rt::Capture MakeCapture(const automaton::CaptureInfo& info, SourceSpan span) {
    rt::Capture c;
    c.name = info.name;
    c.type = info.type.value;
    c.is_list = info.type.is_list;
    if (info.type.value == rt::ValueType::kKey) {
      auto it = lexicon_ids_.find(info.type.lexicon);
      if (it != lexicon_ids_.end()) c.lexicon = it->second;
    }
    if (c.is_list) {
      // One item recognizer per type serves every list capture of that type.
      std::string key = fmt::format("{}/{}", static_cast<int>(info.type.value), info.type.lexicon);
      auto it = item_automata_.find(key);
      if (it != item_automata_.end()) {
        c.item_automaton = it->second;
      } else if (auto built = builder_.BuildRecognizer(info.type, span, diagnostics_)) {
        c.item_automaton = static_cast<uint32_t>(program_.automata.size());
        program_.automata.push_back(built->automaton);
        item_automata_[key] = c.item_automaton;
      }
    }
    return c;
  }

  std::string SectionPrefix(uint32_t section) const {
    return section == rt::kNoPos ? "" : checked_.sections[section].name + ".";
  }

  void Fields() {
    for (const check::FieldDef& f : checked_.fields) {
      uint32_t field_id = static_cast<uint32_t>(program_.fields.size());
      rt::Field out;
      out.name = f.name;
      out.section = f.section;
      out.type = f.type.value;
      out.cardinality = f.cardinality;
      out.policy = f.policy;
      out.keyed = f.keyed;
      if (f.condition) {  // checked fields lower one to one, so the index carries over
        out.where_field = f.condition->field;
        out.where_capture = f.condition->capture;
      }
      out.doc = f.doc;
      program_.fields.push_back(std::move(out));
      for (size_t i = 0; i < f.rules.size(); ++i) {
        const check::RuleDef& r = f.rules[i];
        std::string label = fmt::format("{}{}#{}", SectionPrefix(f.section), f.name, i + 1);
        std::vector<automaton::CaptureInfo> captures;
        auto id = ScannedAutomaton(r.pattern, r.span, fmt::format("rule {}", label), &captures);
        if (!id) continue;
        rt::Rule rule;
        rule.field = field_id;
        rule.automaton = *id;
        rule.priority = r.priority;
        rule.order = static_cast<uint32_t>(i);
        rule.source_line = Line(r.span);
        rule.label = label;
        for (const auto& c : captures) rule.captures.push_back(MakeCapture(c, r.span));
        program_.rules.push_back(std::move(rule));
      }
    }
  }

  void Lists() {
    for (const check::ListDef& l : checked_.lists) {
      rt::List out;
      out.name = l.name;
      out.section = l.section;
      out.doc = l.doc;
      std::vector<automaton::CaptureInfo> captures;
      auto id = ScannedAutomaton(l.marker, l.span,
                                 fmt::format("the marker of list '{}{}'", SectionPrefix(l.section),
                                             l.name),
                                 &captures);
      if (!id) continue;
      out.marker_automaton = *id;
      for (uint32_t k = 0; k < captures.size(); ++k) {
        if (captures[k].name == "index") out.index_capture = k;
      }
      if (l.title_end) {
        if (auto end = RegionAutomaton(*l.title_end, l.title_end->span,
                                       fmt::format("the title end of list '{}'", l.name))) {
          out.title_end_automaton = *end;
        }
      }
      program_.lists.push_back(std::move(out));
    }
  }

  void Constraints() {
    for (const check::ConstraintDef& c : checked_.constraints) {
      rt::Constraint out;
      out.kind = c.kind;
      out.severity = c.severity;
      out.section = c.section;
      out.field = c.field;
      out.order = c.order;
      out.low = c.low;
      out.high = c.high;
      out.message = c.message;
      out.label = c.label;
      out.source_line = Line(c.span);
      program_.constraints.push_back(std::move(out));
    }
  }

  // Deterministic order for the prefilter: by literal, then automaton.
  void FinishAnchors() {
    std::sort(program_.anchors.begin(), program_.anchors.end(),
              [](const rt::Anchor& a, const rt::Anchor& b) {
                // The widest max_before first, so deduplication keeps the safe one.
                return std::tie(a.literal, a.automaton, b.max_before) <
                       std::tie(b.literal, b.automaton, a.max_before);
              });
    // A pair named twice keeps a guard only if both name it, and its automaton's prefix only if
    // both read it from the same offset.
    std::vector<rt::Anchor> unique;
    for (const rt::Anchor& an : program_.anchors) {
      if (!unique.empty() && unique.back().literal == an.literal &&
          unique.back().automaton == an.automaton) {
        if (unique.back().guard != an.guard) unique.back().guard = rt::kNoAnchorGuard;
        if (unique.back().prefix_offset != an.prefix_offset) {
          program_.automata[an.automaton].prefix = rt::kNoPos;
        }
        continue;
      }
      unique.push_back(an);
    }
    program_.anchors = std::move(unique);
  }

  const check::CheckedTemplate& checked_;
  const SourceManager& sources_;
  Diagnostics& diagnostics_;
  rt::Program program_;
  automaton::NfaBuilder builder_;
  // Builds the anchor prefixes, with long repetitions as loops (note [reverse prefix]); its own
  // fragment cache keeps them apart from the rules' unrolled ones.
  automaton::NfaBuilder prefix_builder_;
  automaton::AnchorFinder anchor_finder_;
  size_t max_template_insts_;
  // Reversed prefix automata by a hash of their instructions (relative to their first).
  std::multimap<uint64_t, uint32_t> prefix_automata_;
  std::map<std::string, uint32_t> literal_ids_;
  std::map<std::string, uint32_t> lexicon_ids_;
  std::map<std::string, uint32_t> item_automata_;  // list item recognizers by type
};

}  // namespace

std::optional<rt::Program> LowerAndEmit(const check::CheckedTemplate& checked,
                                        const SourceManager& sources, Diagnostics& diagnostics,
                                        const CompileOptions& options) {
  Lowering lowering(checked, sources, diagnostics, options);
  return lowering.Run();
}

}  // namespace rptc

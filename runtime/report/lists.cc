// List items from marker matches. Tested by tests/runtime/report/lists_test.cc.
#include <algorithm>
#include <map>

#include "runtime/report/assemble.h"
#include "runtime/text.h"

namespace rptc::rt::assemble {

namespace {

// The style of markers that carry no number: they form one run, numbered by position.
constexpr const char* kUnnumbered = "\x01unnumbered";

struct Marker {
  Span span;
  int index = 0;       // the number the marker carries, 0 when it has none
  std::string style;   // its numbering scheme (StyleOf): "一(#)", "1#.", "first#,", "一#~"
};

// The numeral family of a marker's number: Chinese numerals, Arabic digits, Roman numerals (upper
// and lower case apart: "(i)" sub-items inside "(I)" items are another list), English ordinal
// words ("First", "second" and "Thirdly" are one family), circled numbers.
std::string_view FamilyOf(std::string_view number) {
  if (number.empty()) return "?";
  const unsigned char c = number[0];
  if (c >= '0' && c <= '9') return "1";
  if (c < 0x80) {
    bool upper_roman = true, lower_roman = true;
    for (char ch : number) {
      upper_roman &= std::string_view("IVXLCDM").find(ch) != std::string_view::npos;
      lower_roman &= std::string_view("ivxlcdm").find(ch) != std::string_view::npos;
    }
    return upper_roman ? "I" : lower_roman ? "i" : "first";
  }
  // ① … ⑳ (U+2460 … U+2473) where normalisation keeps them.
  if (number.size() >= 3 && c == 0xE2 && static_cast<unsigned char>(number[1]) == 0x91) return "①";
  return "一";
}

// One code point of `text` at `pos` (its bytes), or before `pos` when `before`.
std::string_view CodePointAt(std::string_view text, size_t pos, bool before) {
  if (before) {
    if (pos == 0) return {};
    size_t b = pos - 1;
    while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
    return text.substr(b, pos - b);
  }
  if (pos >= text.size()) return {};
  return text.substr(pos, DecodeUtf8(text, pos).length);
}

bool IsSpace(std::string_view cp) { return cp == " " || cp == "\t" || cp == "\u3000"; }

// A marker's style: the numbering scheme its items share, so that markers written a little
// differently still make one run. It is the numeral family of the @index capture and the
// brackets that hold the number: the opening brackets (and 第) just before it, the closing
// punctuation just after it, or "~" when a word follows it inside the marker (是, 要, 抓: "一是",
// "二要" are one scheme). Whatever else the marker matched is context, not style: the full stop of
// the sentence before ". Second,", a connective ("; and third,"), an anchor's line break.
// So "First," and ". Second," are "first#,"; "(一)" is "一(#)" and "(1)" is "1(#)".
std::string StyleOf(std::string_view marker, size_t num_begin, size_t num_end) {
  static constexpr std::string_view kOpen[] = {"(", "[", "【", "〔", "〖", "「", "第"};
  static constexpr std::string_view kClose[] = {")", "]", "】", "〕", "〗", "」", ".", "、",
                                                 ",", ":"};
  auto in = [](std::string_view cp, const auto& set) {
    return std::find(std::begin(set), std::end(set), cp) != std::end(set);
  };
  // Spaces between the number and its brackets ("( 1 )") are not part of the style.
  size_t p = num_begin;
  while (p > 0 && IsSpace(CodePointAt(marker, p, /*before=*/true))) {
    p -= CodePointAt(marker, p, true).size();
  }
  const size_t open_end = p;
  while (p > 0 && in(CodePointAt(marker, p, /*before=*/true), kOpen)) {
    p -= CodePointAt(marker, p, true).size();
  }
  const std::string_view open = marker.substr(p, open_end - p);
  std::string close;
  p = num_end;
  while (p < marker.size() && IsSpace(CodePointAt(marker, p, false))) {
    p += CodePointAt(marker, p, false).size();
  }
  while (p < marker.size()) {
    std::string_view cp = CodePointAt(marker, p, false);
    if (!in(cp, kClose)) {
      if (close.empty()) close.push_back('~');  // a word after the number: 一是, 二要
      break;
    }
    close += cp;
    p += cp.size();
  }
  std::string style(FamilyOf(marker.substr(num_begin, num_end - num_begin)));
  style.append(open).append("#").append(close);
  return style;
}

// Where a title stops by default: the end of a sentence or line. Commas do not end a title
// ("坚持抢抓重大发展机遇,做好各项工作谋划设计").
uint32_t DefaultTitleEnd(std::string_view text, uint32_t from, uint32_t limit) {
  for (uint32_t i = from; i < limit; ++i) {
    unsigned char c = text[i];
    if (c == '\n' || c == ';' || c == '!' || c == '?') return i;
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x82) {
      return i;  // 。
    }
  }
  return limit;
}

Span Trim(std::string_view text, Span s) {
  auto space_at = [&](uint32_t i) { return text[i] == ' ' || text[i] == '\t' || text[i] == '\r'; };
  while (s.begin < s.end && space_at(s.begin)) ++s.begin;
  while (s.end > s.begin && space_at(s.end - 1)) --s.end;
  // A full-width space (U+3000) that NFKC left alone is folded by normalisation; nothing else.
  return s;
}

// Drops closing sentence punctuation (. 。 ; ! ?) and spaces from the end of `s`.
Span TrimSentenceEnd(std::string_view text, Span s) {
  while (s.end > s.begin) {
    const char c = text[s.end - 1];
    if (c == '.' || c == ';' || c == '!' || c == '?') {
      --s.end;
    } else if (s.end - s.begin >= 3 && text.substr(s.end - 3, 3) == "\u3002") {
      s.end -= 3;  // 。
    } else {
      break;
    }
    s = Trim(text, s);
  }
  return s;
}

// Numbered markers of one style form runs 1, 2, 3 ... A report sometimes skips a number (a
// scraped page lost "(三)"), so one missing number is bridged: 1, 2, 4, 5 is one run. The open
// runs that `m` may continue are `open` (indices into `runs`, the latest last); this returns the
// position in `open` of the run `m` continues: the latest whose next number it bears, else the
// latest it continues over one missing number (so a stray "(一)" then "(三)" leave "(一)(二)" its
// "(三)"), or npos.
size_t ContinuedRun(const std::vector<std::vector<const Marker*>>& runs,
                    const std::vector<size_t>& open, const Marker& m) {
  for (int step : {1, 2}) {
    for (size_t k = open.size(); k-- > 0;) {
      if (m.index == runs[open[k]].back()->index + step) return k;
    }
  }
  return std::string::npos;
}

// The runs of one style's markers, in text order. A marker numbered 1 restarts the numbering:
// it opens a new run, so the 一是…三是 of item (一), of item (二) and the 一是…五是 of item (三) are
// three sub-lists, never one run 一是, 二是, 三是 (of (一)), 四是, 五是 (of (三)). Any other marker
// continues an open run (ContinuedRun), and the runs opened after that one are closed: they were
// nested in its last item, or a stray "1". A marker that continues no run (a stray "(5)") is left
// out. Each marker is looked at once, and against the open runs only.
std::vector<std::vector<const Marker*>> RunsOf(const std::vector<const Marker*>& style_markers) {
  std::vector<std::vector<const Marker*>> runs;
  std::vector<size_t> open;
  for (const Marker* m : style_markers) {
    if (m->index == 1) {
      open.push_back(runs.size());
      runs.push_back({m});
      continue;
    }
    const size_t k = ContinuedRun(runs, open, *m);
    if (k == std::string::npos) continue;
    runs[open[k]].push_back(m);
    open.resize(k + 1);
  }
  return runs;
}

// The distance from the first marker of `run` to its last.
uint64_t SpanOf(const std::vector<const Marker*>& run) {
  return run.back()->span.begin - run.front()->span.begin;
}

// True if the items of `inner` are shorter on average than those of `outer`, each run's mean
// item length being its span over its number of gaps (a run of one marker has none: length 0).
// The cross-multiplied form compares the two fractions without dividing.
bool ShorterItems(const std::vector<const Marker*>& inner,
                  const std::vector<const Marker*>& outer) {
  const uint64_t inner_gaps = std::max<size_t>(inner.size() - 1, 1);
  return SpanOf(inner) * (outer.size() - 1) < SpanOf(outer) * inner_gaps;
}

// True if `inner` is a sub-list of one item of `outer`, such as "1." items inside "(一)", or the
// 一是/二是 of one paragraph: every marker of `inner` lies between the same two consecutive markers
// of `outer`, or after the last one, inside the last item, which runs to the end of the list's
// region. After the last marker a sub-list of the last item (5×一是 inside the last of three
// (一) items) and a list that follows a short run in the preamble (the (一) items after
// "总体要求:1.稳增长。2.调结构。") both lie there; the items tell them apart: a sub-list's items
// are parts of one item, so shorter than the items of its list, while the plan's items are longer
// than the preamble's clauses.
bool NestedIn(const std::vector<const Marker*>& inner, const std::vector<const Marker*>& outer) {
  if (inner.empty() || outer.size() < 2) return false;
  auto item_of = [&](uint32_t pos) {  // the markers of `outer` at or before pos; 0: before all
    return static_cast<size_t>(
        std::upper_bound(outer.begin(), outer.end(), pos,
                         [](uint32_t p, const Marker* m) { return p < m->span.begin; }) -
        outer.begin());
  };
  const size_t first = item_of(inner.front()->span.begin);
  if (first == 0 || item_of(inner.back()->span.begin) != first) return false;
  return first < outer.size() || ShorterItems(inner, outer);
}

// The list's run among the marker styles: of the runs that are not nested inside an item of
// another run (so a seven-item sub-list inside item (二) does not beat six top-level items), the
// one that spreads its items over the most text; then the longer, then the earlier one.
std::vector<const Marker*> ChooseNumberedRun(const std::vector<Marker>& markers) {
  std::map<std::string, std::vector<const Marker*>> by_style;
  for (const Marker& m : markers) by_style[m.style].push_back(&m);
  std::vector<std::vector<const Marker*>> runs;
  for (auto& [style, list] : by_style) {
    if (style == kUnnumbered) {
      runs.push_back(list);
      continue;
    }
    for (auto& run : RunsOf(list)) runs.push_back(std::move(run));
  }
  // Items times the distance from the first marker to the last: the top-level plan runs through
  // the whole section, while a short run in its preamble ("一是…二是…三是" before the (一) items),
  // or two stray markers in different items, covers little of it.
  auto weight = [](const std::vector<const Marker*>& run) {
    return static_cast<uint64_t>(run.size()) * (run.back()->span.begin - run.front()->span.begin);
  };
  auto better = [&](const std::vector<const Marker*>& a, const std::vector<const Marker*>& b) {
    if (weight(a) != weight(b)) return weight(a) > weight(b);
    if (a.size() != b.size()) return a.size() > b.size();
    return a.front()->span.begin < b.front()->span.begin;
  };
  // Unnumbered markers inside a numbered plan of three or more items are headings of its items'
  // paragraphs (a 着力… paragraph in each item), never the plan itself: some of them stand
  // between the plan's first marker and its last. A numbered run wholly before them is no such
  // plan: "总体思路是:一是稳增长,二是调结构,三是惠民生" in the preamble of an unnumbered plan
  // (the weight in `better` then decides).
  auto inside_numbered_plan = [&](const std::vector<const Marker*>& run) {
    if (run.front()->style != kUnnumbered) return false;
    for (const auto& other : runs) {
      if (other.front()->style == kUnnumbered || other.size() < 3) continue;
      const uint32_t first = other.front()->span.begin, last = other.back()->span.begin;
      for (const Marker* m : run) {
        if (first < m->span.begin && m->span.begin < last) return true;
      }
    }
    return false;
  };
  const std::vector<const Marker*>* best = nullptr;
  for (const auto& run : runs) {
    bool nested = inside_numbered_plan(run);
    for (const auto& other : runs) nested |= &other != &run && NestedIn(run, other);
    if (!nested && (best == nullptr || better(run, *best))) best = &run;
  }
  return best == nullptr ? std::vector<const Marker*>{} : *best;
}

}  // namespace

std::vector<RawList> BuildLists(const Program& program, std::string_view text,
                                const MatchTable& table,
                                const std::vector<SectionRegion>& sections,
                                const FindAllFn& find_all) {
  std::vector<RawList> out;
  std::vector<Span> found;
  for (uint32_t li = 0; li < program.lists.size(); ++li) {
    const List& list = program.lists[li];
    RawList raw;
    raw.list = li;
    Span region{0, static_cast<uint32_t>(text.size())};
    if (list.section != kNoPos) {
      if (!sections[list.section].present) {
        out.push_back(std::move(raw));
        continue;
      }
      // Items follow the section's heading, never inside it.
      region = {sections[list.section].heading.end, sections[list.section].span.end};
    }
    std::vector<Marker> markers;
    for (uint32_t mi : table.by_automaton[list.marker_automaton]) {
      const MatchRecord& m = table.matches[mi];
      if (m.begin < region.begin || m.end > region.end) continue;
      if (!markers.empty() && m.begin < markers.back().span.end) continue;
      Marker mk;
      mk.span = {m.begin, m.end};
      std::string marker_text(text.substr(m.begin, m.end - m.begin));
      if (list.index_capture != kNoPos) {
        const uint32_t* slots = table.Slots(m);
        uint32_t b = slots[2 * list.index_capture + 2];
        uint32_t e = slots[2 * list.index_capture + 3];
        if (b == kNoPos && e == kNoPos) {
          // A marker alternative without @index ("着力…" headings): an unnumbered item.
          mk.style = kUnnumbered;
          markers.push_back(std::move(mk));
          continue;
        }
        if (b == kNoPos || e == kNoPos || b > e) continue;
        std::optional<Value> v = ParseValue(ValueType::kRank, text.substr(b, e - b));
        if (!v) continue;
        mk.index = static_cast<int>(v->number);
        mk.style = StyleOf(marker_text, b - m.begin, e - m.begin);
      }
      markers.push_back(std::move(mk));
    }
    std::vector<const Marker*> chosen;
    if (list.index_capture == kNoPos) {
      for (const Marker& m : markers) chosen.push_back(&m);
    } else {
      chosen = ChooseNumberedRun(markers);
    }
    for (size_t i = 0; i < chosen.size(); ++i) {
      RawItem item;
      item.index = chosen[i]->style == kUnnumbered || list.index_capture == kNoPos
                       ? static_cast<int>(i + 1)
                       : chosen[i]->index;  // unnumbered items are numbered by position
      item.marker = Trim(text, chosen[i]->span);  // " first," after a colon: the capture's space
      uint32_t body_end = i + 1 < chosen.size() ? chosen[i + 1]->span.begin : region.end;
      // A marker without a number is words of the heading ("着力扩大内需"), so its item and title
      // start with it; a numbered marker ("(一)") is left out of both.
      const bool unnumbered = chosen[i]->style == kUnnumbered;
      item.body = {unnumbered ? chosen[i]->span.begin : chosen[i]->span.end, body_end};
      // The default end is only looked for when the template gives none: it scans the body.
      uint32_t title_end;
      if (list.title_end_automaton != kNoPos) {
        found.clear();
        find_all(list.title_end_automaton, item.body.begin, body_end, 1, found);
        title_end = found.empty() ? body_end : found.front().begin;
      } else {
        title_end = DefaultTitleEnd(text, item.body.begin, body_end);
      }
      item.title = Trim(text, {item.body.begin, title_end});
      // A title that runs to the end of its item met no title end: the item's text ends inside
      // it, and an end that needs what follows ("." (" " | "\n")) cannot match at the end of
      // the text. Its last sentence's closing punctuation is not part of the title.
      if (title_end == body_end) item.title = TrimSentenceEnd(text, item.title);
      raw.items.push_back(item);
    }
    out.push_back(std::move(raw));
  }
  return out;
}

}  // namespace rptc::rt::assemble

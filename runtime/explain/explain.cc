#include "runtime/explain/explain.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "runtime/engine/matcher.h"
#include "runtime/explain/reach.h"
#include "runtime/report/assemble.h"
#include "runtime/report/match_sinks.h"
#include "runtime/report/scan_plan.h"
#include "runtime/text.h"

namespace rptc::rt::explain {

namespace {

using assemble::FillName;
using assemble::Span;

// The lexicon a keyed field's `key` capture resolves in (from its rules).
uint32_t KeyLexicon(const Program& program, uint32_t field) {
  for (const Rule& r : program.rules) {
    if (r.field != field) continue;
    for (const Capture& c : r.captures) {
      if (c.name == "key" && c.lexicon < program.lexicons.size()) return c.lexicon;
    }
  }
  return kNoPos;
}

std::string SectionPath(const Program& program, uint32_t section) {
  if (section == kNoPos || section >= program.sections.size()) return "";
  return program.sections[section].name;
}

std::string SectionChain(const Program& program, uint32_t section) {
  std::string out;
  int guard = 0;
  while (section != kNoPos && section < program.sections.size() && guard++ < 100) {
    out = out.empty() ? program.sections[section].name
                      : program.sections[section].name + "." + out;
    section = program.sections[section].parent;
  }
  return out;
}

// Cuts `s` to at most `max` bytes at a UTF-8 character boundary.
std::string Cut(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<uint8_t>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsCharStart(std::string_view text, uint32_t pos) {
  return pos >= text.size() || (static_cast<uint8_t>(text[pos]) & 0xC0) != 0x80;
}

// The next `n` code points of text from pos (for "found ..." messages), up to a line end.
std::string_view Peek(std::string_view text, uint32_t pos, size_t n) {
  if (pos >= text.size()) return {};
  size_t end = pos;
  size_t count = 0;
  while (end < text.size() && count < n && text[end] != '\n') {
    end += DecodeUtf8(text, end).length;
    ++count;
  }
  return text.substr(pos, end - pos);
}

std::string Number(double d) {
  if (std::isfinite(d) && std::fabs(d) < 9e15 && d == std::floor(d)) {
    return fmt::format("{}", static_cast<int64_t>(d));
  }
  return fmt::format("{}", d);
}

// Everything one explanation needs about the document.
class Session {
 public:
  Session(const Program& program, RuleModel* model, std::string_view document,
          const ExplainOptions& options)
      : program_(program), model_(model), document_(document), options_(options),
        matcher_(program), lines_(document) {
    NormalizeOptions norm_options;
    norm_options.nfkc = program.normalize_nfkc;
    norm_options.hant_to_hans = program.hant_to_hans;
    norm_ = Normalize(document, norm_options);
    text_ = norm_.text;
    folded_.assign(text_.begin(), text_.end());
    for (char& c : folded_) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    scratch_ = matcher_.NewScratch();
    find_all_ = assemble::FindAllWith(matcher_, text_, *scratch_);
    // The values come from the same phased scan as extraction's, so the two agree; every match
    // of every rule over the whole text (table_) then explains them.
    assemble::MatchTable phased;
    phased.capture = assemble::CaptureWith(matcher_, program, text_, *scratch_);
    std::vector<assemble::SectionRegion> sections = assemble::ScanPlan(program).Scan(
        program, matcher_, text_, *scratch_, phased, find_all_, {}, &skips_);
    assembled_ = assemble::Assemble(program, text_, phased, std::move(sections), find_all_);
    assemble::TableSink sink(program, table_, /*captured=*/true);
    matcher_.Scan(text_, *scratch_, sink);
    table_.Index(program.automata.size());
  }

  Where MakeWhere(uint32_t begin, uint32_t end) const {
    Where w;
    NormalizedText::Span o = norm_.ToOriginalSpan(begin, std::max(begin, end));
    w.begin = o.begin;
    w.end = o.end;
    auto lc = lines_.Locate(o.begin);
    w.line = lc.line;
    w.column = lc.column;
    w.text = Cut(document_.substr(o.begin, o.end - o.begin), 200);
    return w;
  }
  std::string Loc(uint32_t pos) const {
    Where w = MakeWhere(pos, pos);
    return fmt::format("{}:{}", w.line, w.column);
  }

  ValueInfo MakeValue(const assemble::RawValue& v) const {
    ValueInfo out;
    out.field = v.name;
    out.value = v.value;
    out.where = MakeWhere(v.value_span.begin, v.value_span.end);
    out.rule = program_.rules[v.rule].label;
    return out;
  }

  Explanation Run(const FieldRef& ref, std::string_view path, std::string_view name) {
    Explanation e;
    e.path = std::string(path);
    e.document = std::string(name);
    e.field = ref.field;
    e.field_name = ref.name;
    const Field& field = program_.fields[ref.field];
    e.type = field.type;
    e.cardinality = field.cardinality;
    e.policy = field.policy;
    e.keyed = field.keyed;
    e.section = SectionChain(program_, field.section);
    region_ = {0, static_cast<uint32_t>(text_.size())};
    if (field.section != kNoPos) {
      const assemble::SectionRegion& sr = assembled_.sections[field.section];
      e.section_present = sr.present;
      if (sr.present) {
        region_ = sr.span;
        e.section_span = MakeWhere(sr.span.begin, sr.span.end);
        // For display: the heading, not the whole section.
        e.section_span->text = MakeWhere(sr.heading.begin, sr.heading.end).text;
      }
    }
    for (const assemble::RawValue& v : assembled_.values) {
      if (v.field == ref.field && v.name == ref.name) e.chosen.push_back(MakeValue(v));
    }
    for (uint32_t r = 0; r < program_.rules.size(); ++r) {
      if (program_.rules[r].field != ref.field) continue;
      e.rules.push_back(ExplainRule(r, ref, e));
    }
    return e;
  }

 private:
  // ---- Matches -----------------------------------------------------------------------------

  struct Cap {
    bool set = false;
    Span span;
    const Capture* cap = nullptr;
  };
  Cap FindCap(const Rule& rule, const assemble::MatchRecord& m, std::string_view name) const {
    for (uint32_t k = 0; k < rule.captures.size(); ++k) {
      if (rule.captures[k].name != name) continue;
      uint32_t b = table_.slots[m.slot_base + 2 * k + 2];
      uint32_t en = table_.slots[m.slot_base + 2 * k + 3];
      Cap c;
      c.cap = &rule.captures[k];
      if (b != kNoPos && en != kNoPos && b <= en) {
        c.set = true;
        c.span = {b, en};
      }
      return c;
    }
    return {};
  }

  // The keys a keyed match names (empty when they do not resolve).
  std::vector<uint32_t> MatchKeys(const Rule& rule, const assemble::MatchRecord& m) const {
    std::vector<uint32_t> keys;
    Cap key = FindCap(rule, m, "key");
    if (!key.set || key.cap->lexicon >= program_.lexicons.size()) return keys;
    const Lexicon& lex = program_.lexicons[key.cap->lexicon];
    std::vector<Span> items;
    if (key.cap->is_list && key.cap->item_automaton != kNoPos) {
      find_all_(key.cap->item_automaton, key.span.begin, key.span.end, assemble::kAllMatches,
                items);
    } else {
      items.push_back(key.span);
    }
    for (Span s : items) {
      uint32_t k = assemble::LookupKey(lex, text_.substr(s.begin, s.end - s.begin));
      if (k != kNoPos) keys.push_back(k);
    }
    return keys;
  }

  static bool SameValue(const assemble::RawValue& a, const assemble::RawValue& b) {
    return a.field == b.field && a.name == b.name && a.rule == b.rule &&
           a.value_span.begin == b.value_span.begin && a.value_span.end == b.value_span.end;
  }

  // A value as a condition compares it: a key or text as written, a number as a number.
  static std::string ConditionText(const Value& v) {
    if (v.type == ValueType::kText || v.type == ValueType::kKey) return v.text;
    return fmt::format("{}", v.number);
  }

  void Judge(const assemble::RawValue& cand, const Field& field, MatchInfo& info) const {
    // Dropped by the field's `where` before its policy chose (assemble::ChooseValues).
    if (field.where_field != kNoPos && cand.condition) {
      for (const assemble::RawValue& v : assembled_.values) {
        if (v.field != field.where_field) continue;
        std::string mine = ConditionText(*cand.condition), theirs = ConditionText(v.value);
        if (mine == theirs) break;
        info.status = MatchInfo::Status::kLost;
        info.reason = fmt::format("its @{} is {}, not {} = {} (where @{} == {})",
                                  field.where_capture, mine, program_.fields[v.field].name,
                                  theirs, field.where_capture, program_.fields[v.field].name);
        return;
      }
    }
    const assemble::RawValue* winner = nullptr;
    for (const assemble::RawValue& v : assembled_.values) {
      if (v.field != cand.field || v.name != cand.name) continue;
      if (SameValue(v, cand)) {
        info.status = MatchInfo::Status::kWon;
        if (field.cardinality == Cardinality::kMany) {
          info.reason = fmt::format("kept: a `many` field keeps every value (policy {})",
                                    PolicyName(field.policy));
        } else if (field.policy == Policy::kFirst) {
          info.reason = "the first value in the text (policy first)";
        } else if (field.policy == Policy::kLast) {
          info.reason = "the last value in the text (policy last)";
        } else {
          info.reason = fmt::format("the best value: priority {} (policy best)",
                                    program_.rules[cand.rule].priority);
        }
        return;
      }
      if (!winner) winner = &v;
      if (v.value_span.begin == cand.value_span.begin &&
          v.value_span.end == cand.value_span.end) {
        winner = &v;
      }
    }
    if (!winner) {
      info.status = MatchInfo::Status::kLost;
      info.reason = "dropped while choosing values";
      return;
    }
    info.lost_to = MakeValue(*winner);
    const Rule& rw = program_.rules[winner->rule];
    const Rule& rc = program_.rules[cand.rule];
    if (winner->value_span.begin == cand.value_span.begin &&
        winner->value_span.end == cand.value_span.end) {
      info.status = MatchInfo::Status::kDuplicate;
      info.reason = fmt::format("the same text was read by rule {}, which is kept", rw.label);
      return;
    }
    info.status = MatchInfo::Status::kLost;
    switch (field.policy) {
      case Policy::kFirst:
      case Policy::kAll:
        info.reason = fmt::format("an earlier value at {}:{} (rule {}) won (policy first)",
                                  info.lost_to->where.line, info.lost_to->where.column, rw.label);
        break;
      case Policy::kLast:
        info.reason = fmt::format("a later value at {}:{} (rule {}) won (policy last)",
                                  info.lost_to->where.line, info.lost_to->where.column, rw.label);
        break;
      case Policy::kBest:
        if (rw.priority != rc.priority) {
          info.reason = fmt::format("rule {} has a higher priority ({} > {}; policy best)",
                                    rw.label, rw.priority, rc.priority);
        } else if (rw.order != rc.order) {
          info.reason = fmt::format(
              "rule {} has the same priority ({}) and comes first in the template (policy best)",
              rw.label, rw.priority);
        } else {
          info.reason = fmt::format(
              "an earlier value of the same rule at {}:{} won (policy best, equal priority)",
              info.lost_to->where.line, info.lost_to->where.column);
        }
        break;
    }
  }

  void ExplainMatches(uint32_t r, const FieldRef& ref, RuleExplanation& out) {
    const Rule& rule = program_.rules[r];
    const Field& field = program_.fields[rule.field];
    if (rule.automaton >= table_.by_automaton.size()) return;
    for (uint32_t mi : table_.by_automaton[rule.automaton]) {
      const assemble::MatchRecord& m = table_.matches[mi];
      if (field.keyed) {
        std::vector<uint32_t> keys = MatchKeys(rule, m);
        if (!keys.empty() && std::find(keys.begin(), keys.end(), ref.key) == keys.end()) {
          ++out.other_keys;
          continue;
        }
      }
      MatchInfo info;
      info.match = MakeWhere(m.begin, m.end);
      bool inside = m.begin >= region_.begin && m.begin < region_.end;
      if (field.section != kNoPos && !assembled_.sections[field.section].present) inside = false;
      if (inside && field.section != kNoPos && field.section < skips_.size()) {
        const std::vector<SkipSpan>& skip = skips_[field.section];
        auto it = std::upper_bound(skip.begin(), skip.end(), m.begin,
                                   [](uint32_t b, const SkipSpan& s) { return b < s.first; });
        if (it != skip.begin() && m.begin < (it - 1)->second) {
          info.status = MatchInfo::Status::kExcluded;
          info.reason = fmt::format("starts inside text that an exclude pattern of section {} "
                                    "matched ({} to {})",
                                    SectionPath(program_, field.section),
                                    Loc((it - 1)->first), Loc((it - 1)->second));
          out.matches.push_back(std::move(info));
          continue;
        }
      }
      if (!inside) {
        info.status = MatchInfo::Status::kOutsideSection;
        if (!assembled_.sections[field.section].present) {
          info.reason = fmt::format("section {} was not found in the document",
                                    SectionPath(program_, field.section));
        } else {
          info.reason = fmt::format("outside section {} ({} to {})",
                                    SectionPath(program_, field.section), Loc(region_.begin),
                                    Loc(region_.end));
        }
        out.matches.push_back(std::move(info));
        continue;
      }
      Cap value = FindCap(rule, m, "value");
      if (!value.set) {
        info.status = MatchInfo::Status::kNoValue;
        info.reason =
            "matched without an @value: this alternative only consumes the text (so that the "
            "rule cannot match inside it)";
        out.matches.push_back(std::move(info));
        continue;
      }
      // The candidates of this one match.
      assemble::MatchTable one;
      assemble::MatchRecord copy = m;
      copy.slot_base = 0;
      uint32_t n = program_.automata[m.automaton].num_slots;
      one.slots.assign(table_.slots.begin() + m.slot_base, table_.slots.begin() + m.slot_base + n);
      one.matches.push_back(copy);
      one.Index(program_.automata.size());
      std::vector<assemble::RawValue> cands =
          assemble::CollectValues(program_, text_, one, assembled_.sections, find_all_);
      std::vector<assemble::RawValue> mine;
      for (assemble::RawValue& c : cands) {
        if (c.name == ref.name) mine.push_back(std::move(c));
      }
      if (mine.empty()) {
        std::string_view vt = text_.substr(value.span.begin, value.span.end - value.span.begin);
        if (field.keyed && !cands.empty()) {
          ++out.other_keys;
          continue;
        }
        Cap key_cap = FindCap(rule, m, "key");
        if (field.keyed && (value.cap->is_list || (key_cap.cap && key_cap.cap->is_list))) {
          info.status = MatchInfo::Status::kUnpaired;
          info.reason = fmt::format(
              "the keys and the values of this match do not pair up (or a value did not parse "
              "as {}): '{}'",
              ValueTypeName(value.cap->type), Cut(vt, 80));
        } else {
          info.status = MatchInfo::Status::kUnparsed;
          info.reason = fmt::format("the @value text '{}' did not parse as {}", Cut(vt, 80),
                                    ValueTypeName(value.cap->type));
        }
        out.matches.push_back(std::move(info));
        continue;
      }
      for (const assemble::RawValue& c : mine) info.values.push_back(MakeValue(c));
      Judge(mine.front(), field, info);
      out.matches.push_back(std::move(info));
    }
  }

  // ---- Near misses -------------------------------------------------------------------------

  struct Step {
    uint32_t element;
    Span span;
  };
  struct SeqResult {
    bool complete = false;
    std::vector<Step> steps;
    std::optional<uint32_t> failed;
    uint32_t failed_at = 0;
    uint32_t failed_reach = 0;
    std::vector<uint32_t> following;  // elements after the failed one
  };

  uint32_t CharFloor(uint32_t pos) const {
    while (pos > 0 && pos < text_.size() && !IsCharStart(text_, pos)) --pos;
    return pos;
  }

  // The attempt that fits more of the text: further reach, then a later failure point, then
  // more elements matched.
  static bool Better(const SeqResult& a, const SeqResult& b) {
    return std::make_tuple(a.failed_reach, a.failed_at, a.steps.size()) >
           std::make_tuple(b.failed_reach, b.failed_at, b.steps.size());
  }

  SeqResult Analyze(const std::vector<uint32_t>& prefix, uint32_t prefix_end,
                    const std::vector<Step>& prefix_steps, const std::vector<uint32_t>& seq,
                    const std::vector<uint32_t>& following, uint32_t start, uint32_t limit,
                    int depth) {
    SeqResult res;
    res.steps = prefix_steps;
    std::vector<uint32_t> cur = prefix;
    uint32_t end = prefix_end;
    for (size_t k = 0; k < seq.size(); ++k) {
      cur.push_back(seq[k]);
      std::optional<uint32_t> a = model_->SequenceAutomaton(cur);
      ReachResult rr;
      if (a) rr = reacher_.Run(model_->program(), *a, text_, start, limit);
      if (!a || !rr.matched) {
        res.failed = seq[k];
        res.failed_at = end;
        // A byte automaton can stop inside a character (phrases share leading bytes).
        res.failed_reach = a ? std::max(CharFloor(rr.reach), end) : end;
        res.following.assign(seq.begin() + static_cast<long>(k) + 1, seq.end());
        res.following.insert(res.following.end(), following.begin(), following.end());
        cur.pop_back();
        break;
      }
      res.steps.push_back({seq[k], {end, std::max(end, rr.end)}});
      end = std::max(end, rr.end);
    }
    if (!res.failed) {
      res.complete = true;
      return res;
    }
    if (depth >= 5 || ++expansions_ > 400) return res;
    std::vector<std::vector<uint32_t>> alts = model_->Expand(*res.failed);
    std::optional<SeqResult> best;
    for (size_t i = 0; i < alts.size() && i < 24; ++i) {
      SeqResult sub = Analyze(cur, res.failed_at, res.steps, alts[i], res.following, start,
                              limit, depth + 1);
      if (sub.complete) continue;
      // Opening the element is worth it only when part of its body consumed text.
      if (sub.failed_at <= res.failed_at) continue;
      if (!best || Better(sub, *best)) best = std::move(sub);
    }
    if (best) return std::move(*best);
    return res;
  }

  ElementStep MakeStep(uint32_t element, Span span) {
    const ElementInfo& info = model_->Info(element);
    ElementStep s;
    s.label = info.label;
    s.line = info.line;
    s.column = info.column;
    s.where = MakeWhere(span.begin, span.end);
    return s;
  }

  static bool IsBoundary(std::string_view ch, bool sentence) {
    static const char* kSentence[] = {"\n", "!", "?", ";", "。", "！", "？", "；"};
    static const char* kClause[] = {",", ":", "、", "，", "："};
    for (const char* b : kSentence) {
      if (ch == b) return true;
    }
    if (!sentence) {
      for (const char* b : kClause) {
        if (ch == b) return true;
      }
    }
    return false;
  }

  // Measures a gap that could not bridge to the element after it. `from` is where the gap
  // starts, `next` the element after the gap. Returns the message, or "" when nothing useful
  // can be said.
  std::string MeasureGap(const ElementInfo& gap, uint32_t from, const std::string& before,
                         std::optional<uint32_t> next, NearMiss& nm, bool& not_found) {
    not_found = false;
    std::string gap_label = gap.label;
    std::string after_what = before.empty() ? std::string("the start") : before;
    // The first boundary the gap may not cross.
    uint32_t boundary = kNoPos;
    std::string boundary_char;
    size_t chars_to_boundary = 0;
    for (uint32_t p = from; p < text_.size();) {
      Utf8Char c = DecodeUtf8(text_, p);
      std::string_view ch = text_.substr(p, c.length);
      if (IsBoundary(ch, gap.gap_sentence)) {
        boundary = p;
        boundary_char = std::string(ch);
        break;
      }
      ++chars_to_boundary;
      p += c.length;
    }
    // The nearest occurrence of the next element on the same line.
    std::optional<Span> found;
    if (next) {
      std::optional<uint32_t> a = model_->SequenceAutomaton({*next});
      if (a) {
        uint32_t line_end = static_cast<uint32_t>(text_.find('\n', from));
        if (line_end == static_cast<uint32_t>(std::string_view::npos)) {
          line_end = static_cast<uint32_t>(text_.size());
        }
        uint32_t stop = std::min<uint32_t>(line_end, from + 600);
        for (uint32_t p = from; p <= stop; ++p) {
          if (!IsCharStart(text_, p)) continue;
          ReachResult rr = reacher_.Run(model_->program(), *a, text_, p,
                                        std::min<uint32_t>(line_end, p + 400));
          if (rr.matched && rr.end > p) {
            found = Span{p, rr.end};
            break;
          }
        }
      }
    }
    std::string next_label = next ? model_->Info(*next).label : std::string("the rest");
    if (found) {
      size_t distance = CodePoints(text_.substr(from, found->begin - from));
      std::string found_text(text_.substr(found->begin, found->end - found->begin));
      nm.failed_at = MakeWhere(found->begin, found->begin);
      if (boundary != kNoPos && boundary < found->begin) {
        nm.failed_at = MakeWhere(boundary, boundary);
        return fmt::format(
            "{} cannot cross the {} boundary '{}' at {}: {} characters between {} and {}",
            gap_label, gap.gap_sentence ? "sentence" : "clause",
            boundary_char == "\n" ? "\\n" : boundary_char, Loc(boundary), distance, after_what,
            Cut(found_text, 40));
      }
      if (static_cast<int>(distance) > gap.gap_max) {
        return fmt::format("{} exceeded: {} characters between {} and {}", gap_label, distance,
                           after_what, Cut(found_text, 40));
      }
      if (static_cast<int>(distance) < gap.gap_min) {
        return fmt::format("{} too short: {} characters between {} and {}", gap_label, distance,
                           after_what, Cut(found_text, 40));
      }
      return "";
    }
    if (boundary != kNoPos && static_cast<int>(chars_to_boundary) < gap.gap_min) {
      nm.failed_at = MakeWhere(boundary, boundary);
      return fmt::format("{} needs at least {} characters, but a {} boundary '{}' comes after {}",
                         gap_label, gap.gap_min, gap.gap_sentence ? "sentence" : "clause",
                         boundary_char == "\n" ? "\\n" : boundary_char, chars_to_boundary);
    }
    not_found = true;
    return fmt::format("{} does not occur within {} after {} (found '{}')", next_label,
                       gap_label, after_what, std::string(Peek(text_, from, 12)));
  }

  void DescribeFailure(const SeqResult& res, uint32_t start, NearMiss& nm) {
    for (const Step& s : res.steps) {
      // Synthetic elements (the spaces around a capture) stay out of the list.
      if (model_->Info(s.element).kind == ElementInfo::Kind::kSpaces) continue;
      nm.matched.push_back(MakeStep(s.element, s.span));
    }
    if (!res.failed) return;
    const ElementInfo& failed = model_->Info(*res.failed);
    nm.failed = MakeStep(*res.failed, {res.failed_at, res.failed_at});
    nm.failed_at = MakeWhere(res.failed_at, res.failed_at);
    // The text of the nearest step before index `i` that matched something (or its label).
    auto before_text = [&](size_t i) -> std::string {
      while (i-- > 0) {
        const ElementInfo& in = model_->Info(res.steps[i].element);
        Span sp = res.steps[i].span;
        if (sp.end == sp.begin) continue;
        if (in.kind == ElementInfo::Kind::kSpaces) continue;
        return Cut(text_.substr(sp.begin, sp.end - sp.begin), 40);
      }
      return "";
    };
    // Case 1: the failed element is a gap.
    if (failed.kind == ElementInfo::Kind::kGap) {
      std::optional<uint32_t> next;
      if (!res.following.empty()) next = res.following.front();
      bool not_found = false;
      nm.message =
          MeasureGap(failed, res.failed_at, before_text(res.steps.size()), next, nm, not_found);
      if (!nm.message.empty()) return;
    }
    // Case 2: the failed element follows a gap (that matched, but not far enough).
    if (!res.steps.empty()) {
      // Look back past the elements that matched nothing (spaces, optional words).
      size_t last = res.steps.size();
      while (last > 0 && res.steps[last - 1].span.end == res.steps[last - 1].span.begin &&
             model_->Info(res.steps[last - 1].element).kind != ElementInfo::Kind::kGap) {
        --last;
      }
      if (last > 0 && model_->Info(res.steps[last - 1].element).kind == ElementInfo::Kind::kGap) {
        const Step& gap_step = res.steps[last - 1];
        NearMiss probe = nm;
        bool not_found = false;
        std::string msg = MeasureGap(model_->Info(gap_step.element), gap_step.span.begin,
                                     before_text(last - 1), res.failed, probe, not_found);
        if (!msg.empty() && not_found) {
          // Nothing to bridge to: the element after the gap is what is missing.
          nm.message = msg;
          return;
        }
        if (!msg.empty()) {
          nm.failed = MakeStep(gap_step.element, {gap_step.span.begin, gap_step.span.begin});
          nm.failed_at = probe.failed_at;
          // The gap is the culprit: it is no longer a matched element.
          for (size_t i = nm.matched.size(); i-- > 0;) {
            if (nm.matched[i].label == nm.failed->label) {
              nm.matched.erase(nm.matched.begin() + static_cast<long>(i));
              break;
            }
          }
          nm.message = msg;
          return;
        }
      }
    }
    // Case 3: the element did not match where it should start.
    std::string found(Peek(text_, res.failed_at, 12));
    if (res.failed_reach > res.failed_at) {
      std::string got(text_.substr(res.failed_at, res.failed_reach - res.failed_at));
      nm.message = fmt::format("{} matched '{}' but failed at {} before '{}'", failed.label,
                               Cut(got, 60), Loc(res.failed_reach),
                               std::string(Peek(text_, res.failed_reach, 12)));
    } else if (res.steps.empty()) {
      nm.message = fmt::format("{} did not match at {} ('{}'), nor at any start up to the anchor",
                               failed.label, Loc(start), found);
    } else {
      nm.message = fmt::format("{} did not match at {}: found '{}'", failed.label,
                               Loc(res.failed_at), found);
    }
  }

  void AnalyzeNearMiss(uint32_t r, uint32_t start, NearMiss& nm) {
    const Rule& rule = program_.rules[r];
    uint32_t limit = std::min<uint32_t>(static_cast<uint32_t>(text_.size()),
                                        start + program_.automata[rule.automaton].max_width + 8);
    if (!model_) {
      ReachResult rr = reacher_.Run(program_, rule.automaton, text_, start, limit);
      rr.reach = std::max(start, CharFloor(rr.reach));
      nm.failed_at = MakeWhere(rr.reach, rr.reach);
      nm.message = rr.reach > start
                       ? fmt::format("the rule matched '{}' but failed at {} before '{}'",
                                     Cut(text_.substr(start, rr.reach - start), 60), Loc(rr.reach),
                                     std::string(Peek(text_, rr.reach, 12)))
                       : fmt::format("the rule did not match at {} ('{}')", Loc(start),
                                     std::string(Peek(text_, start, 12)));
      return;
    }
    std::optional<SeqResult> best;
    for (const std::vector<uint32_t>& branch : model_->Branches(r)) {
      SeqResult res = Analyze({}, start, {}, branch, {}, start, limit, 0);
      if (res.complete) continue;
      if (!best || Better(res, *best)) best = std::move(res);
    }
    if (!best) {
      nm.message = "every element matched here when tried alone, but not the rule as a whole";
      nm.failed_at = MakeWhere(start, start);
      return;
    }
    DescribeFailure(*best, start, nm);
  }

  void ExplainNearMisses(uint32_t r, const FieldRef& ref, RuleExplanation& out) {
    const Rule& rule = program_.rules[r];
    const Field& field = program_.fields[rule.field];
    struct Hit {
      uint32_t pos, len, max_before;
      std::string literal;
    };
    std::vector<Hit> hits;
    for (const Anchor& a : program_.anchors) {
      if (a.automaton != rule.automaton || a.literal >= program_.literals.size()) continue;
      const std::string& lit = program_.literals[a.literal];
      out.anchors.push_back(lit);
      if (lit.empty()) continue;
      for (size_t p = folded_.find(lit, region_.begin); p != std::string::npos;
           p = folded_.find(lit, p + 1)) {
        if (p + lit.size() > region_.end) break;
        hits.push_back({static_cast<uint32_t>(p), static_cast<uint32_t>(lit.size()), a.max_before,
                        lit});
      }
    }
    if (out.anchors.empty()) {
      out.unanchored = true;
      return;
    }
    std::sort(hits.begin(), hits.end(),
              [](const Hit& a, const Hit& b) { return std::tie(a.pos, b.len) < std::tie(b.pos, a.len); });
    // Keyed fields: only hits that name the key asked for (or are not key phrases at all and
    // have a phrase of that key nearby).
    const Lexicon* key_lex = field.keyed && ref.lexicon < program_.lexicons.size()
                                 ? &program_.lexicons[ref.lexicon]
                                 : nullptr;
    auto key_ok = [&](const Hit& h) {
      if (!key_lex) return true;
      bool is_phrase = false;
      for (size_t i = 0; i < key_lex->phrases.size(); ++i) {
        if (key_lex->phrases[i] == h.literal) {
          is_phrase = true;
          if (key_lex->phrase_keys[i] == ref.key) return true;
        }
      }
      if (is_phrase) return false;
      uint32_t lo = h.pos > h.max_before ? h.pos - h.max_before : 0;
      uint32_t hi = std::min<uint32_t>(static_cast<uint32_t>(text_.size()),
                                       h.pos + program_.automata[rule.automaton].max_width);
      std::string_view window = std::string_view(folded_).substr(lo, hi - lo);
      for (size_t i = 0; i < key_lex->phrases.size(); ++i) {
        if (key_lex->phrase_keys[i] == ref.key && !key_lex->phrases[i].empty() &&
            window.find(key_lex->phrases[i]) != std::string_view::npos) {
          return true;
        }
      }
      return false;
    };
    const std::vector<uint32_t>& matches = table_.by_automaton[rule.automaton];
    auto covering = [&](uint32_t pos) -> const assemble::MatchRecord* {
      for (uint32_t mi : matches) {
        const assemble::MatchRecord& m = table_.matches[mi];
        if (m.begin <= pos && pos < m.end) return &m;
      }
      return nullptr;
    };
    std::set<std::tuple<uint32_t, std::string, uint32_t>> seen;  // (start, failed, failed_at)
    uint32_t last_covered_end = 0;
    for (const Hit& h : hits) {
      if (h.pos < last_covered_end) continue;  // inside a near miss already reported
      if (covering(h.pos)) continue;
      if (!key_ok(h)) continue;
      if (out.near_misses.size() >= options_.max_near_misses_per_rule) {
        ++out.near_misses_omitted;
        continue;
      }
      // Candidate starts: hit - max_before .. hit.
      uint32_t lo = h.pos > h.max_before ? h.pos - h.max_before : 0;
      lo = std::max(lo, region_.begin);
      uint32_t limit_base = program_.automata[rule.automaton].max_width + 8;
      uint32_t best_start = h.pos, best_reach = h.pos;
      bool any_progress = false;
      std::optional<Span> full;
      bool explained = false;
      for (uint32_t s = lo; s <= h.pos; ++s) {
        if (!IsCharStart(text_, s)) continue;
        uint32_t limit = std::min<uint32_t>(static_cast<uint32_t>(text_.size()), s + limit_base);
        ReachResult rr = reacher_.Run(program_, rule.automaton, text_, s, limit);
        rr.reach = std::max(s, CharFloor(rr.reach));
        if (rr.matched) {
          if (rr.end > h.pos) {
            if (!full) full = Span{s, rr.end};
          } else {
            explained = true;  // a match that ends before the literal: not about this hit
          }
          continue;
        }
        if (rr.reach > s && (!any_progress || rr.reach > best_reach)) {
          any_progress = true;
          best_reach = rr.reach;
          best_start = s;
        }
      }
      NearMiss nm;
      nm.anchor = h.literal;
      nm.anchor_at = MakeWhere(h.pos, h.pos + h.len);
      if (full) {
        nm.kind = NearMiss::Kind::kShadowed;
        nm.start = MakeWhere(full->begin, full->begin);
        nm.reach = MakeWhere(full->begin, full->end);
        const assemble::MatchRecord* over = nullptr;
        for (uint32_t mi : matches) {
          const assemble::MatchRecord& m = table_.matches[mi];
          if (m.begin < full->end && full->begin < m.end) {
            over = &m;
            break;
          }
        }
        if (over) {
          nm.shadowed_by = MakeWhere(over->begin, over->end);
          nm.message = fmt::format(
              "the rule matches here ('{}'), but that match overlaps the match at {}:{}, and the "
              "matches of one rule never overlap",
              Cut(text_.substr(full->begin, full->end - full->begin), 60), nm.shadowed_by->line,
              nm.shadowed_by->column);
        } else {
          nm.message = fmt::format("the rule matches here ('{}'), but the scan did not report it",
                                   Cut(text_.substr(full->begin, full->end - full->begin), 60));
        }
        nm.failed_at = MakeWhere(full->begin, full->begin);
        last_covered_end = full->end;
      } else {
        if (explained && !any_progress) continue;
        nm.start = MakeWhere(best_start, best_start);
        nm.reach = MakeWhere(best_start, best_reach);
        AnalyzeNearMiss(r, best_start, nm);
        last_covered_end = std::max<uint32_t>(h.pos + h.len, best_reach);
      }
      // Another rule of the field may read this very place.
      for (uint32_t other = 0; other < program_.rules.size(); ++other) {
        const Rule& o = program_.rules[other];
        if (other == r || o.field != rule.field || o.automaton >= table_.by_automaton.size()) {
          continue;
        }
        bool covered = false;
        for (uint32_t mi : table_.by_automaton[o.automaton]) {
          const assemble::MatchRecord& m = table_.matches[mi];
          covered = covered || (m.begin <= h.pos && h.pos < m.end);
        }
        if (covered) {
          nm.message += fmt::format(" (rule {} matches here)", o.label);
          break;
        }
      }
      auto key = std::make_tuple(nm.start.begin, nm.failed ? nm.failed->label : nm.message,
                                 nm.failed_at.begin);
      if (!seen.insert(key).second) continue;
      out.near_misses.push_back(std::move(nm));
    }
  }

  RuleExplanation ExplainRule(uint32_t r, const FieldRef& ref, const Explanation& e) {
    const Rule& rule = program_.rules[r];
    RuleExplanation out;
    out.rule = r;
    out.label = rule.label;
    out.source_line = rule.source_line;
    out.priority = rule.priority;
    if (model_) out.source = model_->RuleSource(r);
    ExplainMatches(r, ref, out);
    if (e.section_present || program_.fields[rule.field].section == kNoPos) {
      ExplainNearMisses(r, ref, out);
    } else {
      // Without its section the field cannot get a value; look for near misses everywhere.
      ExplainNearMisses(r, ref, out);
    }
    return out;
  }

  const Program& program_;
  RuleModel* model_;
  std::string_view document_;
  ExplainOptions options_;
  Matcher matcher_;
  LineIndex lines_;
  NormalizedText norm_;
  std::string_view text_;
  std::string folded_;
  std::unique_ptr<Scratch> scratch_;
  assemble::MatchTable table_;
  std::vector<std::vector<SkipSpan>> skips_;  // per section: its excluded spans
  assemble::FindAllFn find_all_;
  assemble::Assembled assembled_;
  Span region_;
  Reacher reacher_;
  int expansions_ = 0;
};

}  // namespace

std::string_view StatusName(MatchInfo::Status s) {
  switch (s) {
    case MatchInfo::Status::kWon: return "won";
    case MatchInfo::Status::kLost: return "lost";
    case MatchInfo::Status::kDuplicate: return "duplicate";
    case MatchInfo::Status::kOutsideSection: return "outside_section";
    case MatchInfo::Status::kExcluded: return "excluded";
    case MatchInfo::Status::kNoValue: return "no_value";
    case MatchInfo::Status::kUnparsed: return "unparsed";
    case MatchInfo::Status::kUnpaired: return "unpaired";
  }
  return "?";
}

std::string_view PolicyName(Policy p) {
  switch (p) {
    case Policy::kFirst: return "first";
    case Policy::kLast: return "last";
    case Policy::kBest: return "best";
    case Policy::kAll: return "all";
  }
  return "?";
}

std::string ValueSummary(const Value& v) {
  std::string out;
  switch (v.type) {
    case ValueType::kText:
    case ValueType::kKey: return v.text;
    case ValueType::kRatio:
      for (size_t i = 0; i < v.parts.size(); ++i) out += (i ? ":" : "") + Number(v.parts[i]);
      break;
    case ValueType::kDate:
      out = fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
      break;
    case ValueType::kYear: out = fmt::format("{}", v.year ? v.year : static_cast<int>(v.number)); break;
    default:
      out = v.qualifier == Qualifier::kRange ? Number(v.low) + ".." + Number(v.high)
                                             : Number(v.number);
      break;
  }
  if (!v.unit.empty()) out += " " + v.unit;
  if (v.qualifier != Qualifier::kExact && v.qualifier != Qualifier::kRange) {
    out += fmt::format(" ({})", QualifierName(v.qualifier));
  }
  return out;
}

std::vector<std::string> FieldPaths(const Program& program) {
  std::vector<std::string> out;
  for (uint32_t f = 0; f < program.fields.size(); ++f) {
    const Field& field = program.fields[f];
    std::string prefix = field.section == kNoPos ? "" : SectionPath(program, field.section) + ".";
    if (!field.keyed) {
      out.push_back(prefix + field.name);
      continue;
    }
    uint32_t lex = KeyLexicon(program, f);
    if (lex == kNoPos) continue;
    for (const std::string& key : program.lexicons[lex].keys) {
      out.push_back(prefix + FillName(field.name, key));
    }
  }
  return out;
}

std::optional<FieldRef> ResolveField(const Program& program, std::string_view path,
                                     std::string* error) {
  for (uint32_t f = 0; f < program.fields.size(); ++f) {
    const Field& field = program.fields[f];
    std::vector<std::string> prefixes;
    if (field.section == kNoPos) {
      prefixes.push_back("");
    } else {
      prefixes.push_back(SectionPath(program, field.section) + ".");
      prefixes.push_back(SectionChain(program, field.section) + ".");
    }
    for (const std::string& prefix : prefixes) {
      if (path.substr(0, prefix.size()) != prefix) continue;
      std::string_view name = path.substr(prefix.size());
      if (!field.keyed) {
        if (name == field.name) return FieldRef{f, field.name, kNoPos, kNoPos};
        continue;
      }
      uint32_t lex = KeyLexicon(program, f);
      if (lex == kNoPos) continue;
      const Lexicon& l = program.lexicons[lex];
      for (uint32_t k = 0; k < l.keys.size(); ++k) {
        if (FillName(field.name, l.keys[k]) == name) return FieldRef{f, std::string(name), k, lex};
      }
    }
  }
  if (error) {
    std::vector<std::string> all = FieldPaths(program);
    std::string list;
    size_t shown = 0;
    // Suggest paths that share the last component first.
    std::string_view last = path.substr(path.rfind('.') == std::string_view::npos ? 0
                                                                                  : path.rfind('.') + 1);
    std::vector<std::string> ordered;
    for (const std::string& p : all) {
      if (p.size() >= last.size() && p.compare(p.size() - last.size(), last.size(), last) == 0) {
        ordered.push_back(p);
      }
    }
    for (const std::string& p : all) {
      if (std::find(ordered.begin(), ordered.end(), p) == ordered.end()) ordered.push_back(p);
    }
    for (const std::string& p : ordered) {
      if (shown++ == 12) {
        list += ", ...";
        break;
      }
      list += (list.empty() ? "" : ", ") + p;
    }
    *error = fmt::format("the template has no field '{}' (fields: {})", path,
                         list.empty() ? "none" : list);
  }
  return std::nullopt;
}

Explanation Explain(const Program& program, RuleModel* model, std::string_view document,
                    std::string_view document_name, const FieldRef& field, std::string_view path,
                    const ExplainOptions& options) {
  Session session(program, model, document, options);
  return session.Run(field, path, document_name);
}

}  // namespace rptc::rt::explain

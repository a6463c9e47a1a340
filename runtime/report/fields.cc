// Field values: rule matches -> typed candidates -> the values each field's policy keeps.
// Tested by tests/runtime/report/assemble_test.cc and the example tests.
#include <algorithm>
#include <map>
#include <tuple>

#include "runtime/report/assemble.h"

namespace rptc::rt::assemble {

uint32_t LookupKey(const Lexicon& lexicon, std::string_view phrase) {
  std::string folded(phrase);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // Trim spaces that list separators may leave around an item.
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  size_t start = folded.find_first_not_of(' ');
  if (start == std::string::npos) return kNoPos;
  std::string_view key_text = std::string_view(folded).substr(start);
  for (size_t i = 0; i < lexicon.phrases.size(); ++i) {
    if (lexicon.phrases[i] == key_text) return lexicon.phrase_keys[i];
  }
  return kNoPos;
}

namespace {

bool IsNumeric(ValueType t) {
  return t != ValueType::kText && t != ValueType::kKey;
}

std::string_view Slice(std::string_view text, Span s) {
  if (s.begin > s.end || s.end > text.size()) return {};
  return text.substr(s.begin, s.end - s.begin);
}

// A lexicon capture's value: the key of the phrase it matched.
std::optional<Value> KeyValue(const Capture& cap, std::string_view text, const Program& program) {
  if (cap.lexicon >= program.lexicons.size()) return std::nullopt;
  const Lexicon& lex = program.lexicons[cap.lexicon];
  uint32_t k = LookupKey(lex, text);
  if (k == kNoPos) return std::nullopt;
  Value v;
  v.type = ValueType::kKey;
  v.text = lex.keys[k];
  return v;
}

// Parses a value capture's text as the capture's type, then fits it to the field's type
// (a bare number into a percent field becomes a percent).
std::optional<Value> ParseFor(const Capture& cap, ValueType field_type, std::string_view text,
                              const Program& program) {
  if (cap.type == ValueType::kKey) return KeyValue(cap, text, program);
  if (cap.type == ValueType::kText) {
    Value v;
    v.type = ValueType::kText;
    v.text = std::string(text);
    return v;
  }
  std::optional<Value> v = ParseValue(cap.type, text);
  if (!v) return std::nullopt;
  if (cap.type == ValueType::kNumber && IsNumeric(field_type) && field_type != v->type) {
    v->type = field_type;
    if (field_type == ValueType::kPercent && v->unit.empty()) v->unit = "%";
    if (field_type == ValueType::kPoints && v->unit.empty()) v->unit = "pp";
  }
  return v;
}

struct Captured {
  const Capture* cap = nullptr;
  Span span;
  bool set = false;
};

Captured FindCapture(const Rule& rule, const MatchTable& table, const MatchRecord& m,
                     std::string_view name) {
  for (uint32_t k = 0; k < rule.captures.size(); ++k) {
    if (rule.captures[k].name != name) continue;
    const uint32_t* slots = table.Slots(m);
    uint32_t b = slots[2 * k + 2];
    uint32_t e = slots[2 * k + 3];
    Captured c;
    c.cap = &rule.captures[k];
    if (b != kNoPos && e != kNoPos && b <= e) {
      c.span = {b, e};
      c.set = true;
    }
    return c;
  }
  return {};
}

// `@sign` with the key `negative` ("下降2.5%", "fell by 4.2 percent"): the figure as written is
// the size of a fall, so the value is its negation. A range's bounds swap (下降2%-3% is -3..-2);
// the qualifier stays as written (下降3%以上 is -3, above: a fall of at least 3%). Years, dates,
// ranks, text and keys are not negated.
void Negate(Value& v) {
  switch (v.type) {
    case ValueType::kNumber:
    case ValueType::kMoney:
    case ValueType::kPercent:
    case ValueType::kPoints:
    case ValueType::kCount:
    case ValueType::kRatio: break;
    default: return;
  }
  v.number = -v.number;
  if (v.qualifier == Qualifier::kRange) {
    double low = -v.high, high = -v.low;
    v.low = low;
    v.high = high;
    v.number = low;
  }
  for (double& part : v.parts) part = -part;
}

std::optional<Qualifier> QualifierFromKey(std::string_view key) {
  if (key == "about") return Qualifier::kAbout;
  if (key == "above") return Qualifier::kAbove;
  if (key == "within") return Qualifier::kWithin;
  if (key == "exact") return Qualifier::kExact;
  return std::nullopt;
}

}  // namespace

std::string FillName(const std::string& templ, const std::string& key) {
  std::string out;
  for (size_t i = 0; i < templ.size();) {
    if (templ[i] == '{') {
      size_t close = templ.find('}', i);
      if (close != std::string::npos) {
        out += key;
        i = close + 1;
        continue;
      }
    }
    out += templ[i++];
  }
  return out;
}

std::vector<RawValue> CollectValues(const Program& program, std::string_view text,
                                    const MatchTable& table,
                                    const std::vector<SectionRegion>& sections,
                                    const FindAllFn& find_all) {
  // automaton -> rules using it (one each in practice), flat: rules_by_automaton[first[a],
  // first[a + 1]), in rule order. Built per document: three allocations, not one per rule.
  std::vector<uint32_t> first(program.automata.size() + 1, 0);
  for (const Rule& rule : program.rules) ++first[rule.automaton + 1];
  for (size_t a = 0; a < program.automata.size(); ++a) first[a + 1] += first[a];
  std::vector<uint32_t> rules_by_automaton(program.rules.size());
  {
    std::vector<uint32_t> next(first.begin(), first.end() - 1);
    for (uint32_t r = 0; r < program.rules.size(); ++r) {
      rules_by_automaton[next[program.rules[r].automaton]++] = r;
    }
  }
  std::vector<RawValue> candidates;
  std::vector<Span> items, keys;
  std::vector<uint32_t> key_ids;
  for (const MatchRecord& m : table.matches) {
    for (uint32_t ri = first[m.automaton]; ri < first[m.automaton + 1]; ++ri) {
      const uint32_t r = rules_by_automaton[ri];
      const Rule& rule = program.rules[r];
      const Field& field = program.fields[rule.field];
      Span region{0, static_cast<uint32_t>(text.size())};
      if (field.section != kNoPos) {
        if (!sections[field.section].present) continue;
        region = sections[field.section].span;
      }
      if (m.begin < region.begin || m.begin >= region.end) continue;

      Captured value = FindCapture(rule, table, m, "value");
      if (!value.set) continue;
      Captured key = FindCapture(rule, table, m, "key");
      Captured qual = FindCapture(rule, table, m, "qualifier");
      std::optional<Qualifier> qualifier;
      if (qual.set && qual.cap->lexicon < program.lexicons.size()) {
        const Lexicon& lex = program.lexicons[qual.cap->lexicon];
        uint32_t k = LookupKey(lex, Slice(text, qual.span));
        if (k != kNoPos) qualifier = QualifierFromKey(lex.keys[k]);
      }
      // A sign phrase applies to every value of the match (分别下降3%、4%).
      Captured sign = FindCapture(rule, table, m, "sign");
      bool negative = false;
      if (sign.set && sign.cap->lexicon < program.lexicons.size()) {
        const Lexicon& lex = program.lexicons[sign.cap->lexicon];
        uint32_t k = LookupKey(lex, Slice(text, sign.span));
        negative = k != kNoPos && lex.keys[k] == "negative";
      }

      // Values (one, or the items of a list capture).
      items.clear();
      if (value.cap->is_list && value.cap->item_automaton != kNoPos) {
        find_all(value.cap->item_automaton, value.span.begin, value.span.end, kAllMatches, items);
      } else {
        items.push_back(value.span);
      }
      // Keys (none, one, or the items of a list capture).
      keys.clear();
      key_ids.clear();
      const Lexicon* key_lex = nullptr;
      if (field.keyed) {
        if (!key.set || key.cap->lexicon >= program.lexicons.size()) continue;
        key_lex = &program.lexicons[key.cap->lexicon];
        if (key.cap->is_list && key.cap->item_automaton != kNoPos) {
          find_all(key.cap->item_automaton, key.span.begin, key.span.end, kAllMatches, keys);
        } else {
          keys.push_back(key.span);
        }
        for (Span ks : keys) {
          uint32_t k = LookupKey(*key_lex, Slice(text, ks));
          if (k == kNoPos) break;
          key_ids.push_back(k);
        }
        if (key_ids.size() != keys.size() || key_ids.empty()) continue;
        // "respectively": keys and values pair up in order; one value may serve every key
        // (城镇和农村居民收入均增长5%). Any other mismatch says nothing reliable.
        if (items.size() != key_ids.size() && items.size() != 1) continue;
      }
      // The condition's capture, read as its own type (a year is compared as a year).
      std::optional<Value> condition;
      if (field.where_field != kNoPos) {
        Captured c = FindCapture(rule, table, m, field.where_capture);
        if (c.set) {
          condition = c.cap->type == ValueType::kKey
                          ? KeyValue(*c.cap, Slice(text, c.span), program)
                          : ParseValue(c.cap->type, Slice(text, c.span));
        }
      }
      size_t count = field.keyed ? key_ids.size() : items.size();
      if (!field.keyed && field.cardinality == Cardinality::kOne) count = std::min<size_t>(count, 1);
      for (size_t i = 0; i < count; ++i) {
        Span vs = items.size() == 1 ? items[0] : items[i];
        std::optional<Value> v = ParseFor(*value.cap, field.type, Slice(text, vs), program);
        if (!v) continue;
        if (qualifier && v->qualifier == Qualifier::kExact) v->qualifier = *qualifier;
        if (negative) Negate(*v);
        RawValue raw;
        raw.field = rule.field;
        raw.name = field.keyed ? FillName(field.name, key_lex->keys[key_ids[i]]) : field.name;
        raw.key_order = field.keyed ? key_ids[i] : 0;
        raw.value = std::move(*v);
        raw.value_span = vs;
        raw.match_span = {m.begin, m.end};
        raw.rule = r;
        raw.condition = condition;
        candidates.push_back(std::move(raw));
      }
    }
  }
  return candidates;
}

namespace {

// One value equals another for a `where` condition: the same number (a year, a count ...), or
// for text and keys the same text. The qualifier and unit do not count (约2020年 is 2020).
bool SameValue(const Value& a, const Value& b) {
  if (a.type == ValueType::kText || a.type == ValueType::kKey || b.type == ValueType::kText ||
      b.type == ValueType::kKey) {
    return a.text == b.text;
  }
  return a.number == b.number;
}

// Cardinality and policy, for candidates of fields whose conditions (if any) were applied.
std::vector<RawValue> ChoosePerField(const Program& program, std::vector<RawValue> candidates);

}  // namespace

// Output order: field declaration order, then key order within a keyed field, then text order.
std::vector<RawValue> ChooseValues(const Program& program, std::vector<RawValue> candidates) {
  std::vector<RawValue> plain, conditional;
  for (RawValue& c : candidates) {
    (program.fields[c.field].where_field == kNoPos ? plain : conditional).push_back(std::move(c));
  }
  std::vector<RawValue> out = ChoosePerField(program, std::move(plain));
  if (conditional.empty()) return out;
  // A compared field has no condition of its own (the checker's E0209), so it is chosen above.
  std::erase_if(conditional, [&](const RawValue& c) {
    if (!c.condition) return false;
    uint32_t other = program.fields[c.field].where_field;
    for (const RawValue& v : out) {
      if (v.field == other) return !SameValue(*c.condition, v.value);
    }
    return false;  // the compared field has no value: nothing to judge by
  });
  std::vector<RawValue> chosen = ChoosePerField(program, std::move(conditional));
  for (RawValue& v : chosen) out.push_back(std::move(v));
  std::stable_sort(out.begin(), out.end(), [](const RawValue& a, const RawValue& b) {
    return std::tie(a.field, a.key_order, a.name) < std::tie(b.field, b.key_order, b.name);
  });
  return out;
}

namespace {

std::vector<RawValue> ChoosePerField(const Program& program, std::vector<RawValue> candidates) {
  std::map<std::tuple<uint32_t, uint32_t, std::string>, std::vector<RawValue>> groups;
  for (RawValue& c : candidates) {
    groups[{c.field, c.key_order, c.name}].push_back(std::move(c));
  }
  std::vector<RawValue> out;
  for (auto& [key, group] : groups) {
    const Field& field = program.fields[std::get<0>(key)];
    std::stable_sort(group.begin(), group.end(), [](const RawValue& a, const RawValue& b) {
      return a.value_span.begin < b.value_span.begin;
    });
    // The same text found by two rules is one value.
    group.erase(std::unique(group.begin(), group.end(),
                            [](const RawValue& a, const RawValue& b) {
                              return a.value_span.begin == b.value_span.begin &&
                                     a.value_span.end == b.value_span.end;
                            }),
                group.end());
    auto better = [&](const RawValue& a, const RawValue& b) {  // a preferred over b
      const Rule& ra = program.rules[a.rule];
      const Rule& rb = program.rules[b.rule];
      switch (field.policy) {
        case Policy::kLast: return a.value_span.begin > b.value_span.begin;
        case Policy::kBest:
          if (ra.priority != rb.priority) return ra.priority > rb.priority;
          if (ra.order != rb.order) return ra.order < rb.order;
          return a.value_span.begin < b.value_span.begin;
        case Policy::kFirst:
        case Policy::kAll: return a.value_span.begin < b.value_span.begin;
      }
      return false;
    };
    if (field.cardinality == Cardinality::kOne) {
      auto it = std::min_element(group.begin(), group.end(),
                                 [&](const RawValue& a, const RawValue& b) { return better(a, b); });
      out.push_back(std::move(*it));
    } else {
      if (field.policy == Policy::kBest || field.policy == Policy::kLast) {
        std::stable_sort(group.begin(), group.end(), better);
      }
      for (RawValue& v : group) out.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace

}  // namespace rptc::rt::assemble

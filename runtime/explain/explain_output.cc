// Explanation -> JSON (a stable shape for tools) and text (for a terminal).
//
// JSON shape (every span is [begin, end) in bytes of the original document; lines and columns
// 1-based):
// { "field": "review.gdp", "document": ..., "name": "gdp", "type": "money",
//   "cardinality": "one", "policy": "first", "keyed": false,
//   "section": {"name": "review", "present": true, "span": [b, e], "line": L, "column": C} | null,
//   "chosen": [VALUE...],
//   "rules": [{"rule": "review.gdp#1", "line": L, "priority": 0, "source": "...",
//              "anchors": ["生产总值", ...], "unanchored": false,
//              "matches": [{"status": "won|lost|duplicate|outside_section|no_value|unparsed|
//                                      unpaired", "reason": "...", "span", "line", "column",
//                           "text", "values": [VALUE...], "lost_to": VALUE | null}],
//              "near_misses": [{"kind": "partial|shadowed", "anchor": "...", "anchor_span",
//                               "line", "column", "start": [b, b], "reach": [b, e],
//                               "reach_text": "...", "matched": [STEP...], "failed": STEP | null,
//                               "failed_at": {"offset", "line", "column"}, "message": "...",
//                               "shadowed_by": WHERE | null}],
//              "near_misses_omitted": 0, "other_keys": 0}] }
// VALUE = {"field", "value" (summary), "text", "span", "line", "column", "rule", "type",
//          "number" (numeric types), "unit", "qualifier"}
// STEP = {"element" (as written in the template), "template_line", "template_column",
//         "text", "span", "line", "column"}
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/explain/explain.h"

namespace rptc::rt::explain {

namespace {

using Json = nlohmann::ordered_json;

Json SpanJson(const Where& w) { return Json::array({w.begin, w.end}); }

Json WhereJson(const Where& w) {
  return {{"span", SpanJson(w)}, {"line", w.line}, {"column", w.column}, {"text", w.text}};
}

Json NumberJson(double d) {
  if (std::isfinite(d) && std::fabs(d) < 9e15 && d == std::floor(d)) {
    return Json(static_cast<int64_t>(d));
  }
  return Json(d);
}

Json ValueJson(const ValueInfo& v) {
  Json j;
  j["field"] = v.field;
  j["value"] = ValueSummary(v.value);
  j["text"] = v.where.text;
  j["span"] = SpanJson(v.where);
  j["line"] = v.where.line;
  j["column"] = v.where.column;
  j["rule"] = v.rule;
  j["type"] = std::string(ValueTypeName(v.value.type));
  if (v.value.type != ValueType::kText && v.value.type != ValueType::kKey) {
    j["number"] = NumberJson(v.value.number);
    j["unit"] = v.value.unit;
    j["qualifier"] = std::string(QualifierName(v.value.qualifier));
  }
  return j;
}

Json StepJson(const ElementStep& s) {
  Json j;
  j["element"] = s.label;
  j["template_line"] = s.line;
  j["template_column"] = s.column;
  j["text"] = s.where.text;
  j["span"] = SpanJson(s.where);
  j["line"] = s.where.line;
  j["column"] = s.where.column;
  return j;
}

// ANSI styling that disappears without colour.
struct Style {
  bool on;
  std::string operator()(std::string_view code, std::string_view text) const {
    if (!on) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
};

}  // namespace

std::string ExplanationToJson(const Explanation& e, int indent) {
  Json j;
  j["field"] = e.path;
  j["document"] = e.document;
  j["name"] = e.field_name;
  j["type"] = std::string(ValueTypeName(e.type));
  j["cardinality"] = e.cardinality == Cardinality::kOne ? "one" : "many";
  j["policy"] = std::string(PolicyName(e.policy));
  j["keyed"] = e.keyed;
  if (e.section.empty()) {
    j["section"] = nullptr;
  } else {
    Json s;
    s["name"] = e.section;
    s["present"] = e.section_present;
    if (e.section_span) {
      s["span"] = SpanJson(*e.section_span);
      s["line"] = e.section_span->line;
      s["column"] = e.section_span->column;
    }
    j["section"] = std::move(s);
  }
  Json chosen = Json::array();
  for (const ValueInfo& v : e.chosen) chosen.push_back(ValueJson(v));
  j["chosen"] = std::move(chosen);
  Json rules = Json::array();
  for (const RuleExplanation& r : e.rules) {
    Json rj;
    rj["rule"] = r.label;
    rj["line"] = r.source_line;
    rj["priority"] = r.priority;
    rj["source"] = r.source;
    rj["anchors"] = r.anchors;
    rj["unanchored"] = r.unanchored;
    Json matches = Json::array();
    for (const MatchInfo& m : r.matches) {
      Json mj;
      mj["status"] = std::string(StatusName(m.status));
      mj["reason"] = m.reason;
      mj["span"] = SpanJson(m.match);
      mj["line"] = m.match.line;
      mj["column"] = m.match.column;
      mj["text"] = m.match.text;
      Json values = Json::array();
      for (const ValueInfo& v : m.values) values.push_back(ValueJson(v));
      mj["values"] = std::move(values);
      mj["lost_to"] = m.lost_to ? ValueJson(*m.lost_to) : Json(nullptr);
      matches.push_back(std::move(mj));
    }
    rj["matches"] = std::move(matches);
    Json misses = Json::array();
    for (const NearMiss& n : r.near_misses) {
      Json nj;
      nj["kind"] = n.kind == NearMiss::Kind::kPartial ? "partial" : "shadowed";
      nj["anchor"] = n.anchor;
      nj["anchor_span"] = SpanJson(n.anchor_at);
      nj["line"] = n.anchor_at.line;
      nj["column"] = n.anchor_at.column;
      nj["start"] = SpanJson(n.start);
      nj["reach"] = SpanJson(n.reach);
      nj["reach_text"] = n.reach.text;
      Json steps = Json::array();
      for (const ElementStep& s : n.matched) steps.push_back(StepJson(s));
      nj["matched"] = std::move(steps);
      nj["failed"] = n.failed ? StepJson(*n.failed) : Json(nullptr);
      nj["failed_at"] = {{"offset", n.failed_at.begin},
                         {"line", n.failed_at.line},
                         {"column", n.failed_at.column}};
      nj["message"] = n.message;
      nj["shadowed_by"] = n.shadowed_by ? WhereJson(*n.shadowed_by) : Json(nullptr);
      misses.push_back(std::move(nj));
    }
    rj["near_misses"] = std::move(misses);
    rj["near_misses_omitted"] = r.near_misses_omitted;
    rj["other_keys"] = r.other_keys;
    rules.push_back(std::move(rj));
  }
  j["rules"] = std::move(rules);
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ExplanationToText(const Explanation& e, bool color) {
  Style st{color};
  const std::string kBold = "1", kGreen = "32", kRed = "31", kYellow = "33", kDim = "2",
                    kCyan = "36", kMagenta = "35";
  std::string out;
  auto line = [&](const std::string& s) {
    out += s;
    out += '\n';
  };
  line(fmt::format("{} {}: {}, {} {}{}", st(kBold, "field"), st(kBold, e.path),
                   ValueTypeName(e.type), e.cardinality == Cardinality::kOne ? "one" : "many",
                   PolicyName(e.policy), e.keyed ? " (keyed)" : ""));
  if (e.section.empty()) {
    line("  document level: the whole text");
  } else if (!e.section_present) {
    line("  " + st(kRed, fmt::format("section {} was not found: the field cannot get a value",
                                     e.section)));
  } else {
    line(fmt::format("  section {} from {}:{} ('{}')", e.section, e.section_span->line,
                     e.section_span->column, e.section_span->text));
  }
  if (e.chosen.empty()) {
    line("  " + st(kYellow, "no value in the report"));
  }
  for (const ValueInfo& v : e.chosen) {
    line(fmt::format("  {} {} = {}  at {}:{}  (rule {})", st(kGreen, "value"), v.field,
                     st(kBold, v.where.text + "  → " + ValueSummary(v.value)), v.where.line,
                     v.where.column, v.rule));
  }
  for (const RuleExplanation& r : e.rules) {
    line("");
    line(fmt::format("{} {}{}{}", st(kBold, "rule"), st(kBold, r.label),
                     r.source_line ? fmt::format(" (template line {})", r.source_line) : "",
                     r.priority ? fmt::format(", priority {}", r.priority) : ""));
    if (!r.source.empty()) line("  " + st(kDim, r.source));
    if (r.unanchored) {
      line("  " + st(kDim, "no literal anchor: near misses are not searched"));
    } else if (!r.anchors.empty()) {
      std::string a;
      for (size_t i = 0; i < r.anchors.size() && i < 8; ++i) a += (i ? ", " : "") + r.anchors[i];
      if (r.anchors.size() > 8) a += fmt::format(", … ({} in all)", r.anchors.size());
      line("  " + st(kDim, "anchors: " + a));
    }
    if (r.matches.empty() && r.near_misses.empty()) line("  no match and no near miss");
    size_t no_value_shown = 0, no_value_hidden = 0;
    for (const MatchInfo& m : r.matches) {
      // Skip alternatives can match many times: show a few.
      if (m.status == MatchInfo::Status::kNoValue && no_value_shown++ >= 2) {
        ++no_value_hidden;
        continue;
      }
      std::string mark;
      std::string code;
      switch (m.status) {
        case MatchInfo::Status::kWon: mark = "✓ won"; code = kGreen; break;
        case MatchInfo::Status::kLost: mark = "✗ lost"; code = kYellow; break;
        case MatchInfo::Status::kDuplicate: mark = "= duplicate"; code = kDim; break;
        default: mark = "✗ " + std::string(StatusName(m.status)); code = kRed; break;
      }
      std::string value;
      if (!m.values.empty()) {
        value = fmt::format(" {} → {}", m.values.front().where.text,
                            ValueSummary(m.values.front().value));
        if (m.values.size() > 1) value += fmt::format(" (+{} more)", m.values.size() - 1);
      }
      line(fmt::format("  {} {}:{}{}", st(code, mark), m.match.line, m.match.column,
                       st(kBold, value)));
      line(fmt::format("      matched '{}'", m.match.text));
      line(fmt::format("      {}", m.reason));
    }
    if (no_value_hidden) {
      line("  " + st(kDim, fmt::format("… {} more matches without an @value (--format json lists "
                                       "them)",
                                       no_value_hidden)));
    }
    if (r.other_keys) {
      line("  " + st(kDim, fmt::format("({} matches gave values for other keys)", r.other_keys)));
    }
    for (const NearMiss& n : r.near_misses) {
      if (n.kind == NearMiss::Kind::kShadowed) {
        line(fmt::format("  {} {}:{} at '{}'", st(kMagenta, "~ shadowed"), n.anchor_at.line,
                         n.anchor_at.column, n.anchor_at.text));
        line("      " + n.message);
        continue;
      }
      line(fmt::format("  {} {}:{} at '{}'", st(kCyan, "? near miss"), n.anchor_at.line,
                       n.anchor_at.column, n.anchor_at.text));
      if (!n.matched.empty()) {
        std::string steps;
        for (const ElementStep& s : n.matched) {
          if (!steps.empty()) steps += "  ";
          steps += fmt::format("{} '{}'", s.label, s.where.text);
        }
        line("      matched: " + steps);
      }
      if (n.failed) {
        line(fmt::format("      failed:  {}{} at {}:{}", st(kRed, n.failed->label),
                         n.failed->line ? fmt::format(" (template {}:{})", n.failed->line,
                                                      n.failed->column)
                                        : "",
                         n.failed_at.line, n.failed_at.column));
      }
      line("      " + st(kBold, n.message));
    }
    if (r.near_misses_omitted) {
      line("  " + st(kDim, fmt::format("… {} more anchor occurrences not analysed",
                                       r.near_misses_omitted)));
    }
  }
  return out;
}

}  // namespace rptc::rt::explain

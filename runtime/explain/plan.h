// TemplateRuleModel: the pattern-level view of a compiled template's rules for `explain`
// (the RuleModel of explain.h), built from CompileResult::checked.
//
// Header-only on purpose: it uses the compiler (the checked AST and NfaBuilder), and the
// runtime library must not link the compiler. Only code that links rptc_compiler includes it
// (cli/cmd_explain.cc and the tests).
//
// A rule's resolved ast::Pattern is re-walked as a sequence of top-level elements (a top-level
// alternation gives one sequence per alternative). For any sequence of elements the model
// builds, with NfaBuilder, an anchored automaton into a scratch Program (cached), so explain.cc
// can find the longest prefix of a rule that matches at a position. Expand() opens an element
// (a group, an alternation, a named pattern, a capture's pattern) into the alternatives of its
// body, so the failing element can be named precisely ("to_amount_past > level_zh"). The
// spaces that a capture allows around itself become explicit `spaces` elements when a capture
// is opened, so the opened form matches exactly what the capture matched.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/automaton/nfa_builder.h"
#include "compiler/compiler.h"
#include "runtime/explain/explain.h"

namespace rptc::rt::explain {

class TemplateRuleModel final : public RuleModel {
 public:
  // `result` must have `checked` and `program`, and outlive the model.
  explicit TemplateRuleModel(const CompileResult& result, size_t max_insts = size_t{24} << 20)
      : result_(result), checked_(*result.checked), max_insts_(max_insts) {
    scratch_.template_name = "explain";
  }

  std::vector<std::vector<uint32_t>> Branches(uint32_t rule) override {
    auto cached = branches_.find(rule);
    if (cached != branches_.end()) return cached->second;
    std::vector<std::vector<uint32_t>> out;
    if (const check::RuleDef* def = RuleDef(rule)) {
      const ast::Pattern& p = def->pattern;
      if (p.kind == ast::PatternKind::kAlternation || p.kind == ast::PatternKind::kSequence) {
        out = Alternatives(p);
      } else {
        out = {{Add(p)}};
      }
    }
    branches_[rule] = out;
    return out;
  }

  const ElementInfo& Info(uint32_t element) override { return elements_.at(element).info; }

  std::vector<std::vector<uint32_t>> Expand(uint32_t element) override {
    auto cached = expanded_.find(element);
    if (cached != expanded_.end()) return cached->second;
    std::vector<std::vector<uint32_t>> out;
    const ast::Pattern p = elements_.at(element).pattern;  // copy: elements_ grows below
    switch (p.kind) {
      case ast::PatternKind::kSequence:
      case ast::PatternKind::kAlternation:
        out = Alternatives(p);
        break;
      case ast::PatternKind::kRef:
        if (p.ref_kind == ast::Pattern::RefKind::kPattern) {
          auto it = checked_.pattern_index.find(p.resolved);
          if (it != checked_.pattern_index.end()) {
            const ast::Pattern& body = checked_.patterns[it->second].pattern;
            if (body.kind == ast::PatternKind::kSequence ||
                body.kind == ast::PatternKind::kAlternation) {
              out = Alternatives(body);
            } else {
              out = {{Add(body)}};
            }
          }
        }
        break;
      case ast::PatternKind::kCapture: {
        std::optional<ast::Pattern> body;
        if (!p.children.empty()) {
          body = p.children[0];
        } else {
          check::Type type = automaton::ResolveCaptureType(checked_, p.capture_type);
          if (!type.is_list) body = automaton::NfaBuilder::RecognizerPattern(type);
        }
        if (!body) break;
        std::vector<std::vector<uint32_t>> alts;
        if (body->kind == ast::PatternKind::kSequence ||
            body->kind == ast::PatternKind::kAlternation) {
          alts = Alternatives(*body);
        } else {
          alts = {{Add(*body)}};
        }
        for (auto& alt : alts) {
          alt.insert(alt.begin(), Spaces());
          alt.push_back(Spaces());
        }
        out = std::move(alts);
        break;
      }
      default: break;
    }
    // An element that opens into itself alone says nothing new.
    if (out.size() == 1 && out[0].size() == 1 &&
        elements_[out[0][0]].pattern.kind == p.kind &&
        elements_[out[0][0]].info.label == elements_[element].info.label) {
      out.clear();
    }
    expanded_[element] = out;
    return out;
  }

  std::optional<uint32_t> SequenceAutomaton(const std::vector<uint32_t>& seq) override {
    auto it = automata_.find(seq);
    if (it != automata_.end()) return it->second;
    std::optional<uint32_t> id;
    if (scratch_.insts.size() < max_insts_) {
      ast::Pattern p;
      p.kind = ast::PatternKind::kSequence;
      for (uint32_t e : seq) p.children.push_back(elements_.at(e).pattern);
      size_t budget = std::min(max_insts_, scratch_.insts.size() + (size_t{4} << 20));
      automaton::NfaBuilder builder(checked_, scratch_.insts, budget);
      Diagnostics diagnostics;
      std::optional<automaton::BuiltAutomaton> built =
          builder.Build(p, p.span, "an explain prefix", diagnostics);
      if (built) {
        id = static_cast<uint32_t>(scratch_.automata.size());
        scratch_.automata.push_back(built->automaton);
      }
    }
    automata_[seq] = id;
    return id;
  }

  const Program& program() const override { return scratch_; }

  std::string RuleSource(uint32_t rule) override {
    const check::RuleDef* def = RuleDef(rule);
    if (!def) return {};
    std::string text = SourceText(def->span, 240);
    if (text.rfind("= ", 0) == 0) text.erase(0, 2);
    return text;
  }

 private:
  struct Element {
    ast::Pattern pattern;
    ElementInfo info;
  };

  const check::RuleDef* RuleDef(uint32_t rule) const {
    const Program& program = *result_.program;
    if (rule >= program.rules.size()) return nullptr;
    const Rule& r = program.rules[rule];
    if (r.field >= checked_.fields.size()) return nullptr;
    const check::FieldDef& f = checked_.fields[r.field];
    if (r.order >= f.rules.size()) return nullptr;
    return &f.rules[r.order];
  }

  // The template text of a span, whitespace collapsed, cut at `max` bytes.
  std::string SourceText(SourceSpan span, size_t max) const {
    if (span.file >= result_.sources.size() || span.end <= span.begin) return {};
    std::string_view text = result_.sources.Get(span.file).text();
    if (span.end > text.size()) return {};
    std::string out;
    bool space = false;
    for (char c : text.substr(span.begin, span.end - span.begin)) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    if (out.size() > max) {
      size_t n = max;
      while (n > 0 && (static_cast<uint8_t>(out[n]) & 0xC0) == 0x80) --n;
      out = out.substr(0, n) + "…";
    }
    return out;
  }

  std::vector<std::vector<uint32_t>> Alternatives(const ast::Pattern& p) {
    std::vector<std::vector<uint32_t>> out;
    auto as_seq = [&](const ast::Pattern& q) {
      std::vector<uint32_t> seq;
      if (q.kind == ast::PatternKind::kSequence) {
        for (const ast::Pattern& c : q.children) seq.push_back(Add(c));
      } else {
        seq.push_back(Add(q));
      }
      return seq;
    };
    if (p.kind == ast::PatternKind::kAlternation) {
      for (const ast::Pattern& c : p.children) out.push_back(as_seq(c));
    } else {
      out.push_back(as_seq(p));
    }
    return out;
  }

  uint32_t Spaces() {
    if (spaces_) return *spaces_;
    ast::Pattern space, tab, either, rep;
    space.kind = ast::PatternKind::kLiteral;
    space.text = " ";
    tab.kind = ast::PatternKind::kLiteral;
    tab.text = "\t";
    either.kind = ast::PatternKind::kAlternation;
    either.children = {space, tab};
    rep.kind = ast::PatternKind::kRepeat;
    rep.min = 0;
    rep.max = 2;
    rep.children = {either};
    Element e;
    e.pattern = rep;
    e.info.kind = ElementInfo::Kind::kSpaces;
    e.info.label = "spaces";
    elements_.push_back(std::move(e));
    spaces_ = static_cast<uint32_t>(elements_.size() - 1);
    return *spaces_;
  }

  uint32_t Add(const ast::Pattern& p) {
    Element e;
    e.pattern = p;
    ElementInfo& info = e.info;
    switch (p.kind) {
      case ast::PatternKind::kLiteral: info.kind = ElementInfo::Kind::kLiteral; break;
      case ast::PatternKind::kGap:
        info.kind = ElementInfo::Kind::kGap;
        info.gap_min = p.min;
        info.gap_max = p.max;
        info.gap_sentence = p.gap_kind == ast::GapKind::kSentence;
        break;
      case ast::PatternKind::kCapture: info.kind = ElementInfo::Kind::kCapture; break;
      case ast::PatternKind::kRef: info.kind = ElementInfo::Kind::kReference; break;
      case ast::PatternKind::kAnchor: info.kind = ElementInfo::Kind::kAnchor; break;
      case ast::PatternKind::kSequence:
      case ast::PatternKind::kAlternation:
      case ast::PatternKind::kRepeat: info.kind = ElementInfo::Kind::kGroup; break;
      default: info.kind = ElementInfo::Kind::kOther; break;
    }
    info.label = SourceText(p.span, 80);
    if (info.label.empty()) {
      if (p.kind == ast::PatternKind::kRef) {
        info.label = p.resolved;
      } else if (p.kind == ast::PatternKind::kGap) {
        info.label = "gap(" + std::to_string(p.min) + ".." + std::to_string(p.max) + ")";
      } else {
        info.label = "(pattern)";
      }
    }
    if (p.kind == ast::PatternKind::kRef && !p.resolved_key.empty() &&
        info.label.find('{') != std::string::npos) {
      info.label += " [" + p.resolved_key + "]";
    }
    if (p.span.file < result_.sources.size() && p.span.end > p.span.begin) {
      LineCol lc = result_.sources.Get(p.span.file).ToLineCol(p.span.begin);
      info.line = lc.line;
      info.column = lc.column;
    }
    elements_.push_back(std::move(e));
    return static_cast<uint32_t>(elements_.size() - 1);
  }

  const CompileResult& result_;
  const check::CheckedTemplate& checked_;
  size_t max_insts_;
  Program scratch_;
  std::vector<Element> elements_;
  std::optional<uint32_t> spaces_;
  std::map<std::vector<uint32_t>, std::optional<uint32_t>> automata_;
  std::map<uint32_t, std::vector<std::vector<uint32_t>>> expanded_;
  std::map<uint32_t, std::vector<std::vector<uint32_t>>> branches_;
};

}  // namespace rptc::rt::explain

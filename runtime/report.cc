// Extractor: normalise -> scan once -> assemble -> map offsets back to the original document.
// Tested by tests/runtime/report_test.cc, the example goldens and the GWR suites.
#include "runtime/report.h"

#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "runtime/engine/matcher.h"
#include "runtime/report/assemble.h"
#include "runtime/report/match_sinks.h"
#include "runtime/report/scan_plan.h"
#include "runtime/text.h"

namespace rptc::rt {

struct Extractor::Impl {
  explicit Impl(const Program& program) : matcher(program), plan(program) {}

  // Scratch (thread lists, lazy-DFA caches) is reused across documents: a warm DFA cache is what
  // makes the second document fast. A small pool serves concurrent Extract calls, and a thread
  // gets back the scratch it used last: its DFA tables (megabytes) are in that core's caches.
  // Handing scratches round between threads cost a 2-thread batch ~14% more CPU.
  std::unique_ptr<Scratch> Acquire() {
    const std::thread::id self = std::this_thread::get_id();
    std::lock_guard<std::mutex> lock(mu);
    if (pool.empty()) return matcher.NewScratch();
    size_t pick = pool.size() - 1;
    for (size_t i = 0; i < pool.size(); ++i) {
      if (pool[i].owner == self) pick = i;
    }
    std::unique_ptr<Scratch> s = std::move(pool[pick].scratch);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(pick));
    return s;
  }
  void Release(std::unique_ptr<Scratch> s) {
    std::lock_guard<std::mutex> lock(mu);
    pool.push_back({std::move(s), std::this_thread::get_id()});
  }

  struct Pooled {
    std::unique_ptr<Scratch> scratch;
    std::thread::id owner;  // the thread that used it last
  };
  Matcher matcher;
  assemble::ScanPlan plan;
  std::mutex mu;
  std::vector<Pooled> pool;
};

Extractor::Extractor(std::shared_ptr<const Program> program)
    : program_(std::move(program)), impl_(std::make_unique<Impl>(*program_)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;

bool Report::conforms(bool warnings_count) const {
  for (const Violation& v : violations) {
    if (v.severity == Severity::kError || warnings_count) return false;
  }
  return true;
}

Report Extractor::Extract(std::string_view document, std::string_view name,
                          const ExtractOptions& options) const {
  const Program& program = *program_;
  NormalizeOptions norm_options;
  norm_options.nfkc = program.normalize_nfkc;
  norm_options.hant_to_hans = program.hant_to_hans;
  NormalizedText norm = Normalize(document, norm_options);
  std::string_view text = norm.text;

  std::unique_ptr<Scratch> scratch = impl_->Acquire();
  const Matcher& matcher = impl_->matcher;
  assemble::MatchTable table;
  table.capture = assemble::CaptureWith(matcher, program, text, *scratch);
  const assemble::FindAllFn find_all = assemble::FindAllWith(matcher, text, *scratch);
  assemble::AssembleOptions assemble_options;
  assemble_options.whole_text_section = options.whole_text_section;
  std::vector<assemble::SectionRegion> sections = impl_->plan.Scan(
      program, matcher, text, *scratch, table, find_all, assemble_options, nullptr);
  assemble::Assembled a =
      assemble::Assemble(program, text, table, std::move(sections), find_all);
  impl_->Release(std::move(scratch));

  // Everything below maps normalised spans back to the original bytes.
  LineIndex lines(document, norm.invalid_sequences == 0 && norm.original_size == document.size());
  auto provenance = [&](assemble::Span s, std::string rule) {
    Provenance p;
    NormalizedText::Span o = norm.ToOriginalSpan(s.begin, s.end);
    p.begin = o.begin;
    p.end = o.end;
    auto lc = lines.Locate(p.begin);
    p.line = lc.line;
    p.column = lc.column;
    p.text = std::string(document.substr(p.begin, p.end - p.begin));
    p.rule = std::move(rule);
    return p;
  };

  Report report;
  report.document = std::string(name);
  report.bytes = document.size();
  for (const auto& w : norm.warnings) {
    InputWarning iw;
    iw.offset = w.offset;
    auto lc = lines.Locate(w.offset);
    iw.line = lc.line;
    iw.column = lc.column;
    iw.message = w.message;
    report.warnings.push_back(std::move(iw));
  }
  for (uint32_t s = 0; s < program.sections.size(); ++s) {
    SectionResult r;
    r.name = program.sections[s].name;
    r.section_index = s;
    r.present = a.sections[s].present;
    if (r.present) {
      r.heading = provenance(a.sections[s].heading, "section " + r.name);
      Provenance whole = provenance(a.sections[s].span, "");
      r.begin = whole.begin;
      r.end = whole.end;
    }
    report.sections.push_back(std::move(r));
  }
  for (const assemble::RawValue& v : a.values) {
    FieldValue fv;
    fv.field = v.name;
    fv.field_index = v.field;
    fv.value = v.value;
    fv.where = provenance(v.value_span, program.rules[v.rule].label);
    uint32_t section = program.fields[v.field].section;
    (section == kNoPos ? report.document_level : report.sections[section]).values.push_back(
        std::move(fv));
  }
  for (const assemble::RawList& l : a.lists) {
    const List& list = program.lists[l.list];
    ListResult lr;
    lr.name = list.name;
    lr.list_index = l.list;
    for (const assemble::RawItem& it : l.items) {
      ListItem item;
      item.index = it.index;
      NormalizedText::Span marker = norm.ToOriginalSpan(it.marker.begin, it.marker.end);
      item.marker = std::string(document.substr(marker.begin, marker.end - marker.begin));
      item.title_where = provenance(it.title, list.name);
      item.title = item.title_where.text;
      NormalizedText::Span body = norm.ToOriginalSpan(it.body.begin, it.body.end);
      item.body_begin = body.begin;
      item.body_end = body.end;
      lr.items.push_back(std::move(item));
    }
    (list.section == kNoPos ? report.document_level : report.sections[list.section])
        .lists.push_back(std::move(lr));
  }
  for (const assemble::RawViolation& v : a.violations) {
    const Constraint& c = program.constraints[v.constraint];
    Violation out;
    out.constraint = v.constraint;
    out.severity = c.severity;
    out.rule = c.label;
    out.message = v.message;
    if (v.where) out.where = provenance(*v.where, c.label);
    report.violations.push_back(std::move(out));
  }
  return report;
}

}  // namespace rptc::rt

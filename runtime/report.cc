// Extractor: normalise -> scan once -> assemble -> map offsets back to the original document.
// Tested by tests/runtime/report_test.cc, the example goldens and the GWR suites.
#include "runtime/report.h"

#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "runtime/engine/matcher.h"
#include "runtime/report/assemble.h"
#include "runtime/report/match_sinks.h"
#include "runtime/report/pattern_cost.h"
#include "runtime/report/scan_plan.h"
#include "runtime/text.h"

namespace rptc::rt {

namespace {

// What one Extract call works in, reused from document to document.
struct DocumentScratch {
  std::unique_ptr<Scratch> matcher;  // thread lists, lazy-DFA caches
  NormalizedText norm;               // the normalised text (NormalizeInto keeps its buffers)
};

// A document's normalised text may be kept for the next one up to this size; past it, the
// memory of one huge document is given back.
constexpr size_t kKeptNormalizedBytes = size_t{64} << 20;

}  // namespace

struct Extractor::Impl {
  explicit Impl(const Program& program) : matcher(program), plan(program) {
    // Markers the compiler computed under this very ICU spare each process the transliterator
    // until a document holds one (HantMarkers in runtime/text.h); otherwise Normalize computes
    // them itself, as it always may.
    if (program.hant_to_hans && !program.hant_icu_version.empty() &&
        program.hant_icu_version == HantIcuVersion()) {
      hant_markers = std::make_unique<const HantMarkers>(program.hant_markers);
    }
  }

  // Scratch is reused across documents: a warm DFA cache is what makes the second document
  // fast, and reused text buffers cost no allocation or page faults. A small pool serves
  // concurrent Extract calls, and a thread gets back the scratch it used last: its DFA tables
  // (megabytes) are in that core's caches. Handing scratches round between threads cost a
  // 2-thread batch ~14% more CPU.
  std::unique_ptr<DocumentScratch> Acquire() {
    const std::thread::id self = std::this_thread::get_id();
    std::lock_guard<std::mutex> lock(mu);
    if (pool.empty()) {
      auto s = std::make_unique<DocumentScratch>();
      s->matcher = matcher.NewScratch();
      return s;
    }
    size_t pick = pool.size() - 1;
    for (size_t i = 0; i < pool.size(); ++i) {
      if (pool[i].owner == self) pick = i;
    }
    std::unique_ptr<DocumentScratch> s = std::move(pool[pick].scratch);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(pick));
    return s;
  }
  void Release(std::unique_ptr<DocumentScratch> s) {
    if (s->norm.text.capacity() > kKeptNormalizedBytes) s->norm = NormalizedText{};
    std::lock_guard<std::mutex> lock(mu);
    pool.push_back({std::move(s), std::this_thread::get_id()});
  }

  struct Pooled {
    std::unique_ptr<DocumentScratch> scratch;
    std::thread::id owner;  // the thread that used it last
  };
  Matcher matcher;
  assemble::ScanPlan plan;
  std::unique_ptr<const HantMarkers> hant_markers;  // null: Normalize computes them
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
  norm_options.hant_markers = impl_->hant_markers.get();
  // Back to the pool when this call returns; an exception drops it instead (its state may be
  // half-updated), as before the text buffers joined the pool.
  struct Lease {
    Impl* impl;
    std::unique_ptr<DocumentScratch> s;
    int exceptions = std::uncaught_exceptions();
    ~Lease() {
      if (std::uncaught_exceptions() == exceptions) impl->Release(std::move(s));
    }
  } lease{impl_.get(), impl_->Acquire()};
  NormalizedText& norm = lease.s->norm;
  NormalizeInto(document, norm_options, &norm);
  const std::string_view text = norm.View(document);

  Scratch& scratch = *lease.s->matcher;
  const Matcher& matcher = impl_->matcher;
  if (options.profile) matcher.EnableProfile(scratch);
  assemble::MatchTable table;
  table.capture = assemble::CaptureWith(matcher, program, text, scratch);
  const assemble::FindAllFn find_all = assemble::FindAllWith(matcher, text, scratch);
  assemble::AssembleOptions assemble_options;
  assemble_options.whole_text_section = options.whole_text_section;
  std::vector<assemble::SectionRegion> sections = impl_->plan.Scan(
      program, matcher, text, scratch, table, find_all, assemble_options, nullptr);
  assemble::Assembled a =
      assemble::Assemble(program, text, table, std::move(sections), find_all);

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
  // The assembly results and the warnings are this call's own (the scratch's warnings are
  // cleared before the next document): their strings are moved into the report, not copied.
  for (TextWarning& w : norm.warnings) {
    InputWarning iw;
    iw.offset = w.offset;
    auto lc = lines.Locate(w.offset);
    iw.line = lc.line;
    iw.column = lc.column;
    iw.message = std::move(w.message);
    report.warnings.push_back(std::move(iw));
  }
  report.sections.reserve(program.sections.size());
  for (uint32_t s = 0; s < program.sections.size(); ++s) {
    SectionResult r;
    r.name = program.sections[s].name;
    r.section_index = s;
    r.present = a.sections[s].present;
    if (r.present) {
      r.heading = provenance(a.sections[s].heading, "section " + r.name);
      // Only the span: the section's text and line are not part of the report.
      const NormalizedText::Span whole = norm.ToOriginalSpan(a.sections[s].span.begin,
                                                             a.sections[s].span.end);
      r.begin = whole.begin;
      r.end = whole.end;
    }
    report.sections.push_back(std::move(r));
  }
  for (assemble::RawValue& v : a.values) {
    FieldValue fv;
    fv.field = std::move(v.name);
    fv.field_index = v.field;
    fv.value = std::move(v.value);
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
  for (assemble::RawViolation& v : a.violations) {
    const Constraint& c = program.constraints[v.constraint];
    Violation out;
    out.constraint = v.constraint;
    out.severity = c.severity;
    out.rule = c.label;
    out.message = std::move(v.message);
    if (v.where) out.where = provenance(*v.where, c.label);
    report.violations.push_back(std::move(out));
  }
  return report;
}

std::vector<PatternCost> Extractor::Profile() const {
  std::vector<PatternCounts> sum(program_->automata.size());
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (const Impl::Pooled& p : impl_->pool) {
      const std::vector<PatternCounts> counts = impl_->matcher.profile(*p.scratch->matcher);
      for (size_t r = 0; r < counts.size() && r < sum.size(); ++r) sum[r] += counts[r];
    }
  }
  return CostByPattern(*program_, sum);
}

}  // namespace rptc::rt

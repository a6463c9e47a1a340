// Report -> JSON. The shape mirrors the template: top-level document fields under "fields",
// section metadata under "sections", and one member per section holding its fields (a value
// object, or an array for `many` fields) and its lists (arrays of items). docs/report-format.md
// describes it; `rptc schema` prints the JSON Schema (runtime/output/schema.cc).
//
// The report is written straight into the caller's string (runtime/output/json_writer.h); it
// used to be built as an nlohmann::ordered_json tree and dumped, and the bytes are unchanged.
// That includes what the tree did with names that meet twice in one object: a key set again
// keeps its first position and takes the later value (a section named like a top-level member,
// a list named like a field), a single field keeps its first value, and a `many` field's array
// replaces a single value of the same name. So each object is first laid out as a member table
// (thread-local, reused: no allocation per report once warm) and then written.
// Tested by tests/runtime/output/json_test.cc (against the former tree-based serialiser) and
// the example goldens.
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "runtime/output/json_writer.h"
#include "runtime/report.h"

namespace rptc::rt {
namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;

// Integral values print without a fractional part; others keep full precision.
void Number(JsonWriter& w, double d) {
  if (std::isfinite(d) && std::fabs(d) < 9e15 && d == std::floor(d)) {
    w.Int(static_cast<int64_t>(d));
  } else {
    w.Double(d);
  }
}

void Span(JsonWriter& w, uint32_t begin, uint32_t end) {
  w.BeginArray();
  w.Uint(begin);
  w.Uint(end);
  w.EndArray();
}

void ValueJson(JsonWriter& w, const FieldValue& fv) {
  const Value& v = fv.value;
  w.BeginObject();
  w.Key("value");
  switch (v.type) {
    case ValueType::kText:
    case ValueType::kKey: w.String(v.text); break;
    case ValueType::kRatio:
      w.BeginArray();
      for (double p : v.parts) Number(w, p);
      w.EndArray();
      break;
    case ValueType::kDate: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.year, v.month, v.day);
      w.String(buf);
      break;
    }
    default: Number(w, v.number); break;
  }
  if (v.qualifier == Qualifier::kRange) {
    w.Key("low");
    Number(w, v.low);
    w.Key("high");
    Number(w, v.high);
  }
  if (!v.unit.empty()) {
    w.Key("unit");
    w.String(v.unit);
  }
  if (v.type != ValueType::kText && v.type != ValueType::kKey) {
    w.Key("qualifier");
    w.String(QualifierName(v.qualifier));
  }
  w.Key("type");
  w.String(ValueTypeName(v.type));
  w.Key("text");
  w.String(fv.where.text);
  w.Key("span");
  Span(w, fv.where.begin, fv.where.end);
  w.Key("line");
  w.Int(fv.where.line);
  w.Key("column");
  w.Int(fv.where.column);
  w.Key("rule");
  w.String(fv.where.rule);
  w.EndObject();
}

void ListJson(JsonWriter& w, const ListResult& list) {
  w.BeginArray();
  for (const ListItem& it : list.items) {
    w.BeginObject();
    w.Key("index");
    w.Int(it.index);
    w.Key("marker");
    w.String(it.marker);
    w.Key("title");
    w.String(it.title);
    w.Key("span");
    Span(w, it.title_where.begin, it.title_where.end);
    w.Key("line");
    w.Int(it.title_where.line);
    w.Key("column");
    w.Int(it.title_where.column);
    w.Key("body_span");
    Span(w, it.body_begin, it.body_end);
    w.EndObject();
  }
  w.EndArray();
}

// One member of an object being laid out: what its value is, by index into the report.
struct Member {
  enum Kind : uint8_t {
    kValue,        // a single field's value: values[first]
    kValueArray,   // a `many` field: values first, next[first], ... last
    kList,         // lists[first]
    kTemplate, kTemplateVersion, kDocument, kBytes, kFields, kSections, kSectionBody,
    kViolations, kWarnings,
  };
  std::string_view key;
  Kind kind;
  uint32_t first = kNone, last = kNone;
};

// The member tables of one thread, reused from report to report.
struct Layout {
  std::vector<Member> top, body, sections;
  std::vector<uint32_t> next;  // per value of the body being laid out: the next in its array

  // The member called `key`, or null. `hint` is checked first: values come grouped by field.
  static Member* Find(std::vector<Member>& members, std::string_view key, size_t hint) {
    if (hint < members.size() && members[hint].key == key) return &members[hint];
    for (Member& m : members) {
      if (m.key == key) return &m;
    }
    return nullptr;
  }
  // obj[key] = value: a new key goes last, an existing one keeps its place.
  static void Set(std::vector<Member>& members, std::string_view key, Member::Kind kind,
                  uint32_t first) {
    Member* m = Find(members, key, members.size() - 1);
    if (m == nullptr) {
      members.push_back({key, kind, first});
    } else {
      m->kind = kind;
      m->first = first;
    }
  }
};

Layout& ThreadLayout() {
  thread_local Layout layout;
  return layout;
}

// A section body (or "fields"): its values, then its lists, as the tree-building serialiser's
// obj[...] calls placed them.
void BodyJson(JsonWriter& w, const Program& program, const std::vector<FieldValue>& values,
              const std::vector<ListResult>* lists, Layout& layout) {
  std::vector<Member>& members = layout.body;
  members.clear();
  layout.next.assign(values.size(), kNone);
  size_t hint = 0;
  for (uint32_t i = 0; i < values.size(); ++i) {
    const FieldValue& fv = values[i];
    const bool many = program.fields[fv.field_index].cardinality == Cardinality::kMany;
    Member* m = Layout::Find(members, fv.field, hint);
    if (m == nullptr) {
      members.push_back({fv.field, many ? Member::kValueArray : Member::kValue, i, i});
      hint = members.size() - 1;
      continue;
    }
    hint = static_cast<size_t>(m - members.data());
    if (!many) continue;  // a single field keeps its first value
    if (m->kind != Member::kValueArray) {
      *m = {m->key, Member::kValueArray, i, i};  // an array replaces whatever was there
    } else if (m->last == kNone) {
      m->first = m->last = i;
    } else {
      layout.next[m->last] = i;
      m->last = i;
    }
  }
  if (lists != nullptr) {
    for (uint32_t l = 0; l < lists->size(); ++l) {
      Layout::Set(members, (*lists)[l].name, Member::kList, l);
    }
  }
  w.BeginObject();
  for (const Member& m : members) {
    w.Key(m.key);
    if (m.kind == Member::kValue) {
      ValueJson(w, values[m.first]);
    } else if (m.kind == Member::kValueArray) {
      w.BeginArray();
      for (uint32_t i = m.first; i != kNone; i = layout.next[i]) ValueJson(w, values[i]);
      w.EndArray();
    } else {
      ListJson(w, (*lists)[m.first]);
    }
  }
  w.EndObject();
}

void SectionsJson(JsonWriter& w, const Report& report, Layout& layout) {
  std::vector<Member>& members = layout.sections;
  members.clear();
  for (uint32_t s = 0; s < report.sections.size(); ++s) {
    Layout::Set(members, report.sections[s].name, Member::kSectionBody, s);
  }
  w.BeginObject();
  for (const Member& m : members) {
    const SectionResult& s = report.sections[m.first];
    w.Key(m.key);
    w.BeginObject();
    w.Key("present");
    w.Bool(s.present);
    if (s.present) {
      w.Key("heading");
      w.String(s.heading.text);
      w.Key("span");
      Span(w, s.begin, s.end);
      w.Key("line");
      w.Int(s.heading.line);
      w.Key("column");
      w.Int(s.heading.column);
    }
    w.EndObject();
  }
  w.EndObject();
}

void ViolationsJson(JsonWriter& w, const Report& report) {
  w.BeginArray();
  for (const Violation& v : report.violations) {
    w.BeginObject();
    w.Key("severity");
    w.String(v.severity == Severity::kError ? "error" : "warning");
    w.Key("rule");
    w.String(v.rule);
    w.Key("message");
    w.String(v.message);
    if (v.where) {
      w.Key("span");
      Span(w, v.where->begin, v.where->end);
      w.Key("line");
      w.Int(v.where->line);
      w.Key("column");
      w.Int(v.where->column);
      w.Key("text");
      w.String(v.where->text);
    }
    w.EndObject();
  }
  w.EndArray();
}

void WarningsJson(JsonWriter& w, const Report& report) {
  w.BeginArray();
  for (const InputWarning& iw : report.warnings) {
    w.BeginObject();
    w.Key("offset");
    w.Uint(iw.offset);
    w.Key("line");
    w.Int(iw.line);
    w.Key("column");
    w.Int(iw.column);
    w.Key("message");
    w.String(iw.message);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void AppendReportJson(const Program& program, const Report& report, int indent, int base_indent,
                      std::string* out) {
  Layout& layout = ThreadLayout();
  std::vector<Member>& top = layout.top;
  top.clear();
  top.push_back({"template", Member::kTemplate});
  top.push_back({"template_version", Member::kTemplateVersion});
  top.push_back({"document", Member::kDocument});
  top.push_back({"bytes", Member::kBytes});
  top.push_back({"fields", Member::kFields});
  top.push_back({"sections", Member::kSections});
  for (uint32_t s = 0; s < report.sections.size(); ++s) {
    Layout::Set(top, report.sections[s].name, Member::kSectionBody, s);
  }
  Layout::Set(top, "violations", Member::kViolations, kNone);
  if (!report.warnings.empty()) Layout::Set(top, "warnings", Member::kWarnings, kNone);

  JsonWriter w(out, indent, base_indent);
  w.BeginObject();
  for (const Member& m : top) {
    w.Key(m.key);
    switch (m.kind) {
      case Member::kTemplate: w.String(program.template_name); break;
      case Member::kTemplateVersion: w.String(program.template_version); break;
      case Member::kDocument: w.String(report.document); break;
      case Member::kBytes: w.Uint(report.bytes); break;
      case Member::kFields:
        BodyJson(w, program, report.document_level.values, nullptr, layout);
        break;
      case Member::kSections: SectionsJson(w, report, layout); break;
      case Member::kSectionBody: {
        const SectionResult& s = report.sections[m.first];
        BodyJson(w, program, s.values, &s.lists, layout);
        break;
      }
      case Member::kViolations: ViolationsJson(w, report); break;
      case Member::kWarnings: WarningsJson(w, report); break;
      default: break;
    }
  }
  w.EndObject();
}

std::string ReportToJson(const Program& program, const Report& report, int indent) {
  std::string out;
  AppendReportJson(program, report, indent, 0, &out);
  return out;
}

}  // namespace rptc::rt

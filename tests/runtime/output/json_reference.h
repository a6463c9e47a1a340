// The tree-building serialiser that runtime/output/json.cc replaced, kept verbatim as the
// oracle for its differential test (tests/runtime/output/json_test.cc): the streaming writer
// must print exactly these bytes.
#pragma once

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "runtime/report.h"

namespace rptc::rt::reference {

using Json = nlohmann::ordered_json;

inline Json Number(double d) {
  // Integral values print without a fractional part; others keep full precision.
  if (std::isfinite(d) && std::fabs(d) < 9e15 && d == std::floor(d)) {
    return Json(static_cast<int64_t>(d));
  }
  return Json(d);
}

inline Json SpanJson(const Provenance& p) { return Json::array({p.begin, p.end}); }

inline Json ValueJson(const FieldValue& fv) {
  const Value& v = fv.value;
  Json j;
  switch (v.type) {
    case ValueType::kText:
    case ValueType::kKey: j["value"] = v.text; break;
    case ValueType::kRatio: {
      Json parts = Json::array();
      for (double p : v.parts) parts.push_back(Number(p));
      j["value"] = parts;
      break;
    }
    case ValueType::kDate: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.year, v.month, v.day);
      j["value"] = buf;
      break;
    }
    default: j["value"] = Number(v.number); break;
  }
  if (v.qualifier == Qualifier::kRange) {
    j["low"] = Number(v.low);
    j["high"] = Number(v.high);
  }
  if (!v.unit.empty()) j["unit"] = v.unit;
  if (v.type != ValueType::kText && v.type != ValueType::kKey) {
    j["qualifier"] = std::string(QualifierName(v.qualifier));
  }
  j["type"] = std::string(ValueTypeName(v.type));
  j["text"] = fv.where.text;
  j["span"] = SpanJson(fv.where);
  j["line"] = fv.where.line;
  j["column"] = fv.where.column;
  j["rule"] = fv.where.rule;
  return j;
}

inline void AddValues(Json& obj, const Program& program, const std::vector<FieldValue>& values) {
  for (const FieldValue& fv : values) {
    const Field& field = program.fields[fv.field_index];
    if (field.cardinality == Cardinality::kMany) {
      Json& arr = obj[fv.field];
      if (!arr.is_array()) arr = Json::array();
      arr.push_back(ValueJson(fv));
    } else if (!obj.contains(fv.field)) {
      obj[fv.field] = ValueJson(fv);
    }
  }
}

inline Json ListJson(const ListResult& list) {
  Json items = Json::array();
  for (const ListItem& it : list.items) {
    Json j;
    j["index"] = it.index;
    j["marker"] = it.marker;
    j["title"] = it.title;
    j["span"] = SpanJson(it.title_where);
    j["line"] = it.title_where.line;
    j["column"] = it.title_where.column;
    j["body_span"] = Json::array({it.body_begin, it.body_end});
    items.push_back(std::move(j));
  }
  return items;
}

inline std::string ReferenceReportToJson(const Program& program, const Report& report, int indent) {
  Json j;
  j["template"] = program.template_name;
  j["template_version"] = program.template_version;
  j["document"] = report.document;
  j["bytes"] = report.bytes;
  Json fields = Json::object();
  AddValues(fields, program, report.document_level.values);
  j["fields"] = std::move(fields);
  Json sections = Json::object();
  for (const SectionResult& s : report.sections) {
    Json meta;
    meta["present"] = s.present;
    if (s.present) {
      meta["heading"] = s.heading.text;
      meta["span"] = Json::array({s.begin, s.end});
      meta["line"] = s.heading.line;
      meta["column"] = s.heading.column;
    }
    sections[s.name] = std::move(meta);
  }
  j["sections"] = std::move(sections);
  for (const SectionResult& s : report.sections) {
    Json body = Json::object();
    AddValues(body, program, s.values);
    for (const ListResult& l : s.lists) body[l.name] = ListJson(l);
    j[s.name] = std::move(body);
  }
  Json violations = Json::array();
  for (const Violation& v : report.violations) {
    Json vj;
    vj["severity"] = v.severity == Severity::kError ? "error" : "warning";
    vj["rule"] = v.rule;
    vj["message"] = v.message;
    if (v.where) {
      vj["span"] = SpanJson(*v.where);
      vj["line"] = v.where->line;
      vj["column"] = v.where->column;
      vj["text"] = v.where->text;
    }
    violations.push_back(std::move(vj));
  }
  j["violations"] = std::move(violations);
  if (!report.warnings.empty()) {
    Json warnings = Json::array();
    for (const InputWarning& w : report.warnings) {
      warnings.push_back({{"offset", w.offset}, {"line", w.line}, {"column", w.column},
                          {"message", w.message}});
    }
    j["warnings"] = std::move(warnings);
  }
  // Invalid UTF-8 never reaches here (normalisation replaced it), but matched text is cut at
  // byte offsets; `replace` keeps the writer total.
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace rptc::rt::reference

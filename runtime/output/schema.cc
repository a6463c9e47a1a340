// Tested by tests/runtime/output/schema_test.cc (every example report validates).
#include "runtime/output/schema.h"

#include <set>

#include <nlohmann/json.hpp>

namespace rptc::rt {

namespace {

using Json = nlohmann::ordered_json;

Json SpanSchema() {
  return {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", 0}}},
          {"minItems", 2}, {"maxItems", 2}};
}

Json ValueSchema(const Field& field) {
  Json value_type;
  switch (field.type) {
    case ValueType::kText:
    case ValueType::kKey:
    case ValueType::kDate: value_type = {{"type", "string"}}; break;
    case ValueType::kRatio: value_type = {{"type", "array"}, {"items", {{"type", "number"}}}}; break;
    default: value_type = {{"type", "number"}}; break;
  }
  Json props;
  props["value"] = value_type;
  props["low"] = {{"type", "number"}};
  props["high"] = {{"type", "number"}};
  props["unit"] = {{"type", "string"}};
  props["qualifier"] = {{"enum", {"exact", "about", "above", "within", "range"}}};
  props["type"] = {{"type", "string"}};
  props["text"] = {{"type", "string"}, {"description", "the matched text of the value"}};
  props["span"] = SpanSchema();
  props["line"] = {{"type", "integer"}, {"minimum", 1}};
  props["column"] = {{"type", "integer"}, {"minimum", 1}};
  props["rule"] = {{"type", "string"}, {"description", "the rule that produced the value"}};
  Json obj = {{"type", "object"},
              {"properties", props},
              {"required", {"value", "type", "text", "span", "line", "column", "rule"}},
              {"additionalProperties", false}};
  if (!field.doc.empty()) obj["description"] = field.doc;
  if (field.cardinality == Cardinality::kMany) {
    Json arr = {{"type", "array"}, {"items", obj}};
    if (!field.doc.empty()) arr["description"] = field.doc;
    return arr;
  }
  return obj;
}

Json ListSchema(const List& list) {
  Json item = {{"type", "object"},
               {"properties",
                {{"index", {{"type", "integer"}}},
                 {"marker", {{"type", "string"}}},
                 {"title", {{"type", "string"}}},
                 {"span", SpanSchema()},
                 {"line", {{"type", "integer"}}},
                 {"column", {{"type", "integer"}}},
                 {"body_span", SpanSchema()}}},
               {"required", {"index", "title", "span"}},
               {"additionalProperties", false}};
  Json arr = {{"type", "array"}, {"items", item}};
  if (!list.doc.empty()) arr["description"] = list.doc;
  return arr;
}

// The concrete names a field can take: its own name, or one per key of its key lexicon.
std::vector<std::string> FieldNames(const Program& program, uint32_t f) {
  const Field& field = program.fields[f];
  if (!field.keyed) return {field.name};
  std::set<std::string> names;
  for (const Rule& rule : program.rules) {
    if (rule.field != f) continue;
    for (const Capture& c : rule.captures) {
      if (c.name != "key" || c.lexicon >= program.lexicons.size()) continue;
      for (const std::string& key : program.lexicons[c.lexicon].keys) {
        std::string name;
        for (size_t i = 0; i < field.name.size();) {
          if (field.name[i] == '{') {
            size_t close = field.name.find('}', i);
            if (close != std::string::npos) {
              name += key;
              i = close + 1;
              continue;
            }
          }
          name += field.name[i++];
        }
        names.insert(name);
      }
    }
  }
  return {names.begin(), names.end()};
}

Json FieldsObject(const Program& program, uint32_t section) {
  Json props = Json::object();
  for (uint32_t f = 0; f < program.fields.size(); ++f) {
    if (program.fields[f].section != section) continue;
    for (const std::string& name : FieldNames(program, f)) {
      props[name] = ValueSchema(program.fields[f]);
    }
  }
  for (const List& l : program.lists) {
    if (l.section == section) props[l.name] = ListSchema(l);
  }
  Json obj = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (section != kNoPos && !program.sections[section].doc.empty()) {
    obj["description"] = program.sections[section].doc;
  }
  return obj;
}

}  // namespace

std::string ReportJsonSchema(const Program& program, int indent) {
  Json schema;
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = "rptc report of template '" + program.template_name + "'";
  if (!program.description.empty()) schema["description"] = program.description;
  schema["type"] = "object";
  Json props;
  props["template"] = {{"const", program.template_name}};
  props["template_version"] = {{"type", "string"}};
  props["document"] = {{"type", "string"}};
  props["bytes"] = {{"type", "integer"}, {"minimum", 0}};
  props["fields"] = FieldsObject(program, kNoPos);
  Json section_meta = {{"type", "object"},
                       {"properties",
                        {{"present", {{"type", "boolean"}}},
                         {"heading", {{"type", "string"}}},
                         {"span", SpanSchema()},
                         {"line", {{"type", "integer"}}},
                         {"column", {{"type", "integer"}}}}},
                       {"required", {"present"}},
                       {"additionalProperties", false}};
  Json sections_props = Json::object();
  for (const Section& s : program.sections) sections_props[s.name] = section_meta;
  props["sections"] = {{"type", "object"}, {"properties", sections_props}};
  for (uint32_t s = 0; s < program.sections.size(); ++s) {
    props[program.sections[s].name] = FieldsObject(program, s);
  }
  Json located = {{"span", SpanSchema()}, {"line", {{"type", "integer"}}},
                  {"column", {{"type", "integer"}}}, {"text", {{"type", "string"}}}};
  Json violation_props = located;
  violation_props["severity"] = {{"enum", {"error", "warning"}}};
  violation_props["rule"] = {{"type", "string"}};
  violation_props["message"] = {{"type", "string"}};
  props["violations"] = {{"type", "array"},
                         {"items",
                          {{"type", "object"},
                           {"properties", violation_props},
                           {"required", {"severity", "rule", "message"}}}}};
  props["warnings"] = {{"type", "array"},
                       {"items",
                        {{"type", "object"},
                         {"properties",
                          {{"offset", {{"type", "integer"}}},
                           {"line", {{"type", "integer"}}},
                           {"column", {{"type", "integer"}}},
                           {"message", {{"type", "string"}}}}}}}};
  schema["properties"] = props;
  schema["required"] = {"template", "document", "fields", "sections", "violations"};
  return schema.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace rptc::rt

#include "cli/check_report.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/common.h"
#include "cli/snippet.h"

namespace rptc::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string_view SeverityName(rt::Severity s) {
  return s == rt::Severity::kError ? "error" : "warning";
}

// XML 1.0 text: escapes markup and drops the control characters XML cannot carry.
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
          out += c;
        }
    }
  }
  return out;
}

// A SARIF artifactLocation.uri: a relative reference, percent-encoded (RFC 3986) except for
// path separators; absolute paths become file:// URIs.
std::string FileUri(std::string_view path) {
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

const char* kBold = "\x1b[1m";
const char* kRed = "\x1b[1;31m";
const char* kMagenta = "\x1b[1;35m";
const char* kReset = "\x1b[0m";

std::string Heading(const std::string& where, const Finding& f, bool color) {
  std::string_view severity = SeverityName(f.severity);
  if (!color) return fmt::format("{}: {}: {} [{}]\n", where, severity, f.message, f.rule);
  return fmt::format("{}{}:{} {}{}:{} {} [{}]\n", kBold, where, kReset,
                     f.severity == rt::Severity::kError ? kRed : kMagenta, severity, kReset,
                     f.message, f.rule);
}

}  // namespace

CheckedDoc MakeCheckedDoc(std::string path, const rt::Report& report, std::string_view document,
                          bool color) {
  CheckedDoc doc;
  doc.path = std::move(path);
  doc.read = true;
  for (const rt::Violation& v : report.violations) {
    Finding f;
    f.severity = v.severity;
    f.constraint = v.constraint;
    f.rule = v.rule;
    f.message = v.message;
    (v.severity == rt::Severity::kError ? doc.errors : doc.warnings)++;
    std::string where = doc.path;
    std::string snippet;
    if (v.where) {
      f.located = true;
      f.line = v.where->line;
      f.column = v.where->column;
      f.begin = v.where->begin;
      f.end = v.where->end;
      f.text = v.where->text;
      f.excerpt = Excerpt(document, f.begin, f.end);
      where += fmt::format(":{}:{}", f.line, f.column);
      snippet = Snippet(document, f.begin, f.end, f.line);
    }
    doc.text += Heading(where, f, color) + snippet;
    doc.findings.push_back(std::move(f));
  }
  return doc;
}

void CheckTotals::Add(const CheckedDoc& doc, bool werror) {
  ++reports;
  if (!doc.read) ++unreadable;
  if (!doc.conforms(werror)) ++nonconforming;
  errors += doc.errors;
  warnings += doc.warnings;
}

std::string TextSummary(const CheckTotals& t) {
  auto plural = [](size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  std::string line =
      fmt::format("{}: {} conform, {} {}", plural(t.reports, "report"), t.reports - t.nonconforming,
                  t.nonconforming, t.nonconforming == 1 ? "does not" : "do not");
  line += fmt::format(" ({}, {}", plural(t.errors, "error"), plural(t.warnings, "warning"));
  if (t.unreadable > 0) line += fmt::format(", {} unreadable", t.unreadable);
  return line + ")\n";
}

std::string CheckJson(const std::vector<CheckedDoc>& docs, bool werror) {
  Json out = Json::array();
  for (const CheckedDoc& doc : docs) {
    Json d;
    d["document"] = doc.path;
    d["conforms"] = doc.conforms(werror);
    if (!doc.read) {
      d["error"] = doc.error;
      out.push_back(std::move(d));
      continue;
    }
    d["errors"] = doc.errors;
    d["warnings"] = doc.warnings;
    Json violations = Json::array();
    for (const Finding& f : doc.findings) {
      Json v;
      v["severity"] = SeverityName(f.severity);
      v["rule"] = f.rule;
      v["message"] = f.message;
      if (f.located) {
        v["line"] = f.line;
        v["column"] = f.column;
        v["span"] = Json::array({f.begin, f.end});
        v["text"] = f.text;
        v["excerpt"] = f.excerpt;
      }
      violations.push_back(std::move(v));
    }
    d["violations"] = std::move(violations);
    out.push_back(std::move(d));
  }
  return Dump(out);
}

std::string CheckJunit(const rt::Program& program, const std::vector<CheckedDoc>& docs,
                       bool werror) {
  std::string suites;
  size_t total_tests = 0, total_failures = 0, total_errors = 0;
  for (const CheckedDoc& doc : docs) {
    std::string cases;
    size_t failures = 0;
    if (!doc.read) {
      cases += fmt::format(
          "    <testcase classname=\"{0}\" name=\"read {0}\">\n"
          "      <error type=\"unreadable\" message=\"{1}\"/>\n    </testcase>\n",
          Xml(doc.path), Xml(doc.error));
      ++total_errors;
      ++total_tests;
      suites += fmt::format(
          "  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\">\n{}"
          "  </testsuite>\n",
          Xml(doc.path), cases);
      continue;
    }
    std::map<uint32_t, std::vector<const Finding*>> by_constraint;
    for (const Finding& f : doc.findings) by_constraint[f.constraint].push_back(&f);
    for (uint32_t c = 0; c < program.constraints.size(); ++c) {
      const rt::Constraint& constraint = program.constraints[c];
      std::string name =
          constraint.label.empty() ? fmt::format("constraint {}", c + 1) : constraint.label;
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", Xml(doc.path), Xml(name));
      auto it = by_constraint.find(c);
      if (it == by_constraint.end()) {
        cases += "/>\n";
        continue;
      }
      std::string body;
      bool failing = false;
      for (const Finding* f : it->second) {
        failing = failing || f->severity == rt::Severity::kError || werror;
        body += f->located
                    ? fmt::format("{}:{}:{}: {}: {}", doc.path, f->line, f->column,
                                  SeverityName(f->severity), f->message)
                    : fmt::format("{}: {}: {}", doc.path, SeverityName(f->severity), f->message);
        if (!f->excerpt.empty()) body += "\n    " + f->excerpt;
        body += '\n';
      }
      const Finding& first = *it->second.front();
      if (failing) {
        ++failures;
        cases += fmt::format(
            ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n"
            "    </testcase>\n",
            SeverityName(first.severity), Xml(first.message), Xml(body));
      } else {
        // Warnings do not fail the test case (without --werror), but stay visible.
        cases += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", Xml(body));
      }
    }
    total_tests += program.constraints.size();
    total_failures += failures;
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n{}  </testsuite>\n",
        Xml(doc.path), program.constraints.size(), failures, cases);
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"rptc check {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}"
      "</testsuites>\n",
      Xml(program.template_name), total_tests, total_failures, total_errors, suites);
}

std::vector<std::string> SarifRuleIds(const rt::Program& program) {
  std::vector<std::string> ids;
  std::set<std::string> used;
  for (size_t c = 0; c < program.constraints.size(); ++c) {
    std::string slug;
    for (char ch : program.constraints[c].label) {
      bool keep = std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
      if (keep) {
        slug += ch;
      } else if (!slug.empty() && slug.back() != '-') {
        slug += '-';
      }
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    if (slug.empty()) slug = fmt::format("constraint-{}", c + 1);
    std::string id = "rptc/" + slug;
    for (int n = 2; !used.insert(id).second; ++n) id = fmt::format("rptc/{}-{}", slug, n);
    ids.push_back(id);
  }
  return ids;
}

std::string CheckSarif(const rt::Program& program, const std::vector<CheckedDoc>& docs) {
  std::vector<std::string> ids = SarifRuleIds(program);
  Json rules = Json::array();
  for (size_t c = 0; c < program.constraints.size(); ++c) {
    const rt::Constraint& constraint = program.constraints[c];
    Json rule;
    rule["id"] = ids[c];
    rule["shortDescription"]["text"] = constraint.label.empty() ? ids[c] : constraint.label;
    if (!constraint.message.empty()) rule["fullDescription"]["text"] = constraint.message;
    rule["defaultConfiguration"]["level"] = SeverityName(constraint.severity);
    rules.push_back(std::move(rule));
  }
  Json results = Json::array();
  Json notifications = Json::array();
  for (const CheckedDoc& doc : docs) {
    Json artifact;
    artifact["uri"] = FileUri(doc.path);
    if (!doc.read) {
      Json n;
      n["level"] = "error";
      n["message"]["text"] = doc.error;
      n["locations"] = Json::array({{{"physicalLocation", {{"artifactLocation", artifact}}}}});
      notifications.push_back(std::move(n));
      continue;
    }
    for (const Finding& f : doc.findings) {
      Json result;
      if (f.constraint < ids.size()) {
        result["ruleId"] = ids[f.constraint];
        result["ruleIndex"] = f.constraint;
      } else {
        result["ruleId"] = "rptc/unknown";
      }
      result["level"] = SeverityName(f.severity);
      result["message"]["text"] = f.message.empty() ? f.rule : f.message;
      Json physical;
      physical["artifactLocation"] = artifact;
      if (f.located && f.line > 0) {
        Json region;
        region["startLine"] = f.line;
        region["startColumn"] = std::max(1, f.column);
        region["byteOffset"] = f.begin;
        region["byteLength"] = f.end - f.begin;
        if (!f.excerpt.empty()) region["snippet"]["text"] = f.excerpt;
        physical["region"] = std::move(region);
      }
      result["locations"] = Json::array({{{"physicalLocation", std::move(physical)}}});
      results.push_back(std::move(result));
    }
  }
  Json driver;
  driver["name"] = "rptc";
  driver["version"] = std::string(kVersion);
  driver["semanticVersion"] = std::string(kVersion);
  driver["rules"] = std::move(rules);
  Json run;
  run["tool"]["driver"] = std::move(driver);
  Json invocation;
  invocation["executionSuccessful"] = notifications.empty();
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  run["invocations"] = Json::array({std::move(invocation)});
  // Our columns count code points, not SARIF's default UTF-16 code units.
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  Json log;
  log["$schema"] =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  return Dump(log);
}

}  // namespace rptc::cli

#include "runtime/explain/diff.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "runtime/explain/explain.h"

namespace rptc::rt::explain {

namespace {

struct Entry {
  std::string summary;  // normalised value
  std::string text;     // original text
  bool operator==(const Entry& o) const { return summary == o.summary && text == o.text; }
};

// Ordered map from path to entries, remembering first-seen order.
struct Flat {
  std::vector<std::string> order;
  std::map<std::string, std::vector<Entry>> values;
  void Add(const std::string& path, Entry e) {
    auto [it, inserted] = values.try_emplace(path);
    if (inserted) order.push_back(path);
    it->second.push_back(std::move(e));
  }
};

void AddSection(Flat& flat, const SectionResult& s, const std::string& prefix) {
  for (const FieldValue& fv : s.values) {
    flat.Add(prefix + fv.field, {ValueSummary(fv.value), fv.where.text});
  }
  for (const ListResult& l : s.lists) {
    std::string n = fmt::format("{} item{}", l.items.size(), l.items.size() == 1 ? "" : "s");
    flat.Add(prefix + l.name, {n, n});
  }
}

Flat Flatten(const Report& r) {
  Flat flat;
  for (const SectionResult& s : r.sections) {
    if (s.present) {
      flat.Add("section " + s.name, {"present", s.heading.text});
    }
  }
  AddSection(flat, r.document_level, "");
  for (const SectionResult& s : r.sections) AddSection(flat, s, s.name + ".");
  for (const Violation& v : r.violations) {
    std::string text = fmt::format("{}: {}", v.severity == Severity::kError ? "error" : "warning",
                                   v.message.empty() ? v.rule : v.message);
    flat.Add("violation", {text, text});
  }
  return flat;
}

std::string Show(const Entry& e, const std::string& path) {
  if (path.rfind("section ", 0) == 0) return e.text.empty() ? e.summary : "'" + e.text + "'";
  if (path == "violation") return e.text;
  // A value: its normalised form, and the text when it says something the form does not.
  if (e.text.empty() || e.text == e.summary) return e.summary;
  return fmt::format("{}  \"{}\"", e.summary, e.text);
}

}  // namespace

std::vector<ReportChange> DiffReports(const Report* before, const Report& after) {
  Flat a = before ? Flatten(*before) : Flat{};
  Flat b = Flatten(after);
  std::vector<std::string> paths = b.order;
  for (const std::string& p : a.order) {
    if (!b.values.count(p)) paths.push_back(p);
  }
  std::vector<ReportChange> out;
  for (const std::string& path : paths) {
    std::vector<Entry> old_entries = a.values.count(path) ? a.values[path] : std::vector<Entry>{};
    std::vector<Entry> new_entries = b.values.count(path) ? b.values[path] : std::vector<Entry>{};
    // Drop the entries both sides have.
    std::vector<Entry> removed, added = new_entries;
    for (const Entry& e : old_entries) {
      auto it = std::find(added.begin(), added.end(), e);
      if (it != added.end()) {
        added.erase(it);
      } else {
        removed.push_back(e);
      }
    }
    if (removed.size() == 1 && added.size() == 1) {
      ReportChange c;
      c.kind = ReportChange::Kind::kChanged;
      c.path = path;
      const Entry& x = removed[0];
      const Entry& y = added[0];
      if (x.text != y.text && !x.text.empty() && !y.text.empty() &&
          path.rfind("section ", 0) != 0) {
        c.before = x.text;
        c.after = y.text;
        if (x.summary != y.summary && x.text == x.summary) {
          c.before = x.summary;
          c.after = y.summary;
        }
      } else {
        c.before = Show(x, path);
        c.after = Show(y, path);
      }
      out.push_back(std::move(c));
      continue;
    }
    for (const Entry& e : removed) {
      out.push_back({ReportChange::Kind::kRemoved, path, Show(e, path), ""});
    }
    for (const Entry& e : added) {
      out.push_back({ReportChange::Kind::kAdded, path, "", Show(e, path)});
    }
  }
  return out;
}

std::string FormatChanges(const std::vector<ReportChange>& changes, bool color) {
  std::string out;
  auto paint = [&](const char* code, const std::string& s) {
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  };
  for (const ReportChange& c : changes) {
    switch (c.kind) {
      case ReportChange::Kind::kAdded:
        out += paint("32", fmt::format("+ {} = {}", c.path, c.after));
        break;
      case ReportChange::Kind::kRemoved:
        out += paint("31", fmt::format("- {} = {}", c.path, c.before));
        break;
      case ReportChange::Kind::kChanged:
        out += paint("33", fmt::format("~ {}: {} -> {}", c.path, c.before, c.after));
        break;
    }
    out += '\n';
  }
  return out;
}

}  // namespace rptc::rt::explain

#include "compiler/check/paths.h"

#include <fmt/format.h>

namespace rptc::check::internal {

namespace {

// The names a (scope, name) index holds for one scope, in name order.
std::vector<std::string> NamesIn(
    const std::map<std::pair<uint32_t, std::string>, uint32_t, std::less<>>& index,
    uint32_t scope) {
  std::vector<std::string> names;
  for (auto it = index.lower_bound(std::make_pair(scope, std::string()));
       it != index.end() && it->first.first == scope; ++it) {
    names.push_back(it->first.second);
  }
  return names;
}

}  // namespace

StructureIndex::StructureIndex(const CheckContext& ctx) : ctx_(ctx) {
  const CheckedTemplate& t = ctx.out;
  for (uint32_t i = 0; i < t.sections.size(); ++i) {
    children_.emplace(std::make_pair(t.sections[i].parent, t.sections[i].name), i);
  }
  for (uint32_t i = 0; i < t.fields.size(); ++i) {
    fields_.emplace(std::make_pair(t.fields[i].section, t.fields[i].name), i);
    if (t.fields[i].keyed) keyed_[t.fields[i].section].push_back(i);
  }
  for (uint32_t i = 0; i < t.lists.size(); ++i) {
    lists_.emplace(std::make_pair(t.lists[i].section, t.lists[i].name), i);
  }
}

std::optional<uint32_t> StructureIndex::ChildSection(uint32_t parent,
                                                      std::string_view name) const {
  auto it = children_.find(std::make_pair(parent, std::string(name)));
  if (it == children_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> StructureIndex::VisibleSection(uint32_t scope,
                                                        std::string_view name) const {
  for (uint32_t s = scope;; s = ctx_.out.sections[s].parent) {
    if (auto found = ChildSection(s, name)) return found;
    if (s == rt::kNoPos) return std::nullopt;
  }
}

std::vector<std::string> StructureIndex::ChildSectionNames(uint32_t parent) const {
  return NamesIn(children_, parent);
}

std::vector<std::string> StructureIndex::VisibleSectionNames(uint32_t scope) const {
  std::vector<std::string> names;
  for (uint32_t s = scope;; s = ctx_.out.sections[s].parent) {
    std::vector<std::string> level = ChildSectionNames(s);
    names.insert(names.end(), level.begin(), level.end());
    if (s == rt::kNoPos) return names;
  }
}

std::optional<StructureIndex::FieldMatch> StructureIndex::FindField(uint32_t section,
                                                                     std::string_view name) const {
  auto it = fields_.find(std::make_pair(section, std::string(name)));
  if (it != fields_.end()) return FieldMatch{it->second, std::string(name)};
  auto keyed = keyed_.find(section);
  if (keyed == keyed_.end()) return std::nullopt;
  for (uint32_t f : keyed->second) {
    const FieldDef& field = ctx_.out.fields[f];
    for (const std::string& lexicon : field.key_lexicons) {
      if (MatchesTemplate(field.name, name, lexicon)) return FieldMatch{f, std::string(name)};
    }
  }
  return std::nullopt;
}

std::vector<std::string> StructureIndex::FieldNames(uint32_t section) const {
  return NamesIn(fields_, section);
}

std::optional<uint32_t> StructureIndex::FindList(uint32_t section, std::string_view name) const {
  auto it = lists_.find(std::make_pair(section, std::string(name)));
  if (it == lists_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> StructureIndex::ListNames(uint32_t section) const {
  return NamesIn(lists_, section);
}

std::vector<std::string> StructureIndex::KeyedNames(uint32_t section, size_t limit) const {
  std::vector<std::string> names;
  auto keyed = keyed_.find(section);
  if (keyed == keyed_.end()) return names;
  for (uint32_t f : keyed->second) {
    const FieldDef& field = ctx_.out.fields[f];
    size_t open = field.name.find('{');
    size_t close = field.name.find('}', open);
    if (close == std::string::npos) continue;
    // One variable is the common case; more would multiply the names for a mere suggestion.
    if (field.name.find('{', close) != std::string::npos) continue;
    for (const std::string& lexicon : field.key_lexicons) {
      auto lex = ctx_.out.lexicon_index.find(lexicon);
      if (lex == ctx_.out.lexicon_index.end()) continue;
      for (const ast::LexiconEntry& entry : ctx_.out.lexicons[lex->second].decl.entries) {
        if (names.size() >= limit) return names;
        names.push_back(field.name.substr(0, open) + entry.key + field.name.substr(close + 1));
      }
    }
  }
  return names;
}

std::string StructureIndex::SectionPath(uint32_t section) const {
  if (section == rt::kNoPos) return "the document";
  std::string path = ctx_.out.sections[section].name;
  for (uint32_t s = ctx_.out.sections[section].parent; s != rt::kNoPos;
       s = ctx_.out.sections[s].parent) {
    path = ctx_.out.sections[s].name + "." + path;
  }
  return path;
}

// Whether `name` is `tmpl` with each `{var}` replaced by a key of `lexicon`. Backtracks over
// where each variable ends; names and templates are short.
bool StructureIndex::MatchesTemplate(std::string_view tmpl, std::string_view name,
                                     const std::string& lexicon) const {
  auto lex = ctx_.out.lexicon_index.find(lexicon);
  if (lex == ctx_.out.lexicon_index.end()) return false;
  const auto& keys = ctx_.lexicon_keys[lex->second];
  if (tmpl.empty()) return name.empty();
  if (tmpl[0] != '{') {
    size_t var = tmpl.find('{');
    std::string_view text = tmpl.substr(0, var);
    if (name.substr(0, text.size()) != text) return false;
    return MatchesTemplate(tmpl.substr(text.size()), name.substr(text.size()), lexicon);
  }
  size_t close = tmpl.find('}');
  if (close == std::string_view::npos) return false;
  std::string_view rest = tmpl.substr(close + 1);
  for (size_t len = 1; len <= name.size(); ++len) {
    if (keys.count(std::string(name.substr(0, len))) &&
        MatchesTemplate(rest, name.substr(len), lexicon)) {
      return true;
    }
  }
  return false;
}

std::optional<uint32_t> StructureIndex::PathSections(const PendingPath& path, size_t end,
                                                     uint32_t scope, size_t* failed,
                                                     uint32_t* failed_in) const {
  uint32_t current = scope;
  for (size_t i = 0; i < end; ++i) {
    std::optional<uint32_t> found =
        i == 0 ? VisibleSection(scope, path.parts[0]) : ChildSection(current, path.parts[i]);
    if (!found) {
      if (failed) *failed = i;
      if (failed_in) *failed_in = current;
      return std::nullopt;
    }
    current = *found;
  }
  return current;
}

std::optional<uint32_t> ResolvePathSections(CheckContext& ctx, const StructureIndex& index,
                                            const PendingPath& path, size_t end, uint32_t scope) {
  size_t failed = 0;
  uint32_t failed_in = scope;
  std::optional<uint32_t> found = index.PathSections(path, end, scope, &failed, &failed_in);
  if (!found) ReportUnknownSection(ctx, index, path, failed, failed_in, failed == 0);
  return found;
}

void ReportUnknownSection(CheckContext& ctx, const StructureIndex& index, const PendingPath& path,
                          size_t part, uint32_t scope, bool visible) {
  const std::string& name = path.parts[part];
  std::vector<std::string> names =
      visible ? index.VisibleSectionNames(scope) : index.ChildSectionNames(scope);
  std::string help = names.empty() ? std::string("no sections are declared there")
                                   : fmt::format("sections: {}", NameList(names));
  std::string message =
      visible || scope == rt::kNoPos
          ? fmt::format("unknown section '{}'{}", name, DidYouMean(name, names))
          : fmt::format("section '{}' has no section '{}'{}", index.SectionPath(scope), name,
                        DidYouMean(name, names));
  ctx.report.Error(path.spans[part], "E0401", std::move(message), std::move(help));
}

}  // namespace rptc::check::internal

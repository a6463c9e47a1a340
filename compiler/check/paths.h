// Looking up sections and fields by name once the structure is built.
//
// A section name is looked up among the children of the scope it is written in, then among
// those of each enclosing section, up to the top level; later parts of a path are children of
// the previous part. A field name matches a concrete field, a keyed field's template as written
// (`{key}_growth`), or a name the template can produce from a key of its @key lexicon
// (`gdp_growth`). A list name matches a list of that section only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/context.h"
#include "compiler/check/structure.h"

namespace rptc::check::internal {

class StructureIndex {
 public:
  explicit StructureIndex(const CheckContext& ctx);

  std::optional<uint32_t> ChildSection(uint32_t parent, std::string_view name) const;
  std::optional<uint32_t> VisibleSection(uint32_t scope, std::string_view name) const;
  std::vector<std::string> ChildSectionNames(uint32_t parent) const;
  std::vector<std::string> VisibleSectionNames(uint32_t scope) const;

  struct FieldMatch {
    uint32_t field = 0;
    std::string name;  // the concrete name when a key was filled in, else the field's name
  };
  std::optional<FieldMatch> FindField(uint32_t section, std::string_view name) const;
  std::vector<std::string> FieldNames(uint32_t section) const;
  // Names keyed fields of `section` can take (at most `limit`), for "did you mean".
  std::vector<std::string> KeyedNames(uint32_t section, size_t limit = 1000) const;

  // Lists of a section (kNoPos: the document level), by name; index into CheckedTemplate::lists.
  std::optional<uint32_t> FindList(uint32_t section, std::string_view name) const;
  std::vector<std::string> ListNames(uint32_t section) const;

  // "review.sub", or "the document" for kNoPos.
  std::string SectionPath(uint32_t section) const;

  // The section that parts [0, end) of `path` name: the first looked up from `scope` outwards,
  // the others as children of the one before. Nullopt, without a report, if one names none;
  // then *failed (if given) is that part and *failed_in the section it was looked up from.
  std::optional<uint32_t> PathSections(const PendingPath& path, size_t end, uint32_t scope,
                                       size_t* failed = nullptr,
                                       uint32_t* failed_in = nullptr) const;

 private:
  bool MatchesTemplate(std::string_view tmpl, std::string_view name, const std::string& lexicon)
      const;

  const CheckContext& ctx_;
  std::map<std::pair<uint32_t, std::string>, uint32_t, std::less<>> children_;
  std::map<std::pair<uint32_t, std::string>, uint32_t, std::less<>> fields_;
  std::map<std::pair<uint32_t, std::string>, uint32_t, std::less<>> lists_;
  std::map<uint32_t, std::vector<uint32_t>> keyed_;
};

// PathSections, reporting E0401 at the first part that names no section.
std::optional<uint32_t> ResolvePathSections(CheckContext& ctx, const StructureIndex& index,
                                            const PendingPath& path, size_t end, uint32_t scope);

// E0401 for part `part` of `path`, looked up among the sections visible from `scope`
// (`visible`) or among the children of `scope`.
void ReportUnknownSection(CheckContext& ctx, const StructureIndex& index, const PendingPath& path,
                          size_t part, uint32_t scope, bool visible);

}  // namespace rptc::check::internal

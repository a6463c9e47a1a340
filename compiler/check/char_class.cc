#include "compiler/check/char_class.h"

#include <optional>

#include <fmt/format.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

namespace rptc::check::internal {
namespace {

// Common property names, for "did you mean" only: ICU accepts many more.
const std::vector<std::string>& KnownProperties() {
  static const std::vector<std::string> names = {
      "Han", "Latin", "Hiragana", "Katakana", "Hangul", "Common", "Greek", "Cyrillic", "Arabic",
      "L", "Lu", "Ll", "Lo", "N", "Nd", "Nl", "No", "P", "Pd", "Ps", "Pe", "Po", "S", "Sc",
      "Sm", "Z", "Zs", "Alphabetic", "White_Space", "Punctuation", "Letter", "Number",
      "Ideographic", "Uppercase", "Lowercase", "Digit"};
  return names;
}

// The set of a property name, or nullopt when ICU rejects it. The name is checked first so that
// it cannot change the meaning of the surrounding ICU set syntax.
std::optional<icu::UnicodeSet> PropertySet(const std::string& name) {
  if (name.empty()) return std::nullopt;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '=' || c == ' ' || c == '-' || c == '.';
    if (!ok) return std::nullopt;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeSet set(icu::UnicodeString::fromUTF8("[\\p{" + name + "}]"), status);
  if (U_FAILURE(status)) return std::nullopt;
  return set;
}

std::string CodePointText(char32_t c) {
  if (c < 0x20 || c == 0x7F || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return fmt::format("\\u{{{:X}}}", static_cast<uint32_t>(c));
  }
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

}  // namespace

bool CheckCharClass(const ast::CharClass& cls, SourceSpan span, Reporter& report) {
  bool ok = true;
  icu::UnicodeSet set;
  for (auto [lo, hi] : cls.ranges) {
    if (lo > 0x10FFFF || hi > 0x10FFFF) {
      report.Error(span, "E0305",
                   fmt::format("'{}' is not a Unicode code point", CodePointText(std::max(lo, hi))),
                   "code points end at \\u{10FFFF}");
      ok = false;
      continue;
    }
    if (lo > hi) {
      report.Error(span, "E0305",
                   fmt::format("character range '{}-{}' is reversed", CodePointText(lo),
                               CodePointText(hi)),
                   fmt::format("write it low to high: {}-{}", CodePointText(hi), CodePointText(lo)));
      ok = false;
      continue;
    }
    set.add(static_cast<UChar32>(lo), static_cast<UChar32>(hi));
  }
  auto add_property = [&](const std::string& name, bool negated) {
    std::optional<icu::UnicodeSet> property = PropertySet(name);
    if (!property) {
      report.Error(span, "E0305",
                   fmt::format("unknown Unicode property '{}'{}", name,
                               DidYouMean(name, KnownProperties())),
                   "use a property ICU knows, such as Han, Latin, L, Nd or P");
      ok = false;
      return;
    }
    if (negated) property->complement();
    set.addAll(*property);
  };
  for (const std::string& name : cls.properties) add_property(name, false);
  for (const std::string& name : cls.negated_properties) add_property(name, true);
  if (!ok) return false;
  if (cls.negated) set.complement();
  if (set.isEmpty()) {
    report.Error(span, "E0305", "character class matches no character",
                 cls.negated ? "a negated class must leave some character out"
                             : "list at least one character, range or property");
    return false;
  }
  return true;
}

}  // namespace rptc::check::internal

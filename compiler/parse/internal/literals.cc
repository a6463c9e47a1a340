#include "compiler/parse/internal/literals.h"

#include <fmt/format.h>

#include <charconv>

#include "compiler/parse/internal/code_points.h"

namespace rptc::parse::internal {

namespace {

constexpr std::string_view kStringEscapeHelp =
    "the escapes are \\\" \\\\ \\n \\t and \\u{XXXX}; write \\\\ for a backslash";
constexpr std::string_view kClassEscapeHelp =
    "the escapes in a class are \\] \\[ \\\\ \\- \\^ \\n \\t \\u{XXXX}, \\p{Property} and "
    "\\P{Property}";

// Decodes one UTF-8 code point at text[i] (text is valid UTF-8: the parser checked the file).
char32_t DecodeAt(std::string_view text, size_t i, size_t* len) {
  unsigned char b0 = static_cast<unsigned char>(text[i]);
  size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (i + n > text.size()) n = text.size() - i;
  char32_t c = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  *len = n;
  return c;
}

// The escape starting at text[i] == '\\' as written, for messages: `\q`, `\u{zz}`.
std::string EscapeAsWritten(std::string_view text, size_t i, size_t length) {
  return std::string(text.substr(i, length));
}

void AddError(std::vector<LiteralError>* errors, size_t offset, size_t length,
              std::string_view code, std::string message, std::string_view help) {
  if (errors == nullptr) return;
  errors->push_back({static_cast<uint32_t>(offset),
                     static_cast<uint32_t>(std::max<size_t>(1, length)), std::string(code),
                     std::move(message), std::string(help)});
}

// Parses `\u{XXXX}` at text[i] (text[i] == '\\', text[i+1] == 'u'). Returns the code point and
// sets *length to the bytes consumed, or returns nullopt after reporting.
std::optional<char32_t> ParseUnicodeEscape(std::string_view text, size_t i, size_t end,
                                           size_t* length, std::vector<LiteralError>* errors,
                                           std::string_view help) {
  size_t j = i + 2;
  if (j >= end || text[j] != '{') {
    *length = 2;
    AddError(errors, i, 2, "E0004", "invalid unicode escape '\\u'; write it as \\u{XXXX}", help);
    return std::nullopt;
  }
  size_t close = text.find('}', j);
  if (close == std::string_view::npos || close >= end) close = end;
  *length = std::min(close + 1, end) - i;
  std::string_view hex = text.substr(j + 1, close - j - 1);
  bool ok = !hex.empty() && hex.size() <= 6 && close < end;
  char32_t value = 0;
  for (char h : hex) {
    int d = h >= '0' && h <= '9'   ? h - '0'
            : h >= 'a' && h <= 'f' ? h - 'a' + 10
            : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                   : -1;
    if (d < 0) ok = false;
    value = value * 16 + static_cast<char32_t>(d < 0 ? 0 : d);
  }
  if (!ok) {
    AddError(errors, i, *length, "E0004",
             fmt::format("invalid unicode escape '{}'", EscapeAsWritten(text, i, *length)),
             "write \\u{ followed by 1 to 6 hex digits and }");
    return std::nullopt;
  }
  if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) || value == 0) {
    AddError(errors, i, *length, "E0004",
             fmt::format("'{}' is not a valid character", EscapeAsWritten(text, i, *length)),
             "a \\u{...} escape names a Unicode scalar value from U+0001 to U+10FFFF, "
             "excluding surrogates");
    return std::nullopt;
  }
  return value;
}

}  // namespace

bool IsTerminatedString(std::string_view text) {
  if (text.size() < 2 || text.front() != '"') return false;
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1 == text.size();
    }
  }
  return false;
}

bool IsTerminatedCharClass(std::string_view text) {
  if (text.size() < 2 || text.front() != '[') return false;
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == ']') {
      return i + 1 == text.size();
    }
  }
  return false;
}

std::string DecodeString(std::string_view text, std::vector<LiteralError>* errors) {
  std::string out;
  size_t begin = text.empty() ? 0 : 1;
  size_t end = IsTerminatedString(text) ? text.size() - 1 : text.size();
  out.reserve(end - begin);
  for (size_t i = begin; i < end;) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    if (i + 1 >= end) {  // a lone backslash before the (missing) closing quote
      AddError(errors, i, 1, "E0004", "invalid escape sequence '\\' at the end of the string",
               kStringEscapeHelp);
      break;
    }
    char e = text[i + 1];
    switch (e) {
      case '"':
        out.push_back('"');
        i += 2;
        continue;
      case '\\':
        out.push_back('\\');
        i += 2;
        continue;
      case 'n':
        out.push_back('\n');
        i += 2;
        continue;
      case 't':
        out.push_back('\t');
        i += 2;
        continue;
      case 'u': {
        size_t length = 0;
        if (auto c = ParseUnicodeEscape(text, i, end, &length, errors, kStringEscapeHelp)) {
          AppendUtf8(out, *c);
        }
        i += length;
        continue;
      }
      default: {
        size_t len = 0;
        DecodeAt(text, i + 1, &len);
        AddError(errors, i, 1 + len, "E0004",
                 fmt::format("invalid escape sequence '{}'", EscapeAsWritten(text, i, 1 + len)),
                 kStringEscapeHelp);
        i += 1 + len;
      }
    }
  }
  return out;
}

ast::CharClass ParseCharClass(std::string_view text, std::vector<LiteralError>* errors) {
  ast::CharClass cls;
  size_t end = IsTerminatedCharClass(text) ? text.size() - 1 : text.size();
  size_t i = 1;
  if (i < end && text[i] == '^') {
    cls.negated = true;
    ++i;
  }
  size_t items_begin = i;

  // One class member at text[i]: a code point (possibly escaped) or a property. Returns false
  // when nothing usable was read (an error was reported or a property was added).
  struct Member {
    bool is_char = false;
    char32_t c = 0;
    size_t offset = 0, length = 0;
  };
  auto read_member = [&](size_t at) -> Member {
    Member m;
    m.offset = at;
    if (text[at] != '\\') {
      size_t len = 0;
      m.c = DecodeAt(text, at, &len);
      m.length = len;
      m.is_char = true;
      return m;
    }
    if (at + 1 >= end) {
      m.length = 1;
      AddError(errors, at, 1, "E0004", "invalid escape sequence '\\' at the end of the class",
               kClassEscapeHelp);
      return m;
    }
    char e = text[at + 1];
    switch (e) {
      case ']':
      case '[':
      case '\\':
      case '-':
      case '^':
        m.c = static_cast<char32_t>(e);
        m.length = 2;
        m.is_char = true;
        return m;
      case 'n':
        m.c = U'\n';
        m.length = 2;
        m.is_char = true;
        return m;
      case 't':
        m.c = U'\t';
        m.length = 2;
        m.is_char = true;
        return m;
      case 'u': {
        size_t length = 0;
        auto c = ParseUnicodeEscape(text, at, end, &length, errors, kClassEscapeHelp);
        m.length = length;
        if (c) {
          m.c = *c;
          m.is_char = true;
        }
        return m;
      }
      case 'p':
      case 'P': {
        size_t close = at + 2 < end && text[at + 2] == '{' ? text.find('}', at + 3) : end;
        if (close == std::string_view::npos || close >= end) {
          m.length = std::min<size_t>(3, end - at);
          AddError(errors, at, m.length, "E0004",
                   fmt::format("invalid property escape '{}'", EscapeAsWritten(text, at, m.length)),
                   "write a Unicode property as \\p{Han} (or \\P{Han} for its complement)");
          return m;
        }
        m.length = close + 1 - at;
        std::string name(text.substr(at + 3, close - at - 3));
        if (name.empty()) {
          AddError(errors, at, m.length, "E0004", "empty property name in '\\p{}'",
                   "write a Unicode property as \\p{Han} (or \\P{Han} for its complement)");
          return m;
        }
        (e == 'p' ? cls.properties : cls.negated_properties).push_back(std::move(name));
        return m;
      }
      default: {
        size_t len = 0;
        DecodeAt(text, at + 1, &len);
        m.length = 1 + len;
        AddError(errors, at, m.length, "E0004",
                 fmt::format("invalid escape sequence '{}' in a character class",
                             EscapeAsWritten(text, at, m.length)),
                 kClassEscapeHelp);
        return m;
      }
    }
  };

  while (i < end) {
    Member lo = read_member(i);
    i += lo.length;
    // `a-z`: a range, unless the '-' is the last member (then it is a literal '-').
    if (lo.is_char && i + 1 < end && text[i] == '-') {
      Member hi = read_member(i + 1);
      i += 1 + hi.length;
      if (!hi.is_char) {
        AddError(errors, lo.offset, i - lo.offset, "E0009",
                 fmt::format("invalid range '{}' in a character class",
                             text.substr(lo.offset, i - lo.offset)),
                 "a range joins two characters, like a-z");
        continue;
      }
      if (hi.c < lo.c) {
        AddError(errors, lo.offset, i - lo.offset, "E0009",
                 fmt::format("invalid range '{}' in a character class: its end comes before its "
                             "start",
                             text.substr(lo.offset, i - lo.offset)),
                 "write the lower character first, like a-z");
        continue;
      }
      cls.ranges.emplace_back(lo.c, hi.c);
      continue;
    }
    if (lo.is_char) cls.ranges.emplace_back(lo.c, lo.c);
  }
  if (i == items_begin && IsTerminatedCharClass(text)) {
    AddError(errors, 0, text.size(), "E0009", fmt::format("empty character class '{}'", text),
             "a class matches one of the characters listed inside the brackets, like [0-9]");
  }
  return cls;
}

std::optional<int> ParseInt(std::string_view digits) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseDouble(std::string_view text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace rptc::parse::internal

// JsonWriter: see runtime/output/json_writer.h for the exact bytes it must print.
#include "runtime/output/json_writer.h"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "runtime/text.h"

namespace rptc::rt {
namespace {

// Per ASCII byte: 0 copied as is, otherwise the character after the backslash ('u': \u00xx).
constexpr std::array<char, 128> MakeEscapes() {
  std::array<char, 128> e{};
  for (int c = 0; c < 0x20; ++c) e[c] = 'u';
  e['\b'] = 'b';
  e['\t'] = 't';
  e['\n'] = 'n';
  e['\f'] = 'f';
  e['\r'] = 'r';
  e['"'] = '"';
  e['\\'] = '\\';
  return e;
}
constexpr std::array<char, 128> kEscapes = MakeEscapes();

// nlohmann's own escaping, for the rare string with ill-formed UTF-8.
void AppendViaNlohmann(std::string_view s, std::string* out) {
  out->append(nlohmann::json(std::string(s))
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  const size_t start = out->size();
  out->push_back('"');
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  size_t copied = 0, i = 0;
  while (i < s.size()) {
    const unsigned char b = u[i];
    if (b >= 0x80) {
      // Three-byte characters (CJK) are most of the text: checked without the general decoder.
      if (b >= 0xE1 && b <= 0xEF && b != 0xED && i + 2 < s.size() &&
          ((u[i + 1] & 0xC0) | ((u[i + 2] & 0xC0) >> 2)) == 0xA0) {
        i += 3;
        continue;
      }
      const Utf8Char ch = DecodeUtf8(s, i);
      if (!ch.valid) {
        out->resize(start);
        AppendViaNlohmann(s, out);
        return;
      }
      i += ch.length;
      continue;
    }
    const char escape = kEscapes[b];
    if (escape == 0) {
      ++i;
      continue;
    }
    out->append(s.data() + copied, i - copied);
    if (escape == 'u') {
      static constexpr char kHex[] = "0123456789abcdef";
      const char code[] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 15]};
      out->append(code, sizeof code);
    } else {
      const char code[] = {'\\', escape};
      out->append(code, sizeof code);
    }
    copied = ++i;
  }
  out->append(s.data() + copied, s.size() - copied);
  out->push_back('"');
}

void JsonWriter::NewLine(int depth) {
  out_->push_back('\n');
  out_->append(static_cast<size_t>(base_indent_ + indent_ * depth), ' ');
}

void JsonWriter::Separator() {
  if (has_members_[depth_]) out_->push_back(',');
  has_members_[depth_] = true;
  if (indent_ >= 0) NewLine(depth_);
}

void JsonWriter::Open(char bracket) {
  Element();
  out_->push_back(bracket);
  ++depth_;
  has_members_[depth_] = false;
}

void JsonWriter::Close(char bracket) {
  if (has_members_[depth_] && indent_ >= 0) NewLine(depth_ - 1);
  --depth_;
  out_->push_back(bracket);
}

void JsonWriter::Key(std::string_view key) {
  Separator();
  AppendJsonString(key, out_);
  out_->append(indent_ >= 0 ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::Int(int64_t v) {
  Element();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, r.ptr);
}

void JsonWriter::Uint(uint64_t v) {
  Element();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, r.ptr);
}

void JsonWriter::Double(double v) {
  Element();
  if (!std::isfinite(v)) {
    out_->append("null");
    return;
  }
  std::array<char, 64> buf;  // nlohmann's number_buffer
  char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
  out_->append(buf.data(), end);
}

}  // namespace rptc::rt

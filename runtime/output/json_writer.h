// A streaming JSON writer that appends to a caller's std::string: the report serialiser's
// replacement for building an nlohmann::json tree per report and dumping it (which cost more
// than all the text preparation together).
//
// The bytes are exactly what nlohmann::json::dump(indent, ' ', false, replace) prints for the
// same values, so reports did not change when the tree went away:
//   - layout: compact (indent < 0) is `{"k":v,"k":[1,2]}`; pretty puts every member and every
//     array element on its own line, `"key": value`, and prints empty containers as {} and [];
//   - strings: " \ and the control characters escaped (\b \t \n \f \r, others \u00xx in lower
//     case), everything else, DEL and non-ASCII included, copied as is. A string that is not
//     valid UTF-8 is handed to nlohmann itself (its `replace` rules for ill-formed sequences are
//     subtle, and such strings are rare: matched text cut inside a character of a broken file);
//   - numbers: integers in decimal, doubles by nlohmann's own shortest round-trip formatter,
//     non-finite doubles as null.
// Object keys are written as given: keeping them unique, as nlohmann's objects do, is the
// caller's job (runtime/output/json.cc).
// Tested by tests/runtime/output/json_writer_test.cc (against nlohmann over random values).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rptc::rt {

// Appends `s` as a JSON string literal, quotes included.
void AppendJsonString(std::string_view s, std::string* out);

class JsonWriter {
 public:
  // `indent` < 0: compact. Otherwise pretty, `indent` spaces per level, and every line after the
  // first starts with `base_indent` more spaces (a pretty report nested in an array).
  JsonWriter(std::string* out, int indent, int base_indent = 0)
      : out_(out), indent_(indent), base_indent_(base_indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // A member's key; its value follows with one of the calls below or a Begin*.
  void Key(std::string_view key);

  void String(std::string_view s) {
    Element();
    AppendJsonString(s, out_);
  }
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Double(double v);  // as nlohmann prints a number_float
  void Bool(bool v) {
    Element();
    out_->append(v ? "true" : "false");
  }
  void Null() {
    Element();
    out_->append("null");
  }

 private:
  static constexpr int kMaxDepth = 32;  // reports nest 4 deep

  // Before a value: the separator and line break of an array element (a member's value follows
  // its key directly).
  void Element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    Separator();
  }
  void Separator();
  void Open(char bracket);
  void Close(char bracket);
  void NewLine(int depth);

  std::string* out_;
  int indent_;
  int base_indent_;
  int depth_ = 0;
  bool after_key_ = false;
  bool has_members_[kMaxDepth + 1] = {};  // per open container: something was written in it
};

}  // namespace rptc::rt

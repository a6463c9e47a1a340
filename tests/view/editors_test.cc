// The TextMate grammar (editors/textmate/rptc.tmLanguage.json): every regex compiles, and a
// small TextMate-style tokenizer (earliest match wins, ties go to the earlier pattern;
// begin/end rules carry over lines) runs its top-level patterns over every example and std
// template: every keyword of the language (read from grammar/TemplateLexer.g4) gets a keyword
// scope, and no character of code is left without a scope.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/cli/run_process.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct Rule {
  std::string name;
  bool block = false;
  std::regex match, begin, end;
  std::map<int, std::string> captures, begin_captures;
  std::string source;  // for messages
  std::vector<Rule> inner;  // a block's own patterns (a string's escapes), tried before its end
};

std::regex Compile(const std::string& re, const std::string& where) {
  try {
    return std::regex(re, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    FAIL_CHECK("regex in " << where << " does not compile: " << re << " (" << e.what() << ")");
    return std::regex("(?!)");
  }
}

std::map<int, std::string> Captures(const Json& j) {
  std::map<int, std::string> out;
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().contains("name")) out[std::stoi(it.key())] = it.value()["name"];
  }
  return out;
}

// Flattens includes and groups into an ordered rule list.
void Collect(const Json& grammar, const Json& entry, std::vector<Rule>& out, int depth) {
  REQUIRE(depth < 10);
  if (entry.contains("include")) {
    std::string ref = entry["include"];
    REQUIRE(ref.rfind("#", 0) == 0);
    REQUIRE_MESSAGE(grammar["repository"].contains(ref.substr(1)), ref);
    Collect(grammar, grammar["repository"][ref.substr(1)], out, depth + 1);
    return;
  }
  if (entry.contains("match")) {
    Rule r;
    r.name = entry.value("name", "");
    r.source = entry["match"];
    r.match = Compile(entry["match"], r.source);
    r.captures = Captures(entry.value("captures", Json::object()));
    out.push_back(std::move(r));
    return;
  }
  if (entry.contains("begin")) {
    Rule r;
    r.block = true;
    r.name = entry.value("name", "");
    r.source = entry["begin"];
    r.begin = Compile(entry["begin"], r.source);
    r.end = Compile(entry["end"], entry["end"]);
    r.begin_captures = Captures(entry.value("beginCaptures", Json::object()));
    for (const Json& p : entry.value("patterns", Json::array())) {
      Collect(grammar, p, r.inner, depth + 1);
    }
    out.push_back(std::move(r));
    return;
  }
  for (const Json& p : entry.value("patterns", Json::array())) Collect(grammar, p, out, depth + 1);
}

struct Token {
  size_t begin, end;
  std::string scope;  // "" = unscoped
};

class Tokenizer {
 public:
  explicit Tokenizer(std::vector<Rule> rules) : rules_(std::move(rules)) {}

  std::vector<Token> Line(const std::string& line) {
    std::vector<Token> tokens;
    size_t pos = 0;
    while (pos < line.size()) {
      if (open_) {
        std::smatch m;
        auto from = line.begin() + static_cast<long>(pos);
        auto flags = pos > 0 ? std::regex_constants::match_prev_avail
                             : std::regex_constants::match_default;
        const bool ends = std::regex_search(from, line.end(), m, open_->end, flags);
        const size_t end_at = ends ? pos + static_cast<size_t>(m.position(0)) : line.size();
        // As in TextMate, an inner pattern that matches before the end (the escape in "\"")
        // consumes its text, so the end is looked for after it.
        const Rule* inner = nullptr;
        std::smatch im;
        for (const Rule& r : open_->inner) {
          std::smatch cand;
          if (r.block || !std::regex_search(from, line.end(), cand, r.match, flags)) continue;
          const size_t at = pos + static_cast<size_t>(cand.position(0));
          if (at < end_at && cand.length(0) > 0 &&
              (!inner || at < pos + static_cast<size_t>(im.position(0)))) {
            inner = &r;
            im = cand;
          }
        }
        if (inner) {
          const size_t ib = pos + static_cast<size_t>(im.position(0));
          const size_t ie = ib + static_cast<size_t>(im.length(0));
          if (ib > pos) tokens.push_back({pos, ib, open_->name});
          tokens.push_back({ib, ie, inner->name});
          pos = ie;
          continue;
        }
        if (ends) {
          size_t e = pos + static_cast<size_t>(m.position(0) + m.length(0));
          tokens.push_back({pos, e, open_->name});
          open_ = nullptr;
          pos = e;
          continue;
        }
        tokens.push_back({pos, line.size(), open_->name});
        return tokens;
      }
      const Rule* best = nullptr;
      std::smatch best_m;
      size_t best_start = std::string::npos;
      for (const Rule& r : rules_) {
        std::smatch m;
        auto from = line.begin() + static_cast<long>(pos);
        auto flags = pos > 0 ? std::regex_constants::match_prev_avail
                             : std::regex_constants::match_default;
        if (!std::regex_search(from, line.end(), m, r.block ? r.begin : r.match, flags)) continue;
        size_t start = pos + static_cast<size_t>(m.position(0));
        if (start < best_start) {
          best = &r;
          best_m = m;
          best_start = start;
        }
      }
      if (!best) {
        tokens.push_back({pos, line.size(), ""});
        break;
      }
      if (best_start > pos) tokens.push_back({pos, best_start, ""});
      size_t end = best_start + static_cast<size_t>(best_m.length(0));
      const auto& caps = best->block ? best->begin_captures : best->captures;
      size_t at = best_start;
      for (size_t g = 1; g < best_m.size(); ++g) {
        if (!best_m[g].matched || !caps.count(static_cast<int>(g))) continue;
        size_t gb = pos + static_cast<size_t>(best_m.position(g));
        size_t ge = gb + static_cast<size_t>(best_m.length(g));
        if (gb < at) continue;
        if (gb > at) tokens.push_back({at, gb, best->name});
        tokens.push_back({gb, ge, caps.at(static_cast<int>(g))});
        at = ge;
      }
      if (end > at) tokens.push_back({at, end, best->name});
      if (best->block) open_ = best;
      pos = end > best_start ? end : best_start + 1;
      if (end == best_start && best_start < line.size() && !best->block) {
        tokens.push_back({best_start, best_start + 1, ""});
      }
    }
    return tokens;
  }

 private:
  std::vector<Rule> rules_;
  const Rule* open_ = nullptr;
};

Json LoadGrammar() {
  std::ifstream in(cli_test::SourceDir() + "/editors/textmate/rptc.tmLanguage.json");
  REQUIRE(in);
  Json j = Json::parse(in);
  return j;
}

std::vector<std::string> LexerKeywords() {
  std::ifstream in(cli_test::SourceDir() + "/grammar/TemplateLexer.g4");
  REQUIRE(in);
  std::vector<std::string> out;
  std::regex kw(R"(^KW_[A-Z_]+\s*:\s*'([a-z_]+)'\s*;)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kw)) out.push_back(m[1]);
  }
  return out;
}

std::vector<Rule> TopLevel(const Json& g) {
  std::vector<Rule> rules;
  for (const Json& p : g["patterns"]) Collect(g, p, rules, 0);
  return rules;
}

const Token* Covering(const std::vector<Token>& tokens, size_t pos) {
  for (const Token& t : tokens) {
    if (t.begin <= pos && pos < t.end) return &t;
  }
  return nullptr;
}

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

TEST_SUITE("editors") {

TEST_CASE("The TextMate grammar is valid JSON with the rptc scope and compilable regexes") {
  Json g = LoadGrammar();
  CHECK(g["scopeName"] == "source.rptc");
  CHECK(g["fileTypes"][0] == "rpt");
  // Every regex anywhere in the grammar compiles.
  size_t count = 0;
  std::function<void(const Json&, const std::string&)> walk = [&](const Json& j,
                                                                  const std::string& path) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        if ((it.key() == "match" || it.key() == "begin" || it.key() == "end") &&
            it.value().is_string()) {
          Compile(it.value(), path + "/" + it.key());
          ++count;
          // Lookbehind is not portable between Oniguruma and ECMAScript engines in editors.
          CHECK_MESSAGE(it.value().get<std::string>().find("(?<") == std::string::npos, path);
        } else {
          walk(it.value(), path + "/" + it.key());
        }
      }
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i) walk(j[i], path + "/" + std::to_string(i));
    }
  };
  walk(g, "");
  CHECK(count > 30);
}

TEST_CASE("Every keyword of the language gets a keyword scope on its own") {
  Json g = LoadGrammar();
  std::vector<std::string> keywords = LexerKeywords();
  REQUIRE(keywords.size() > 40);
  for (const std::string& kw : keywords) {
    CAPTURE(kw);
    Tokenizer t(TopLevel(g));
    std::vector<Token> tokens = t.Line(kw);
    REQUIRE(tokens.size() >= 1);
    CHECK(tokens[0].begin == 0);
    CHECK(tokens[0].end == kw.size());
    CHECK(StartsWith(tokens[0].scope, "keyword."));
  }
}

TEST_CASE("The example and std templates are fully scoped, keywords as keywords") {
  Json g = LoadGrammar();
  std::vector<std::string> keywords = LexerKeywords();
  std::vector<fs::path> files;
  for (const auto& dir : {"/examples", "/compiler/std"}) {
    for (const auto& e : fs::recursive_directory_iterator(cli_test::SourceDir() + dir)) {
      if (e.path().extension() == ".rpt" && e.path().string().find("/reports/") == std::string::npos) {
        files.push_back(e.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 5);
  size_t lines_checked = 0, keyword_uses = 0;
  std::set<std::string> seen_keywords;
  for (const fs::path& file : files) {
    Tokenizer tokenizer(TopLevel(g));
    std::ifstream in(file);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      CAPTURE(file.string() + ":" + std::to_string(n) + ": " + line);
      std::vector<Token> tokens = tokenizer.Line(line);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      ++lines_checked;
      bool any_scope = false;
      for (const Token& t : tokens) any_scope = any_scope || !t.scope.empty();
      CHECK(any_scope);
      // Every non-blank character has a scope.
      for (const Token& t : tokens) {
        if (!t.scope.empty()) continue;
        std::string text = line.substr(t.begin, t.end - t.begin);
        CHECK_MESSAGE(text.find_first_not_of(" \t\r") == std::string::npos,
                      "unscoped: '" << text << "'");
      }
      // Keywords: a keyword word used as a keyword gets a keyword scope. It may instead be
      // inside a comment, string or class, be a declared name, or be part of a dotted name or
      // a capture name.
      for (const std::string& kw : keywords) {
        std::regex word("\\b" + kw + "\\b");
        for (auto it = std::sregex_iterator(line.begin(), line.end(), word);
             it != std::sregex_iterator(); ++it) {
          size_t p = static_cast<size_t>(it->position(0));
          size_t e = p + kw.size();
          const Token* t = Covering(tokens, p);
          REQUIRE(t != nullptr);
          const std::string& s = t->scope;
          if (StartsWith(s, "comment.") || StartsWith(s, "string.") ||
              StartsWith(s, "constant.other.character-class") || StartsWith(s, "entity.name.") ||
              StartsWith(s, "constant.character.escape")) {
            continue;
          }
          bool dotted = (p > 0 && (line[p - 1] == '.' || line[p - 1] == '_')) ||
                        (e < line.size() && (line[e] == '.' || line[e] == '_'));
          bool capture_name = p > 0 && line[p - 1] == '@';
          if (StartsWith(s, "variable.") && (dotted || capture_name)) continue;
          CHECK_MESSAGE(StartsWith(s, "keyword."), "keyword '" << kw << "' scoped as '" << s << "'");
          ++keyword_uses;
          seen_keywords.insert(kw);
        }
      }
    }
  }
  CHECK(lines_checked > 500);
  CHECK(keyword_uses > 100);
  MESSAGE(lines_checked << " lines, " << keyword_uses << " keyword uses, " << seen_keywords.size()
                        << " distinct keywords");
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc

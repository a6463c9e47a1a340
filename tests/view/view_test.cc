// rptc view: the HTML page (runtime/output/html.h). Escaping and the DOM contract are checked on
// the page as written; then headless Chromium (Debian's `chromium`) renders real reports, and
// the test reads the DOM it dumps: every extracted value is a highlight whose data-begin and
// data-end equal the report's span and whose text is the original text of that span. A
// screenshot goes into the build directory. Without chromium the browser test is skipped with a
// message (setup.sh installs it).
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "compiler/compiler.h"
#include "runtime/output/html.h"
#include "runtime/report.h"
#include "tests/cli/run_process.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;

std::string DecodeEntities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i++];
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (name == "amp") cp = '&';
    else if (name == "lt") cp = '<';
    else if (name == "gt") cp = '>';
    else if (name == "quot") cp = '"';
    else if (name == "nbsp") cp = 0xA0;
    else if (name.size() > 1 && name[0] == '#') {
      cp = name[1] == 'x' || name[1] == 'X'
               ? static_cast<uint32_t>(std::stoul(std::string(name.substr(2)), nullptr, 16))
               : static_cast<uint32_t>(std::stoul(std::string(name.substr(1))));
    } else {
      out += s[i++];
      continue;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    i = semi + 1;
  }
  return out;
}

struct MarkGroup {
  std::map<std::string, std::string> attrs;  // of the first element (the one with the id)
  std::string cls;
  std::string text;                          // all fragments' text, in document order
  int elements = 0;
};

// Reads the <mark> elements inside <pre id="text"> of a page (as written, or as a browser
// serialises its DOM), grouping fragments by data-id.
std::map<std::string, MarkGroup> ReadMarks(const std::string& html, std::string* all_text) {
  std::map<std::string, MarkGroup> groups;
  size_t start = html.find("<pre id=\"text\">");
  REQUIRE(start != std::string::npos);
  start += std::string("<pre id=\"text\">").size();
  size_t end = html.find("</pre>", start);
  REQUIRE(end != std::string::npos);
  std::vector<std::string> open;  // data-id of each open mark
  for (size_t i = start; i < end;) {
    if (html[i] == '<') {
      // The tag ends at the first '>' outside a quoted attribute value.
      size_t close = i + 1;
      for (bool quoted = false; close < html.size(); ++close) {
        if (html[close] == '"') quoted = !quoted;
        if (html[close] == '>' && !quoted) break;
      }
      REQUIRE(close < html.size());
      std::string tag = html.substr(i + 1, close - i - 1);
      if (tag.rfind("mark", 0) == 0) {
        std::map<std::string, std::string> attrs;
        size_t p = 4;
        while (p < tag.size()) {
          while (p < tag.size() && tag[p] == ' ') ++p;
          size_t eq = tag.find('=', p);
          if (eq == std::string::npos) break;
          std::string name = tag.substr(p, eq - p);
          REQUIRE(tag[eq + 1] == '"');
          size_t q = tag.find('"', eq + 2);
          attrs[name] = DecodeEntities(tag.substr(eq + 2, q - eq - 2));
          p = q + 1;
        }
        std::string id = attrs["data-id"];
        MarkGroup& g = groups[id];
        if (g.elements++ == 0 || attrs.count("id")) {
          g.attrs = attrs;
          g.cls = attrs["class"];
        }
        open.push_back(id);
      } else if (tag == "/mark") {
        REQUIRE_FALSE(open.empty());
        open.pop_back();
      }
      i = close + 1;
      continue;
    }
    size_t next = html.find('<', i);
    std::string text = DecodeEntities(std::string_view(html).substr(i, std::min(next, end) - i));
    for (const std::string& id : open) groups[id].text += text;
    if (all_text) *all_text += text;
    i = std::min(next, end);
  }
  CHECK(open.empty());
  return groups;
}

std::shared_ptr<const rt::Program> Compile(const std::string& path) {
  CompileResult r = CompileFile(path);
  REQUIRE(r.program);
  return std::make_shared<const rt::Program>(std::move(*r.program));
}

std::vector<rt::FieldValue> AllValues(const rt::Report& r) {
  std::vector<rt::FieldValue> out = r.document_level.values;
  for (const rt::SectionResult& s : r.sections) out.insert(out.end(), s.values.begin(), s.values.end());
  return out;
}

// Every value of `report` must be one mark group at its exact span, with the original text.
void CheckValues(const std::string& html, const rt::Report& report, const std::string& doc) {
  std::string all_text;
  std::map<std::string, MarkGroup> groups = ReadMarks(html, &all_text);
  // The page's text is the document, byte for byte (after the newline that follows <pre>,
  // which a browser's serialiser keeps only when the text itself starts with one).
  if (all_text.size() == doc.size() + 1 && all_text[0] == '\n') all_text.erase(0, 1);
  CHECK(all_text == doc);
  std::vector<rt::FieldValue> values = AllValues(report);
  size_t value_marks = 0;
  for (const auto& [id, g] : groups) value_marks += g.cls.rfind("v", 0) == 0 && id[0] == 'v';
  CHECK(value_marks == values.size());
  for (const rt::FieldValue& v : values) {
    CAPTURE(v.field);
    CAPTURE(v.where.text);
    bool found = false;
    for (const auto& [id, g] : groups) {
      if (id.empty() || id[0] != 'v') continue;
      auto b = g.attrs.find("data-begin"), e = g.attrs.find("data-end");
      if (b == g.attrs.end() || e == g.attrs.end()) continue;
      if (std::stoul(b->second) != v.where.begin || std::stoul(e->second) != v.where.end) continue;
      if (g.attrs.at("data-field").find(v.field) == std::string::npos) continue;
      found = true;
      CHECK(g.text == doc.substr(v.where.begin, v.where.end - v.where.begin));
      CHECK(g.attrs.at("data-label").find(" = ") != std::string::npos);
    }
    CHECK(found);
  }
}

TEST_SUITE("view") {

TEST_CASE("Escaping neutralises markup, quotes, control characters and invalid UTF-8") {
  CHECK(rt::HtmlEscape("<script>alert('x')</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(rt::HtmlEscape("a\"b&c") == "a&quot;b&amp;c");
  CHECK(rt::HtmlEscape(std::string("x\0y", 3)) == "x\xEF\xBF\xBDy");
  CHECK(rt::HtmlEscape("a\r\nb\tc") == "a&#13;\nb\tc");
  CHECK(rt::HtmlEscape("\xFF\xC3") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(rt::HtmlEscape("生产总值") == "生产总值");
}

TEST_CASE("Every value is a mark at its exact span, also when highlights cross") {
  rt::Program program;
  program.template_name = "t";
  for (const char* name : {"a", "b"}) {
    rt::Field f;
    f.name = name;
    program.fields.push_back(f);
  }
  std::string doc = "abcdefghij<&>\"'";
  rt::Report report;
  report.document = "doc";
  auto value = [&](const char* field, uint32_t b, uint32_t e, uint32_t index) {
    rt::FieldValue fv;
    fv.field = field;
    fv.field_index = index;
    fv.value.type = rt::ValueType::kText;
    fv.value.text = doc.substr(b, e - b);
    fv.where.begin = b;
    fv.where.end = e;
    fv.where.text = doc.substr(b, e - b);
    return fv;
  };
  report.document_level.values.push_back(value("a", 1, 6, 0));
  report.document_level.values.push_back(value("b", 4, 9, 1));    // crosses a
  report.document_level.values.push_back(value("a", 2, 3, 0));    // inside a
  report.document_level.values.push_back(value("b", 9, 15, 1));   // the metacharacters
  rt::Violation v;
  v.message = "<b>bad</b>";
  rt::Provenance where;
  where.begin = 5;
  where.end = 11;
  v.where = where;
  report.violations.push_back(v);
  std::string html = rt::ReportToHtml(program, report, doc);
  CheckValues(html, report, doc);
  CHECK(html.find("<b>bad</b>") == std::string::npos);
  std::map<std::string, MarkGroup> groups = ReadMarks(html, nullptr);
  CHECK(groups["x0"].text == doc.substr(5, 6));
  CHECK(groups["x0"].cls.find("violation") != std::string::npos);
  CHECK(groups["v1"].elements >= 2);  // split into fragments
}

TEST_CASE("A hostile document cannot put markup or requests into the page") {
  auto program = Compile(cli_test::SourceDir() + "/examples/quickstart/quickstart.rpt");
  rt::Extractor extractor(program);
  std::string doc =
      "<script>alert(1)</script>\n一、2020年工作回顾\n\"><img src=x onerror=alert(2)>全县地区生产总值完成431.8亿元,"
      "同比增长2.5%;</pre><a href=\"http://evil\">x</a>\r\n\xFF end";
  rt::Report report = extractor.Extract(doc, "hostile.txt");
  std::string html = rt::ReportToHtml(*program, report, doc);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<a href=\"http") == std::string::npos);
  size_t scripts = 0;
  for (size_t p = html.find("<script"); p != std::string::npos; p = html.find("<script", p + 1)) {
    ++scripts;
  }
  CHECK(scripts == 1);  // ours
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);  // shown as text
  REQUIRE(AllValues(report).size() >= 1);
  // The invalid byte becomes U+FFFD in the page; the value spans are still exact.
  std::map<std::string, MarkGroup> groups = ReadMarks(html, nullptr);
  for (const rt::FieldValue& v : AllValues(report)) {
    bool found = false;
    for (const auto& [id, g] : groups) {
      if (g.attrs.count("data-begin") && std::stoul(g.attrs.at("data-begin")) == v.where.begin &&
          std::stoul(g.attrs.at("data-end")) == v.where.end) {
        found = true;
        CHECK(g.text == v.where.text);
      }
    }
    CHECK(found);
  }
}

std::string FindChromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
    if (fs::exists(p)) return p;
  }
  return "";
}

TEST_CASE("Headless Chromium shows every value at its span, and a screenshot renders") {
  using namespace cli_test;
  std::string chromium = FindChromium();
  if (chromium.empty()) {
    MESSAGE("SKIPPED: chromium is not installed (setup.sh installs Debian's chromium and "
            "fonts-wqy-microhei); the browser test of rptc view did not run");
    return;
  }
  TempDir dir;
  std::string gwr = SourceDir() + "/examples/gwr/gwr.rpt";
  std::vector<std::string> docs = {SourceDir() + "/examples/gwr/reports/zh-jiangtun-2020.txt",
                                   SourceDir() + "/examples/gwr/reports/en-shizhong-2021.txt"};
  std::vector<std::string> args = {"view", gwr};
  args.insert(args.end(), docs.begin(), docs.end());
  args.insert(args.end(), {"-o", dir / "pages", "-q"});
  RunResult view = RunRptc(args);
  REQUIRE_MESSAGE(view.code == 0, view.err);
  CHECK(fs::exists(dir / "pages/index.html"));
  auto program = Compile(gwr);
  rt::Extractor extractor(program);
  fs::path build_dir = fs::path(Rptc()).parent_path().parent_path();
  for (const std::string& doc_path : docs) {
    std::string stem = fs::path(doc_path).stem().string();
    std::string page = dir / ("pages/" + stem + ".html");
    REQUIRE(fs::exists(page));
    std::string doc = ReadAll(doc_path);
    rt::Report report = extractor.Extract(doc, doc_path);
    REQUIRE(AllValues(report).size() > 3);
    RunResult dom = Run({"timeout", "240", chromium, "--headless", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--user-data-dir=" + (dir / "profile"),
                         "--dump-dom", "file://" + page});
    REQUIRE_MESSAGE(dom.code == 0, dom.err);
    REQUIRE(dom.out.find("<pre id=\"text\">") != std::string::npos);
    CheckValues(dom.out, report, doc);
    // The script ran: nothing in the DOM says otherwise, and the panel links exist.
    CHECK(dom.out.find("class=\"jump\"") != std::string::npos);

    std::string png = (build_dir / ("view-" + stem + ".png")).string();
    fs::remove(png);
    RunResult shot = Run({"timeout", "240", chromium, "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-dev-shm-usage", "--hide-scrollbars",
                          "--user-data-dir=" + (dir / "profile"), "--window-size=1400,1000",
                          "--screenshot=" + png, "file://" + page});
    CHECK_MESSAGE(shot.code == 0, shot.err);
    REQUIRE(fs::exists(png));
    std::string bytes = ReadAll(png);
    CHECK(bytes.size() > 10000);
    CHECK(bytes.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    MESSAGE("screenshot: " << png);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc

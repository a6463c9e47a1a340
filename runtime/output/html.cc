#include "runtime/output/html.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/explain/explain.h"
#include "runtime/text.h"

namespace rptc::rt {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\r': out += "&#13;"; break;
        case '\t':
        case '\n': out += static_cast<char>(c); break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += "\xEF\xBF\xBD";
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    Utf8Char u = DecodeUtf8(text, i);
    if (!u.valid) {
      out += "\xEF\xBF\xBD";
    } else if ((u.code_point >= 0x80 && u.code_point < 0xA0) || u.code_point == 0x2028 ||
               u.code_point == 0x2029) {
      out += fmt::format("&#{};", static_cast<uint32_t>(u.code_point));
    } else {
      out.append(text.substr(i, u.length));
    }
    i += u.length;
  }
  return out;
}

namespace {

using Json = nlohmann::ordered_json;

struct Highlight {
  uint32_t begin = 0, end = 0;
  int rank = 0;          // among equal spans: lower opens first (outside)
  std::string id;        // data-id
  std::string cls;
  std::string attrs;     // extra attributes (escaped), without id/class/data-id
  bool fragment = false;
};

struct Marker {
  uint32_t pos = 0;
  int rank = 0;  // ends before begins at the same offset
  std::string html;
};

std::string Attr(std::string_view name, std::string_view value) {
  return fmt::format(" {}=\"{}\"", name, HtmlEscape(value));
}

std::string OpenTag(const Highlight& h, bool fragment) {
  std::string s = "<mark class=\"" + h.cls + (fragment ? " frag" : "") + "\"";
  if (!fragment) s += Attr("id", h.id);
  s += Attr("data-id", h.id);
  s += fmt::format(" data-begin=\"{}\" data-end=\"{}\"", h.begin, h.end);
  s += h.attrs;
  s += ">";
  return s;
}

// The text with highlights and markers, nested properly (crossing highlights are split).
std::string RenderText(std::string_view doc, std::vector<Highlight> hs,
                       std::vector<Marker> markers) {
  const uint32_t n = static_cast<uint32_t>(doc.size());
  for (Highlight& h : hs) {
    h.begin = std::min(h.begin, n);
    h.end = std::min(std::max(h.end, h.begin), n);
  }
  hs.erase(std::remove_if(hs.begin(), hs.end(), [](const Highlight& h) { return h.end <= h.begin; }),
           hs.end());
  std::stable_sort(hs.begin(), hs.end(), [](const Highlight& a, const Highlight& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;  // outer first
    return a.rank < b.rank;
  });
  std::stable_sort(markers.begin(), markers.end(), [](const Marker& a, const Marker& b) {
    return std::tie(a.pos, a.rank) < std::tie(b.pos, b.rank);
  });
  std::vector<uint32_t> cuts = {0, n};
  for (const Highlight& h : hs) {
    cuts.push_back(h.begin);
    cuts.push_back(h.end);
  }
  for (Marker& m : markers) {
    m.pos = std::min(m.pos, n);
    cuts.push_back(m.pos);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::string out;
  std::vector<const Highlight*> stack;
  size_t next_h = 0, next_m = 0;
  for (size_t ci = 0; ci < cuts.size(); ++ci) {
    uint32_t p = cuts[ci];
    // Close what ends here; reopen (as fragments) what was closed early.
    size_t lowest = stack.size();
    for (size_t i = 0; i < stack.size(); ++i) {
      if (stack[i]->end <= p) {
        lowest = i;
        break;
      }
    }
    std::vector<const Highlight*> reopen;
    while (stack.size() > lowest) {
      out += "</mark>";
      if (stack.back()->end > p) reopen.push_back(stack.back());
      stack.pop_back();
    }
    std::reverse(reopen.begin(), reopen.end());
    for (const Highlight* h : reopen) {
      out += OpenTag(*h, /*fragment=*/true);
      stack.push_back(h);
    }
    while (next_m < markers.size() && markers[next_m].pos == p) out += markers[next_m++].html;
    while (next_h < hs.size() && hs[next_h].begin == p) {
      out += OpenTag(hs[next_h], /*fragment=*/false);
      stack.push_back(&hs[next_h]);
      ++next_h;
    }
    if (ci + 1 < cuts.size()) out += HtmlEscape(doc.substr(p, cuts[ci + 1] - p));
  }
  while (!stack.empty()) {
    out += "</mark>";
    stack.pop_back();
  }
  return out;
}

std::string SpanKey(const Json& span) {
  if (!span.is_array() || span.size() != 2 || !span[0].is_number() || !span[1].is_number()) {
    return "";
  }
  return fmt::format("{}-{}", span[0].get<uint64_t>(), span[1].get<uint64_t>());
}

struct TreeContext {
  std::map<std::string, std::string> span_ids;  // "b-e" -> highlight id
  std::map<std::string, std::string> section_ids;
  std::map<std::string, bool> used;             // panel ids already given
};

void RenderJson(const Json& j, const std::string& key, int depth, const std::string& parent_key,
                TreeContext& ctx, std::string& out) {
  std::string k = key.empty() ? "" : "<span class=\"k\">" + HtmlEscape(key) + "</span>";
  if (j.is_object() || j.is_array()) {
    std::string link, pid;
    if (j.is_object() && j.contains("span")) {
      std::string sk = SpanKey(j["span"]);
      std::string target;
      if (parent_key == "sections") {
        auto it = ctx.section_ids.find(key);
        if (it != ctx.section_ids.end()) target = it->second;
      } else {
        auto it = ctx.span_ids.find(sk);
        if (it != ctx.span_ids.end()) target = it->second;
      }
      if (!target.empty()) {
        std::string where;
        if (j.contains("line") && j.contains("column")) {
          where = fmt::format("{}:{}", j["line"].dump(), j["column"].dump());
        }
        link = fmt::format(" <a class=\"jump\" href=\"#{0}\" data-target=\"{0}\">&#8599; {1}</a>",
                           HtmlEscape(target), HtmlEscape(where.empty() ? "text" : where));
        if (!ctx.used[target]) {
          ctx.used[target] = true;
          pid = " id=\"p-" + HtmlEscape(target) + "\"";
        }
      }
    }
    std::string preview;
    if (j.is_object() && j.contains("value") && !j["value"].is_structured()) {
      preview = " = <span class=\"pv\">" +
                HtmlEscape(j["value"].is_string() ? j["value"].get<std::string>()
                                                  : j["value"].dump()) +
                (j.contains("unit") && j["unit"].is_string()
                     ? " " + HtmlEscape(j["unit"].get<std::string>())
                     : std::string()) +
                "</span>";
    } else if (j.is_object() && j.contains("title") && j["title"].is_string()) {
      preview = " <span class=\"pv\">" + HtmlEscape(j["title"].get<std::string>()) + "</span>";
    } else if (j.is_object() && j.contains("message") && j["message"].is_string()) {
      preview = " <span class=\"pv\">" + HtmlEscape(j["message"].get<std::string>()) + "</span>";
    }
    std::string count = j.is_array() ? fmt::format("[{}]", j.size())
                                      : (preview.empty() ? fmt::format("{{{}}}", j.size()) : "");
    out += fmt::format("<details{}{}><summary>{} <span class=\"n\">{}</span>{}{}</summary>",
                       depth < 2 ? " open" : "", pid, k, count, preview, link);
    out += "<div class=\"kids\">";
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        RenderJson(it.value(), it.key(), depth + 1, key, ctx, out);
      }
    } else {
      size_t i = 0;
      for (const Json& c : j) RenderJson(c, std::to_string(i++), depth + 1, key, ctx, out);
    }
    out += "</div></details>";
    return;
  }
  std::string cls = j.is_string() ? "s" : j.is_number() ? "num" : j.is_boolean() ? "b" : "nul";
  std::string v = j.is_string() ? "\"" + j.get<std::string>() + "\""
                                : j.dump(-1, ' ', false, Json::error_handler_t::replace);
  out += fmt::format("<div class=\"leaf\">{}: <span class=\"{}\">{}</span></div>", k, cls,
                     HtmlEscape(v));
}

constexpr std::string_view kStyle = R"CSS(
:root{--bg:#fbfaf7;--fg:#222;--muted:#777;--v:#ffe58a;--vb:#d4a800;--x:#ffd0d0;--xb:#c62828;
--w:#ffe9c7;--wb:#ef6c00;--it:#dcefff;--itb:#4a8fd6;--hd:#e3f5e1;--hdb:#3f9b4b;--sec:#6a4fb3}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
background:var(--bg);color:var(--fg)}
header{padding:10px 18px;border-bottom:1px solid #ddd;background:#fff}
header h1{font-size:18px;margin:0 0 2px}
header p{margin:0;color:var(--muted);font-size:13px}
.legend span{display:inline-block;margin-right:10px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:3px}
main{display:flex;height:calc(100vh - 64px)}
#doc{flex:3;overflow:auto;padding:14px 22px}
#panel{flex:2;overflow:auto;padding:10px 14px;border-left:1px solid #ddd;background:#fff;font-size:13px}
#text{white-space:pre-wrap;word-break:break-word;font:inherit;margin:0}
mark{background:none;color:inherit;border-radius:2px}
mark.v{background:var(--v);border-bottom:2px solid var(--vb);cursor:pointer}
mark.v:not(.frag)::after{content:attr(data-label);font-size:10px;line-height:1;color:#5a4500;
background:#fff3c0;border:1px solid var(--vb);border-radius:3px;padding:0 3px;margin-left:2px;
vertical-align:super;white-space:nowrap}
mark.violation{background:var(--x);outline:2px dashed var(--xb);cursor:help}
mark.violation.warning{background:var(--w);outline-color:var(--wb)}
mark.violation:not(.frag)::before{content:"\26A0";color:var(--xb);font-size:11px;vertical-align:super}
mark.item{background:var(--it);border-bottom:1px solid var(--itb)}
mark.heading{background:var(--hd);border-bottom:2px solid var(--hdb)}
.sec-mark::before{content:attr(data-label);font-size:11px;line-height:1.4;color:#fff;
background:var(--sec);border-radius:3px;padding:0 5px;margin:0 4px 0 2px;white-space:nowrap;
display:inline-block;vertical-align:1px}
.sec-mark.end::before{background:#a99bd4}
.banner{background:var(--x);border:1px solid var(--xb);border-radius:4px;padding:6px 10px;margin-bottom:10px}
.banner.ok{background:#e7f6e7;border-color:#3f9b4b}
:target,.flash{outline:3px solid #2b6cb0 !important;outline-offset:1px}
#panel details{margin-left:10px}
#panel summary{cursor:pointer}
#panel .kids{margin-left:6px;border-left:1px dotted #ccc;padding-left:6px}
#panel .leaf{margin-left:22px;white-space:pre-wrap;word-break:break-all}
#panel .k{color:#7a3e9d}
#panel .s{color:#0b7a3b}
#panel .num{color:#1c5fb5}
#panel .b,#panel .nul{color:#b5541c}
#panel .n,#panel .pv{color:var(--muted)}
#panel .pv{color:#333;font-weight:bold}
#panel a.jump{font-size:11px;margin-left:6px;text-decoration:none;color:#2b6cb0}
h2{font-size:15px;margin:4px 0 8px}
)CSS";

constexpr std::string_view kScript = R"JS(
(function(){
  function flash(el){ if(!el) return; el.classList.add('flash'); el.scrollIntoView({block:'center'});
    setTimeout(function(){ el.classList.remove('flash'); }, 1600); }
  function openParents(el){ for(var p=el.parentElement;p;p=p.parentElement){ if(p.tagName==='DETAILS') p.open=true; } }
  document.getElementById('text').addEventListener('click', function(ev){
    var m = ev.target.closest('mark[data-id]'); if(!m) return;
    var p = document.getElementById('p-' + m.getAttribute('data-id'));
    if(p){ openParents(p); p.open = true; flash(p); }
  });
  document.getElementById('panel').addEventListener('click', function(ev){
    var a = ev.target.closest('a.jump'); if(!a) return; ev.preventDefault();
    var t = document.getElementById(a.getAttribute('data-target')); flash(t);
  });
})();
)JS";

}  // namespace

std::string ReportToHtml(const Program& program, const Report& report, std::string_view document,
                         const HtmlOptions& options) {
  std::vector<Highlight> hs;
  std::vector<Marker> markers;
  TreeContext ctx;
  size_t value_count = 0;
  auto add_values = [&](const SectionResult& s) {
    for (const FieldValue& fv : s.values) {
      Highlight h;
      h.begin = fv.where.begin;
      h.end = fv.where.end;
      h.rank = 2;
      h.id = fmt::format("v{}", value_count++);
      h.cls = "v";
      std::string path = s.name.empty() ? fv.field : s.name + "." + fv.field;
      std::string summary = explain::ValueSummary(fv.value);
      h.attrs = Attr("data-field", path) + Attr("data-value", summary) +
                Attr("data-label", path + " = " + summary) +
                Attr("title", fmt::format("{} = {}  ({}, {}:{})", path, summary, fv.where.rule,
                                          fv.where.line, fv.where.column));
      ctx.span_ids.emplace(fmt::format("{}-{}", h.begin, h.end), h.id);
      hs.push_back(std::move(h));
    }
  };
  add_values(report.document_level);
  for (const SectionResult& s : report.sections) add_values(s);

  std::string banner;
  size_t errors = 0, warnings = 0;
  for (size_t i = 0; i < report.violations.size(); ++i) {
    const Violation& v = report.violations[i];
    bool error = v.severity == Severity::kError;
    (error ? errors : warnings)++;
    std::string text = fmt::format("{}: {}{}", error ? "error" : "warning", v.message,
                                   v.rule.empty() || v.message.find(v.rule) != std::string::npos
                                       ? ""
                                       : " (" + v.rule + ")");
    if (v.where) {
      Highlight h;
      h.begin = v.where->begin;
      h.end = v.where->end;
      h.rank = 1;
      h.id = fmt::format("x{}", i);
      h.cls = std::string("violation ") + (error ? "error" : "warning");
      h.attrs = Attr("data-message", text) + Attr("title", text);
      ctx.span_ids.emplace(fmt::format("{}-{}", h.begin, h.end), h.id);
      hs.push_back(std::move(h));
    } else {
      banner += "<div>&#9888; " + HtmlEscape(text) + "</div>";
    }
  }
  size_t item_count = 0, heading_count = 0, present = 0;
  auto add_lists = [&](const SectionResult& s) {
    for (const ListResult& l : s.lists) {
      for (const ListItem& it : l.items) {
        Highlight h;
        h.begin = it.title_where.begin;
        h.end = it.title_where.end;
        h.rank = 3;
        h.id = fmt::format("i{}", item_count++);
        h.cls = "item";
        h.attrs = Attr("data-list", (s.name.empty() ? "" : s.name + ".") + l.name) +
                  Attr("title", fmt::format("{} item {} {}", l.name, it.index, it.marker));
        ctx.span_ids.emplace(fmt::format("{}-{}", h.begin, h.end), h.id);
        hs.push_back(std::move(h));
      }
    }
  };
  add_lists(report.document_level);
  for (const SectionResult& s : report.sections) {
    add_lists(s);
    if (!s.present) continue;
    ++present;
    std::string sid = "s-" + s.name;
    ctx.section_ids[s.name] = sid;
    markers.push_back({s.begin, 1,
                       "<span class=\"sec-mark begin\"" + Attr("id", sid) +
                           Attr("data-section", s.name) +
                           fmt::format(" data-begin=\"{}\" data-end=\"{}\"", s.begin, s.end) +
                           Attr("data-label", "\u25BC " + s.name) + "></span>"});
    markers.push_back({s.end, 0,
                       "<span class=\"sec-mark end\"" + Attr("data-section", s.name) +
                           Attr("data-label", "\u25B2 end of " + s.name) + "></span>"});
    if (s.heading.end > s.heading.begin) {
      Highlight h;
      h.begin = s.heading.begin;
      h.end = s.heading.end;
      h.rank = 0;
      h.id = fmt::format("h{}", heading_count++);
      h.cls = "heading";
      h.attrs = Attr("data-section", s.name) + Attr("title", "section " + s.name + " begins");
      hs.push_back(std::move(h));
    }
  }

  std::string json_text = ReportToJson(program, report, -1);
  Json j = Json::parse(json_text, nullptr, false);
  std::string tree;
  if (!j.is_discarded()) RenderJson(j, "report", 0, "", ctx, tree);

  std::string title = options.title.empty() ? report.document : options.title;
  std::string out;
  out.reserve(document.size() * 2 + 16384);
  out += "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"rptc view\">\n";
  out += "<title>" + HtmlEscape(title) + " — rptc view</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<header><h1>" + HtmlEscape(title) + "</h1>";
  out += "<p>template <b>" + HtmlEscape(program.template_name) + "</b>" +
         (program.template_version.empty() ? "" : " " + HtmlEscape(program.template_version)) +
         fmt::format(" &middot; {} values &middot; {}/{} sections &middot; {} list items &middot; "
                     "{} errors, {} warnings &middot; {} bytes",
                     value_count, present, report.sections.size(), item_count, errors, warnings,
                     report.bytes);
  out += " &middot; <span class=\"legend\"><span><i class=\"sw\" style=\"background:#ffe58a\"></i>"
         "value</span><span><i class=\"sw\" style=\"background:#ffd0d0\"></i>violation</span>"
         "<span><i class=\"sw\" style=\"background:#dcefff\"></i>list item</span><span><i "
         "class=\"sw\" style=\"background:#e3f5e1\"></i>section heading</span></span></p>";
  out += "</header>\n<main>\n<section id=\"doc\">\n";
  if (!banner.empty()) {
    out += "<div class=\"banner\" id=\"violations\">" + banner + "</div>\n";
  } else if (errors + warnings == 0) {
    out += "<div class=\"banner ok\" id=\"violations\">the report conforms to the template</div>\n";
  }
  // The parser drops one newline right after <pre>: give it one, so the DOM text is the document.
  out += "<pre id=\"text\">\n";
  out += RenderText(document, std::move(hs), std::move(markers));
  out += "</pre>\n</section>\n<aside id=\"panel\">\n<h2>Report object</h2>\n";
  out += tree;
  out += "\n</aside>\n</main>\n<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace rptc::rt

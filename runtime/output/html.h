// Report -> one self-contained HTML page (`rptc view`): the document's text with every extracted
// value highlighted at its exact original span and labelled (field = normalised value), list
// item titles and section headings highlighted, section boundaries marked, conformance
// violations marked in place (those without a span in a banner), and a side panel with the typed
// report object (the JSON of ReportToJson as a collapsible tree) whose values link to their
// spans and back.
//
// The page needs nothing else: inline CSS and a few lines of inline JavaScript, no network, no
// fonts or images, and a Content-Security-Policy that forbids loading anything. The document
// text is hostile input: every byte is escaped (HTML metacharacters, CR kept as &#13; so the DOM
// text equals the original bytes, NUL and other C0 controls and invalid UTF-8 shown as U+FFFD).
//
// DOM contract (tests/view/view_test.cc checks it in headless Chromium): every value is a
// <mark class="v" id="vN" data-id="vN" data-begin="B" data-end="E" data-field="section.field"
// data-label="..."> whose text is the original document's bytes [B, E). When two highlights
// cross (neither contains the other) the later one is split into fragments that share its
// data-id (class "frag", no id); concatenated in document order they give the span's text.
// Violations are <mark class="violation ..." data-id="xN">, list titles class "item" ("iN"),
// headings class "heading" ("hN"); section boundaries are empty <span class="sec-mark">.
// Tested by tests/view/view_test.cc.
#pragma once

#include <string>
#include <string_view>

#include "runtime/report.h"

namespace rptc::rt {

struct HtmlOptions {
  std::string title;  // defaults to the report's document name
};

std::string ReportToHtml(const Program& program, const Report& report, std::string_view document,
                         const HtmlOptions& options = {});

// Escapes text for HTML element content or attribute values (both quote kinds), replacing
// invalid UTF-8, NUL and C0 controls other than tab and LF with U+FFFD; CR becomes &#13;.
std::string HtmlEscape(std::string_view text);

}  // namespace rptc::rt

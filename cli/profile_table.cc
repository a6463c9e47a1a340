// FormatProfile; see profile_table.h.
#include "cli/profile_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace rptc::cli {
namespace {

constexpr std::array<const char*, 8> kColumns = {
    "line", "anchor hits", "windows", "searches", "DFA bytes", "matches", "captures", "DFA states"};

std::array<std::string, 8> Cells(const rt::PatternCost& c) {
  return {c.source_line == 0 ? std::string() : std::to_string(c.source_line),
          std::to_string(c.anchor_hits), std::to_string(c.windows),
          std::to_string(c.searches),    std::to_string(c.dfa_bytes),
          std::to_string(c.matches),     std::to_string(c.captures),
          std::to_string(c.dfa_states)};
}

}  // namespace

std::string FormatProfile(const std::vector<rt::PatternCost>& costs, uint64_t documents,
                          uint64_t bytes) {
  rt::PatternCost total;
  total.pattern = fmt::format("total ({} pattern{})", costs.size(), costs.size() == 1 ? "" : "s");
  for (const rt::PatternCost& c : costs) total += c;
  size_t name_width = std::string_view("pattern").size();
  std::array<size_t, 8> widths;
  for (size_t k = 0; k < kColumns.size(); ++k) widths[k] = std::string_view(kColumns[k]).size();
  auto measure = [&](const rt::PatternCost& c) {
    name_width = std::max(name_width, c.pattern.size());
    const auto cells = Cells(c);
    for (size_t k = 0; k < cells.size(); ++k) widths[k] = std::max(widths[k], cells[k].size());
  };
  for (const rt::PatternCost& c : costs) measure(c);
  measure(total);

  std::string out = fmt::format(
      "profile: {} document{}, {} bytes; the matcher's work per pattern, the most DFA bytes "
      "first\n",
      documents, documents == 1 ? "" : "s", bytes);
  auto row = [&](std::string_view name, const std::array<std::string, 8>& cells) {
    std::string line = fmt::format("{:<{}}", name, name_width);
    for (size_t k = 0; k < cells.size(); ++k) line += fmt::format("  {:>{}}", cells[k], widths[k]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  std::array<std::string, 8> header;
  for (size_t k = 0; k < kColumns.size(); ++k) header[k] = kColumns[k];
  row("pattern", header);
  for (const rt::PatternCost& c : costs) row(c.pattern, Cells(c));
  row(total.pattern, Cells(total));
  return out;
}

}  // namespace rptc::cli

#include "compiler/check/header.h"

#include <algorithm>

#include <fmt/format.h>

namespace rptc::check::internal {
namespace {

void CheckWords(CheckContext& ctx, const ast::Header& header, const std::vector<std::string>& words,
                const std::vector<std::string>& known, std::string_view what) {
  for (const std::string& word : words) {
    if (std::find(known.begin(), known.end(), word) != known.end()) continue;
    ctx.report.Error(header.span, "E0109",
                     fmt::format("unknown {} '{}' in the header of template '{}'{}", what, word,
                                 header.name, DidYouMean(word, known)),
                     fmt::format("{}s: {}", what, NameList(known)));
  }
}

}  // namespace

void CheckHeader(CheckContext& ctx) {
  for (const ast::Module& module : ctx.out.modules) {
    if (!module.header) continue;
    CheckWords(ctx, *module.header, module.header->languages, {"zh", "en"}, "language");
    CheckWords(ctx, *module.header, module.header->normalize, {"nfkc", "hant_to_hans"},
               "normalization");
  }
}

}  // namespace rptc::check::internal

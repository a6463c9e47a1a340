#include "compiler/std/std_library.h"

#include <algorithm>
#include <utility>

namespace rptc::stdlib_embedded {
extern const std::pair<std::string_view, std::string_view> kModules[];
extern const int kModuleCount;
}  // namespace rptc::stdlib_embedded

namespace rptc {

std::optional<std::string_view> StdModuleText(std::string_view module_name) {
  for (int i = 0; i < stdlib_embedded::kModuleCount; ++i) {
    if (stdlib_embedded::kModules[i].first == module_name) return stdlib_embedded::kModules[i].second;
  }
  return std::nullopt;
}

std::vector<std::string> StdModuleNames() {
  std::vector<std::string> names;
  for (int i = 0; i < stdlib_embedded::kModuleCount; ++i) {
    names.emplace_back(stdlib_embedded::kModules[i].first);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace rptc

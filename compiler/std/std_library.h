// The standard template library (compiler/std/*.rpt), embedded in the binary at build time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rptc {

// The text of a std module ("std.values"), or nullopt when there is no such module.
std::optional<std::string_view> StdModuleText(std::string_view module_name);
// Every std module name, sorted.
std::vector<std::string> StdModuleNames();

}  // namespace rptc

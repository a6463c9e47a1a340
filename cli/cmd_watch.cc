// extract --watch: placeholder while the watch loop is written.
#include "cli/commands.h"

namespace rptc::cli {
void AddExtractWatch(CLI::App&, int*) {}
}  // namespace rptc::cli

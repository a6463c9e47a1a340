// Build stamps for `rptc build`: what an image was built from, so an unchanged template is not
// rebuilt. A stamp (OUT.rpto.stamp, text) records a key and every file the compilation read:
//
//   rptc-build-stamp 1
//   key 3f2a...            hash of the rptc version, the embedded std library, the include
//                          dirs, and every dependency's path and content hash
//   dep 9c1e... /abs/path/gwr.rpt
//   dep 77d0... /abs/path/shared/indicators.rpt
//
// The image is up to date when it exists and re-hashing the recorded files gives the same key.
// A changed import therefore triggers a rebuild even though the template itself did not change.
#pragma once

#include <string>
#include <vector>

#include "compiler/compiler.h"

namespace rptc::cli {

// The stamp text for a successful compilation (reads the dependencies from disk).
std::string MakeStamp(const CompileResult& result, const std::vector<std::string>& include_dirs);

// True when `image` exists and the stamp at `stamp_path` matches the files on disk now.
bool StampIsCurrent(const std::string& stamp_path, const std::string& image,
                    const std::vector<std::string>& include_dirs);

}  // namespace rptc::cli

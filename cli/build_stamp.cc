#include "cli/build_stamp.h"

#include <filesystem>
#include <optional>
#include <sstream>
#include <utility>

#include "cli/common.h"
#include "compiler/std/std_library.h"

namespace rptc::cli {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kStampHeader = "rptc-build-stamp 1";

// Everything that affects the image but is not a file on disk: the compiler's version, the
// std library compiled into it (it can change without a version bump during development), and
// where imports are searched.
uint64_t ToolchainHash(const std::vector<std::string>& include_dirs) {
  uint64_t h = Fnv1a64(kVersion);
  for (const std::string& name : StdModuleNames()) {
    h = Fnv1a64(name, h);
    if (std::optional<std::string_view> text = StdModuleText(name)) h = Fnv1a64(*text, h);
  }
  for (const std::string& dir : include_dirs) h = Fnv1a64(dir + '\0', h);
  return h;
}

using Deps = std::vector<std::pair<std::string, std::string>>;  // (content hash, absolute path)

std::string Key(const std::vector<std::string>& include_dirs, const Deps& deps) {
  uint64_t h = ToolchainHash(include_dirs);
  for (const auto& [hash, path] : deps) {
    h = Fnv1a64(path + '\0', h);
    h = Fnv1a64(hash, h);
  }
  return Hex64(h);
}

std::optional<std::string> HashFile(const std::string& path) {
  std::string error;
  std::optional<std::string> bytes = ReadSmallFile(path, &error);
  if (!bytes) return std::nullopt;
  return Hex64(Fnv1a64(*bytes));
}

}  // namespace

std::string MakeStamp(const CompileResult& result, const std::vector<std::string>& include_dirs) {
  Deps deps;
  for (uint32_t i = 0; i < result.sources.size(); ++i) {
    std::string name(result.sources.Get(i).name());
    std::error_code ec;
    // Std modules are embedded and have no file; ToolchainHash covers them.
    if (!fs::is_regular_file(name, ec)) continue;
    fs::path absolute = fs::absolute(name, ec).lexically_normal();
    std::optional<std::string> hash = HashFile(name);
    if (hash) deps.emplace_back(*hash, absolute.string());
  }
  std::string stamp(kStampHeader);
  stamp += "\nkey " + Key(include_dirs, deps) + "\n";
  for (const auto& [hash, path] : deps) stamp += "dep " + hash + " " + path + "\n";
  return stamp;
}

bool StampIsCurrent(const std::string& stamp_path, const std::string& image,
                    const std::vector<std::string>& include_dirs) {
  std::error_code ec;
  if (!fs::is_regular_file(image, ec)) return false;
  std::string error;
  std::optional<std::string> stamp = ReadSmallFile(stamp_path, &error);
  if (!stamp) return false;
  std::istringstream in(*stamp);
  std::string line, key;
  if (!std::getline(in, line) || line != kStampHeader) return false;
  if (!std::getline(in, line) || line.rfind("key ", 0) != 0) return false;
  key = line.substr(4);
  Deps deps;
  while (std::getline(in, line)) {
    // "dep HASH PATH"; the path may contain spaces, so split at the first two only.
    if (line.rfind("dep ", 0) != 0 || line.size() < 4 + 16 + 1) return false;
    std::string recorded = line.substr(4, 16);
    std::string path = line.substr(4 + 16 + 1);
    std::optional<std::string> now = HashFile(path);
    if (!now || *now != recorded) return false;
    deps.emplace_back(*now, path);
  }
  return !deps.empty() && Key(include_dirs, deps) == key;
}

}  // namespace rptc::cli

// See cli/template_cache.h. Entry layout:
//   rptc-template-cache 1 N META TEXT BUILD\n
//                                        N: bytes of metadata; META: their hash; TEXT: the
//                                        template's content hash; BUILD: BinaryStamp's hash
//   metadata, N bytes:
//     dep HASH PATH\n                    every file read (absolute path), with its content hash
//     warnings N\n<N bytes>              as printed without colour
//     coloured N\n<N bytes>              as printed on a colour terminal
//   the image (runtime/image.h), to the end
#include "cli/template_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "cli/common.h"
#include "runtime/image.h"

namespace rptc::cli {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kHeader = "rptc-template-cache 1 ";

std::string CacheDir() {
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
  };
  if (std::getenv("RPTC_NO_CACHE") != nullptr) return "";
  if (!env("RPTC_CACHE_DIR").empty()) return env("RPTC_CACHE_DIR");
  if (!env("XDG_CACHE_HOME").empty()) return env("XDG_CACHE_HOME") + "/rptc";
  if (!env("HOME").empty()) return env("HOME") + "/.cache/rptc";
  return "";
}

// Which compiler this is: a rebuilt binary may compile the same template differently.
std::optional<std::string> BinaryStamp() {
  struct stat st {};
  if (::stat("/proc/self/exe", &st) != 0) return std::nullopt;
  return std::to_string(st.st_dev) + ':' + std::to_string(st.st_ino) + ':' +
         std::to_string(st.st_size) + ':' + std::to_string(st.st_mtim.tv_sec) + '.' +
         std::to_string(st.st_mtim.tv_nsec);
}

std::optional<std::string> HashOfFile(const std::string& path) {
  std::string error;
  std::optional<std::string> bytes = ReadSmallFile(path, &error);
  if (!bytes) return std::nullopt;
  return Hex64(Fnv1a64(*bytes));
}

// The header line is ~100 bytes: it is looked for in this many.
constexpr uint64_t kHeaderLineLimit = 256;

// The `n` bytes of the file open at `fd` from byte `at`; nullopt if they cannot all be read.
std::optional<std::string> ReadAt(int fd, uint64_t at, uint64_t n) {
  std::string bytes(n, '\0');
  size_t got = 0;
  while (got < n) {
    const ssize_t k = ::pread(fd, bytes.data() + got, n - got, static_cast<off_t>(at + got));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return std::nullopt;
    got += static_cast<size_t>(k);
  }
  return bytes;
}

// Splits the next "\n"-terminated line off `rest`.
std::optional<std::string_view> NextLine(std::string_view& rest) {
  const size_t end = rest.find('\n');
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  return line;
}

// "NAME N\n<N bytes>" off `rest`.
std::optional<std::string_view> NextBlock(std::string_view& rest, std::string_view name) {
  std::optional<std::string_view> line = NextLine(rest);
  if (!line || line->substr(0, name.size() + 1) != std::string(name) + ' ') return std::nullopt;
  const std::string count(line->substr(name.size() + 1));
  char* end = nullptr;
  const unsigned long long n = std::strtoull(count.c_str(), &end, 10);
  if (count.empty() || *end != '\0' || n > rest.size()) return std::nullopt;
  std::string_view block = rest.substr(0, n);
  rest.remove_prefix(n);
  return block;
}

}  // namespace

TemplateCache::TemplateCache(const std::string& path, std::string_view text,
                             const CompileOptions& options)
    : text_hash_(Hex64(Fnv1a64(text))), path_(path) {
  const std::string dir = CacheDir();
  const std::optional<std::string> stamp = BinaryStamp();
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  if (dir.empty() || !stamp || ec) return;
  // One entry per template and -I list: a new rptc build or an edit replaces it.
  uint64_t key = Fnv1a64(absolute.string() + '\0');
  for (const std::string& d : options.include_dirs) key = Fnv1a64(d + '\0', key);
  entry_ = dir + "/" + Hex64(key) + ".rpto-cache";
  check_ = text_hash_ + " " + Hex64(Fnv1a64(*stamp));
}

std::shared_ptr<const rt::Program> TemplateCache::Load(bool show_warnings) const {
  if (entry_.empty()) return nullptr;
  // The header line and the metadata are read first, and the image after them straight from the
  // file (rt::LoadImageFile): read whole, a large template's ~11 MB image was copied once more,
  // ~5 ms of a run. Through one descriptor, so that a rename replacing the entry meanwhile cannot
  // pair one entry's header with another's image.
  const ReadOnlyFile file(entry_);
  struct stat st {};
  if (file.fd() < 0 || fstat(file.fd(), &st) != 0) return nullptr;
  const auto size = static_cast<uint64_t>(st.st_size);
  const std::optional<std::string> first =
      ReadAt(file.fd(), 0, std::min<uint64_t>(size, kHeaderLineLimit));
  if (!first) return nullptr;
  std::string_view rest = *first;
  const std::optional<std::string_view> header = NextLine(rest);
  if (!header || header->substr(0, kHeader.size()) != kHeader) return nullptr;
  // "N META TEXT"
  const std::string_view fields = header->substr(kHeader.size());
  const size_t space = fields.find(' ');
  if (space == std::string_view::npos || fields.size() != space + 1 + 16 + 1 + check_.size() ||
      fields.substr(space + 1 + 16 + 1) != check_) {
    return nullptr;  // another version of the template, or another rptc build
  }
  const std::string count(fields.substr(0, space));
  char* end = nullptr;
  const unsigned long long meta_size = std::strtoull(count.c_str(), &end, 10);
  const uint64_t meta_at = header->size() + 1;
  if (count.empty() || *end != '\0' || meta_size > size - meta_at) return nullptr;
  const std::optional<std::string> meta_bytes = ReadAt(file.fd(), meta_at, meta_size);
  if (!meta_bytes) return nullptr;
  std::string_view meta = *meta_bytes;
  if (fields.substr(space + 1, 16) != Hex64(Fnv1a64(meta))) return nullptr;
  while (meta.substr(0, 4) == "dep ") {
    const std::optional<std::string_view> line = NextLine(meta);
    if (!line || line->size() < 4 + 16 + 1) return nullptr;
    const std::optional<std::string> now = HashOfFile(std::string(line->substr(4 + 16 + 1)));
    if (!now || *now != line->substr(4, 16)) return nullptr;  // an import changed
  }
  const std::optional<std::string_view> plain = NextBlock(meta, "warnings");
  const std::optional<std::string_view> coloured = plain ? NextBlock(meta, "coloured") : plain;
  if (!coloured) return nullptr;
  std::string error;
  if (::lseek(file.fd(), static_cast<off_t>(meta_at + meta_size), SEEK_SET) < 0) return nullptr;
  std::optional<rt::Program> program = rt::LoadImageFile(file.fd(), &error);
  if (!program) return nullptr;
  if (show_warnings) {
    const std::string_view text = StderrWantsColor() ? *coloured : *plain;
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
  return std::make_shared<const rt::Program>(std::move(*program));
}

void TemplateCache::Store(const CompileResult& result) const {
  if (entry_.empty() || !result.program) return;
  std::string meta;
  for (uint32_t i = 0; i < result.sources.size(); ++i) {
    const std::string name(result.sources.Get(i).name());
    std::error_code ec;
    if (!fs::is_regular_file(name, ec)) continue;  // std modules are part of the binary
    const fs::path absolute = fs::absolute(name, ec).lexically_normal();
    // The template is recorded with the hash of the text that was compiled, which the file may
    // no longer hold.
    std::optional<std::string> hash = name == path_ ? text_hash_ : HashOfFile(name);
    if (ec || !hash) return;
    meta += "dep " + *hash + " " + absolute.string() + "\n";
  }
  const std::string plain = Render(result.diagnostics, result.sources, false);
  const std::string coloured = Render(result.diagnostics, result.sources, true);
  meta += "warnings " + std::to_string(plain.size()) + "\n" + plain;
  meta += "coloured " + std::to_string(coloured.size()) + "\n" + coloured;
  std::string entry = std::string(kHeader) + std::to_string(meta.size()) + " " +
                      Hex64(Fnv1a64(meta)) + " " + check_ + "\n";
  entry += meta;
  entry += rt::SaveImage(*result.program);
  std::error_code ec;
  fs::create_directories(fs::path(entry_).parent_path(), ec);
  std::string error;
  if (!ec) (void)WriteFileAtomically(entry_, entry, &error);
}

}  // namespace rptc::cli

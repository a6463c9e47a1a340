#include "compiler/check/module_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "compiler/parse/parser.h"
#include "compiler/std/std_library.h"

namespace rptc::check::internal {
namespace {

namespace fs = std::filesystem;

std::string Stem(std::string_view path) { return fs::path(std::string(path)).stem().string(); }

std::string LastComponent(std::string_view dotted) {
  size_t dot = dotted.rfind('.');
  return std::string(dot == std::string_view::npos ? dotted : dotted.substr(dot + 1));
}

// A path's identity: canonical when the file exists, so "a/../b.rpt" and "b.rpt" are one module.
std::string PathKey(const fs::path& p) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal().string() : canonical.string();
}

class Loader {
 public:
  explicit Loader(CheckContext& ctx) : ctx_(ctx) {}

  void LoadRoot(ast::Module root) {
    const Source& src = ctx_.sources.Get(root.file);
    ModuleInfo info;
    std::string stem = Stem(src.name());
    info.prefix = root.header && !root.header->name.empty() ? root.header->name
                  : stem.empty()                             ? std::string("template")
                                                             : stem;
    info.display = fs::path(std::string(src.name())).filename().string();
    info.dir = fs::path(std::string(src.name())).parent_path().string();
    info.key = PathKey(fs::path(std::string(src.name())));
    uint32_t index = AddModule(std::move(root), std::move(info));
    LoadImportsOf(index);
  }

 private:
  uint32_t AddModule(ast::Module module, ModuleInfo info) {
    prefixes_.insert(info.prefix);
    by_key_[info.key] = static_cast<uint32_t>(ctx_.modules.size());
    ctx_.out.modules.push_back(std::move(module));
    ctx_.modules.push_back(std::move(info));
    return static_cast<uint32_t>(ctx_.modules.size() - 1);
  }

  std::string UniquePrefix(std::string base) {
    if (base.empty()) base = "module";
    std::string prefix = base;
    for (int n = 2; prefixes_.count(prefix); ++n) prefix = fmt::format("{}_{}", base, n);
    return prefix;
  }

  // Loads `index`'s imports depth-first; `stack_` holds the modules being loaded, for cycles.
  void LoadImportsOf(uint32_t index) {
    stack_.push_back(index);
    // Copied: loading appends to ctx_.out.modules, which would invalidate a reference.
    std::vector<ast::Import> imports = ctx_.out.modules[index].imports;
    std::map<std::string, SourceSpan> alias_spans;
    for (const ast::Import& imp : imports) {
      uint32_t target = imp.is_path ? LoadPath(imp, index) : LoadStd(imp.module, imp.span, index);
      std::string alias = !imp.alias.empty() ? imp.alias
                          : imp.is_path      ? Stem(imp.module)
                                             : LastComponent(imp.module);
      auto [it, inserted] = alias_spans.emplace(alias, imp.span);
      if (!inserted) {
        ctx_.report
            .Error(imp.span, "E0102", fmt::format("two imports are both named '{}'", alias),
                   "give one of them another name with `as NAME`")
            .notes.emplace_back(it->second, "the first import with that name");
        continue;
      }
      ctx_.modules[index].aliases[alias] = target;
      if (!imp.is_path) ctx_.modules[index].aliases[imp.module] = target;
    }
    for (std::string_view name : kImplicitStdModules) {
      if (ctx_.modules[index].is_std && ctx_.modules[index].key == name) continue;
      if (!StdModuleText(name)) continue;  // a build without that std module: nothing to see
      uint32_t target = LoadStd(name, {}, index, /*implicit=*/true);
      if (target == kBrokenModule) continue;
      ModuleInfo& info = ctx_.modules[index];
      info.implicit.push_back(target);
      info.aliases.emplace(std::string(name), target);
      info.aliases.emplace(LastComponent(name), target);
    }
    stack_.pop_back();
  }

  // Returns the loaded module for `key`, reporting a cycle when it is still being loaded.
  std::optional<uint32_t> Existing(const std::string& key, SourceSpan span, bool implicit) {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return std::nullopt;
    uint32_t target = it->second;
    auto on_stack = std::find(stack_.begin(), stack_.end(), target);
    if (on_stack != stack_.end() && !implicit) {
      std::string chain;
      for (auto m = on_stack; m != stack_.end(); ++m) chain += ctx_.modules[*m].display + " → ";
      chain += ctx_.modules[target].display;
      ctx_.report.Error(span, "E0104", fmt::format("import cycle: {}", chain),
                        "move what both modules need into a third module that neither imports");
    }
    return target;
  }

  uint32_t LoadStd(std::string_view name, SourceSpan span, uint32_t from, bool implicit = false) {
    std::string key(name);
    if (auto existing = Existing(key, span, implicit)) return *existing;
    std::optional<std::string_view> text = StdModuleText(name);
    if (!text) {
      std::vector<std::string> names = StdModuleNames();
      ctx_.report.Error(span, "E0103",
                        fmt::format("unknown standard module '{}'{}", name, DidYouMean(name, names)),
                        fmt::format("standard modules: {}", NameList(names)));
      return kBrokenModule;
    }
    uint32_t file = ctx_.sources.Add(fmt::format("<{}>", name), std::string(*text));
    ModuleInfo info;
    info.prefix = key;
    info.display = key;
    info.key = key;
    info.is_std = true;
    return ParseAndLoad(file, std::move(info), from);
  }

  uint32_t LoadPath(const ast::Import& imp, uint32_t from) {
    fs::path written(imp.module);
    std::vector<fs::path> candidates;
    if (written.is_absolute()) {
      candidates.push_back(written);
    } else {
      if (!ctx_.modules[from].is_std) candidates.push_back(fs::path(ctx_.modules[from].dir) / written);
      for (const std::string& dir : ctx_.options.include_dirs) candidates.push_back(fs::path(dir) / written);
    }
    for (const fs::path& candidate : candidates) {
      std::error_code ec;
      if (!fs::is_regular_file(candidate, ec)) continue;
      std::string key = PathKey(candidate);
      if (auto existing = Existing(key, imp.span, false)) return *existing;
      std::ifstream in(candidate, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (!in) {
        ctx_.report.Error(imp.span, "E0103",
                          fmt::format("cannot read imported template '{}'", candidate.string()));
        by_key_[key] = kBrokenModule;
        return kBrokenModule;
      }
      uint32_t file = ctx_.sources.Add(candidate.lexically_normal().string(), text.str());
      ModuleInfo info;
      info.prefix = UniquePrefix(imp.alias.empty() ? Stem(imp.module) : imp.alias);
      info.display = fs::path(imp.module).filename().string();
      info.key = key;
      info.dir = candidate.parent_path().string();
      return ParseAndLoad(file, std::move(info), from);
    }
    std::vector<std::string> looked;
    for (const fs::path& c : candidates) looked.push_back(c.lexically_normal().string());
    ctx_.report.Error(imp.span, "E0103", fmt::format("cannot find imported template '{}'", imp.module),
                      looked.empty() ? std::string("no folder to look in")
                                     : fmt::format("looked in: {}", fmt::join(looked, ", ")));
    return kBrokenModule;
  }

  uint32_t ParseAndLoad(uint32_t file, ModuleInfo info, uint32_t /*from*/) {
    std::optional<ast::Module> parsed = Parse(ctx_.sources, file, ctx_.report.sink());
    if (!parsed) {
      by_key_[info.key] = kBrokenModule;
      return kBrokenModule;
    }
    parsed->file = file;
    uint32_t index = AddModule(std::move(*parsed), std::move(info));
    LoadImportsOf(index);
    return index;
  }

  CheckContext& ctx_;
  std::map<std::string, uint32_t> by_key_;
  std::vector<uint32_t> stack_;
  std::set<std::string> prefixes_;
};

}  // namespace

void LoadModules(CheckContext& ctx, ast::Module root) { Loader(ctx).LoadRoot(std::move(root)); }

}  // namespace rptc::check::internal

// rptc build PATH... -o OUTDIR : compile every template under the paths, in parallel.
//
// Each FILE.rpt becomes OUTDIR/<its path below the argument>.rpto. Incremental: a template
// whose stamp (build_stamp.h) still matches its content, its imports' content and this rptc is
// skipped. Every template's diagnostics are printed, in path order, whichever thread compiled
// it; one failure does not stop the others. The last line is the summary
// "built N, up to date M, failed K"; exit 1 when K > 0.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/batch.h"
#include "cli/build_stamp.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/program_io.h"
#include "compiler/compiler.h"

namespace rptc::cli {
namespace {
namespace fs = std::filesystem;

struct BuildArgs {
  std::vector<std::string> paths;
  std::string out_dir;
  int jobs = 0;
  bool quiet = false;
  std::vector<std::string> include_dirs;
};

struct Job {
  std::string source;
  std::string image;
};

struct JobResult {
  enum class Status { kBuilt, kUpToDate, kFailed } status = Status::kFailed;
  std::string diagnostics;  // rendered on the worker, printed in order by the writer
  std::string error;
};

JobResult BuildOne(const Job& job, const BuildArgs& args, bool color) {
  JobResult r;
  std::string stamp_path = job.image + ".stamp";
  if (StampIsCurrent(stamp_path, job.image, args.include_dirs)) {
    r.status = JobResult::Status::kUpToDate;
    return r;
  }
  CompileResult result = CompileFile(job.source, {.include_dirs = args.include_dirs});
  if (!result.diagnostics.all().empty()) {
    r.diagnostics = Render(result.diagnostics, result.sources, color);
  }
  if (!result.program) return r;
  std::error_code ec;
  fs::create_directories(fs::path(job.image).parent_path(), ec);
  // The image first, then its stamp: a crash in between leaves a stale stamp that no longer
  // matches, never a current stamp over a missing or old image.
  if (!WriteFileAtomically(job.image, ImageBytes(*result.program), &r.error) ||
      !WriteFileAtomically(stamp_path, MakeStamp(result, args.include_dirs), &r.error)) {
    return r;
  }
  r.status = JobResult::Status::kBuilt;
  return r;
}

int RunBuild(const BuildArgs& args) {
  if (args.jobs < 0) {
    PrintError("--jobs must be at least 1");
    return kExitUsage;
  }
  std::vector<std::string> missing;
  std::vector<FoundFile> found = CollectFiles(args.paths, ".rpt", &missing);
  for (const std::string& path : missing) PrintError("no such file or directory: " + path);
  if (!missing.empty()) return kExitUsage;

  std::vector<Job> jobs;
  std::map<std::string, std::string> claimed;  // image -> the template that produces it
  for (const FoundFile& f : found) {
    fs::path image = fs::path(args.out_dir) / f.relative;
    image.replace_extension(".rpto");
    std::string key = image.lexically_normal().string();
    auto [it, inserted] = claimed.emplace(key, f.path);
    if (!inserted) {
      PrintError(fmt::format("{} and {} would both build {}", it->second, f.path, key));
      return kExitUsage;
    }
    jobs.push_back({f.path, key});
  }

  bool color = StderrWantsColor();
  size_t next = 0, built = 0, up_to_date = 0, failed = 0;
  auto read = [&]() -> std::optional<Job> {
    if (next == jobs.size()) return std::nullopt;
    return jobs[next++];
  };
  auto work = [&](Job&& job) { return BuildOne(job, args, color); };
  auto write = [&](size_t i, JobResult&& r) {
    std::fputs(r.diagnostics.c_str(), stderr);
    if (!r.error.empty()) PrintError(r.error);
    switch (r.status) {
      case JobResult::Status::kBuilt:
        ++built;
        if (!args.quiet) std::printf("built %s\n", jobs[i].image.c_str());
        break;
      case JobResult::Status::kUpToDate:
        ++up_to_date;
        break;
      case JobResult::Status::kFailed:
        ++failed;
        std::printf("failed %s\n", jobs[i].source.c_str());
        break;
    }
  };
  RunOrdered<Job, JobResult>(args.jobs == 0 ? DefaultJobs() : args.jobs, read, work, write);
  std::printf("built %zu, up to date %zu, failed %zu\n", built, up_to_date, failed);
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void AddBuildCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<BuildArgs>();
  CLI::App* cmd = app.add_subcommand(
      "build", "Compile every template under the paths to OUTDIR, in parallel and incrementally");
  cmd->add_option("paths", args->paths, "Templates, or directories walked for *.rpt")->required();
  cmd->add_option("-o,--output", args->out_dir, "Output directory for the .rpto images")
      ->required();
  cmd->add_option("-j,--jobs", args->jobs, "Parallel compilations (default: all cores)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print only failures and the summary line");
  AddIncludeOption(cmd, args->include_dirs);
  cmd->callback([args, exit_code] { *exit_code = RunBuild(*args); });
}

}  // namespace rptc::cli

// rptc check T FILE|DIR... : conformance of reports to a template's rules (require, check,
// order). Exit 0 when every report conforms, 1 when one does not (errors only; --werror counts
// warnings) or cannot be read, 2 on usage or template errors. Documents are processed on
// --jobs threads and reported in input order (batch.h).
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/batch.h"
#include "cli/check_report.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/documents.h"
#include "cli/output_file.h"
#include "cli/program_io.h"
#include "cli/progress.h"
#include "runtime/report.h"

namespace rptc::cli {
namespace {

struct CheckArgs {
  std::string template_path;
  std::vector<std::string> inputs;
  std::string format = "text";
  std::string output;
  bool werror = false;
  bool quiet = false;
  int jobs = 0;
  uint64_t max_bytes = DefaultMaxDocumentBytes();
  std::vector<std::string> include_dirs;
};

bool StdoutWantsColor(const std::string& output) {
  return (output.empty() || output == "-") && isatty(STDOUT_FILENO) == 1 &&
         std::getenv("NO_COLOR") == nullptr;
}

int RunCheck(const CheckArgs& args) {
  if (args.jobs < 0) {
    PrintError("--jobs must be at least 1");
    return kExitUsage;
  }
  std::shared_ptr<const rt::Program> program =
      LoadProgram(args.template_path, {.include_dirs = args.include_dirs}, !args.quiet);
  if (!program) return kExitUsage;
  rt::Extractor extractor(program);
  std::vector<FoundFile> files = CollectFiles(args.inputs, ".txt", nullptr);

  OutputFile out;
  std::string error;
  if (!out.Open(args.output, &error)) {
    PrintError(error);
    return kExitUsage;
  }
  bool text = args.format == "text";
  bool color = text && StdoutWantsColor(args.output);
  Progress progress(StderrIsTerminal() && !args.quiet && !(text && isatty(STDOUT_FILENO)),
                    files.size(), "docs");

  size_t next = 0;
  auto read = [&]() -> std::optional<FoundFile> {
    if (next == files.size()) return std::nullopt;
    return files[next++];
  };
  auto work = [&](FoundFile&& file) {
    CheckedDoc doc;
    std::string error;
    try {
      std::optional<std::string> document = ReadDocument(file.path, args.max_bytes, &error);
      if (!document) {
        doc.path = file.path;
        doc.error = error;
        return doc;
      }
      rt::Report report = extractor.Extract(*document, file.path);
      doc = MakeCheckedDoc(file.path, report, *document, color);
    } catch (const std::exception& e) {
      doc = CheckedDoc();
      doc.path = file.path;
      doc.error = file.path + ": internal error: " + e.what();
    }
    return doc;
  };

  std::vector<CheckedDoc> docs;  // kept for the aggregate formats only
  CheckTotals totals;
  bool output_ok = true;
  auto write = [&](size_t, CheckedDoc&& doc) {
    totals.Add(doc, args.werror);
    progress.Advance(0);
    if (!doc.read) {
      progress.Clear();
      PrintError(doc.error);
    }
    if (text) {
      output_ok = out.Write(doc.text) && output_ok;
    } else {
      doc.text.clear();
      docs.push_back(std::move(doc));
    }
  };
  RunOrdered<FoundFile, CheckedDoc>(args.jobs == 0 ? DefaultJobs() : args.jobs, read, work, write);
  progress.Finish();

  std::string tail;
  if (text) tail = TextSummary(totals);
  if (args.format == "json") tail = CheckJson(docs, args.werror);
  if (args.format == "junit") tail = CheckJunit(*program, docs, args.werror);
  if (args.format == "sarif") tail = CheckSarif(*program, docs);
  output_ok = out.Write(tail) && output_ok;
  if (!output_ok || !out.Commit(&error)) {
    PrintError(error.empty() ? "cannot write the output" : error);
    return kExitFailure;
  }
  return totals.nonconforming > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void AddCheckCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Check reports against a template's conformance rules (require, check, order)");
  cmd->add_option("template", args->template_path, "Template (.rpt) or compiled image (.rpto)")
      ->required();
  cmd->add_option("inputs", args->inputs, "Documents, or directories of *.txt documents")
      ->required();
  cmd->add_option("-f,--format", args->format,
                  "text (path:line:col, rule, message, snippet), json, junit (XML, one test case "
                  "per report x rule) or sarif (2.1.0)")
      ->check(CLI::IsMember({"text", "json", "junit", "sarif"}));
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of stdout");
  cmd->add_flag("--werror", args->werror, "Count warnings as failures");
  cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: all cores)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no template warnings");
  cmd->add_option("--max-bytes", args->max_bytes,
                  "Count documents larger than this as unreadable (default: 1 GiB)");
  AddIncludeOption(cmd, args->include_dirs);
  cmd->callback([args, exit_code] { *exit_code = RunCheck(*args); });
}

}  // namespace rptc::cli

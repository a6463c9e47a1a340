// rptc view T FILE... -o OUT : one self-contained HTML page per report (runtime/output/html.h):
// the text with every value highlighted at its span and labelled, section boundaries, the
// violations in place, and the typed report object in a side panel, linked both ways.
// One FILE: -o names the page (default: FILE's name with .html, in the current directory).
// Several FILEs (or a directory): -o names a directory that receives NAME.html per document and
// an index.html that links them.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/documents.h"
#include "cli/program_io.h"
#include "runtime/output/html.h"
#include "runtime/report.h"

namespace rptc::cli {
namespace {

namespace fs = std::filesystem;

struct ViewArgs {
  std::string template_path;
  std::vector<std::string> inputs;
  std::string output;
  std::vector<std::string> include_dirs;
  bool quiet = false;
};

std::string PageName(const FoundFile& f) {
  std::string rel = f.relative.empty() ? fs::path(f.path).filename().string() : f.relative;
  fs::path p(rel);
  p.replace_extension(".html");
  return p.string();
}

int RunView(const ViewArgs& args) {
  std::shared_ptr<const rt::Program> program =
      LoadProgram(args.template_path, {.include_dirs = args.include_dirs}, !args.quiet);
  if (!program) return kExitUsage;
  rt::Extractor extractor(program);
  std::vector<FoundFile> files = CollectFiles(args.inputs, ".txt", nullptr);
  if (files.empty()) {
    PrintError("no input documents");
    return kExitUsage;
  }
  std::error_code ec;
  bool single = args.inputs.size() == 1 && !fs::is_directory(args.inputs[0], ec);
  std::string out_dir;
  std::string single_out;
  if (single) {
    single_out = args.output.empty() ? PageName(files[0]) : args.output;
    if (fs::is_directory(single_out, ec)) {
      single_out = (fs::path(single_out) / PageName(files[0])).string();
    }
  } else {
    out_dir = args.output.empty() ? "." : args.output;
    fs::create_directories(out_dir, ec);
    if (!fs::is_directory(out_dir, ec)) {
      PrintError("cannot create the output directory '" + out_dir + "'");
      return kExitFailure;
    }
  }
  int code = kExitOk;
  std::string index;
  for (const FoundFile& f : files) {
    std::string error;
    std::optional<std::string> text = ReadDocument(f.path, DefaultMaxDocumentBytes(), &error);
    if (!text) {
      PrintError(error);
      code = kExitFailure;
      continue;
    }
    rt::Report report = extractor.Extract(*text, f.path);
    std::string html = rt::ReportToHtml(*program, report, *text);
    std::string target = single ? single_out : (fs::path(out_dir) / PageName(f)).string();
    if (!single) fs::create_directories(fs::path(target).parent_path(), ec);
    if (!WriteFileAtomically(target, html, &error)) {
      PrintError(error);
      code = kExitFailure;
      continue;
    }
    size_t values = report.document_level.values.size();
    for (const rt::SectionResult& s : report.sections) values += s.values.size();
    index += fmt::format("<li><a href=\"{}\">{}</a> &middot; {} values &middot; {} violations</li>\n",
                         rt::HtmlEscape(PageName(f)), rt::HtmlEscape(f.path), values,
                         report.violations.size());
    if (!args.quiet) std::fprintf(stderr, "rptc: wrote %s\n", target.c_str());
  }
  if (!single) {
    std::string page =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta "
        "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
        "'unsafe-inline'\"><title>rptc view</title><style>body{font:15px/1.6 sans-serif;margin:20px}"
        "</style></head><body><h1>rptc view: " +
        rt::HtmlEscape(program->template_name) + "</h1><ul>\n" + index + "</ul></body></html>\n";
    std::string error;
    if (!WriteFileAtomically((fs::path(out_dir) / "index.html").string(), page, &error)) {
      PrintError(error);
      code = kExitFailure;
    }
  }
  return code;
}

}  // namespace

void AddViewCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ViewArgs>();
  CLI::App* cmd = app.add_subcommand(
      "view",
      "Write a self-contained HTML page per report: the text with every value highlighted and "
      "labelled, sections and violations marked, and the report object linked to the text");
  cmd->add_option("template", args->template_path, "Template (.rpt) or compiled image (.rpto)")
      ->required();
  cmd->add_option("inputs", args->inputs, "Documents, or directories of *.txt documents")
      ->required();
  cmd->add_option("-o,--output", args->output,
                  "One document: the page to write (default NAME.html). Several: a directory "
                  "(NAME.html each, and index.html)");
  cmd->add_flag("-q,--quiet", args->quiet, "No template warnings and no 'wrote' lines");
  cmd->add_option("-I,--include", args->include_dirs, "Directory searched for imported templates");
  cmd->callback([args, exit_code] { *exit_code = RunView(*args); });
}

}  // namespace rptc::cli

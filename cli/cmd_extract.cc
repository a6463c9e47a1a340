// rptc extract T FILE|DIR... : run a template over documents and write typed reports.
//
// Documents are read, extracted and serialised on --jobs threads and written in input order
// (batch.h), so the output is identical whatever the thread count. A document that cannot be
// read (missing, a directory, binary, too large) is reported on stderr with its path and
// counted; the batch goes on and the exit code is 1. With --stdin-jsonl the documents come as
// JSON Lines on stdin ({"id": ..., "text": ...}) and every input line gets exactly one output
// line, a report or {"id": ..., "error": ...}: the contract of Spark's RDD.pipe and Hadoop
// Streaming.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/batch.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/documents.h"
#include "cli/outputs.h"
#include "cli/profile_table.h"
#include "cli/program_io.h"
#include "cli/progress.h"
#include "runtime/report.h"

namespace rptc::cli {
namespace {

struct ExtractArgs {
  std::string template_path;
  std::vector<std::string> inputs;
  std::string format;  // empty: json, or jsonl with --stdin-jsonl
  std::string output;
  std::string output_dir;
  int jobs = 0;
  bool quiet = false;
  bool stdin_jsonl = false;
  bool summary = false;
  bool profile = false;
  uint64_t max_bytes = DefaultMaxDocumentBytes();
  std::vector<std::string> include_dirs;
};

// A thread keeps its file buffer up to this size between documents; past it, the memory of one
// huge document is given back.
constexpr size_t kKeptFileBufferBytes = size_t{64} << 20;

struct DocInput {
  std::string path;  // file mode
  std::string relative;
  std::string line;  // --stdin-jsonl mode
  size_t line_number = 0;
};

// One line of the stdin stream -> the document's id and text, or an error for the record.
bool ParseRecord(const std::string& line, DocOutcome& out, std::string* text) {
  nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded() || !record.is_object()) {
    out.error = "malformed line: not a JSON object";
    return false;
  }
  auto id = record.find("id");
  if (id != record.end() && (id->is_string() || id->is_number())) {
    out.id_json = id->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out.name = id->is_string() ? id->get<std::string>() : out.id_json;
  } else {
    out.id_json = "null";
    out.error = id == record.end() ? "malformed record: no \"id\""
                                   : "malformed record: \"id\" must be a string or a number";
    return false;
  }
  auto body = record.find("text");
  if (body == record.end() || !body->is_string()) {
    out.error = "malformed record: \"text\" must be a string";
    return false;
  }
  *text = std::move(body->get_ref<std::string&>());
  return true;
}

std::string Summarize(const DocOutcome& d) {
  const rt::Report& r = *d.report;
  size_t present = 0, values = r.document_level.values.size(), tasks = 0;
  for (const rt::SectionResult& s : r.sections) {
    present += s.present ? 1 : 0;
    values += s.values.size();
    for (const rt::ListResult& l : s.lists) tasks += l.items.size();
  }
  size_t errors = 0, warnings = 0;
  for (const rt::Violation& v : r.violations) {
    (v.severity == rt::Severity::kError ? errors : warnings)++;
  }
  std::string verdict = errors + warnings == 0 ? "conforms"
                                               : fmt::format("{} error{}, {} warning{}", errors,
                                                             errors == 1 ? "" : "s", warnings,
                                                             warnings == 1 ? "" : "s");
  return fmt::format("{:<28} {:>2}/{} sections {:>5} values {:>4} tasks   {}\n",
                     std::filesystem::path(d.name).filename().string(), present, r.sections.size(),
                     values, tasks, verdict);
}

int RunExtract(const ExtractArgs& args) {
  std::optional<OutputFormat> format;
  if (args.format.empty()) format = args.stdin_jsonl ? OutputFormat::kJsonl : OutputFormat::kJson;
  if (args.format == "json") format = OutputFormat::kJson;
  if (args.format == "jsonl") format = OutputFormat::kJsonl;
  if (args.format == "csv") format = OutputFormat::kCsv;
  if (args.format == "sqlite") format = OutputFormat::kSqlite;
  if (!format) {
    PrintError("unknown --format '" + args.format + "' (json, jsonl, csv, sqlite)");
    return kExitUsage;
  }
  if (*format == OutputFormat::kSqlite && (args.output.empty() || args.output == "-")) {
    PrintError("--format sqlite needs --output FILE.db");
    return kExitUsage;
  }
  if (!args.output_dir.empty() && (*format != OutputFormat::kJson || !args.output.empty())) {
    PrintError(
        "--output-dir writes one JSON file per document: use it with --format json and "
        "without --output");
    return kExitUsage;
  }
  if (args.stdin_jsonl == !args.inputs.empty()) {
    PrintError(args.stdin_jsonl ? "--stdin-jsonl reads documents from stdin: give no FILE"
                                : "no input documents (give FILE or DIR, or --stdin-jsonl)");
    return kExitUsage;
  }
  if (args.jobs < 0) {
    PrintError("--jobs must be at least 1");
    return kExitUsage;
  }

  std::shared_ptr<const rt::Program> program =
      LoadProgram(args.template_path, {.include_dirs = args.include_dirs}, !args.quiet);
  if (!program) return kExitUsage;
  rt::Extractor extractor(program);
  rt::ExtractOptions extract_options;
  extract_options.profile = args.profile;

  std::vector<FoundFile> files;
  bool single_file = false;
  if (!args.stdin_jsonl) {
    files = CollectFiles(args.inputs, ".txt", nullptr);
    std::error_code ec;
    single_file = args.inputs.size() == 1 && !std::filesystem::is_directory(args.inputs[0], ec);
  }

  OutputOptions options;
  options.format = *format;
  options.path = args.output;
  options.dir = args.output_dir;
  options.json_array = !single_file;
  options.stdin_records = args.stdin_jsonl && *format == OutputFormat::kJsonl;
  std::string error;
  std::unique_ptr<ReportWriter> writer = MakeReportWriter(options, *program, &error);
  if (!writer) {
    PrintError(error);
    return kExitFailure;
  }

  // iostreams synchronised with stdio read stdin a byte at a time; documents can be 100 MB lines.
  if (args.stdin_jsonl) std::ios::sync_with_stdio(false);
  Progress progress(StderrIsTerminal() && !args.quiet, files.size(), "docs");
  size_t next = 0, stdin_lines = 0;
  auto read = [&]() -> std::optional<DocInput> {
    if (!args.stdin_jsonl) {
      if (next == files.size()) return std::nullopt;
      const FoundFile& f = files[next++];
      return DocInput{f.path, f.relative, {}};
    }
    DocInput in;
    // Blank lines (a trailing newline, padding between batches) carry no document.
    while (std::getline(std::cin, in.line)) {
      in.line_number = ++stdin_lines;
      if (in.line.find_first_not_of(" \t\r") != std::string::npos) return in;
    }
    return std::nullopt;
  };
  auto work = [&](DocInput&& in) {
    DocOutcome out;
    out.name = in.path;
    if (args.stdin_jsonl) out.where = "stdin line " + std::to_string(in.line_number);
    out.relative = in.relative;
    std::string text;
    // Files are read into one buffer per thread, reused from document to document.
    thread_local rt::FileBuffer file_buffer;
    try {
      bool have_text = false;
      std::string_view document;
      if (args.stdin_jsonl) {
        have_text = ParseRecord(in.line, out, &text);
        std::string().swap(in.line);  // the text was moved out; free the line before extracting
        if (have_text && text.size() > args.max_bytes) {
          out.error = fmt::format("the text has {} bytes, more than --max-bytes {}", text.size(),
                                  args.max_bytes);
          have_text = false;
        }
        document = text;
      } else {
        have_text = ReadDocumentInto(in.path, args.max_bytes, &file_buffer, &out.error);
        document = file_buffer.view();
      }
      if (have_text) {
        out.bytes = document.size();
        out.report = extractor.Extract(document, out.name, extract_options);
        std::string().swap(text);
        writer->Render(*program, out);
        out.ok = true;
        if (args.summary) out.summary = Summarize(out);
        if (!writer->keeps_report()) out.report.reset();  // bounded memory: drop it early
      }
    } catch (const std::exception& e) {
      out.ok = false;
      out.error =
          (args.stdin_jsonl ? std::string() : in.path + ": ") + "internal error: " + e.what();
    }
    file_buffer.ShrinkTo(kKeptFileBufferBytes);
    return out;
  };

  size_t failed = 0, done = 0;
  uint64_t total_bytes = 0;
  bool output_ok = true;
  auto started = std::chrono::steady_clock::now();
  auto write = [&](size_t, DocOutcome&& out) {
    ++done;
    total_bytes += out.bytes;
    if (!out.ok) {
      ++failed;
      progress.Clear();
      // File errors name their path already; a bad stdin record is named by its line.
      PrintError(args.stdin_jsonl ? out.where + ": " + out.error : out.error);
    } else if (!out.summary.empty()) {
      progress.Clear();
      std::fputs(out.summary.c_str(), stderr);
    }
    if (output_ok && !writer->Write(out, &error)) {
      output_ok = false;  // keep counting documents, but stop writing a broken output
      progress.Clear();
      PrintError(error);
    }
    progress.Advance(out.bytes);
  };
  int jobs = args.jobs == 0 ? DefaultJobs() : args.jobs;
  RunOrdered<DocInput, DocOutcome>(jobs, read, work, write);
  progress.Finish();

  if (output_ok && !writer->Finish(&error)) {
    output_ok = false;
    PrintError(error);
  }
  writer.reset();
  if (args.profile) {
    progress.Clear();
    std::fputs(FormatProfile(extractor.Profile(), done - failed, total_bytes).c_str(), stderr);
  }
  if (args.summary) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print(stderr, "{} document{}: {} extracted, {} failed ({:.1f} MB in {:.2f} s)\n", done,
               done == 1 ? "" : "s", done - failed, failed,
               static_cast<double>(total_bytes) / (1 << 20), seconds);
  }
  // In the stdin mode a bad record is answered in-band (an error record, or a row of the
  // documents table): Spark and Hadoop fail the whole task on a non-zero exit, which would turn
  // one malformed record into a failed job.
  bool in_band =
      args.stdin_jsonl && (*format == OutputFormat::kJsonl || *format == OutputFormat::kSqlite);
  if (failed > 0 && !args.summary) {
    if (in_band) {
      PrintWarning(fmt::format("{} of {} records failed (recorded in the output)", failed, done));
    } else {
      PrintError(fmt::format("{} of {} documents failed", failed, done));
    }
  }
  if (!output_ok) return kExitFailure;
  return failed > 0 && !in_band ? kExitFailure : kExitOk;
}

}  // namespace

void AddExtractCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Extract typed reports from documents (.txt files; directories are walked recursively)");
  cmd->add_option("template", args->template_path, "Template (.rpt) or compiled image (.rpto)")
      ->required();
  cmd->add_option("inputs", args->inputs, "Documents, or directories of *.txt documents");
  cmd->add_option("-f,--format", args->format,
                  "json (the default: one report, or an array for several inputs), jsonl (one "
                  "compact report per line; the default with --stdin-jsonl), csv (one row per "
                  "value), sqlite (needs --output)")
      ->check(CLI::IsMember({"json", "jsonl", "csv", "sqlite"}));
  cmd->add_option("-o,--output", args->output,
                  "Write to FILE instead of stdout (replaced only when the run completes)");
  cmd->add_option("--output-dir", args->output_dir,
                  "Write one pretty JSON report per document: DIR/<name>.json");
  cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: all cores)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress bar and no template warnings");
  cmd->add_flag("--stdin-jsonl", args->stdin_jsonl,
                "Read {\"id\", \"text\"} records from stdin and write one JSON line per record "
                "(with \"id\"; {\"id\", \"error\"} when a record fails)");
  cmd->add_flag("--summary", args->summary,
                "Print one line per document (sections, values, tasks, conformance) on stderr");
  cmd->add_flag("--profile", args->profile,
                "After the batch, print on stderr the matcher's work per pattern of the template "
                "(anchor hits, windows and searches, DFA bytes, matches, captures): which rules "
                "cost the most");
  cmd->add_option("--max-bytes", args->max_bytes,
                  "Skip (and count as failed) documents larger than this (default: 1 GiB)");
  AddIncludeOption(cmd, args->include_dirs);
  cmd->callback([args, exit_code] { *exit_code = RunExtract(*args); });
}

}  // namespace rptc::cli

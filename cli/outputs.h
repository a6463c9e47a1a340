// The outputs of `rptc extract`: JSON, JSON Lines, CSV, SQLite, or one JSON file per document.
//
// A writer works in two steps so that the expensive part runs in parallel: Render() runs on a
// worker thread right after extraction and turns the report into this format's bytes (or
// keeps the report, for SQLite); Write() runs on the writer thread in input order; Finish()
// completes the output. Every file output goes to a temporary file that Finish() renames into
// place, so an interrupted or failed run never leaves a half-written result (see common.h
// RemoveOnSignal for the signal case).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "runtime/report.h"

namespace rptc::cli {

// One input document's result. Built by a worker, consumed by the writer thread.
struct DocOutcome {
  std::string name;      // the path, or the --stdin-jsonl record's id as text
  std::string relative;  // path below the command-line argument it came from (--output-dir)
  std::string id_json;   // --stdin-jsonl: the record's "id" as JSON ("null" when missing)
  std::string where;     // --stdin-jsonl: "stdin line N", for messages about bad records
  bool ok = false;
  std::string error;  // why the document failed, one line
  uint64_t bytes = 0;
  std::optional<rt::Report> report;  // kept only when the writer or the summary needs it
  std::string rendered;              // this format's bytes for the document
  std::string summary;               // --summary: the document's line
};

enum class OutputFormat { kJson, kJsonl, kCsv, kSqlite };

struct OutputOptions {
  OutputFormat format = OutputFormat::kJsonl;
  std::string path;            // empty or "-": stdout (not allowed for SQLite)
  std::string dir;             // json only: one file per document, DIR/<relative>.json
  bool json_array = true;      // json: an array of reports; false: the single report itself
  bool stdin_records = false;  // jsonl: "id" first in each line, error records for failures
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  // Worker thread, after a successful extraction: fills outcome.rendered (and may drop or keep
  // outcome.report). Thread-safe: it only reads the writer's configuration.
  virtual void Render(const rt::Program& program, DocOutcome& outcome) const = 0;
  // Writer thread, in input order, for every document (failed ones too).
  [[nodiscard]] virtual bool Write(DocOutcome& outcome, std::string* error) = 0;
  // After the last document. False when the output could not be completed; then nothing is
  // left at the output path.
  [[nodiscard]] virtual bool Finish(std::string* error) = 0;
  // Whether Render needs outcome.report to stay alive until Write.
  virtual bool keeps_report() const { return false; }
};

// Opens the output (creating the temporary file). nullptr with `error` set on failure.
std::unique_ptr<ReportWriter> MakeReportWriter(const OutputOptions& options,
                                               const rt::Program& program, std::string* error);

// Per-format constructors, one file each (output_*.cc).
std::unique_ptr<ReportWriter> MakeJsonWriter(const OutputOptions& options, std::string* error);
std::unique_ptr<ReportWriter> MakeJsonDirWriter(const OutputOptions& options, std::string* error);
std::unique_ptr<ReportWriter> MakeCsvWriter(const OutputOptions& options, std::string* error);
std::unique_ptr<ReportWriter> MakeSqliteWriter(const OutputOptions& options,
                                               const rt::Program& program, std::string* error);

}  // namespace rptc::cli

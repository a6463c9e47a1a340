// JSON outputs: one report, an array of reports, JSON Lines, or one file per document.
// The report's JSON itself is runtime/output's AppendReportJson (docs/report-format.md).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/common.h"
#include "cli/output_file.h"
#include "cli/outputs.h"

namespace rptc::cli {
namespace {

// Renders the report into a buffer the thread keeps from document to document, then copies it
// out at its exact size: one allocation per report instead of a string grown by doubling.
// `prefix` goes first; `skip_open_brace` drops the report's "{" (it continues the prefix's
// object).
void RenderReport(const rt::Program& program, const rt::Report& report, int indent,
                  int base_indent, std::string_view prefix, bool skip_open_brace,
                  std::string_view suffix, std::string* rendered) {
  thread_local std::string buffer;
  buffer.clear();
  buffer.append(prefix);
  const size_t report_at = buffer.size();
  rt::AppendReportJson(program, report, indent, base_indent, &buffer);
  if (skip_open_brace) buffer.erase(report_at, 1);
  buffer.append(suffix);
  rendered->assign(buffer);
  // A huge report should not pin its memory for the rest of the batch.
  if (buffer.capacity() > (size_t{64} << 20)) std::string().swap(buffer);
}

class JsonWriter : public ReportWriter {
 public:
  explicit JsonWriter(const OutputOptions& options) : options_(options) {}

  bool Open(std::string* error) { return out_.Open(options_.path, error); }

  void Render(const rt::Program& program, DocOutcome& outcome) const override {
    const rt::Report& report = *outcome.report;
    if (options_.format == OutputFormat::kJsonl) {
      // The stdin mode puts "id" first: `{"id":ID,` then the report's members.
      if (options_.stdin_records) {
        const std::string prefix = "{\"id\":" + outcome.id_json + ",";
        RenderReport(program, report, -1, 0, prefix, true, "\n", &outcome.rendered);
      } else {
        RenderReport(program, report, -1, 0, "", false, "\n", &outcome.rendered);
      }
    } else if (options_.json_array) {
      // Nested in the array: every line two spaces further in.
      RenderReport(program, report, 2, 2, "  ", false, "", &outcome.rendered);
    } else {
      RenderReport(program, report, 2, 0, "", false, "\n", &outcome.rendered);
    }
  }

  bool Write(DocOutcome& outcome, std::string* error) override {
    std::string_view bytes = outcome.rendered;
    std::string record;
    if (!outcome.ok) {
      // Failed documents appear in the output only in the stdin mode, whose contract is one
      // answer line per input line; elsewhere they are reported on stderr.
      if (!options_.stdin_records) return true;
      AppendErrorRecord(outcome, &record);
      bytes = record;
    }
    bool ok = true;
    if (options_.format == OutputFormat::kJson && options_.json_array) {
      ok = out_.Write(written_ == 0 ? "[\n" : ",\n");
    }
    ok = ok && out_.Write(bytes);
    ++written_;
    if (!ok) *error = "cannot write the output";
    return ok;
  }

  bool Finish(std::string* error) override {
    if (options_.format == OutputFormat::kJson && options_.json_array) {
      if (!out_.Write(written_ == 0 ? "[]\n" : "\n]\n")) {
        *error = "cannot write the output";
        return false;
      }
    }
    return out_.Commit(error);
  }

 private:
  static void AppendErrorRecord(const DocOutcome& outcome, std::string* record);

  OutputOptions options_;
  OutputFile out_;
  size_t written_ = 0;
};

void JsonWriter::AppendErrorRecord(const DocOutcome& outcome, std::string* record) {
  nlohmann::ordered_json j;
  j["id"] = outcome.id_json.empty() ? nlohmann::ordered_json(nullptr)
                                    : nlohmann::ordered_json::parse(outcome.id_json);
  j["error"] = outcome.error;
  // replace: an error can quote a path or a line that is not valid UTF-8.
  *record = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// --output-dir: DIR/<relative path with .txt replaced by .json>, each written atomically.
class JsonDirWriter : public ReportWriter {
 public:
  explicit JsonDirWriter(const OutputOptions& options) : options_(options) {}

  void Render(const rt::Program& program, DocOutcome& outcome) const override {
    RenderReport(program, *outcome.report, 2, 0, "", false, "\n", &outcome.rendered);
  }

  bool Write(DocOutcome& outcome, std::string* error) override {
    if (!outcome.ok) return true;
    std::filesystem::path rel(outcome.relative.empty() ? outcome.name : outcome.relative);
    rel.replace_extension(".json");
    std::filesystem::path target = std::filesystem::path(options_.dir) / rel;
    if (!seen_.insert(target.string()).second) {
      *error = "two inputs map to " + target.string() + "; name the files differently";
      return false;
    }
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) {
      *error = "cannot create " + target.parent_path().string() + ": " + ec.message();
      return false;
    }
    return WriteFileAtomically(target.string(), outcome.rendered, error);
  }

  bool Finish(std::string*) override { return true; }

 private:
  OutputOptions options_;
  std::set<std::string> seen_;
};

}  // namespace

std::unique_ptr<ReportWriter> MakeJsonWriter(const OutputOptions& options, std::string* error) {
  auto writer = std::make_unique<JsonWriter>(options);
  if (!writer->Open(error)) return nullptr;
  return writer;
}

std::unique_ptr<ReportWriter> MakeJsonDirWriter(const OutputOptions& options, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) {
    *error = "cannot create " + options.dir + ": " + ec.message();
    return nullptr;
  }
  return std::make_unique<JsonDirWriter>(options);
}

std::unique_ptr<ReportWriter> MakeReportWriter(const OutputOptions& options,
                                               const rt::Program& program, std::string* error) {
  if (!options.dir.empty()) return MakeJsonDirWriter(options, error);
  switch (options.format) {
    case OutputFormat::kJson:
    case OutputFormat::kJsonl:
      return MakeJsonWriter(options, error);
    case OutputFormat::kCsv:
      return MakeCsvWriter(options, error);
    case OutputFormat::kSqlite:
      return MakeSqliteWriter(options, program, error);
  }
  return nullptr;
}

}  // namespace rptc::cli

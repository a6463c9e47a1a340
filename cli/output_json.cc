// JSON outputs: one report, an array of reports, JSON Lines, or one file per document.
// The report's JSON itself is runtime/output's ReportToJson (docs/report-format.md).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/common.h"
#include "cli/output_file.h"
#include "cli/outputs.h"

namespace rptc::cli {
namespace {

// Indents every line after the first by two spaces, so pretty reports nest inside the array.
// Safe on JSON: raw newlines only occur between tokens, never inside strings.
std::string IndentLines(const std::string& json) {
  std::string out;
  out.reserve(json.size() + json.size() / 16);
  for (char c : json) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

// Puts `"id":ID` first in a compact JSON object: a splice instead of parse-and-dump, because the
// stdin mode is the cluster hot path and a report can be large.
std::string WithId(const std::string& id_json, const std::string& object) {
  if (object.size() < 2 || object.front() != '{') return object;
  std::string out = "{\"id\":" + id_json;
  if (object != "{}") out += ',';
  out.append(object, 1, std::string::npos);
  return out;
}

class JsonWriter : public ReportWriter {
 public:
  explicit JsonWriter(const OutputOptions& options) : options_(options) {}

  bool Open(std::string* error) { return out_.Open(options_.path, error); }

  void Render(const rt::Program& program, DocOutcome& outcome) const override {
    if (options_.format == OutputFormat::kJsonl) {
      std::string line = rt::ReportToJson(program, *outcome.report, -1);
      outcome.rendered = options_.stdin_records ? WithId(outcome.id_json, line) : std::move(line);
      outcome.rendered += '\n';
    } else if (options_.json_array) {
      outcome.rendered = "  " + IndentLines(rt::ReportToJson(program, *outcome.report, 2));
    } else {
      outcome.rendered = rt::ReportToJson(program, *outcome.report, 2) + "\n";
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
    outcome.rendered = rt::ReportToJson(program, *outcome.report, 2) + "\n";
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

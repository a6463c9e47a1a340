// CSV (RFC 4180): one row per extracted value, with a header row, CRLF line ends.
//   document,section,key,value,unit,qualifier,text,byte_begin,byte_end
// Document-level fields have an empty section. Failed documents produce no rows.
#include <string_view>

#include "cli/output_file.h"
#include "cli/outputs.h"
#include "cli/value_format.h"

namespace rptc::cli {
namespace {

// Quotes a field when it holds a comma, quote, CR or LF, doubling inner quotes (RFC 4180 2.6-7).
void AppendField(std::string_view field, std::string* row) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    row->append(field);
    return;
  }
  *row += '"';
  for (char c : field) {
    if (c == '"') *row += '"';
    *row += c;
  }
  *row += '"';
}

void AppendSection(const std::string& document, const rt::SectionResult& section,
                   std::string_view section_name, std::string* out) {
  for (const rt::FieldValue& v : section.values) {
    std::string_view cells[] = {
        document,     section_name,
        v.field,
        "",  // value, filled below (kept out of the array to avoid a temporary per cell)
        v.value.unit, rt::QualifierName(v.value.qualifier),
        v.where.text,
    };
    std::string value = ValueCell(v.value);
    cells[3] = value;
    for (std::string_view cell : cells) {
      AppendField(cell, out);
      *out += ',';
    }
    *out += std::to_string(v.where.begin);
    *out += ',';
    *out += std::to_string(v.where.end);
    *out += "\r\n";
  }
}

class CsvWriter : public ReportWriter {
 public:
  explicit CsvWriter(const OutputOptions& options) : options_(options) {}

  bool Open(std::string* error) {
    return out_.Open(options_.path, error) &&
           out_.Write("document,section,key,value,unit,qualifier,text,byte_begin,byte_end\r\n");
  }

  void Render(const rt::Program&, DocOutcome& outcome) const override {
    const rt::Report& report = *outcome.report;
    AppendSection(outcome.name, report.document_level, "", &outcome.rendered);
    for (const rt::SectionResult& section : report.sections) {
      AppendSection(outcome.name, section, section.name, &outcome.rendered);
    }
  }

  bool Write(DocOutcome& outcome, std::string* error) override {
    if (!outcome.ok || out_.Write(outcome.rendered)) return true;
    *error = "cannot write the output";
    return false;
  }

  bool Finish(std::string* error) override { return out_.Commit(error); }

 private:
  OutputOptions options_;
  OutputFile out_;
};

}  // namespace

std::unique_ptr<ReportWriter> MakeCsvWriter(const OutputOptions& options, std::string* error) {
  auto writer = std::make_unique<CsvWriter>(options);
  if (!writer->Open(error)) {
    if (error->empty()) *error = "cannot write the output";
    return nullptr;
  }
  return writer;
}

}  // namespace rptc::cli

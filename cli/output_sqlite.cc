// SQLite output: the database an analyst queries after a batch.
//
//   documents(id, path, status, error, bytes)          one row per input, failed ones included
//   "values"(document_id, section, key, value, low, high, unit, qualifier, text,
//            byte_begin, byte_end, rule)               one row per extracted value
//   tasks(document_id, section, list, idx, title, byte_begin, byte_end)   one row per list item
//   violations(document_id, severity, rule, message, byte_begin)          conformance results
//   meta(key, value)                                   template name and version, rptc version
//
// Transactional: everything goes into PATH.tmp-PID-N inside one transaction, which is
// committed, synced and renamed over PATH only at Finish(); any failure or interruption
// leaves PATH as it was. Since the temporary file is private until the rename, it needs no
// rollback journal (journal_mode=OFF), which also makes the inserts fast.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/common.h"
#include "cli/outputs.h"
#include "cli/value_format.h"

namespace rptc::cli {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents(
  id INTEGER PRIMARY KEY, path TEXT NOT NULL, status TEXT NOT NULL, error TEXT, bytes INTEGER);
CREATE TABLE "values"(
  document_id INTEGER NOT NULL REFERENCES documents(id), section TEXT, key TEXT NOT NULL, value,
  low REAL, high REAL, unit TEXT, qualifier TEXT, text TEXT, byte_begin INTEGER,
  byte_end INTEGER, rule TEXT);
CREATE TABLE tasks(
  document_id INTEGER NOT NULL REFERENCES documents(id), section TEXT, list TEXT NOT NULL,
  idx INTEGER, title TEXT, byte_begin INTEGER, byte_end INTEGER);
CREATE TABLE violations(
  document_id INTEGER NOT NULL REFERENCES documents(id), severity TEXT NOT NULL, rule TEXT,
  message TEXT, byte_begin INTEGER);
)sql";

constexpr const char* kIndexes = R"sql(
CREATE INDEX values_by_document ON "values"(document_id);
CREATE INDEX values_by_key ON "values"(key);
CREATE INDEX tasks_by_document ON tasks(document_id);
CREATE INDEX violations_by_document ON violations(document_id);
)sql";

// A prepared statement bound by position; Reset() makes it reusable for the next row.
class Statement {
 public:
  Statement() = default;
  ~Statement() { Finalize(); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void Finalize() {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
  bool Prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) == SQLITE_OK;
  }
  Statement& Text(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Int(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Real(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& Null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  bool Run() {
    int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc == SQLITE_DONE;
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::string_view SeverityName(rt::Severity s) {
  return s == rt::Severity::kError ? "error" : "warning";
}

class SqliteWriter : public ReportWriter {
 public:
  SqliteWriter(const OutputOptions& options, const rt::Program& program)
      : options_(options), program_(program) {}

  ~SqliteWriter() override {
    Close();
    if (!tmp_.empty() && !committed_) {
      std::remove(tmp_.c_str());
      ForgetOnSignal(tmp_);
    }
  }

  bool Open(std::string* error) {
    tmp_ = TemporaryPathFor(options_.path);
    RemoveOnSignal(tmp_);
    if (sqlite3_open_v2(tmp_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      return Fail("cannot create " + options_.path, error);
    }
    if (!Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;", error) ||
        !Exec(kSchema, error)) {
      return false;
    }
    bool ok =
        insert_doc_.Prepare(db_, "INSERT INTO documents VALUES(?,?,?,?,?)") &&
        insert_value_.Prepare(db_, R"(INSERT INTO "values" VALUES(?,?,?,?,?,?,?,?,?,?,?,?))") &&
        insert_task_.Prepare(db_, "INSERT INTO tasks VALUES(?,?,?,?,?,?,?)") &&
        insert_violation_.Prepare(db_, "INSERT INTO violations VALUES(?,?,?,?,?)");
    if (!ok) return Fail("cannot prepare the database", error);
    Statement meta;
    if (!meta.Prepare(db_, "INSERT INTO meta VALUES(?,?)")) return Fail("meta", error);
    ok = meta.Text(1, "rptc_version").Text(2, kVersion).Run() &&
         meta.Text(1, "template").Text(2, program_.template_name).Run() &&
         meta.Text(1, "template_version").Text(2, program_.template_version).Run();
    if (!ok) return Fail("cannot write " + options_.path, error);
    return true;
  }

  bool keeps_report() const override { return true; }

  // Rows are built on the writer thread from the kept report: SQLite inserts are not the
  // bottleneck next to extraction, and one connection must not be shared between threads.
  void Render(const rt::Program&, DocOutcome&) const override {}

  bool Write(DocOutcome& outcome, std::string* error) override {
    int64_t id = ++next_id_;
    insert_doc_.Int(1, id).Text(2, outcome.name).Text(3, outcome.ok ? "ok" : "error");
    if (outcome.ok) {
      insert_doc_.Null(4);
    } else {
      insert_doc_.Text(4, outcome.error);
    }
    if (!insert_doc_.Int(5, static_cast<int64_t>(outcome.bytes)).Run()) {
      return Fail("cannot insert into documents", error);
    }
    if (outcome.ok && outcome.report) {
      const rt::Report& report = *outcome.report;
      if (!WriteSection(id, report.document_level, "", error)) return false;
      for (const rt::SectionResult& section : report.sections) {
        if (!WriteSection(id, section, section.name, error)) return false;
      }
      for (const rt::Violation& v : report.violations) {
        insert_violation_.Int(1, id).Text(2, SeverityName(v.severity)).Text(3, v.rule);
        insert_violation_.Text(4, v.message);
        if (v.where) {
          insert_violation_.Int(5, v.where->begin);
        } else {
          insert_violation_.Null(5);
        }
        if (!insert_violation_.Run()) return Fail("cannot insert into violations", error);
      }
    }
    outcome.report.reset();  // the rows hold everything now
    return true;
  }

  bool Finish(std::string* error) override {
    if (!Exec(kIndexes, error) || !Exec("COMMIT;", error)) return false;
    Close();
    // Make the file durable before it becomes visible under its final name.
    int fd = ::open(tmp_.c_str(), O_RDONLY);
    bool synced = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!synced || std::rename(tmp_.c_str(), options_.path.c_str()) != 0) {
      *error = "cannot write " + options_.path + ": " + std::strerror(errno);
      return false;
    }
    committed_ = true;
    ForgetOnSignal(tmp_);
    return true;
  }

 private:
  bool WriteSection(int64_t id, const rt::SectionResult& section, std::string_view name,
                    std::string* error) {
    for (const rt::FieldValue& v : section.values) {
      Statement& s = insert_value_;
      s.Int(1, id).Text(2, name).Text(3, v.field);
      if (IsNumeric(v.value.type)) {
        s.Real(4, v.value.number);
      } else if (v.value.type == rt::ValueType::kYear) {
        s.Int(4, v.value.year);
      } else {
        s.Text(4, ValueCell(v.value));
      }
      if (v.value.qualifier == rt::Qualifier::kRange) {
        s.Real(5, v.value.low).Real(6, v.value.high);
      } else {
        s.Null(5).Null(6);
      }
      s.Text(7, v.value.unit).Text(8, rt::QualifierName(v.value.qualifier)).Text(9, v.where.text);
      s.Int(10, v.where.begin).Int(11, v.where.end).Text(12, v.where.rule);
      if (!s.Run()) return Fail("cannot insert into values", error);
    }
    for (const rt::ListResult& list : section.lists) {
      for (const rt::ListItem& item : list.items) {
        Statement& s = insert_task_;
        s.Int(1, id).Text(2, name).Text(3, list.name).Int(4, item.index).Text(5, item.title);
        s.Int(6, item.body_begin).Int(7, item.body_end);
        if (!s.Run()) return Fail("cannot insert into tasks", error);
      }
    }
    return true;
  }

  bool Exec(const char* sql, std::string* error) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    *error = options_.path + ": " + text;
    return false;
  }

  bool Fail(const std::string& what, std::string* error) {
    *error = what + (db_ != nullptr ? std::string(": ") + sqlite3_errmsg(db_) : "");
    return false;
  }

  void Close() {
    // Statements must be finalized before the connection closes.
    insert_doc_.Finalize();
    insert_value_.Finalize();
    insert_task_.Finalize();
    insert_violation_.Finalize();
    if (db_ != nullptr) sqlite3_close(db_);
    db_ = nullptr;
  }

  OutputOptions options_;
  const rt::Program& program_;
  std::string tmp_;
  sqlite3* db_ = nullptr;
  bool committed_ = false;
  int64_t next_id_ = 0;
  Statement insert_doc_, insert_value_, insert_task_, insert_violation_;
};

}  // namespace

std::unique_ptr<ReportWriter> MakeSqliteWriter(const OutputOptions& options,
                                               const rt::Program& program, std::string* error) {
  auto writer = std::make_unique<SqliteWriter>(options, program);
  if (!writer->Open(error)) return nullptr;
  return writer;
}

}  // namespace rptc::cli

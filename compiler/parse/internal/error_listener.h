// Syntax errors, worded for people.
//
// FriendlyErrorStrategy is ANTLR's DefaultErrorStrategy (same recovery: single-token insertion
// and deletion, then resynchronisation) with its reporting replaced: instead of "mismatched
// input 'x' expecting {...}" it says what the construct needed ("expected '=' after the field
// type, found string \"GDP\""), points after the previous token when the problem is at a line
// end, and notes where an unclosed bracket was opened. It also enforces the error budget: once
// ParseOptions::max_errors errors are reported it cancels the parse (the exception is caught in
// Parse()). DiagnosticErrorListener catches whatever still reaches ANTLR's listener interface.
#pragma once

#include <antlr4-runtime.h>

#include "compiler/parse/internal/reporter.h"

namespace rptc::parse::internal {

class FriendlyErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit FriendlyErrorStrategy(Reporter& reporter) : reporter_(reporter) {}

  void recover(antlr4::Parser* recognizer, std::exception_ptr e) override;
  antlr4::Token* recoverInline(antlr4::Parser* recognizer) override;

 protected:
  void reportNoViableAlternative(antlr4::Parser* recognizer,
                                 const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* recognizer,
                           const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* recognizer,
                             const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* recognizer) override;
  void reportMissingToken(antlr4::Parser* recognizer) override;
  // Keywords are also names, so ANTLR's single-token repairs would happily read the next
  // line's `field` as a missing type; they are refused at the first token of a declaration on a
  // new line, and recovery resumes there instead.
  bool singleTokenInsertion(antlr4::Parser* recognizer) override;
  antlr4::Token* singleTokenDeletion(antlr4::Parser* recognizer) override;

 private:
  void Report(antlr4::Parser* recognizer, antlr4::Token* offending,
              const antlr4::misc::IntervalSet& expected, bool missing);
  void CheckBudget();

  Reporter& reporter_;
  size_t recoveries_ = 0;
  size_t last_error_line_ = 0;  // ANTLR lines start at 1
};

// ANTLR's listener interface, for errors no strategy method worded (the lexer never reports:
// it has a catch-all token). Reports E0001 with ANTLR's own message.
class DiagnosticErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit DiagnosticErrorListener(Reporter& reporter) : reporter_(reporter) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending_symbol, size_t line,
                   size_t char_position_in_line, const std::string& msg,
                   std::exception_ptr e) override;

 private:
  Reporter& reporter_;
};

}  // namespace rptc::parse::internal

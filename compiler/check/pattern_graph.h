// The graph of named patterns: an edge for each kRef to a pattern and for each typed capture
// that matches its type's recognizer.
//
// Analyse() finds recursive patterns (E0301, the cycle shown) and summarises every pattern in
// dependency order: whether it can match the empty string, and which captures it contributes
// when inlined. Later passes ask about whole rules through Nullable() and CollectCaptures(),
// which read the summaries instead of following references, so a chain of thousands of
// patterns costs linear time and no deep recursion.
#pragma once

#include <string>
#include <vector>

#include "compiler/check/context.h"

namespace rptc::check::internal {

struct CaptureInfo {
  std::string name;
  Type type;
  SourceSpan span;       // the capture itself (inside a named pattern when reached through one)
  SourceSpan via;        // the reference in the collected pattern it was reached through
  bool direct = true;    // false when reached through a reference (then `via` is set)
};

class PatternGraph {
 public:
  explicit PatternGraph(CheckContext& ctx) : ctx_(ctx) {}

  void Analyse();

  // Whether a resolved pattern can match the empty string.
  bool Nullable(const ast::Pattern& resolved) const;
  // The captures a resolved pattern has once its references are inlined (each name/type once),
  // in the order the automaton builder numbers them (compiler/automaton/nfa_builder.cc).
  void CollectCaptures(const ast::Pattern& resolved, std::vector<CaptureInfo>& out) const;

 private:
  struct Summary {
    bool recursive = false;
    bool nullable = false;
    std::vector<CaptureInfo> captures;
  };

  std::optional<uint32_t> Target(const ast::Pattern& p) const;
  void Edges(const ast::Pattern& p, std::vector<uint32_t>& out, int depth) const;
  void ReportCycle(const std::vector<uint32_t>& component);
  bool NullableAt(const ast::Pattern& p, int depth) const;
  void CapturesAt(const ast::Pattern& p, std::vector<CaptureInfo>& out, int depth) const;

  CheckContext& ctx_;
  std::vector<Summary> summaries_;
  std::vector<std::vector<uint32_t>> edges_;
};

}  // namespace rptc::check::internal

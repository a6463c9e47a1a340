#include "compiler/check/pattern_graph.h"

#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "compiler/check/capture.h"
#include "compiler/check/resolve.h"

namespace rptc::check::internal {
namespace {

// Bounds the capture list of one summary, so hostile chains of patterns stay linear.
constexpr size_t kMaxSummaryCaptures = 64;

void AddCapture(std::vector<CaptureInfo>& out, const CaptureInfo& c) {
  for (const CaptureInfo& seen : out) {
    if (seen.name == c.name && seen.type.value == c.type.value &&
        seen.type.lexicon == c.type.lexicon && seen.type.is_list == c.type.is_list) {
      return;
    }
  }
  if (out.size() < kMaxSummaryCaptures) out.push_back(c);
}

}  // namespace

// The named pattern a node inlines: a kRef's pattern, or the recognizer of a typed capture
// written without a sub-pattern (see RecognizerName).
std::optional<uint32_t> PatternGraph::Target(const ast::Pattern& p) const {
  std::string name;
  if (p.kind == ast::PatternKind::kRef && p.ref_kind == ast::Pattern::RefKind::kPattern) {
    name = p.resolved;
  } else if (p.kind == ast::PatternKind::kCapture && p.children.empty()) {
    Type type = CaptureType(p);
    if (type.value == rt::ValueType::kKey || type.value == rt::ValueType::kText) {
      return std::nullopt;
    }
    name = RecognizerName(type.value);
  } else {
    return std::nullopt;
  }
  auto it = ctx_.out.pattern_index.find(name);
  if (it == ctx_.out.pattern_index.end()) return std::nullopt;
  return it->second;
}

void PatternGraph::Edges(const ast::Pattern& p, std::vector<uint32_t>& out, int depth) const {
  if (depth > kMaxPatternDepth) return;
  if (auto target = Target(p)) out.push_back(*target);
  for (const ast::Pattern& child : p.children) Edges(child, out, depth + 1);
}

void PatternGraph::Analyse() {
  const size_t n = ctx_.out.patterns.size();
  summaries_.assign(n, {});
  edges_.assign(n, {});
  for (uint32_t i = 0; i < n; ++i) {
    Edges(ctx_.out.patterns[i].pattern, edges_[i], 0);
    std::sort(edges_[i].begin(), edges_[i].end());
    edges_[i].erase(std::unique(edges_[i].begin(), edges_[i].end()), edges_[i].end());
  }

  // Tarjan's strongly connected components, iteratively. Components come out in reverse
  // topological order: every pattern a component refers to is summarised before it.
  constexpr uint32_t kUnvisited = 0xFFFFFFFFu;
  std::vector<uint32_t> index(n, kUnvisited), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<uint32_t> stack;
  uint32_t next_index = 0;
  struct Frame {
    uint32_t node;
    size_t edge;
  };
  std::vector<Frame> frames;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    frames.push_back({root, 0});
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.edge < edges_[f.node].size()) {
        uint32_t w = edges_[f.node][f.edge++];
        if (index[w] == kUnvisited) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = 1;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.node] = std::min(low[f.node], index[w]);
        }
        continue;
      }
      uint32_t v = f.node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
      if (low[v] != index[v]) continue;
      std::vector<uint32_t> component;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = 0;
        component.push_back(w);
      } while (w != v);
      bool self_loop = std::binary_search(edges_[v].begin(), edges_[v].end(), v);
      if (component.size() > 1 || self_loop) {
        for (uint32_t c : component) summaries_[c].recursive = true;
        ReportCycle(component);
        continue;
      }
      Summary& s = summaries_[v];
      s.nullable = NullableAt(ctx_.out.patterns[v].pattern, 0);
      CapturesAt(ctx_.out.patterns[v].pattern, s.captures, 0);
    }
  }
}

void PatternGraph::ReportCycle(const std::vector<uint32_t>& component) {
  uint32_t start = *std::min_element(component.begin(), component.end());
  // Shortest way back to `start` inside the component, by breadth-first search.
  std::vector<uint32_t> members(component);
  std::sort(members.begin(), members.end());
  std::map<uint32_t, uint32_t> parent;
  std::deque<uint32_t> queue{start};
  std::optional<uint32_t> last;
  while (!queue.empty() && !last) {
    uint32_t v = queue.front();
    queue.pop_front();
    for (uint32_t w : edges_[v]) {
      if (!std::binary_search(members.begin(), members.end(), w)) continue;
      if (w == start) {
        last = v;
        break;
      }
      if (parent.emplace(w, v).second) queue.push_back(w);
    }
  }
  std::vector<uint32_t> path;
  for (uint32_t v = last.value_or(start); v != start; v = parent.at(v)) path.push_back(v);
  path.push_back(start);
  std::reverse(path.begin(), path.end());
  uint32_t module = ctx_.pattern_module[start];
  std::string chain;
  for (uint32_t v : path) chain += ctx_.PatternDisplay(v, module) + " → ";
  chain += ctx_.PatternDisplay(start, module);
  ctx_.report.Error(ctx_.out.patterns[start].span, "E0301",
                    fmt::format("pattern '{}' is recursive: {}", ctx_.pattern_name[start], chain),
                    "patterns cannot refer to themselves; use a bounded repetition {M,N} instead");
}

bool PatternGraph::NullableAt(const ast::Pattern& p, int depth) const {
  if (depth > kMaxPatternDepth) return false;
  switch (p.kind) {
    case ast::PatternKind::kLiteral:
      return p.text.empty();
    case ast::PatternKind::kClass:
    case ast::PatternKind::kAny:
      return false;
    case ast::PatternKind::kGap:
      return p.min <= 0;
    case ast::PatternKind::kAnchor:
      return true;
    case ast::PatternKind::kSequence:
      return std::all_of(p.children.begin(), p.children.end(),
                         [&](const ast::Pattern& c) { return NullableAt(c, depth + 1); });
    case ast::PatternKind::kAlternation:
      return std::any_of(p.children.begin(), p.children.end(),
                         [&](const ast::Pattern& c) { return NullableAt(c, depth + 1); });
    case ast::PatternKind::kRepeat:
      return p.min <= 0 || (!p.children.empty() && NullableAt(p.children[0], depth + 1));
    case ast::PatternKind::kRef: {
      // Lexicon phrases are never empty once E0302 passed.
      auto target = Target(p);
      return target && !summaries_[*target].recursive && summaries_[*target].nullable;
    }
    case ast::PatternKind::kCapture: {
      if (!p.children.empty()) return NullableAt(p.children[0], depth + 1);
      auto target = Target(p);
      return target && !summaries_[*target].recursive && summaries_[*target].nullable;
    }
  }
  return false;
}

void PatternGraph::CapturesAt(const ast::Pattern& p, std::vector<CaptureInfo>& out,
                              int depth) const {
  if (depth > kMaxPatternDepth) return;
  if (p.kind == ast::PatternKind::kCapture) AddCapture(out, {p.capture_name, CaptureType(p), p.span});
  if (auto target = Target(p)) {
    for (CaptureInfo c : summaries_[*target].captures) {
      c.via = p.span;
      c.direct = false;
      AddCapture(out, c);
    }
  }
  for (const ast::Pattern& child : p.children) CapturesAt(child, out, depth + 1);
}

bool PatternGraph::Nullable(const ast::Pattern& resolved) const { return NullableAt(resolved, 0); }

void PatternGraph::CollectCaptures(const ast::Pattern& resolved,
                                   std::vector<CaptureInfo>& out) const {
  CapturesAt(resolved, out, 0);
}

}  // namespace rptc::check::internal

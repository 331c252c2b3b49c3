// Evaluation of a parsed query (RFC 9535 §2.3–§2.5). Nodelists are vectors of pointers into the argument
// document; nothing is copied except values produced by functions.
#include <algorithm>
#include <functional>
#include <optional>

#include "jsonpath/functions.h"
#include "jsonpath/jsonpath.h"

namespace ab::jsonpath {
namespace {

using ast::Expr;
using ast::FunctionType;
using ast::Query;
using ast::Segment;
using ast::Selector;
using Nodes = std::vector<const Json*>;

Nodes EvalQuery(const Query& q, const Json& root, const Json& current);

// Comparison operands: a value, or Nothing (an empty nodelist or an undefined function result).
using Operand = std::optional<Json>;

bool Less(const Operand& a, const Operand& b) {
  if (!a || !b) return false;
  if (a->is_number() && b->is_number()) return a->get<double>() < b->get<double>();
  if (a->is_string() && b->is_string()) return a->get_ref<const std::string&>() < b->get_ref<const std::string&>();
  return false;
}

bool Equal(const Operand& a, const Operand& b) {
  if (!a || !b) return !a && !b;
  return JsonEqual(*a, *b);
}

bool Compare(const std::string& op, const Operand& a, const Operand& b) {
  if (op == "==") return Equal(a, b);
  if (op == "!=") return !Equal(a, b);
  if (op == "<") return Less(a, b);
  if (op == ">") return Less(b, a);
  if (op == "<=") return Less(a, b) || Equal(a, b);
  return Less(b, a) || Equal(a, b);  // ">="
}

FunctionValue EvalFunction(const Expr& e, const Json& root, const Json& current);

Operand EvalOperand(const Expr& e, const Json& root, const Json& current) {
  switch (e.kind) {
    case Expr::Kind::kLiteral: return e.literal;
    case Expr::Kind::kQuery: {
      Nodes n = EvalQuery(e.query, root, current);
      if (n.size() == 1) return *n[0];
      return std::nullopt;
    }
    case Expr::Kind::kFunction: return EvalFunction(e, root, current).value;
    default: return std::nullopt;
  }
}

bool EvalLogical(const Expr& e, const Json& root, const Json& current) {
  switch (e.kind) {
    case Expr::Kind::kOr:
      return std::any_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return EvalLogical(a, root, current); });
    case Expr::Kind::kAnd:
      return std::all_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return EvalLogical(a, root, current); });
    case Expr::Kind::kNot: return !EvalLogical(e.args[0], root, current);
    case Expr::Kind::kCompare:
      return Compare(e.op, EvalOperand(e.args[0], root, current), EvalOperand(e.args[1], root, current));
    case Expr::Kind::kQuery: return !EvalQuery(e.query, root, current).empty();
    case Expr::Kind::kFunction: {
      FunctionValue v = EvalFunction(e, root, current);
      return v.type == FunctionType::kNodes ? !v.nodes.empty() : v.logical;
    }
    case Expr::Kind::kLiteral: return false;  // rejected by the parser
  }
  return false;
}

FunctionValue EvalFunction(const Expr& e, const Json& root, const Json& current) {
  const FunctionSignature* sig = FindFunction(e.op);
  std::vector<FunctionValue> args;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const Expr& a = e.args[i];
    FunctionValue v;
    v.type = sig != nullptr && i < sig->params.size() ? sig->params[i] : FunctionType::kValue;
    switch (v.type) {
      case FunctionType::kValue: v.value = EvalOperand(a, root, current); break;
      case FunctionType::kNodes:
        if (a.kind == Expr::Kind::kQuery) {
          v.nodes = EvalQuery(a.query, root, current);
        } else {
          v.nodes = EvalFunction(a, root, current).nodes;
        }
        break;
      case FunctionType::kLogical: v.logical = EvalLogical(a, root, current); break;
    }
    args.push_back(std::move(v));
  }
  return CallFunction(e.op, args);
}

void SelectSlice(const Selector& sel, const Json& node, Nodes& out) {
  const int64_t len = static_cast<int64_t>(node.size());
  const int64_t step = sel.step;
  if (step == 0) return;
  auto normalize = [len](int64_t i) { return i >= 0 ? i : len + i; };
  if (step > 0) {
    int64_t start = sel.start ? normalize(*sel.start) : 0;
    int64_t end = sel.end ? normalize(*sel.end) : len;
    int64_t lower = std::min(std::max(start, int64_t{0}), len);
    int64_t upper = std::min(std::max(end, int64_t{0}), len);
    for (int64_t i = lower; i < upper; i += step) out.push_back(&node[static_cast<size_t>(i)]);
  } else {
    int64_t start = sel.start ? normalize(*sel.start) : len - 1;
    int64_t end = sel.end ? normalize(*sel.end) : -len - 1;
    int64_t upper = std::min(std::max(start, int64_t{-1}), len - 1);
    int64_t lower = std::min(std::max(end, int64_t{-1}), len - 1);
    for (int64_t i = upper; lower < i; i += step) out.push_back(&node[static_cast<size_t>(i)]);
  }
}

void ForEachChild(const Json& node, const std::function<void(const Json&)>& f) {
  if (node.is_array() || node.is_object()) {
    for (const auto& child : node) f(child);
  }
}

void ApplySelector(const Selector& sel, const Json& node, const Json& root, Nodes& out) {
  switch (sel.kind) {
    case Selector::Kind::kName:
      if (node.is_object()) {
        auto it = node.find(sel.name);
        if (it != node.end()) out.push_back(&*it);
      }
      break;
    case Selector::Kind::kWildcard: ForEachChild(node, [&](const Json& c) { out.push_back(&c); }); break;
    case Selector::Kind::kIndex:
      if (node.is_array()) {
        int64_t len = static_cast<int64_t>(node.size());
        int64_t i = sel.index >= 0 ? sel.index : len + sel.index;
        if (i >= 0 && i < len) out.push_back(&node[static_cast<size_t>(i)]);
      }
      break;
    case Selector::Kind::kSlice:
      if (node.is_array()) SelectSlice(sel, node, out);
      break;
    case Selector::Kind::kFilter:
      ForEachChild(node, [&](const Json& c) {
        if (EvalLogical(sel.filter[0], root, c)) out.push_back(&c);
      });
      break;
  }
}

// The node itself, then its descendants depth-first in document order (§2.5.2.2).
void CollectDescendants(const Json& node, Nodes& out) {
  out.push_back(&node);
  ForEachChild(node, [&](const Json& c) { CollectDescendants(c, out); });
}

Nodes EvalQuery(const Query& q, const Json& root, const Json& current) {
  Nodes nodes = {q.relative ? &current : &root};
  for (const Segment& seg : q.segments) {
    Nodes next;
    for (const Json* n : nodes) {
      if (seg.descendant) {
        Nodes all;
        CollectDescendants(*n, all);
        for (const Json* d : all)
          for (const Selector& sel : seg.selectors) ApplySelector(sel, *d, root, next);
      } else {
        for (const Selector& sel : seg.selectors) ApplySelector(sel, *n, root, next);
      }
    }
    nodes = std::move(next);
  }
  return nodes;
}

}  // namespace

bool JsonEqual(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) return a.get<double>() == b.get<double>();
    if (a.is_number_unsigned() && b.is_number_unsigned()) return a.get<uint64_t>() == b.get<uint64_t>();
    return a.get<int64_t>() == b.get<int64_t>();
  }
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!JsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !JsonEqual(*it, *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::vector<const Json*> Select(const Path& path, const Json& root) { return EvalQuery(path.query(), root, root); }

}  // namespace ab::jsonpath

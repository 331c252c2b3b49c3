#include "template/variables.h"

#include <algorithm>
#include <map>

#include "template/helpers.h"
#include "template/parser.h"

namespace ab::tmpl {
namespace {

class Orderer {
 public:
  explicit Orderer(const std::vector<const config::Variable*>& vars) : vars_(vars), state_(vars.size(), kNew) {
    for (size_t i = 0; i < vars_.size(); ++i) index_[vars_[i]->name] = i;
  }

  // Appends |root| and everything it depends on to order_ (dependencies first); an error on a cycle. Iterative:
  // a test file may chain thousands of variables, which a recursive walk would turn into as many stack frames.
  Status Visit(size_t root) {
    if (state_[root] == kDone) return Status::Ok();
    struct Frame {
      size_t i;
      std::vector<size_t> deps;
      size_t next = 0;
    };
    std::vector<Frame> stack;
    auto enter = [&](size_t i) {
      state_[i] = kActive;
      path_.push_back(i);
      stack.push_back(Frame{i, DependenciesOf(i)});
    };
    enter(root);
    while (!stack.empty()) {
      if (stack.back().next < stack.back().deps.size()) {
        const size_t d = stack.back().deps[stack.back().next++];
        if (state_[d] == kDone) continue;
        if (state_[d] == kActive) return Cycle(d);
        enter(d);
        continue;
      }
      const size_t i = stack.back().i;
      stack.pop_back();
      path_.pop_back();
      state_[i] = kDone;
      order_.push_back(i);
    }
    return Status::Ok();
  }

  const std::vector<size_t>& order() const { return order_; }

  // The variable |name| names, or npos when it is not one of them.
  size_t Find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? std::string::npos : it->second;
  }

 private:
  enum State { kNew, kActive, kDone };

  // The variables |i| reads, without itself (a self-reference reads the base value).
  std::vector<size_t> DependenciesOf(size_t i) const {
    std::vector<size_t> out;
    for (const std::string& name : ReferencedNames(vars_[i]->value)) {
      const size_t d = Find(name);
      if (d != std::string::npos && d != i) out.push_back(d);
    }
    return out;
  }

  Error Cycle(size_t i) const {
    std::string cycle;
    size_t from = 0;
    while (path_[from] != i) ++from;
    for (size_t k = from; k < path_.size(); ++k) cycle += vars_[path_[k]]->name + " -> ";
    cycle += vars_[i]->name;
    return Error(ErrorCode::kConfig, "variables form a cycle: " + cycle, vars_[i]->loc);
  }

  const std::vector<const config::Variable*>& vars_;
  std::map<std::string, size_t> index_;
  std::vector<State> state_;
  std::vector<size_t> path_;
  std::vector<size_t> order_;
};

// The declarations that count: the last one of each name, in first-declaration order.
std::vector<const config::Variable*> Unique(const std::vector<config::Variable>& vars) {
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < vars.size(); ++i) last[vars[i].name] = i;
  std::vector<const config::Variable*> unique;
  std::map<std::string, bool> emitted;
  for (const auto& v : vars) {
    if (emitted[v.name]) continue;
    emitted[v.name] = true;
    unique.push_back(&vars[last[v.name]]);
  }
  return unique;
}

Error ValueTooLarge(const config::Variable& v) {
  return Error(ErrorCode::kInvalidArgument,
               "variable '" + v.name + "': the rendered value would be larger than " +
                   std::to_string(kMaxRenderedBytes >> 20) + " MiB (the limit per templated value)",
               v.loc);
}

Error AllTooLarge(const config::Variable& v) {
  return Error(ErrorCode::kInvalidArgument,
               "variable '" + v.name + "': the variables together would be larger than " +
                   std::to_string(kMaxVariablesBytes >> 20) + " MiB (the limit for all variables of a run)",
               v.loc);
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> RenderVariables(const std::vector<config::Variable>& vars,
                                                                         const Context& base) {
  const std::vector<const config::Variable*> unique = Unique(vars);
  Orderer orderer(unique);
  for (size_t i = 0; i < unique.size(); ++i) {
    if (Status s = orderer.Visit(i); !s) return s.error();
  }

  Context ctx = base;
  std::vector<std::string> values(unique.size());
  size_t total = 0;
  for (size_t i : orderer.order()) {
    const config::Variable& v = *unique[i];
    // A self-reference must see the base value, not a half-built one: render before defining the name.
    auto rendered = Render(v.value, ctx);
    if (!rendered) {
      return Error(rendered.error().code, "variable '" + v.name + "': " + rendered.error().message, v.loc);
    }
    total += rendered->size();
    if (total > kMaxVariablesBytes) return AllTooLarge(v);
    values[i] = *rendered;
    ctx.variables[v.name] = std::move(*rendered);
  }
  base.rng = ctx.rng;

  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(unique.size());
  for (size_t i = 0; i < unique.size(); ++i) out.emplace_back(unique[i]->name, std::move(values[i]));
  return out;
}

Status CheckVariableSizes(const std::vector<config::Variable>& vars) {
  const std::vector<const config::Variable*> unique = Unique(vars);
  Orderer orderer(unique);
  for (size_t i = 0; i < unique.size(); ++i) {
    if (Status s = orderer.Visit(i); !s) return Status::Ok();  // a cycle: RenderVariables reports it
  }
  // The least each value can render to: its literal text plus the values its plain {{name}}s insert verbatim.
  // Helpers and environment values count as empty, so this never overestimates; saturated at the total limit.
  std::vector<size_t> least(unique.size(), 0);
  size_t total = 0;
  for (size_t i : orderer.order()) {
    auto nodes = Parse(unique[i]->value);
    if (!nodes) continue;  // the syntax check reports it
    size_t bytes = 0;
    for (const Node& n : *nodes) {
      if (!n.is_expr) {
        bytes += n.text.size();
      } else if (n.expr.positional.empty() && n.expr.named.empty() && FindHelper(n.expr.head) == nullptr) {
        const size_t d = orderer.Find(n.expr.head);
        if (d != std::string::npos && d != i) bytes += least[d];
      }
      bytes = std::min(bytes, kMaxVariablesBytes + 1);
    }
    least[i] = bytes;
    if (bytes > kMaxRenderedBytes) return ValueTooLarge(*unique[i]);
    total += bytes;
    if (total > kMaxVariablesBytes) return AllTooLarge(*unique[i]);
  }
  return Status::Ok();
}

}  // namespace ab::tmpl

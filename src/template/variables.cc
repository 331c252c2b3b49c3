#include "template/variables.h"

#include <map>

namespace ab::tmpl {
namespace {

class Orderer {
 public:
  explicit Orderer(const std::vector<const config::Variable*>& vars) : vars_(vars) {
    for (size_t i = 0; i < vars_.size(); ++i) index_[vars_[i]->name] = i;
  }

  // Appends |i| and everything it depends on to order_ (dependencies first); an error on a cycle.
  Status Visit(size_t i) {
    if (state_[i] == kDone) return Status::Ok();
    if (state_[i] == kActive) {
      std::string cycle;
      size_t from = 0;
      while (path_[from] != i) ++from;
      for (size_t k = from; k < path_.size(); ++k) cycle += vars_[path_[k]]->name + " -> ";
      cycle += vars_[i]->name;
      return Error(ErrorCode::kConfig, "variables form a cycle: " + cycle, vars_[i]->loc);
    }
    state_[i] = kActive;
    path_.push_back(i);
    for (const std::string& name : ReferencedNames(vars_[i]->value)) {
      auto it = index_.find(name);
      if (it == index_.end() || it->second == i) continue;  // not a variable, or itself (read from the base)
      if (Status s = Visit(it->second); !s) return s;
    }
    path_.pop_back();
    state_[i] = kDone;
    order_.push_back(i);
    return Status::Ok();
  }

  const std::vector<size_t>& order() const { return order_; }

 private:
  enum State { kNew, kActive, kDone };
  const std::vector<const config::Variable*>& vars_;
  std::map<std::string, size_t> index_;
  std::map<size_t, State> state_;
  std::vector<size_t> path_;
  std::vector<size_t> order_;
};

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> RenderVariables(const std::vector<config::Variable>& vars,
                                                                         const Context& base) {
  // The last declaration of a name wins; keep first-declaration order for the output.
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < vars.size(); ++i) last[vars[i].name] = i;
  std::vector<const config::Variable*> unique;
  std::map<std::string, bool> emitted;
  for (const auto& v : vars) {
    if (emitted[v.name]) continue;
    emitted[v.name] = true;
    unique.push_back(&vars[last[v.name]]);
  }

  Orderer orderer(unique);
  for (size_t i = 0; i < unique.size(); ++i) {
    if (Status s = orderer.Visit(i); !s) return s.error();
  }

  Context ctx = base;
  std::vector<std::string> values(unique.size());
  for (size_t i : orderer.order()) {
    const config::Variable& v = *unique[i];
    // A self-reference must see the base value, not a half-built one: render before defining the name.
    auto rendered = Render(v.value, ctx);
    if (!rendered) {
      return Error(rendered.error().code, "variable '" + v.name + "': " + rendered.error().message, v.loc);
    }
    values[i] = *rendered;
    ctx.variables[v.name] = std::move(*rendered);
  }
  base.rng = ctx.rng;

  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(unique.size());
  for (size_t i = 0; i < unique.size(); ++i) out.emplace_back(unique[i]->name, std::move(values[i]));
  return out;
}

}  // namespace ab::tmpl

// User `variables:` rendered once per run, in dependency order, so a variable may use one declared after it
// (the reference renders them in random map order, bug #8).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/model.h"
#include "template/template.h"

namespace ab::tmpl {

/// Renders every variable of |vars| against |base| plus the variables it depends on, and returns
/// (name, value) pairs in declaration order. When a name is declared twice the last declaration wins. A variable
/// that names itself ("PATH: '{{PATH}}:/opt'") reads the value from |base| (usually the environment).
/// Errors carry the failing variable's SourceLoc: a template error, or a dependency cycle ("a -> b -> a").
/// Advances base.rng by what was drawn, so later renders do not repeat the same random values.
Result<std::vector<std::pair<std::string, std::string>>> RenderVariables(const std::vector<config::Variable>& vars,
                                                                         const Context& base);

/// Refuses, before anything runs, variables certain to render above kMaxRenderedBytes each or kMaxVariablesBytes
/// together, from their text and plain {{name}} references alone (helpers and the environment count as empty),
/// so a doubling chain ("v1: '{{v0}}{{v0}}'") is a load error at the variable's location naming the limit.
/// Ok for cycles and syntax errors, which other checks report.
Status CheckVariableSizes(const std::vector<config::Variable>& vars);

}  // namespace ab::tmpl

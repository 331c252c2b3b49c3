// The combinators anyOf, allOf and not. Children are built (and validated) with the combinator, so a typo deep
// inside a nesting is reported at load time with its own location.
#include "assert/factories.h"

namespace ab::assertions {
namespace {

class Combinator : public Assertion {
 public:
  enum class Mode { kAnyOf, kAllOf, kNot };
  Combinator(Mode mode, std::vector<std::unique_ptr<Assertion>> children)
      : mode_(mode), children_(std::move(children)) {}

  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    AssertionResult r;
    int passed = 0;
    for (const auto& child : children_) {
      r.children.push_back(child->Run(t, ctx));
      if (r.children.back().passed) ++passed;
    }
    const int failed = static_cast<int>(children_.size()) - passed;
    r.details = {{"passed_count", passed}, {"failed_count", failed}};
    switch (mode_) {
      case Mode::kAnyOf:
        r.passed = passed > 0;
        r.details["expected"] = "at least one child passes";
        r.message = r.passed
                        ? std::to_string(passed) + " of " + std::to_string(children_.size()) + " alternatives passed"
                        : "expected at least one of " + std::to_string(children_.size()) +
                              " alternatives to pass; none did (first: " + r.children[0].message + ")";
        break;
      case Mode::kAllOf: {
        r.passed = failed == 0;
        r.details["expected"] = "every child passes";
        std::string first_failure;
        for (const auto& c : r.children)
          if (!c.passed && first_failure.empty()) first_failure = c.type + ": " + c.message;
        r.message = r.passed ? "all " + std::to_string(passed) + " conditions passed"
                             : "expected all " + std::to_string(children_.size()) + " conditions to pass; " +
                                   std::to_string(failed) + " failed (first: " + first_failure + ")";
        break;
      }
      case Mode::kNot:
        r.passed = passed == 0;
        r.details["expected"] = "the child fails";
        r.details["child"] = r.children[0].type;
        r.message = r.passed ? "negated " + r.children[0].type + " failed as required: " + r.children[0].message
                             : "expected " + r.children[0].type + " to fail, but it passed: " + r.children[0].message;
        break;
    }
    r.details["actual"] = {{"passed_count", passed}, {"failed_count", failed}};
    return r;
  }

 private:
  Mode mode_;
  std::vector<std::unique_ptr<Assertion>> children_;
};

std::unique_ptr<Assertion> MakeCombinator(const config::AssertionSpec& spec, BuildContext& bc, Combinator::Mode mode) {
  if (bc.depth >= kMaxCombinatorDepth) {
    bc.Error(spec, "", "combinators are nested deeper than " + std::to_string(kMaxCombinatorDepth) + " levels");
    return nullptr;
  }
  if (mode == Combinator::Mode::kNot && spec.children.size() != 1) {
    bc.Error(spec, "", "'not' takes exactly one assertion, got " + std::to_string(spec.children.size()));
    return nullptr;
  }
  if (spec.children.empty()) {
    bc.Error(spec, "", "'" + spec.type + "' needs at least one assertion");
    return nullptr;
  }
  std::vector<std::unique_ptr<Assertion>> children;
  bool ok = true;
  for (const auto& child : spec.children) {
    auto built = bc.registry.Create(child, bc.diagnostics, bc.depth + 1);
    if (!built) ok = false;
    children.push_back(std::move(built));
  }
  if (!ok) return nullptr;
  return std::make_unique<Combinator>(mode, std::move(children));
}

}  // namespace

std::unique_ptr<Assertion> MakeAnyOf(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeCombinator(spec, bc, Combinator::Mode::kAnyOf);
}

std::unique_ptr<Assertion> MakeAllOf(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeCombinator(spec, bc, Combinator::Mode::kAllOf);
}

std::unique_ptr<Assertion> MakeNot(const config::AssertionSpec& spec, BuildContext& bc) {
  return MakeCombinator(spec, bc, Combinator::Mode::kNot);
}

}  // namespace ab::assertions

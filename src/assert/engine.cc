#include "assert/engine.h"

#include <exception>

#include "assert/assertion.h"
#include "base/strings.h"

namespace ab::assertions {

Diagnostics ValidateAssertions(const std::vector<config::AssertionSpec>& specs) {
  Diagnostics diagnostics;
  for (const auto& spec : specs) {
    try {
      (void)BuiltinRegistry().Create(spec, diagnostics);
    } catch (const std::exception& e) {
      // A factory reading a malformed field must not take the loader down.
      diagnostics.push_back({Severity::kError, spec.loc, "assertion '" + spec.type + "': " + e.what()});
    }
  }
  return diagnostics;
}

std::vector<AssertionResult> EvaluateAssertions(const std::vector<config::AssertionSpec>& specs,
                                                const Transcript& transcript, const EvalContext& ctx) {
  std::vector<AssertionResult> results;
  results.reserve(specs.size());
  for (const auto& spec : specs) {
    Diagnostics diagnostics;
    std::unique_ptr<Assertion> assertion;
    try {
      assertion = BuiltinRegistry().Create(spec, diagnostics);
    } catch (const std::exception& e) {
      diagnostics.push_back({Severity::kError, spec.loc, e.what()});
    }
    if (!assertion) {
      AssertionResult r;
      r.type = spec.type;
      r.loc = spec.loc;
      std::vector<std::string> messages;
      for (const auto& d : diagnostics) messages.push_back(d.message);
      r.message = "invalid assertion: " + Join(messages, "; ");
      results.push_back(std::move(r));
      continue;
    }
    results.push_back(assertion->Run(transcript, ctx));
  }
  return results;
}

void ListAssertions(std::ostream& out) {
  for (const TypeInfo& info : BuiltinRegistry().Types()) {
    out << info.type;
    if (info.combinator) {
      out << (info.type == "not" ? " <assertion>" : " [<assertion>, ...]");
    }
    for (const FieldSpec& f : info.fields) {
      if (!f.rejected_hint.empty()) continue;
      out << " " << (f.required ? "" : "[") << f.name << (f.required ? "" : "]");
    }
    out << "\n    " << info.description << "\n";
  }
  out << "\nValues are compared by value: numbers numerically (30 == 30.0), strings exactly, a string equals a\n"
         "number when it is that number (\"30\" == 30) and a boolean when it is \"true\"/\"false\"; lists and maps\n"
         "compare item by item. value, params, pattern, path, tool, sequence and rubric accept {{templates}}.\n";
}

}  // namespace ab::assertions

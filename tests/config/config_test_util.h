// Helpers for the config loader tests: parse YAML text and look at the diagnostics as strings.
#pragma once

#include <string>
#include <vector>

#include "config/loader.h"

namespace ab::config::testing {

/// A minimal valid test file body (MOCK provider, one agent, one test), for tests to append to or edit.
inline constexpr const char* kMinimal = R"(providers:
  - name: mock
    type: MOCK
agents:
  - name: a
    provider: mock
sessions:
  - name: s
    tests:
      - name: t
        prompt: hi
)";

/// Every diagnostic as "file:line:col: severity: message".
template <typename T>
std::vector<std::string> Lines(const Loaded<T>& loaded) {
  std::vector<std::string> out;
  for (const Diagnostic& d : loaded.diagnostics) out.push_back(d.ToString());
  return out;
}

/// The diagnostics joined by newlines (for doctest messages and substring checks).
template <typename T>
std::string All(const Loaded<T>& loaded) {
  std::string out;
  for (const std::string& line : Lines(loaded)) out += line + "\n";
  return out;
}

/// Number of errors (warnings excluded).
template <typename T>
int ErrorCount(const Loaded<T>& loaded) {
  int n = 0;
  for (const Diagnostic& d : loaded.diagnostics) n += d.severity == Severity::kError ? 1 : 0;
  return n;
}

inline Loaded<TestFile> Parse(const std::string& yaml) { return ParseTestFile(yaml, "t.yaml"); }

}  // namespace ab::config::testing

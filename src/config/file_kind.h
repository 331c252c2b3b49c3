// Which kind of agent-bench file a YAML file is, told by its top-level keys, so `validate` checks each file as
// what it is: a test file, a suite, a bench configs file or a mock LLM script.
#pragma once

#include <string>

namespace ab::config {

enum class FileKind {
  kTestFile,      ///< sessions, agents, providers, servers ... (also what an unreadable or empty file is taken for)
  kSuite,         ///< has `test_files`
  kBenchConfigs,  ///< has `configs` (docs/bench.md)
  kMockScript,    ///< has `rules`, `fallback`, `default_tool_mode` or `token_expires_in` (docs/mock-llm.md)
};

/// "test file", "suite", "bench configs", "mock script".
const char* FileKindName(FileKind kind);

/// The kind of |path| by its top-level keys. A file that cannot be read or parsed is kTestFile, so the test-file
/// loader reports why (with file:line:col); a mapping that is none of the others is a test file too.
FileKind DetectFileKind(const std::string& path);

/// The same for YAML (or JSON) text.
FileKind DetectFileKindOfText(const std::string& text);

}  // namespace ab::config

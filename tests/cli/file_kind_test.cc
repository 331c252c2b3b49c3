// validate tells file kinds apart by their top-level keys (config/file_kind.h).
#include "config/file_kind.h"

#include <doctest/doctest.h>

namespace ab::config {

TEST_CASE("file kind: by top-level keys") {
  CHECK(DetectFileKindOfText("test_files: [a.yaml]\nproviders: []\n") == FileKind::kSuite);
  CHECK(DetectFileKindOfText("sessions: []\n") == FileKind::kTestFile);
  CHECK(DetectFileKindOfText("agents: []\nconfigs: []\n") == FileKind::kTestFile);  // a test file, with an error
  CHECK(DetectFileKindOfText("configs:\n  - name: a\n    provider: p\nruns: 3\n") == FileKind::kBenchConfigs);
  CHECK(DetectFileKindOfText("rules:\n  - match: x\n    reply: y\n") == FileKind::kMockScript);
  CHECK(DetectFileKindOfText("{\"fallback\": {\"text\": \"hi\"}}") == FileKind::kMockScript);  // JSON scripts
  CHECK(DetectFileKindOfText("default_tool_mode: false\n") == FileKind::kMockScript);
  // What no kind claims, and what is not YAML, goes to the test-file loader, which says what is wrong.
  CHECK(DetectFileKindOfText("") == FileKind::kTestFile);
  CHECK(DetectFileKindOfText("- a\n- b\n") == FileKind::kTestFile);
  CHECK(DetectFileKindOfText("key: [unclosed\n") == FileKind::kTestFile);
  CHECK(DetectFileKind("/nonexistent/agent-bench/file.yaml") == FileKind::kTestFile);
  CHECK(std::string(FileKindName(FileKind::kBenchConfigs)) == "bench configs");
}

}  // namespace ab::config

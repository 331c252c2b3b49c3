#include "config/file_kind.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ab::config {
namespace {

// Larger files are left to the loaders, which report their size; kind detection only needs the top level.
constexpr std::uintmax_t kMaxDetectBytes = 16u << 20;

}  // namespace

const char* FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kTestFile: return "test file";
    case FileKind::kSuite: return "suite";
    case FileKind::kBenchConfigs: return "bench configs";
    case FileKind::kMockScript: return "mock script";
  }
  return "test file";
}

FileKind DetectFileKindOfText(const std::string& text) {
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) return FileKind::kTestFile;
    auto has = [&](const char* key) { return root[key].IsDefined(); };
    if (has("test_files")) return FileKind::kSuite;
    // A test file never has these keys; the loader of the kind found reports anything else that is wrong.
    if (has("sessions") || has("agents") || has("servers")) return FileKind::kTestFile;
    if (has("configs")) return FileKind::kBenchConfigs;
    if (has("rules") || has("fallback") || has("default_tool_mode") || has("token_expires_in"))
      return FileKind::kMockScript;
  } catch (const std::exception&) {
  }
  return FileKind::kTestFile;
}

FileKind DetectFileKind(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return FileKind::kTestFile;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxDetectBytes) return FileKind::kTestFile;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) return FileKind::kTestFile;
  return DetectFileKindOfText(text.str());
}

}  // namespace ab::config

#include "base/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "base/redact.h"
#include "base/safe_file.h"
#include "base/time.h"

namespace ab {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kWarn)};
std::mutex g_mu;
std::FILE* g_file = nullptr;

const char* LevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warning";
    case LogLevel::kError: return "error";
    case LogLevel::kQuiet: return "";
  }
  return "";
}

}  // namespace

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel GetLogLevel() { return static_cast<LogLevel>(g_level.load()); }

bool SetLogFile(const std::string& path) {
  // The log quotes server output and errors: owner-only, and never written through a planted link.
  Result<std::FILE*> opened = OpenForAppend(path, kPrivateFileMode, /*devices_too=*/true);
  if (!opened) return false;
  std::FILE* f = *opened;
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_file) std::fclose(g_file);
  g_file = f;
  return true;
}

void Log(LogLevel level, std::string_view message) {
  if (static_cast<int>(level) < g_level.load() && !g_file) return;
  std::string line = std::string("agent-bench: ") + LevelName(level) + ": " + Redact(message) + "\n";
  std::lock_guard<std::mutex> lock(g_mu);
  if (static_cast<int>(level) >= g_level.load()) std::fputs(line.c_str(), stderr);
  if (g_file) {
    std::string stamped = FormatRfc3339(NowMs()) + " " + line;
    std::fputs(stamped.c_str(), g_file);
    std::fflush(g_file);
  }
}

}  // namespace ab

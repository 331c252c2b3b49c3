// A tiny leveled logger. Messages go to stderr (and to the -l file when set), always through Redact().
// Thread-safe: one line per call, never interleaved.
#pragma once

#include <string>
#include <string_view>

namespace ab {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kQuiet = 4 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
/// Also append every line to |path|. Returns false if the file cannot be opened.
bool SetLogFile(const std::string& path);
void Log(LogLevel level, std::string_view message);

inline void LogDebug(std::string_view m) { Log(LogLevel::kDebug, m); }
inline void LogInfo(std::string_view m) { Log(LogLevel::kInfo, m); }
inline void LogWarn(std::string_view m) { Log(LogLevel::kWarn, m); }
inline void LogError(std::string_view m) { Log(LogLevel::kError, m); }

}  // namespace ab

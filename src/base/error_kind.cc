#include "base/error_kind.h"

#include <array>
#include <utility>

namespace ab {
namespace {

// The one table between the enum and the strings reports and schema/agent-bench.schema.json use.
constexpr std::array<std::pair<ErrorKind, std::string_view>, 10> kNames = {{
    {ErrorKind::kNone, ""},
    {ErrorKind::kLlm, "llm"},
    {ErrorKind::kTool, "tool"},
    {ErrorKind::kTimeout, "timeout"},
    {ErrorKind::kMaxIterations, "max_iterations"},
    {ErrorKind::kClarification, "clarification"},
    {ErrorKind::kExtractor, "extractor"},
    {ErrorKind::kServer, "server"},
    {ErrorKind::kTemplate, "template"},
    {ErrorKind::kCancelled, "cancelled"},
}};

}  // namespace

bool IsInfrastructure(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kLlm:
    case ErrorKind::kServer:
    case ErrorKind::kTemplate:
    case ErrorKind::kCancelled: return true;
    case ErrorKind::kNone:
    case ErrorKind::kTool:
    case ErrorKind::kTimeout:
    case ErrorKind::kMaxIterations:
    case ErrorKind::kClarification:
    case ErrorKind::kExtractor: return false;
  }
  return false;
}

std::string_view ToString(ErrorKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return "";
}

std::optional<ErrorKind> ParseErrorKind(std::string_view name) {
  for (const auto& [k, name_of_k] : kNames)
    if (name_of_k == name) return k;
  return std::nullopt;
}

}  // namespace ab

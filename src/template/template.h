// The template engine: the Handlebars subset agent-bench test files use ({{name}}, {{{name}}}, helpers with
// positional and key=value arguments, \{{ escapes, {{! comments }}) plus the reference's custom helpers
// (randomValue, randomInt, randomDecimal, now, faker, cut, replace, substring).
//
// Unlike the reference (Handlebars via raymond), output is NEVER HTML-escaped: {{x}} and {{{x}}} both insert the
// value verbatim, so URLs with query strings and JSON survive (reference bug #9). Block helpers ({{#if}} ...) are
// not supported and are reported as errors rather than silently rendered.
//
// Thread-safety: Render may run concurrently on distinct Contexts. A Context is not shareable across threads
// while rendering (its random engine advances).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ab::tmpl {

/// Names the runner puts in every context: the current agent, session and provider names, the absolute directory
/// of the test file, the system temporary directory, and one UUIDv4 per run (the same for every session/agent,
/// unlike the reference, bug #8).
inline constexpr const char* kAgentName = "AGENT_NAME";
inline constexpr const char* kSessionName = "SESSION_NAME";
inline constexpr const char* kProviderName = "PROVIDER_NAME";
inline constexpr const char* kTestDir = "TEST_DIR";
inline constexpr const char* kTempDir = "TEMP_DIR";
inline constexpr const char* kRunId = "RUN_ID";

/// The most one rendered value may hold: each render stops with an error naming the limit once its output would
/// pass it, so "v1: '{{v0}}{{v0}}'" chains fail at about 20 levels instead of allocating gigabytes.
inline constexpr size_t kMaxRenderedBytes = size_t{1} << 20;
/// The most the user variables of a run may hold together (see RenderVariables).
inline constexpr size_t kMaxVariablesBytes = size_t{64} << 20;

/// Looks a name up in the process environment; nullopt when unset.
std::optional<std::string> GetEnv(const std::string& name);

/// Everything a template may read. Copyable; copying also copies the random engine's state.
struct Context {
  /// User variables, built-ins and extracted values; looked up before the environment.
  std::map<std::string, std::string> variables;
  /// Environment lookup, injectable for tests; an empty function means "no environment".
  std::function<std::optional<std::string>(const std::string&)> env = GetEnv;
  /// Source of every random helper. Seed it (`--seed N`) for reproducible output. Mutable because drawing a
  /// random value does not change what the context means.
  mutable std::mt19937_64 rng{std::random_device{}()};
  /// Current time in ms since the Unix epoch; empty means the system clock. Injectable for tests.
  std::function<int64_t()> now_ms;
  /// true: an unknown name is an error. false: it renders as "" (the reference's behaviour).
  bool strict = true;
  /// Where IANA time zone files live; empty means $TZDIR, else /usr/share/zoneinfo.
  std::string zoneinfo_dir;

  /// The value of |name| (variables, then environment), or nullopt.
  std::optional<std::string> Lookup(const std::string& name) const;
  /// now_ms() or the system clock.
  int64_t Now() const;
};

/// Renders |tpl|. Text without "{{" comes back unchanged. Errors: malformed mustaches, unknown helpers, bad helper
/// arguments (each with its line/column in the message), in strict mode unknown names (with a did-you-mean), and
/// an output above kMaxRenderedBytes.
Result<std::string> Render(std::string_view tpl, const Context& ctx);

/// Checks the syntax, helper names and helper argument names of |tpl| without rendering it, so a runner can
/// reject a bad file before spending anything. Does not check that names are defined (see ReferencedNames).
Status Validate(std::string_view tpl);

/// The variable names |tpl| reads, in first-use order without duplicates: bare {{name}}s and helper arguments
/// that are names, but not helper names nor literals. A malformed template yields the names before the error.
std::vector<std::string> ReferencedNames(std::string_view tpl);

/// A random (version 4, variant 1) UUID in the canonical lower-case 8-4-4-4-12 form.
std::string NewUuidV4(std::mt19937_64& rng);

}  // namespace ab::tmpl

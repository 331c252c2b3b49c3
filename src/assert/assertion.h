// The assertion interface and its registry (STYLE R5): each type is a factory that validates and precompiles
// its spec at load time, producing an Assertion that checks a Transcript. Registration is an explicit list in
// builtin.cc; there are no static registrars.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "assert/engine.h"
#include "base/diagnostic.h"
#include "base/transcript.h"
#include "base/verdict.h"
#include "config/model.h"

namespace ab::assertions {

/// One built assertion. Immutable after construction; Run may be called from several threads.
class Assertion {
 public:
  virtual ~Assertion() = default;
  /// Checks |t|, filling passed, message and details (type, loc and redaction are done by Run).
  virtual AssertionResult Check(const Transcript& t, const EvalContext& ctx) const = 0;
  /// Check plus the spec's type and location, secrets redacted, exceptions turned into a failed result.
  AssertionResult Run(const Transcript& t, const EvalContext& ctx) const;

  std::string type;
  SourceLoc loc;
};

/// The JSON shape a field must have in the YAML.
enum class FieldKind {
  kString,      ///< a scalar, read as text (30 is "30")
  kInteger,     ///< a non-negative integer: 5 or "5" (or a template)
  kNumber,      ///< a number: 0.5 or "0.5" (or a template)
  kAny,         ///< any JSON value
  kStringList,  ///< a list of scalars
  kMap,         ///< a mapping
};

struct FieldSpec {
  FieldSpec(std::string n, FieldKind k, bool req, std::string rejected = "")
      : name(std::move(n)), kind(k), required(req), rejected_hint(std::move(rejected)) {}
  std::string name;
  FieldKind kind = FieldKind::kString;
  bool required = false;
  /// When set, the field is refused with this hint (a key the reference silently ignored) and not listed.
  std::string rejected_hint;
};

class Registry;

/// What a factory needs besides its spec: the registry (for combinator children), where diagnostics go, and
/// how deep in combinators the spec sits.
struct BuildContext {
  const Registry& registry;
  Diagnostics& diagnostics;
  int depth = 0;
  /// Adds an error at |field|'s location (the spec's when the field has none), prefixed with the type.
  void Error(const config::AssertionSpec& spec, const std::string& field, const std::string& message);
  /// Compiles field |field| as an RE2 pattern unless it is absent or templated; an error names RE2's reason.
  void CheckRegex(const config::AssertionSpec& spec, const std::string& field);
  /// Same for every value of the mapping field |field|.
  void CheckRegexMap(const config::AssertionSpec& spec, const std::string& field);
  /// Parses field |field| as JSONPath unless it is absent or templated; the error carries the column.
  void CheckJsonPath(const config::AssertionSpec& spec, const std::string& field);
};

/// A result with |passed|, |message| and |details| (expected, actual, evidence).
AssertionResult Verdict(bool passed, std::string message, Json details = Json::object());

/// Builds an assertion from a spec whose field shapes were already checked; reports problems through |bc| and
/// returns nullptr when it cannot build.
using AssertionFactory = std::unique_ptr<Assertion> (*)(const config::AssertionSpec& spec, BuildContext& bc);

struct TypeInfo {
  TypeInfo(std::string t, std::string d, std::vector<FieldSpec> f, AssertionFactory make, bool comb = false)
      : type(std::move(t)), description(std::move(d)), fields(std::move(f)), factory(make), combinator(comb) {}
  std::string type;
  std::string description;  ///< one line, for --list-assertions
  std::vector<FieldSpec> fields;
  AssertionFactory factory = nullptr;
  bool combinator = false;  ///< takes children instead of fields
};

/// Maximum combinator nesting (the reference's maxCombinatorDepth).
inline constexpr int kMaxCombinatorDepth = 10;

class Registry {
 public:
  /// Adds a type; a duplicate name is a programming error.
  void Add(TypeInfo info);
  /// Validates |spec| generically (type, field names and shapes), then runs its factory. nullptr on error, with
  /// the reasons in |diagnostics|.
  std::unique_ptr<Assertion> Create(const config::AssertionSpec& spec, Diagnostics& diagnostics, int depth = 0) const;
  /// Every registered type, in registration order.
  const std::vector<TypeInfo>& Types() const { return types_; }
  const TypeInfo* Find(const std::string& type) const;

 private:
  std::vector<TypeInfo> types_;
  std::map<std::string, size_t> index_;
};

/// Adds every built-in type, one line each (builtin.cc).
void RegisterBuiltinAssertions(Registry& r);

/// The registry with the built-ins, built once.
const Registry& BuiltinRegistry();

}  // namespace ab::assertions

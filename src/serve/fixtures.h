// Fixtures: named, versioned input sets for benches. A fixture version is a list of variants (a name and its
// variables), identified by a content hash; editing a fixture adds a version and never changes an old one, so
// a bench that ran "support-questions v3 (sha256 ab12…)" can always be traced to exactly those inputs.
// FixtureStore is an interface (the database one is real; tests may fake it); the API and the jobs only see this
// header. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/result.h"

namespace ab::serve {

/// One immutable version of a fixture.
struct FixtureVersion {
  std::string name;
  int version = 1;   ///< 1, 2, ... per name
  std::string hash;  ///< "sha256:<hex>" of the canonical JSON of |variants|
  std::string description;
  Json variants = Json::array();  ///< [{"name": "...", "variables": {"k": "v"}}], validated
  int64_t created_ms = 0;
};

/// What a bench records about the fixture it ran.
struct FixtureRef {
  std::string name;
  int version = 0;
  std::string hash;
};

/// Checks a variants list from a request: a non-empty array of objects with a unique non-empty "name" and an
/// optional "variables" object of strings (numbers and booleans are turned into text). Errors name the field
/// ("variants[2].name") in Error::loc.file-free text: "variants[2].name: ...".
Result<Json> NormalizeVariants(const Json& variants);
/// "sha256:<hex>" of normalized |variants| dumped compactly (NormalizeVariants fixes the key order).
std::string ContentHash(const Json& variants);
/// True for names made of letters, digits, '-', '_' and '.', 1 to 100 bytes (they appear in URLs).
bool ValidFixtureName(std::string_view name);

class FixtureStore {
 public:
  virtual ~FixtureStore() = default;
  /// The latest version of every fixture, by name.
  virtual Result<std::vector<FixtureVersion>> List() = 0;
  /// Every version of |name|, oldest first; kNotFound for an unknown name.
  virtual Result<std::vector<FixtureVersion>> Versions(std::string_view name) = 0;
  /// Adds a version of |name| with |variants| (already normalized). |must_be_new|: kUnsupported (conflict) when
  /// the name exists; otherwise kNotFound when it does not. The same content as the latest version adds nothing
  /// and returns the latest.
  virtual Result<FixtureVersion> Put(std::string_view name, const std::string& description, const Json& variants,
                                     bool must_be_new) = 0;
  /// Removes every version of |name|; benches keep the reference they recorded. kNotFound for an unknown name.
  virtual Status Delete(std::string_view name) = 0;
  /// Records that bench |bench_id| ran |ref|.
  virtual Status RecordBench(std::string_view bench_id, const FixtureRef& ref) = 0;
  /// The fixture bench |bench_id| ran, if it ran one.
  virtual Result<std::optional<FixtureRef>> BenchFixture(std::string_view bench_id) = 0;
};

class ServeDb;
/// The FixtureStore in the history database (SQLite or PostgreSQL), see serve_db.h.
std::unique_ptr<FixtureStore> MakeDbFixtureStore(std::shared_ptr<ServeDb> db);

}  // namespace ab::serve

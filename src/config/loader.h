// Reads test files and suite files into the model of config/model.h, strictly: an unknown key, a wrong type, a
// dangling reference, a duplicate name or an invalid duration is an error with file:line:col (and a did-you-mean
// for misspellings). All errors of a file are collected; the value is only usable when there are none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "config/model.h"

namespace ab::config {

template <typename T>
struct Loaded {
  std::optional<T> value;   ///< set when the file parsed, even with semantic errors (see diagnostics)
  Diagnostics diagnostics;  ///< errors and warnings, in file order
  bool ok() const { return value.has_value() && !HasErrors(diagnostics); }
};

/// Loads one test file (`-f`); |path| is used in diagnostics and TestFile::path. A file that cannot be read gives
/// no value and one error. Templates ({{VAR}}) are kept raw: validation never needs the environment.
Loaded<TestFile> LoadTestFile(const std::string& path);
/// Loads a suite file (`-s`) and every test file it lists (paths relative to the suite's directory; an unreadable
/// one is an error at its list item). Test files may use the suite's providers, servers and agents; a name both
/// define is dropped from the test file with a warning (the suite's definition wins). Diagnostics: the suite's
/// first, then each test file's, each under that file's path.
Loaded<Suite> LoadSuite(const std::string& path);
/// Parses YAML text as a test file; |name| stands in for the path in diagnostics. For tests.
Loaded<TestFile> ParseTestFile(const std::string& yaml_text, const std::string& name);
/// Parses YAML text as a suite file without loading its test files. For tests.
Loaded<Suite> ParseSuite(const std::string& yaml_text, const std::string& name);
/// The top-level sections |keys| of the YAML file |path| as JSON (core-schema typing), in file order: the generator
/// copies a config's providers, servers and agents into the suite it writes. nullopt with |why| when the file
/// cannot be read or parsed (parse_generator.cc).
std::optional<Json> ReadSectionsAsJson(const std::string& path, const std::vector<std::string>& keys, std::string& why);
/// True when the YAML document looks like a suite (has `test_files`).
bool LooksLikeSuite(const std::string& path);

}  // namespace ab::config

// The vocabulary of agent-bench's YAML files: the keys valid at each level and the enumerated values. The loader
// checks files against these tables, and a test checks schema/agent-bench.schema.json against them, so the
// loader and the schema cannot drift apart.
#pragma once

#include <string>
#include <vector>

namespace ab::config {

/// The keys accepted (without error) in one kind of mapping. |section| names the schema definition that
/// describes the same mapping (e.g. "provider" for #/definitions/provider).
struct KeyTable {
  std::string section;
  std::vector<std::string> keys;
};

/// Every key table, one per mapping kind the loader reads.
const std::vector<KeyTable>& KeyTables();
/// The keys of |section|; an unknown section is a programming error (asserts, then returns an empty list).
const std::vector<std::string>& KeysOf(const std::string& section);

/// Provider `type` values, as written (upper case): the names of config/provider_types.h kProviderTypes.
const std::vector<std::string>& ProviderTypes();
/// Server `type` values: the names of config/provider_types.h kServerTypes.
const std::vector<std::string>& ServerTypes();
/// `settings.variable_policy` values.
const std::vector<std::string>& VariablePolicies();
/// Assertion `type` values the schema lists (the assertion layer is the authority on which exist).
const std::vector<std::string>& SchemaAssertionTypes();
/// The key people mean by |key| when spelling alone cannot tell (e.g. "requests_per_minute" -> "rpm", seen in
/// real files); "" when there is none.
std::string CommonMistake(const std::string& key);

/// Combinator keys of an assertion item: anyOf, allOf, not.
const std::vector<std::string>& CombinatorKeys();

}  // namespace ab::config

// Comparing what a test file expects with what a model or a tool produced, by value.
//
// The rule (documented for users in ListAssertions): numbers compare numerically (30 == 30.0); strings compare
// exactly; a string and a number are equal when the string is exactly a decimal number with the same value
// (YAML `age: "30"` matches a model's 30 and `age: 30` matches a model's "30": the reference compared string
// forms, so files written for it keep passing); a string and a boolean are equal when the string is
// "true"/"false"; arrays compare element by element and objects member by member regardless of order, with the
// same rule inside. Nothing else is equal (null equals only null).
#pragma once

#include <string>

#include "base/json.h"

namespace ab::assertions {

/// True when |actual| has the value |expected| describes (see the rule above).
bool ValuesMatch(const Json& expected, const Json& actual);

/// The value at |path| in |root|: the member named exactly |path| if there is one, else the dot path
/// ("a.b.c", array indices as numbers: "items.0.name"). nullptr when absent.
const Json* LookupDotPath(const Json& root, const std::string& path);

/// A short printable form of |v| for messages: scalars as text, the rest as compact JSON, cut to 200 bytes.
std::string Describe(const Json& v);

}  // namespace ab::assertions

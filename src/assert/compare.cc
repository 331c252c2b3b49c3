#include "assert/compare.h"

#include "assert/fields.h"
#include "base/strings.h"
#include "jsonpath/jsonpath.h"

namespace ab::assertions {

bool ValuesMatch(const Json& expected, const Json& actual) {
  if (expected.is_number() && actual.is_number()) return jsonpath::JsonEqual(expected, actual);
  if (expected.is_string() && actual.is_string()) return expected == actual;
  if (expected.is_string() != actual.is_string()) {
    const Json& s = expected.is_string() ? expected : actual;
    const Json& other = expected.is_string() ? actual : expected;
    const std::string& text = s.get_ref<const std::string&>();
    if (other.is_number()) {
      auto n = ParseNumber(text);
      return n.has_value() && *n == other.get<double>();
    }
    if (other.is_boolean()) return text == (other.get<bool>() ? "true" : "false");
    return false;
  }
  if (expected.type() != actual.type()) return false;
  if (expected.is_array()) {
    if (expected.size() != actual.size()) return false;
    for (size_t i = 0; i < expected.size(); ++i)
      if (!ValuesMatch(expected[i], actual[i])) return false;
    return true;
  }
  if (expected.is_object()) {
    if (expected.size() != actual.size()) return false;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      auto found = actual.find(it.key());
      if (found == actual.end() || !ValuesMatch(*it, *found)) return false;
    }
    return true;
  }
  return expected == actual;
}

const Json* LookupDotPath(const Json& root, const std::string& path) {
  if (root.is_object()) {
    auto it = root.find(path);
    if (it != root.end()) return &*it;
  }
  const Json* node = &root;
  for (const std::string& part : Split(path, '.')) {
    if (node->is_object()) {
      auto it = node->find(part);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      auto index = ParseInteger(part);
      if (!index || *index < 0 || static_cast<size_t>(*index) >= node->size()) return nullptr;
      node = &(*node)[static_cast<size_t>(*index)];
    } else {
      return nullptr;
    }
  }
  return node;
}

std::string Describe(const Json& v) {
  return Truncate(v.is_string() ? "\"" + v.get<std::string>() + "\"" : ScalarText(v), 200);
}

}  // namespace ab::assertions

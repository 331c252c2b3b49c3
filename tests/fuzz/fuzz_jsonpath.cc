// libFuzzer target: JSONPath parsing, and evaluation of every query that parses against a fixed document that has
// nested objects, arrays, numbers, strings, booleans and null (so filters and functions have something to chew).
#include <cstddef>
#include <cstdint>
#include <string>

#include "jsonpath/jsonpath.h"

namespace {

const ab::Json& Doc() {
  static const ab::Json kDoc = ab::Json::parse(R"({
    "store": {"book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99, "isbn": "0-553"},
      {"category": "fiction", "author": "Tolkien", "title": "LOTR", "price": 22.99, "tags": ["a", "b"]}],
      "bicycle": {"color": "red", "price": 399, "ok": true, "none": null}},
    "a": [1, 2, 3, [4, 5, {"x": -1}], {"": "empty key"}],
    "id": "n1", "big": 1e308, "neg": -9223372036854775808})");
  return kDoc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto path = ab::jsonpath::Parse(text);
  if (!path) return 0;
  auto nodes = ab::jsonpath::Select(*path, Doc());
  volatile size_t sink = nodes.size() + (path->IsSingular() ? 1u : 0u);
  (void)sink;
  return 0;
}

// libFuzzer target: template validation and rendering with a fixed, environment-free context. A strict and a
// lenient render both run so the unknown-name path and the empty-string path are covered.
#include <cstddef>
#include <cstdint>
#include <string>

#include "template/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)ab::tmpl::Validate(text);
  ab::tmpl::Context ctx;
  ctx.variables = {{"name", "Ada"}, {"n", "42"}, {"TEST_DIR", "/tmp"}, {"list", "a,b,c"}};
  ctx.env = nullptr;  // the fuzzer's environment must not change what a run does
  ctx.rng.seed(1);
  ctx.now_ms = [] { return int64_t{1700000000000}; };
  (void)ab::tmpl::Render(text, ctx);
  ctx.strict = false;
  (void)ab::tmpl::Render(text, ctx);
  return 0;
}

// A deterministic Context for template tests: fixed seed, fixed clock (2024-01-15T14:30:00.123Z), a fake
// environment, and a helper that renders or fails the test.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "template/template.h"

namespace ab::tmpl::testing {

inline constexpr int64_t kFixedNowMs = 1705329000123;  // 2024-01-15T14:30:00.123Z, a Monday

inline Context FixedContext(uint64_t seed = 42) {
  Context ctx;
  ctx.rng.seed(seed);
  ctx.now_ms = [] { return kFixedNowMs; };
  static const std::map<std::string, std::string> kEnv = {{"HOME", "/home/tester"}, {"API_HOST", "api.test"}};
  ctx.env = [](const std::string& name) -> std::optional<std::string> {
    auto it = kEnv.find(name);
    if (it == kEnv.end()) return std::nullopt;
    return it->second;
  };
  return ctx;
}

/// Renders |tpl| and returns the text; a render error fails the current test case with its message.
inline std::string MustRender(std::string_view tpl, const Context& ctx) {
  auto r = Render(tpl, ctx);
  if (!r) {
    FAIL_CHECK("render failed: " << r.error().message);
    return "";
  }
  return *r;
}

/// The error message of rendering |tpl|; fails the test case when rendering succeeds.
inline std::string RenderError(std::string_view tpl, const Context& ctx) {
  auto r = Render(tpl, ctx);
  if (r) {
    FAIL_CHECK("expected an error, got '" << *r << "'");
    return "";
  }
  return r.error().message;
}

}  // namespace ab::tmpl::testing

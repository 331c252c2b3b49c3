// Reading assertion fields: text forms of YAML scalars, strict number parsing, and template rendering at
// evaluation time (only strings containing "{{" are rendered).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "assert/engine.h"
#include "base/json.h"
#include "base/result.h"

namespace ab::assertions {

/// The text form of a scalar: strings as-is, 30 → "30", 2.5 → "2.5", 3.0 → "3", true → "true", null → "null";
/// arrays and objects as compact JSON.
std::string ScalarText(const Json& v);

/// True when |s| contains a template expression.
bool HasTemplate(std::string_view s);

/// The whole of |s| as a number (no blanks, no trailing text); nullopt otherwise.
std::optional<double> ParseNumber(std::string_view s);
/// The whole of |s| as an integer; nullopt otherwise.
std::optional<int64_t> ParseInteger(std::string_view s);

/// |raw| rendered through ctx.render when it contains "{{" and a renderer is set; |raw| otherwise.
Result<std::string> Render(const std::string& raw, const EvalContext& ctx);

/// Field |name| of |fields| as rendered text; |fallback| when absent. Errors name the field.
Result<std::string> TextField(const Json& fields, const std::string& name, const EvalContext& ctx,
                              const std::string& fallback = "");

/// Field |name| as a number after rendering; |fallback| when absent.
Result<double> NumberField(const Json& fields, const std::string& name, const EvalContext& ctx, double fallback);

/// |v| with every string inside it rendered.
Result<Json> RenderJson(const Json& v, const EvalContext& ctx);

}  // namespace ab::assertions

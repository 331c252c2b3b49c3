#include "assert/fields.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "base/json_dump.h"

namespace ab::assertions {

std::string ScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    // YAML 30.0 and a model's 30.0 both mean 30; print whole floats like integers, as the reference did.
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
      return std::to_string(static_cast<int64_t>(d));
    }
  }
  return DumpJson(v);
}

bool HasTemplate(std::string_view s) { return s.find("{{") != std::string_view::npos; }

std::optional<double> ParseNumber(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  char first = s.front();
  if (!(first == '-' || first == '+' || first == '.' || (first >= '0' && first <= '9'))) return std::nullopt;
  std::string copy(s);
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || errno == ERANGE || !std::isfinite(d)) return std::nullopt;
  // strtod also takes hex ("0x1A"); a number in a test file is decimal.
  if (copy.find_first_of("xX") != std::string::npos) return std::nullopt;
  return d;
}

std::optional<int64_t> ParseInteger(std::string_view s) {
  auto d = ParseNumber(s);
  if (!d || *d != std::floor(*d) || std::fabs(*d) > 9.0e15) return std::nullopt;
  return static_cast<int64_t>(*d);
}

Result<std::string> Render(const std::string& raw, const EvalContext& ctx) {
  if (!ctx.render || !HasTemplate(raw)) return raw;
  return ctx.render(raw);
}

Result<std::string> TextField(const Json& fields, const std::string& name, const EvalContext& ctx,
                              const std::string& fallback) {
  if (!fields.is_object() || !fields.contains(name)) return fallback;
  Result<std::string> r = Render(ScalarText(fields[name]), ctx);
  if (!r) return Error(r.error().code, "cannot render '" + name + "': " + r.error().message);
  return r;
}

Result<double> NumberField(const Json& fields, const std::string& name, const EvalContext& ctx, double fallback) {
  if (!fields.is_object() || !fields.contains(name)) return fallback;
  const Json& v = fields[name];
  if (v.is_number()) return v.get<double>();
  Result<std::string> text = TextField(fields, name, ctx);
  if (!text) return text.error();
  auto n = ParseNumber(*text);
  if (!n) return Error(ErrorCode::kInvalidArgument, "'" + name + "' is not a number: \"" + *text + "\"");
  return *n;
}

Result<Json> RenderJson(const Json& v, const EvalContext& ctx) {
  if (v.is_string()) {
    Result<std::string> r = Render(v.get<std::string>(), ctx);
    if (!r) return r.error();
    return Json(*r);
  }
  if (!v.is_array() && !v.is_object()) return v;
  Json out = v;
  for (auto& child : out) {
    Result<Json> r = RenderJson(child, ctx);
    if (!r) return r.error();
    child = std::move(*r);
  }
  return out;
}

}  // namespace ab::assertions

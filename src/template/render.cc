// Render, Validate and ReferencedNames: walks the parsed nodes and dispatches each expression either to a helper
// (helpers win over variables of the same name, as in Handlebars) or to a name lookup.
#include <cstdlib>
#include <set>

#include "base/redact.h"
#include "base/strings.h"
#include "base/time.h"
#include "template/helpers.h"
#include "template/parser.h"
#include "template/template.h"

namespace ab::tmpl {
namespace {

Error At(std::string_view tpl, size_t offset, ErrorCode code, const std::string& what) {
  return Error(code, "template " + Position(tpl, offset) + ": " + what);
}

// Arity and key names of one helper call: everything that can be checked without values.
Status CheckCall(std::string_view tpl, const HelperSpec& spec, const Expr& expr) {
  size_t n = expr.positional.size();
  if (n < spec.min_positional || n > spec.max_positional) {
    std::string want = spec.min_positional == spec.max_positional
                           ? std::to_string(spec.min_positional)
                           : std::to_string(spec.min_positional) + " to " + std::to_string(spec.max_positional);
    return At(tpl, expr.offset, ErrorCode::kInvalidArgument,
              "helper '" + expr.head + "' takes " + want + " positional argument" +
                  (spec.max_positional == 1 ? "" : "s") + ", got " + std::to_string(n) + " (usage: {{" + spec.usage +
                  "}})");
  }
  std::set<std::string> seen;
  for (const auto& [key, arg] : expr.named) {
    bool known = false;
    for (const auto& k : spec.keys) known = known || k == key;
    if (!known) {
      std::string msg = "helper '" + expr.head + "' has no argument '" + key + "'";
      if (spec.keys.empty()) {
        msg += " (it takes no key=value arguments)";
      } else {
        std::string hint = DidYouMean(key, spec.keys);
        msg += hint.empty() ? " (accepted: " + Join(spec.keys, ", ") + ")" : hint;
      }
      return At(tpl, arg.offset, ErrorCode::kInvalidArgument, msg);
    }
    if (!seen.insert(key).second) {
      return At(tpl, arg.offset, ErrorCode::kInvalidArgument, "argument '" + key + "' given twice");
    }
  }
  return Status::Ok();
}

// |expr| is the expression whose value would pass the limit; null when the literal text does.
Error TooLarge(std::string_view tpl, size_t offset, const Expr* expr) {
  return At(tpl, offset, ErrorCode::kInvalidArgument,
            "the rendered value would be larger than " + std::to_string(kMaxRenderedBytes >> 20) +
                " MiB (the limit per templated value)" +
                (expr != nullptr ? " when '{{" + expr->head + "}}' is added" : std::string()));
}

Error UnknownHelper(std::string_view tpl, const Expr& expr) {
  return At(tpl, expr.offset, ErrorCode::kInvalidArgument,
            "unknown helper '" + expr.head + "'" + DidYouMean(expr.head, HelperNames()));
}

// The value of a name, "" for an unknown name when not strict.
Result<std::string> Resolve(std::string_view tpl, const std::string& name, size_t offset, const Context& ctx) {
  if (auto v = ctx.Lookup(name)) return *v;
  if (!ctx.strict) return std::string();
  std::vector<std::string> candidates;
  for (const auto& [k, v] : ctx.variables) candidates.push_back(k);
  return At(tpl, offset, ErrorCode::kNotFound,
            "unknown variable '" + name + "' in template" + DidYouMean(name, candidates));
}

Result<std::string> ArgValue(std::string_view tpl, const Arg& arg, const Context& ctx) {
  if (arg.kind == Arg::Kind::kName) return Resolve(tpl, arg.text, arg.offset, ctx);
  return arg.text;
}

Result<std::string> Eval(std::string_view tpl, const Expr& expr, const Context& ctx) {
  const HelperSpec* spec = FindHelper(expr.head);
  if (spec == nullptr) {
    if (!expr.positional.empty() || !expr.named.empty()) return UnknownHelper(tpl, expr);
    return Resolve(tpl, expr.head, expr.offset, ctx);
  }
  if (Status s = CheckCall(tpl, *spec, expr); !s) return s.error();
  HelperArgs args;
  for (const auto& a : expr.positional) {
    auto v = ArgValue(tpl, a, ctx);
    if (!v) return v.error();
    args.positional.push_back(std::move(*v));
  }
  for (const auto& [key, a] : expr.named) {
    auto v = ArgValue(tpl, a, ctx);
    if (!v) return v.error();
    args.named[key] = std::move(*v);
  }
  auto out = spec->fn(args, ctx);
  // Helper messages may quote argument values, which may come from secret environment variables.
  if (!out) return At(tpl, expr.offset, out.error().code, expr.head + ": " + Redact(out.error().message));
  return out;
}

}  // namespace

std::optional<std::string> GetEnv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::optional<std::string> Context::Lookup(const std::string& name) const {
  if (auto it = variables.find(name); it != variables.end()) return it->second;
  if (env) return env(name);
  return std::nullopt;
}

int64_t Context::Now() const { return now_ms ? now_ms() : NowMs(); }

Result<std::string> Render(std::string_view tpl, const Context& ctx) {
  // Fast path: most strings in a test file hold no template at all.
  if (tpl.find("{{") == std::string_view::npos) return std::string(tpl);
  auto nodes = Parse(tpl);
  if (!nodes) return nodes.error();
  std::string out;
  out.reserve(tpl.size());
  for (const Node& n : *nodes) {
    if (!n.is_expr) {
      out += n.text;
      continue;
    }
    auto v = Eval(tpl, n.expr, ctx);
    if (!v) return v.error();
    // Checked before appending, so a template that repeats a large value stops at the limit, not after it.
    if (out.size() + v->size() > kMaxRenderedBytes) return TooLarge(tpl, n.expr.offset, &n.expr);
    out += *v;  // never HTML-escaped, see template.h
  }
  if (out.size() > kMaxRenderedBytes) return TooLarge(tpl, 0, nullptr);
  return out;
}

Status Validate(std::string_view tpl) {
  auto nodes = Parse(tpl);
  if (!nodes) return nodes.error();
  for (const Node& n : *nodes) {
    if (!n.is_expr) continue;
    const HelperSpec* spec = FindHelper(n.expr.head);
    if (spec != nullptr) {
      if (Status s = CheckCall(tpl, *spec, n.expr); !s) return s;
    } else if (!n.expr.positional.empty() || !n.expr.named.empty()) {
      return UnknownHelper(tpl, n.expr);
    }
  }
  return Status::Ok();
}

std::vector<std::string> ReferencedNames(std::string_view tpl) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& name) {
    if (seen.insert(name).second) out.push_back(name);
  };
  // Parse stops at the first error; re-parse the prefix before it so the names up to there are still reported.
  auto nodes = Parse(tpl);
  if (!nodes) {
    for (size_t end = tpl.size(); end > 0 && !nodes; end = tpl.rfind("{{", end - 1)) {
      if (end == std::string_view::npos) break;
      nodes = Parse(tpl.substr(0, end));
    }
    if (!nodes) return out;
  }
  for (const Node& n : *nodes) {
    if (!n.is_expr) continue;
    if (FindHelper(n.expr.head) == nullptr) {
      if (n.expr.positional.empty() && n.expr.named.empty()) add(n.expr.head);
      continue;
    }
    for (const auto& a : n.expr.positional) {
      if (a.kind == Arg::Kind::kName) add(a.text);
    }
    for (const auto& [key, a] : n.expr.named) {
      if (a.kind == Arg::Kind::kName) add(a.text);
    }
  }
  return out;
}

}  // namespace ab::tmpl

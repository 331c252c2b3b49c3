#include "jsonpath/functions.h"

#include <re2/re2.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace ab::jsonpath {
namespace {

using ast::FunctionType;

const std::vector<FunctionSignature>& Signatures() {
  static const std::vector<FunctionSignature> kSignatures = {
      {"length", {FunctionType::kValue}, FunctionType::kValue},
      {"count", {FunctionType::kNodes}, FunctionType::kValue},
      {"match", {FunctionType::kValue, FunctionType::kValue}, FunctionType::kLogical},
      {"search", {FunctionType::kValue, FunctionType::kValue}, FunctionType::kLogical},
      {"value", {FunctionType::kNodes}, FunctionType::kValue},
  };
  return kSignatures;
}

size_t CountCodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// I-Regexp (RFC 9485) is nearly RE2 syntax; the difference that matters is '.', which must match any character
// but \n and \r. RE2's '.' excludes only \n, so unescaped dots outside classes are rewritten.
std::string IRegexpToRe2(const std::string& pattern) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
    } else if (c == '.') {
      out += "[^\\n\\r]";
      continue;
    }
    out += c;
  }
  return out;
}

// Patterns are nearly always literals in the query, so a small per-thread cache avoids recompiling per node.
const RE2* CompiledRegex(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second.get();
  if (cache.size() > 256) cache.clear();
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(IRegexpToRe2(pattern), options);
  const RE2* raw = re.get();
  cache.emplace(pattern, std::move(re));
  return raw;
}

FunctionValue Logical(bool b) {
  FunctionValue v;
  v.type = FunctionType::kLogical;
  v.logical = b;
  return v;
}

FunctionValue Value(std::optional<Json> j) {
  FunctionValue v;
  v.value = std::move(j);
  return v;
}

FunctionValue RegexFunction(const std::vector<FunctionValue>& args, bool full) {
  if (args.size() != 2 || !args[0].value || !args[1].value) return Logical(false);
  const Json& subject = *args[0].value;
  const Json& pattern = *args[1].value;
  if (!subject.is_string() || !pattern.is_string()) return Logical(false);
  const RE2* re = CompiledRegex(pattern.get<std::string>());
  if (!re->ok()) return Logical(false);
  const std::string s = subject.get<std::string>();
  return Logical(full ? RE2::FullMatch(s, *re) : RE2::PartialMatch(s, *re));
}

}  // namespace

const FunctionSignature* FindFunction(std::string_view name) {
  for (const auto& sig : Signatures())
    if (sig.name == name) return &sig;
  return nullptr;
}

FunctionValue CallFunction(std::string_view name, const std::vector<FunctionValue>& args) {
  if (name == "length") {
    if (args.empty() || !args[0].value) return Value(std::nullopt);
    const Json& v = *args[0].value;
    if (v.is_string()) return Value(Json(CountCodePoints(v.get<std::string>())));
    if (v.is_array() || v.is_object()) return Value(Json(v.size()));
    return Value(std::nullopt);
  }
  if (name == "count") {
    return Value(Json(args.empty() ? size_t{0} : args[0].nodes.size()));
  }
  if (name == "value") {
    if (args.empty() || args[0].nodes.size() != 1) return Value(std::nullopt);
    return Value(*args[0].nodes[0]);
  }
  if (name == "match") return RegexFunction(args, /*full=*/true);
  if (name == "search") return RegexFunction(args, /*full=*/false);
  return Value(std::nullopt);
}

}  // namespace ab::jsonpath

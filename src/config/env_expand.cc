#include "config/env_expand.h"

#include <cstdlib>

namespace ab::config {

namespace {

bool NameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool NameChar(char c) { return NameStart(c) || (c >= '0' && c <= '9'); }

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

}  // namespace

std::string ExpandEnv(std::string_view text, const EnvLookup& env) {
  if (!HasEnvSyntax(text)) return std::string(text);
  const EnvLookup& lookup = env ? env : EnvLookup(ProcessEnv);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '$' || i + 1 >= text.size()) {
      out += c;
      ++i;
      continue;
    }
    if (text[i + 1] == '$') {  // $$ -> $
      out += '$';
      i += 2;
      continue;
    }
    if (text[i + 1] != '{' || i + 2 >= text.size() || !NameStart(text[i + 2])) {
      out += c;
      ++i;
      continue;
    }
    size_t j = i + 2;
    while (j < text.size() && NameChar(text[j])) ++j;
    const std::string name(text.substr(i + 2, j - (i + 2)));
    std::optional<std::string> fallback;
    size_t end = std::string_view::npos;
    if (j < text.size() && text[j] == '}') {
      end = j;
    } else if (j + 1 < text.size() && text[j] == ':' && text[j + 1] == '-') {
      end = text.find('}', j + 2);
      if (end != std::string_view::npos) fallback = std::string(text.substr(j + 2, end - (j + 2)));
    }
    if (end == std::string_view::npos) {  // not ${NAME} nor ${NAME:-default}: keep as written
      out += c;
      ++i;
      continue;
    }
    std::optional<std::string> value = lookup(name);
    if (value && (!fallback || !value->empty())) {
      out += *value;
    } else if (fallback) {
      out += *fallback;
    } else {
      out += "{{" + name + "}}";  // checked (and reported) like {{NAME}} before a run starts
    }
    i = end + 1;
  }
  return out;
}

}  // namespace ab::config

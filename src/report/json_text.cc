#include "report/json_text.h"

namespace ab::report {
namespace {

// |pos| at an opening quote; returns the index just past the closing one (or the end of a torn text).
size_t SkipString(std::string_view s, size_t pos) {
  for (size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// |pos| at the first character of a value; returns the index just past it.
size_t SkipValue(std::string_view s, size_t pos) {
  if (pos >= s.size()) return s.size();
  if (s[pos] == '"') return SkipString(s, pos);
  if (s[pos] == '{' || s[pos] == '[') {
    int depth = 0;
    for (size_t i = pos; i < s.size(); ++i) {
      char c = s[i];
      if (c == '"') {
        i = SkipString(s, i) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return s.size();
  }
  size_t i = pos;
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
  return i;
}

void Indent(int depth, std::ostream& out) {
  static const std::string kSpaces(256, ' ');
  size_t n = static_cast<size_t>(depth) * 2;
  while (n > kSpaces.size()) {
    out << kSpaces;
    n -= kSpaces.size();
  }
  out.write(kSpaces.data(), static_cast<std::streamsize>(n));
}

// Calls |member(key_begin, value_begin, value_end)| for each member of the object starting at |pos| ('{');
// stops early when it returns false. Returns the index just past the object.
template <typename F>
size_t ForEachMember(std::string_view s, size_t pos, F&& member) {
  size_t i = pos + 1;
  while (i < s.size() && s[i] != '}') {
    if (s[i] == ',') ++i;
    size_t key = i;
    size_t colon = SkipString(s, i);
    size_t value = colon + 1;
    size_t end = SkipValue(s, value);
    if (!member(key, value, end)) return end;
    i = end;
  }
  return i + 1;
}

bool KeyIs(std::string_view s, size_t key_pos, std::string_view key) {
  return s.size() >= key_pos + key.size() + 2 && s[key_pos] == '"' && s.substr(key_pos + 1, key.size()) == key &&
         s[key_pos + 1 + key.size()] == '"';
}

}  // namespace

void WriteIndentedJson(std::string_view s, int depth, std::ostream& out) {
  size_t run = 0;  // start of the pending verbatim span
  auto flush = [&](size_t upto) {
    if (upto > run) out.write(s.data() + run, static_cast<std::streamsize>(upto - run));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '"': i = SkipString(s, i) - 1; break;
      case '{':
      case '[':
        flush(i + 1);
        run = i + 1;
        if (i + 1 < s.size() && (s[i + 1] == '}' || s[i + 1] == ']')) {  // {} and [] stay on one line
          out << s[i + 1];
          ++i;
          run = i + 1;
        } else {
          out << '\n';
          Indent(++depth, out);
        }
        break;
      case '}':
      case ']':
        flush(i);
        out << '\n';
        Indent(--depth, out);
        out << c;
        run = i + 1;
        break;
      case ',':
        flush(i + 1);
        out << '\n';
        Indent(depth, out);
        run = i + 1;
        break;
      case ':':
        flush(i + 1);
        out << ' ';
        run = i + 1;
        break;
      default: break;
    }
  }
  flush(s.size());
}

std::string WithoutNestedMember(std::string_view s, std::string_view parent, std::string_view key) {
  if (s.empty() || s[0] != '{') return std::string(s);
  size_t cut_begin = 0, cut_end = 0;
  ForEachMember(s, 0, [&](size_t pkey, size_t pvalue, size_t) {
    if (!KeyIs(s, pkey, parent) || s[pvalue] != '{') return true;
    bool first = true;
    ForEachMember(s, pvalue, [&](size_t k, size_t, size_t end) {
      if (KeyIs(s, k, key)) {
        // Drop the member with the comma before it, or after it when it is the first member.
        if (!first) {
          cut_begin = k - 1;
          cut_end = end;
        } else {
          cut_begin = k;
          cut_end = end < s.size() && s[end] == ',' ? end + 1 : end;
        }
        return false;
      }
      first = false;
      return true;
    });
    return false;
  });
  if (cut_end <= cut_begin) return std::string(s);
  std::string out;
  out.reserve(s.size() - (cut_end - cut_begin));
  out.append(s.substr(0, cut_begin));
  out.append(s.substr(cut_end));
  return out;
}

std::string JsonTextForScript(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + raw.size() / 16);
  for (char c : raw) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace ab::report

#include "config/fixes.h"

#include <algorithm>
#include <optional>

namespace ab::config {

namespace {

Diagnostic Skip(const TextFix& f, const std::string& why) {
  return Diagnostic{Severity::kNote, f.loc, "left '" + f.old_text + "' unchanged: " + why};
}

// Byte offset of 1-based |line|:|col| (yaml-cpp counts columns in bytes), or nullopt past the text.
std::optional<size_t> OffsetOf(const std::string& text, int line, int col) {
  if (line < 1 || col < 1) return std::nullopt;
  size_t at = 0;
  for (int l = 1; l < line; ++l) {
    at = text.find('\n', at);
    if (at == std::string::npos) return std::nullopt;
    ++at;
  }
  const size_t end = std::min(text.find('\n', at), text.size());
  if (at + static_cast<size_t>(col - 1) > end) return std::nullopt;
  return at + static_cast<size_t>(col - 1);
}

// Where |f|'s old text starts: at its position, or just inside a quote there ('key' or "key" written as is).
std::optional<size_t> Locate(const std::string& text, const TextFix& f) {
  std::optional<size_t> at = OffsetOf(text, f.loc.line, f.loc.col);
  if (!at || f.old_text.empty()) return std::nullopt;
  if (text.compare(*at, f.old_text.size(), f.old_text) == 0) return at;
  const char q = text[*at];
  if ((q == '\'' || q == '"') && text.compare(*at + 1, f.old_text.size(), f.old_text) == 0 &&
      *at + 1 + f.old_text.size() < text.size() && text[*at + 1 + f.old_text.size()] == q) {
    return *at + 1;
  }
  return std::nullopt;
}

struct Edit {
  size_t offset;
  TextFix fix;
};

}  // namespace

FixOutcome ApplyFixes(std::string& text, std::vector<TextFix> fixes) {
  FixOutcome out;
  std::vector<Edit> edits;
  for (TextFix& f : fixes) {
    std::optional<size_t> at = Locate(text, f);
    if (!at) {
      out.skipped.push_back(Skip(f, "the file does not hold it as plain or simply quoted text at this position"));
      continue;
    }
    // The same fix reported twice (a file read through two suites) is one edit.
    const bool dup = std::any_of(edits.begin(), edits.end(), [&](const Edit& e) {
      return e.offset == *at && e.fix.old_text == f.old_text && e.fix.new_text == f.new_text;
    });
    if (!dup) edits.push_back(Edit{*at, std::move(f)});
  }
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.offset < b.offset; });
  std::vector<bool> ok(edits.size(), true);
  for (size_t i = 0; i + 1 < edits.size(); ++i) {
    if (edits[i + 1].offset < edits[i].offset + edits[i].fix.old_text.size()) ok[i] = ok[i + 1] = false;
  }
  // Edit from the end so the offsets of the edits still to make stay valid.
  for (size_t i = edits.size(); i-- > 0;) {
    if (ok[i]) text.replace(edits[i].offset, edits[i].fix.old_text.size(), edits[i].fix.new_text);
  }
  for (size_t i = 0; i < edits.size(); ++i) {
    if (ok[i]) {
      out.applied.push_back(edits[i].fix);
    } else {
      out.skipped.push_back(Skip(edits[i].fix, "another correction overlaps it"));
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<TextFix>>> FixesByFile(const Diagnostics& d) {
  std::vector<std::pair<std::string, std::vector<TextFix>>> out;
  for (const Diagnostic& x : d) {
    if (x.severity != Severity::kError || !x.fix) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == x.fix->loc.file; });
    if (it == out.end()) it = out.insert(out.end(), {x.fix->loc.file, {}});
    it->second.push_back(*x.fix);
  }
  return out;
}

}  // namespace ab::config

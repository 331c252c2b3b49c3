// Small string utilities shared by every layer: splitting, trimming, and spelling suggestions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ab {

std::string_view Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
std::string ToLower(std::string_view s);

/// Levenshtein distance, capped: returns max_distance + 1 once the distance is known to exceed it.
int EditDistance(std::string_view a, std::string_view b, int max_distance = 1 << 20);

/// The candidate closest to |word| (case-insensitive edit distance), or "" if none is close enough
/// (distance > max(2, |word|/3)). Ninja's SpellcheckString, with a length-aware bound.
std::string SuggestClosest(std::string_view word, const std::vector<std::string>& candidates);

/// ", did you mean 'x'?" when a suggestion exists, else "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

/// Shortens |s| to at most |max_bytes| bytes (on a UTF-8 boundary) and appends "…" when cut.
std::string Truncate(std::string_view s, size_t max_bytes);

/// |s| with & < > " ' replaced by entities, safe in HTML (and XML) text and quoted attributes. The apostrophe is
/// written as |apostrophe|: "&#39;" for HTML, "&apos;" as XML writers do.
std::string HtmlEscaped(std::string_view s, std::string_view apostrophe = "&#39;");

}  // namespace ab

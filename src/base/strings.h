// Small string utilities shared by every layer: splitting, trimming, replacing, and spelling suggestions.
#pragma once

#include <optional>
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

/// |s| with every |from| replaced by |to|, left to right; a replacement is not searched again, and an empty |from|
/// leaves |s| as it is (replacing "" would never end).
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);
/// ReplaceAll, bounded: nullopt as soon as the result would be larger than |max_bytes| (one short value replaced by
/// a long one many times over is how a template asks for a terabyte).
std::optional<std::string> ReplaceAllBounded(std::string_view s, std::string_view from, std::string_view to,
                                             size_t max_bytes);

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

/// |text| with %XX escapes decoded (a malformed escape stays as written); '+' is a space when |plus_is_space|
/// (application/x-www-form-urlencoded), else itself.
std::string PercentDecode(std::string_view text, bool plus_is_space = false);

}  // namespace ab

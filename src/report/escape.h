// Escaping for every output format the reports write. Everything that comes from a model, a tool or a user file
// goes through one of these before it reaches a report, so a tool result such as "<script>" stays text.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/strings.h"

namespace ab::report {

/// Writes |s| with & < > " ' replaced by entities: safe in HTML text and in quoted attributes.
void HtmlEscape(std::string_view s, std::ostream& out);
using ab::HtmlEscaped;  // base/strings.h

/// Writes |s| as XML 1.0 text or attribute content: entities for & < > " ', and characters XML 1.0 forbids
/// (control characters, unpaired surrogates, U+FFFE/U+FFFF, invalid UTF-8) replaced by U+FFFD.
void XmlEscape(std::string_view s, std::ostream& out);

/// One Markdown table cell or inline text: `|` escaped, newlines turned into <br>, < and > as entities so that
/// GitHub does not interpret HTML from a model.
std::string MarkdownInline(std::string_view s);

/// Compact JSON of |j| that is safe inside <script type="application/json">: < > & are written as \u003c etc., so
/// "</script>" cannot end the block. Invalid UTF-8 is replaced, never thrown on.
std::string JsonForScript(const Json& j);

/// JSON text of |j| with invalid UTF-8 replaced instead of throwing (nlohmann throws by default).
using ab::DumpJson;  // base/json_dump.h

/// Number of terminal columns |s| takes, counting one per UTF-8 code point (the box drawing and ✓/✗ we print
/// are all single-width).
size_t DisplayWidth(std::string_view s);

}  // namespace ab::report

// Small operations on JSON text that never build a tree: re-indenting a compact document the way
// nlohmann::json::dump(2) would, and dropping one member. The JSON report streams each test result from its
// compact form (converted once, see TestRun::json) with these.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace ab::report {

/// Writes the compact JSON |text| pretty-printed with two spaces per level, exactly as Json::dump(2) prints the
/// same value nested |depth| levels deep (the first line is not indented; inner lines are). |text| must be
/// valid compact JSON (no whitespace outside strings), as DumpJson writes it.
void WriteIndentedJson(std::string_view text, int depth, std::ostream& out);

/// |text| (a compact JSON object) without the member |key| of its member object |parent| (e.g. "execution",
/// "toolSchemas"); |text| unchanged when there is none.
std::string WithoutNestedMember(std::string_view text, std::string_view parent, std::string_view key);

/// Compact JSON text made safe inside <script type="application/json">: < > & become \u003c \u003e \u0026
/// (they can only occur inside strings, where the escapes are equivalent).
std::string JsonTextForScript(std::string_view text);

}  // namespace ab::report

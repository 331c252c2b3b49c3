// UTF-8 at the boundary: text from peers and user files may hold invalid sequences (a Latin-1 test file, a model
// reply cut mid-character, a server's binary stderr). It is repaired where it enters, never thrown on later.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ab {

/// The U+FFFD replacement character, encoded.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

/// Offset of the first byte of |text| that does not start a valid UTF-8 sequence, or npos when all of it is valid.
/// Overlong forms, surrogates (U+D800..DFFF) and code points above U+10FFFF are invalid.
size_t FirstInvalidUtf8(std::string_view text);

/// |text| with each maximal invalid subpart replaced by one U+FFFD (the Unicode "best practice", which is also
/// what browsers do), e.g. Latin-1 "caf\xE9" becomes "café" with a U+FFFD for the é. Valid text comes back as is.
std::string ValidUtf8(std::string_view text);

/// In place: leaves valid text untouched (no copy) and repairs invalid text. True when something was replaced.
bool MakeValidUtf8(std::string& text);

}  // namespace ab

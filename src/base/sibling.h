// Did-you-mean for a path that does not exist: the closest name among the entries beside it. Reads the folder
// (at most a given number of entries: a suggestion is a courtesy, not a directory scan).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace ab {

enum class SiblingKind { kFile, kDirectory };

/// The name of the regular file (kFile) or directory (kDirectory) in |missing|'s folder that is closest to
/// |missing|'s own name (SuggestClosest), among the first |max_entries| entries of that folder; "" when none is
/// close or the folder cannot be read. A trailing '/' on |missing| is ignored.
std::string ClosestSibling(const std::filesystem::path& missing, SiblingKind kind, size_t max_entries);

}  // namespace ab

// Resolving a path that a file names against the folder that file is in: one rule for test files, suites, skills,
// server cwd/roots, provider files and bench configs. Lexical only: nothing is read from the disk.
#pragma once

#include <string>
#include <string_view>

namespace ab {

/// |path| read against |base_dir|: |path| unchanged when it is absolute or |base_dir| is empty, else
/// base_dir/path (an empty |path| gives "base_dir/", as std::filesystem joins).
std::string ResolvePath(std::string_view base_dir, std::string_view path);

/// ResolvePath, lexically normalised ("a/./b/../c" becomes "a/c"), absolute paths included.
std::string ResolvePathNormalized(std::string_view base_dir, std::string_view path);

}  // namespace ab

#include "base/sibling.h"

#include <algorithm>
#include <system_error>
#include <vector>

#include "base/strings.h"

namespace ab {

std::string ClosestSibling(const std::filesystem::path& missing, SiblingKind kind, size_t max_entries) {
  const std::filesystem::path named = missing.has_filename() ? missing : missing.parent_path();
  std::vector<std::string> names;
  std::error_code ec;
  size_t seen = 0;
  for (std::filesystem::directory_iterator it(named.parent_path(), ec), end; !ec && it != end && seen < max_entries;
       it.increment(ec), ++seen) {
    std::error_code entry_ec;
    const bool wanted = kind == SiblingKind::kFile ? it->is_regular_file(entry_ec) : it->is_directory(entry_ec);
    if (wanted) names.push_back(it->path().filename().string());
  }
  // Sorted: the directory's own order is arbitrary, and a tie must not depend on it.
  std::sort(names.begin(), names.end());
  return SuggestClosest(named.filename().string(), names);
}

}  // namespace ab

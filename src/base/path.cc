#include "base/path.h"

#include <filesystem>

namespace ab {

std::string ResolvePath(std::string_view base_dir, std::string_view path) {
  std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return std::string(path);
  return (std::filesystem::path(base_dir) / p).string();
}

std::string ResolvePathNormalized(std::string_view base_dir, std::string_view path) {
  return std::filesystem::path(ResolvePath(base_dir, path)).lexically_normal().string();
}

}  // namespace ab

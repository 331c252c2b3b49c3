#include "report/writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "base/strings.h"
#include "report/render.h"

namespace ab::report {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error(ErrorCode::kIo, what + " '" + path + "': " + std::strerror(errno));
}

// fsync by path: std::ofstream exposes no descriptor, and fsync through a read-only descriptor flushes the same
// inode on Linux.
bool SyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

Result<std::vector<std::string>> ParseReportTypes(std::string_view csv) {
  static const std::vector<std::string> kNames = {"html", "json", "md", "markdown", "junit"};
  std::vector<std::string> out;
  for (const std::string& part : Split(csv, ',')) {
    std::string name = ToLower(Trim(part));
    if (name.empty()) continue;
    const Renderer* r = FindRenderer(name);
    if (r == nullptr || std::string_view(r->extension).empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   "unknown report type '" + name + "'" + DidYouMean(name, kNames) +
                       " (valid: html, json, md, junit)");
    }
    std::string canonical = r->name;
    if (std::find(out.begin(), out.end(), canonical) == out.end()) out.push_back(canonical);
  }
  if (out.empty()) return Error(ErrorCode::kInvalidArgument, "no report type given (valid: html, json, md, junit)");
  return out;
}

Status WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& render) {
  std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) {
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return Error(ErrorCode::kIo, "cannot create directory '" + p.parent_path().string() + "': " + ec.message());
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError("cannot create", tmp);
    render(out);
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return IoError("cannot write", tmp);
    }
  }
  if (!SyncPath(tmp, false)) {
    std::remove(tmp.c_str());
    return IoError("cannot sync", tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = IoError("cannot rename to", path);
    std::remove(tmp.c_str());
    return e;
  }
  // Makes the rename itself durable; failure here loses nothing already visible, so it is not an error.
  SyncPath(p.has_parent_path() ? p.parent_path().string() : std::string("."), true);
  return Status::Ok();
}

Status WriteReports(const Run& run, const std::string& base, const std::vector<std::string>& types,
                    const RenderOptions& options, std::vector<std::string>* written) {
  std::string stem = base;
  for (const auto& r : Renderers()) {
    std::string_view ext = r.extension;
    if (!ext.empty() && stem.size() > ext.size() && EndsWith(ToLower(stem), ext)) {
      stem.resize(stem.size() - ext.size());
      break;
    }
  }
  if (stem.empty()) return Error(ErrorCode::kInvalidArgument, "empty report output name");
  for (const std::string& type : types) {
    const Renderer* r = FindRenderer(type);
    if (r == nullptr || std::string_view(r->extension).empty()) {
      Result<std::vector<std::string>> parsed = ParseReportTypes(type);  // for its did-you-mean message
      return parsed ? Error(ErrorCode::kInvalidArgument, "unknown report type '" + type + "'") : parsed.error();
    }
    std::string path = stem + r->extension;
    RenderOptions file_options = options;
    file_options.color = false;  // files never get terminal escapes
    Status s = WriteFileAtomically(path, [&](std::ostream& out) { r->render(run, out, file_options); });
    if (!s.ok()) return s;
    if (written) written->push_back(path);
  }
  return Status::Ok();
}

}  // namespace ab::report

#include "report/writer.h"

#include <algorithm>

#include "base/strings.h"
#include "report/render.h"

namespace ab::report {

Result<std::vector<std::string>> ParseReportTypes(std::string_view csv) {
  static const std::vector<std::string> kNames = {"html", "json", "md", "markdown", "junit"};
  std::vector<std::string> out;
  for (const std::string& part : Split(csv, ',')) {
    std::string name = ToLower(Trim(part));
    if (name.empty()) continue;
    const Renderer* r = FindRenderer(name);
    if (r == nullptr || std::string_view(r->extension).empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   "unknown report type '" + name + "'" + DidYouMean(name, kNames) + " (valid: html, json, md, junit)");
    }
    std::string canonical = r->name;
    if (std::find(out.begin(), out.end(), canonical) == out.end()) out.push_back(canonical);
  }
  if (out.empty()) return Error(ErrorCode::kInvalidArgument, "no report type given (valid: html, json, md, junit)");
  return out;
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

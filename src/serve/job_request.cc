#include "serve/job_request.h"

#include <filesystem>

#include "base/path.h"
#include "base/strings.h"

namespace ab::serve {
namespace {

Error Bad(FieldError* problem, const std::string& field, const std::string& message) {
  if (problem) *problem = FieldError{field, message};
  return Error(ErrorCode::kInvalidArgument, field + ": " + message);
}

/// Reads an optional integer field in [lo, hi] into |out|.
bool ReadInt(const Json& body, const char* field, int lo, int hi, int& out, FieldError* problem, Error& err) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_number_integer() || it->get<long long>() < lo || it->get<long long>() > hi) {
    err = Bad(problem, field, "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return false;
  }
  out = it->get<int>();
  return true;
}

}  // namespace

Result<std::string> ResolveUnderBase(const std::string& base_dir, const std::string& path) {
  if (path.find('\0') != std::string::npos)
    return Error(ErrorCode::kInvalidArgument, "the path contains a NUL character");
  std::filesystem::path p(ResolvePath(base_dir, path));
  std::error_code ec;
  // realpath: every "..", "." and symlink resolved, so the check below sees where the file really is.
  std::filesystem::path real = std::filesystem::canonical(p, ec);
  if (ec)
    return Error(ErrorCode::kNotFound,
                 "no such file: " + path + " (paths are relative to the base directory " + base_dir + ")");
  std::string shown = real.string();
  bool under = base_dir == "/" || shown == base_dir || StartsWith(shown, base_dir + "/");
  if (!under)
    return Error(ErrorCode::kInvalidArgument,
                 path + " resolves to " + shown + ", outside the base directory " + base_dir +
                     ": a job may only name files under it (agent-bench serve --base-dir DIR)");
  if (!std::filesystem::is_regular_file(real, ec))
    return Error(ErrorCode::kInvalidArgument, "not a file: " + path + " (under the base directory " + base_dir + ")");
  return shown;
}

Json JobRequest::ToJson() const {
  Json j = {{"suite", suite}};
  if (!configs_path.empty()) j["configs"] = configs_path;
  if (!configs_text.empty()) j["configs_inline"] = true;
  if (runs) j["runs"] = runs;
  if (concurrency) j["concurrency"] = concurrency;
  if (!fixture.empty())
    j["fixture"] = Json{{"name", fixture}, {"version", fixture_version ? Json(fixture_version) : Json()}};
  return j;
}

JobRequest JobRequestFromJson(const Json& shown) {
  JobRequest r;
  r.suite = shown.value("suite", "");
  r.configs_path = shown.value("configs", "");
  if (shown.value("configs_inline", false)) r.configs_text = "(not kept)";
  r.runs = shown.value("runs", 0);
  r.concurrency = shown.value("concurrency", 0);
  if (auto f = shown.find("fixture"); f != shown.end() && f->is_object()) {
    r.fixture = f->value("name", "");
    if (auto v = f->find("version"); v != f->end() && v->is_number_integer()) r.fixture_version = v->get<int>();
  }
  return r;
}

Result<JobRequest> ParseJobRequest(const Json& body, const std::string& base_dir, FieldError* problem) {
  static const std::vector<std::string> kFields = {"suite", "configs",     "configs_yaml",
                                                   "runs",  "concurrency", "fixture"};
  for (const auto& [key, value] : body.items()) {
    (void)value;
    bool known = false;
    for (const auto& f : kFields) known = known || f == key;
    if (!known) return Bad(problem, key, "unknown field" + DidYouMean(key, kFields));
  }
  JobRequest r;
  auto suite = body.find("suite");
  if (suite == body.end() || !suite->is_string() || suite->get<std::string>().empty())
    return Bad(problem, "suite", "required: the path of a test file or suite");
  r.suite = *suite;
  if (Result<std::string> real = ResolveUnderBase(base_dir, r.suite); !real)
    return Bad(problem, "suite", real.error().message);

  auto configs = body.find("configs");
  auto yaml = body.find("configs_yaml");
  bool has_configs = configs != body.end() && !configs->is_null();
  bool has_yaml = yaml != body.end() && !yaml->is_null();
  if (has_configs && has_yaml) return Bad(problem, "configs_yaml", "give either configs or configs_yaml, not both");
  if (!has_configs && !has_yaml)
    return Bad(problem, "configs", "required: a configs file path, an inline configs object, or configs_yaml");
  if (has_configs) {
    if (configs->is_string()) {
      r.configs_path = *configs;
      if (r.configs_path.empty()) return Bad(problem, "configs", "required: a configs file path");
      if (Result<std::string> real = ResolveUnderBase(base_dir, r.configs_path); !real)
        return Bad(problem, "configs", real.error().message);
    } else if (configs->is_object()) {
      r.configs_text = configs->dump(2);  // JSON is YAML: the configs parser reads it as is
    } else {
      return Bad(problem, "configs", "must be a file path (string) or an inline configs object");
    }
  } else {
    if (!yaml->is_string() || Trim(yaml->get<std::string>()).empty())
      return Bad(problem, "configs_yaml", "must be the non-empty text of a configs file");
    r.configs_text = *yaml;
  }
  Error err;
  if (!ReadInt(body, "runs", 1, 1000, r.runs, problem, err)) return err;
  if (!ReadInt(body, "concurrency", 1, 64, r.concurrency, problem, err)) return err;
  auto fixture = body.find("fixture");
  if (fixture != body.end() && !fixture->is_null()) {
    if (fixture->is_string()) {
      r.fixture = *fixture;
    } else if (fixture->is_object()) {
      for (const auto& [key, value] : fixture->items()) {
        (void)value;
        if (key != "name" && key != "version")
          return Bad(problem, "fixture." + key, "unknown field" + DidYouMean(key, {"name", "version"}));
      }
      auto name = fixture->find("name");
      if (name == fixture->end() || !name->is_string()) return Bad(problem, "fixture.name", "required: a fixture name");
      r.fixture = *name;
      if (!ReadInt(*fixture, "version", 1, 1000000, r.fixture_version, problem, err)) {
        if (problem) problem->field = "fixture.version";
        return err;
      }
    } else {
      return Bad(problem, "fixture", "must be a fixture name or {\"name\", \"version\"}");
    }
    if (r.fixture.empty()) return Bad(problem, "fixture.name", "must not be empty");
  }
  return r;
}

}  // namespace ab::serve

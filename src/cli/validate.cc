#include "cli/validate.h"

#include <filesystem>

#include "base/exit_codes.h"
#include "base/path.h"
#include "base/redact.h"
#include "base/strings.h"
#include "bench/configs.h"
#include "config/file_kind.h"
#include "llm/mock_script.h"

namespace ab::cli {
namespace {

void PrintVerdict(const std::string& path, config::FileKind kind, const Diagnostics& d, const std::string& detail,
                  std::ostream& out, std::ostream& err) {
  for (const auto& x : InFileOrder(d)) err << Redact(x.ToString()) << "\n";
  int errors = 0;
  for (const auto& x : d) errors += x.severity == Severity::kError;
  if (errors > 0)
    out << path << ": invalid " << config::FileKindName(kind) << " (" << errors << " error" << (errors == 1 ? "" : "s")
        << ")\n";
  else out << path << ": ok (" << config::FileKindName(kind) << ", " << detail << ")\n";
}

bool ValidateMockScript(const std::string& path, std::ostream& out, std::ostream& err) {
  Diagnostics d;
  std::string detail;
  Result<llm::MockScript> script = llm::LoadMockScript(path);
  if (!script) {
    Error e = script.error();
    if (!e.loc.known()) e.loc.file = path;
    d.push_back({Severity::kError, e.loc, e.message});
  } else {
    detail = std::to_string(script->rules.size()) + (script->rules.size() == 1 ? " rule" : " rules");
  }
  PrintVerdict(path, config::FileKind::kMockScript, d, detail, out, err);
  return !HasErrors(d);
}

bool ValidateBenchConfigs(const std::string& path, std::ostream& out, std::ostream& err) {
  Diagnostics d;
  Result<bench::BenchSpec> spec = bench::LoadBenchSpec(path, &d);
  if (!spec && d.empty())
    d.push_back(
        {Severity::kError, spec.error().loc.known() ? spec.error().loc : SourceLoc{path}, spec.error().message});
  std::string detail;
  if (spec) {
    // An inline provider's mock script is read relative to the configs file (bench/apply.cc).
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    for (const auto& c : spec->configs) {
      if (!c.inline_provider) continue;
      // What bench would refuse when it applies the config (e.g. a key the provider's type requires) is an
      // error here too, at its own line and column, so validate never says ok to a file bench refuses.
      for (const Diagnostic& problem : c.inline_provider->problems) d.push_back(problem);
      const std::string& written = c.inline_provider->provider.mock_script;
      if (written.empty() || written.find("{{") != std::string::npos) continue;
      std::filesystem::path file(ResolvePath(dir.string(), written));
      std::error_code ec;
      if (!std::filesystem::is_regular_file(file, ec)) {
        std::vector<std::string> names;
        std::filesystem::directory_iterator di(file.parent_path(), ec), end;
        for (int n = 0; !ec && di != end && n < 2000; di.increment(ec), ++n)
          names.push_back(di->path().filename().string());
        d.push_back({Severity::kError, c.inline_provider->loc,
                     "config '" + c.name + "' mock_script: there is no file '" + written + "' (looked for " +
                         file.lexically_normal().string() + ")" + DidYouMean(file.filename().string(), names)});
      } else if (auto loaded = llm::LoadMockScript(file.string()); !loaded) {
        d.push_back({Severity::kError, c.inline_provider->loc,
                     "config '" + c.name + "' mock_script '" + written +
                         "' is not a valid mock script: " + loaded.error().ToString()});
      }
    }
    detail = std::to_string(spec->configs.size()) + (spec->configs.size() == 1 ? " config, " : " configs, ") +
             std::to_string(spec->variants.size()) + (spec->variants.size() == 1 ? " variant, " : " variants, ") +
             std::to_string(spec->runs) + (spec->runs == 1 ? " run" : " runs");
  }
  PrintVerdict(path, config::FileKind::kBenchConfigs, d, detail, out, err);
  return !HasErrors(d);
}

}  // namespace

int ValidateFiles(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                  const runner::ValidateOptions& options) {
  if (paths.empty()) {
    err << "agent-bench validate: give one or more test, suite, bench configs or mock script files\n";
    return kExitUsage;
  }
  bool ok = true;
  std::vector<std::string> test_files;  // test files and suites, checked as `run` checks them
  for (const auto& path : paths) {
    switch (config::DetectFileKind(path)) {
      case config::FileKind::kMockScript: ok = ValidateMockScript(path, out, err) && ok; break;
      case config::FileKind::kBenchConfigs: ok = ValidateBenchConfigs(path, out, err) && ok; break;
      case config::FileKind::kTestFile:
      case config::FileKind::kSuite: test_files.push_back(path); break;
    }
  }
  if (!test_files.empty() && runner::ValidateCommand(test_files, out, err, options) != kExitOk) ok = false;
  return ok ? kExitOk : kExitUsage;
}

}  // namespace ab::cli

// The configs file a job benches with: the request's file as is, or a temporary file holding the inline
// configs and/or the fixture's variants in place of the configs' own. The temporary file is written in the
// directory relative paths must resolve against (the configs file's, or the suite's for inline configs) and is
// removed once the bench is prepared: the bench reads it only then.
#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "serve/fixtures.h"
#include "serve/job_request.h"

namespace ab::serve {

struct JobConfigs {
  std::string path;        ///< the file to give PrepareBench
  bool temporary = false;  ///< remove |path| after PrepareBench
};

/// |base_dir| resolves relative request paths; |fixture| (when set) replaces the variants; |tag| names the
/// temporary file. kConfig when the configs text is not YAML, kIo when the file cannot be written.
Result<JobConfigs> MakeJobConfigs(const JobRequest& request, const std::string& base_dir,
                                  const std::optional<FixtureVersion>& fixture, const std::string& tag);

/// |path| made absolute against |base_dir| when relative.
std::string Resolve(const std::string& base_dir, const std::string& path);

}  // namespace ab::serve

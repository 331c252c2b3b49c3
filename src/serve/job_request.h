// What POST /api/v1/jobs accepts, read strictly: every field is checked and a mistake is a 400 naming it, before
// a job is created. Paths are relative to serve's base directory (--base-dir, default the directory `serve` was
// started in), and a path that resolves outside it is refused: only files under it can make a job start programs.
#pragma once

#include <string>

#include "base/json.h"
#include "base/result.h"

namespace ab::serve {

struct JobRequest {
  std::string suite;         ///< test file or suite, resolved against the server's directory
  std::string configs_path;  ///< a configs file ...
  std::string configs_text;  ///< ... or an inline configs document (YAML or JSON text)
  int runs = 0;              ///< > 0 replaces the configs' `runs`
  int concurrency = 0;       ///< > 0 replaces `max_concurrent_runs`
  std::string fixture;       ///< fixture name whose variants replace the configs' variants; empty = none
  int fixture_version = 0;   ///< 0 = the latest version
  Json ToJson() const;       ///< the request as the API shows it back
};

/// A request as ToJson shows it, read back for a job restored after a restart (display only): inline configs are
/// never kept, so configs_text is a placeholder.
JobRequest JobRequestFromJson(const Json& shown);

/// A field that is wrong in a request body: its name and what is wrong.
struct FieldError {
  std::string field;
  std::string message;
};

/// |path| (absolute, or relative to |base_dir|, which must be a realpath) resolved with realpath: kNotFound when it
/// does not exist, kInvalidArgument when it resolves outside |base_dir| (through "..", an absolute path or a
/// symlink) or is not a regular file; each message names the base directory.
Result<std::string> ResolveUnderBase(const std::string& base_dir, const std::string& path);

/// Reads |body| (an object): suite (string, required, an existing file under |base_dir|), configs (a path
/// string of a file under |base_dir|, or an object = inline configs), configs_yaml (inline YAML text; exclusive with
/// configs), runs (1..1000), concurrency (1..64), fixture ("name" or {"name", "version"}). Unknown fields are errors.
Result<JobRequest> ParseJobRequest(const Json& body, const std::string& base_dir, FieldError* problem);

}  // namespace ab::serve

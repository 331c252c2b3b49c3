// ${VAR} and ${VAR:-default} in string values, as the reference's README writes them (`token: ${API_KEY}`):
// read from the environment when the file loads. `$$` is a literal `$`; a `$` not followed by `{NAME` or `$`
// stays as written (`$self`, regex anchors).
//
// An unset variable without a default becomes the template {{VAR}}, so it is treated exactly like {{VAR}}: `run`
// refuses the file before anything starts ("'VAR' is not a variable, a set environment variable ..."), `validate`
// does not require the environment. A value read from the environment is then a literal of the file, so it is
// registered as a secret wherever a literal or a rendered {{VAR}} would be (tokens, secrets, credential headers,
// server environment).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ab::config {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// |text| with ${NAME}, ${NAME:-default} and $$ expanded through |env| (the process environment when null).
/// An empty value counts as set for ${NAME} and as unset for ${NAME:-default}, as in POSIX shells.
std::string ExpandEnv(std::string_view text, const EnvLookup& env = nullptr);

/// True when |text| holds something ExpandEnv changes (a fast check: most values have no '$').
inline bool HasEnvSyntax(std::string_view text) { return text.find('$') != std::string_view::npos; }

}  // namespace ab::config

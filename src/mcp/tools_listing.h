// `agent-bench tools`: start the configured servers and print what they offer. The CLI calls ListToolsCommand.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "config/model.h"
#include "mcp/server.h"

namespace ab::mcp {

/// Prints each server's tools (name, description, input schema) as text, or as one JSON document when |json|
/// ({"servers":[{"name","tools":[...]} | {"name","error"}]}). A tool that can only be called as a task
/// (execution.taskSupport "required") is marked: "[task only: ...]" in text, "offered": false in JSON. |only_server|
/// non-empty restricts to that server (unknown name: message on |err| with a suggestion, returns 2). Returns 0, or 3 if
/// any server could not start.
int ListToolsCommand(const std::vector<config::Server>& servers, const std::string& only_server, bool json,
                     const ConnectOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ab::mcp

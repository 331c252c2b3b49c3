// `agent-bench init [DIR]`: writes a starter that runs offline (the mock LLM and the sample MCP server) and shows
// where a real provider and an npm-published server go.
#pragma once

#include <ostream>
#include <string>

namespace ab::cli {

/// Writes DIR/tests.yaml and DIR/mock-llm.yaml (DIR defaults to "."; created when missing). A file that already
/// exists is never overwritten (exclusive create) unless |force|; then nothing is written and the exit code is 2.
/// |sample_server| is the command the starter runs as its MCP server.
int InitCommand(const std::string& dir, bool force, const std::string& sample_server, std::ostream& out,
                std::ostream& err);

/// The sample MCP server beside the running agent-bench binary (the build puts both in one folder), else
/// "sample-mcp-server" (found on PATH).
std::string SampleServerBesideBinary();

}  // namespace ab::cli

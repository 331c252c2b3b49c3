#include "cli/init.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "base/exit_codes.h"
#include "base/safe_file.h"

namespace ab::cli {
namespace {

namespace fs = std::filesystem;

// YAML double-quoted scalar: the path may hold any character.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string TestFileText(const std::string& sample_server) {
  return R"(# Your first agent-bench test file, written by `agent-bench init`. It runs offline: the built-in mock LLM
# (its replies are scripted in mock-llm.yaml) drives the sample MCP server. Try:
#   agent-bench validate tests.yaml      # check it without running anything
#   agent-bench -f tests.yaml            # run it; reports go to test_results/
# The whole language: docs/reference.md. A walk from here to a CI gate: docs/tutorial.md.

providers:
  - name: mock
    type: MOCK
    mock_script: mock-llm.yaml
  # A real model: export OPENAI_API_KEY=..., uncomment this provider and set `provider: openai` in the agent.
  # - name: openai
  #   type: OPENAI
  #   token: "{{OPENAI_API_KEY}}"
  #   model: gpt-4o-mini

servers:
  - name: sample
    type: stdio
    command: )" +
         Quoted(sample_server) + R"(
  # An MCP server published on npm (needs Node.js; `npx -y` installs it without asking). Uncomment it and add
  # `- name: filesystem` under the agent's servers.
  # - name: filesystem
  #   type: stdio
  #   command: npx
  #   args: ["-y", "@modelcontextprotocol/server-filesystem", "{{TEST_DIR}}"]

agents:
  - name: my-agent
    provider: mock
    system_prompt: "You are a helpful assistant. Use the tools to complete tasks; never ask for confirmation."
    servers:
      - name: sample

settings:
  max_iterations: 5
  tool_timeout: 10s

variables:
  city: Paris

sessions:
  - name: Getting started
    tests:
      - name: Add a note
        prompt: "Add a note titled Groceries with body: milk, eggs"
        assertions:
          - type: tool_called
            tool: add_note
          - type: tool_param_equals
            tool: add_note
            params:
              title: Groceries
          - type: output_contains
            value: Groceries

      - name: Weather
        prompt: "What is the weather in {{city}}?"
        assertions:
          - type: tool_called
            tool: get_weather
          - type: tool_result_matches_json
            tool: get_weather
            path: "$.city"
            value: "{{city}}"
          - type: no_hallucinated_tools
)";
}

const char* kMockScript =
    R"(# The mock LLM's script (docs/mock-llm.md): each rule matches the latest user message and gives one reply per
# round trip: first a tool call, then an answer built from the tool's result. A prompt no rule matches that names
# an offered tool ("Use calculate expression=6*7") calls it with the key=value pairs (default tool mode).
rules:
  - match: "titled Groceries"
    replies:
      - tool_calls: [{name: add_note, arguments: {title: Groceries, body: "milk, eggs"}}]
      - text: "Saved the note Groceries: {{last_tool_result}}"
  - match: "weather in"
    replies:
      - tool_calls: [{name: get_weather, arguments: {city: Paris}}]
      - text: "Here is the weather: {{last_tool_result}}"
)";

// Creates |path| with |text|, failing when anything is already there (O_EXCL, no link followed).
Status CreateExclusively(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Error(ErrorCode::kIo, "cannot create " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      return Error(ErrorCode::kIo, "cannot write " + path + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return Error(ErrorCode::kIo, "cannot write " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

std::string SampleServerBesideBinary() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = self.parent_path() / "sample-mcp-server";
    if (fs::is_regular_file(beside, ec)) return beside.string();
  }
  return "sample-mcp-server";
}

int InitCommand(const std::string& dir_arg, bool force, const std::string& sample_server, std::ostream& out,
                std::ostream& err) {
  const fs::path dir = dir_arg.empty() ? fs::path(".") : fs::path(dir_arg);
  const std::vector<std::pair<fs::path, std::string>> files = {{dir / "tests.yaml", TestFileText(sample_server)},
                                                               {dir / "mock-llm.yaml", kMockScript}};
  std::error_code ec;
  std::vector<std::string> existing;
  for (const auto& f : files)
    if (fs::symlink_status(f.first, ec).type() != fs::file_type::not_found) existing.push_back(f.first.string());
  if (!existing.empty() && !force) {
    err << "agent-bench init: refusing to overwrite";
    for (const auto& e : existing) err << " " << e;
    err << " (give --force to replace them)\n";
    return kExitUsage;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    err << "agent-bench init: cannot create the folder " << dir.string() << ": " << ec.message() << "\n";
    return kExitUsage;
  }
  for (const auto& [path, text] : files) {
    Status st = force ? WriteFileAtomically(path.string(), text) : CreateExclusively(path.string(), text);
    if (!st.ok()) {
      err << "agent-bench init: " << st.error().message << "\n";
      return kExitUsage;
    }
    out << "wrote " << path.string() << "\n";
  }
  const std::string file = (dir / "tests.yaml").string();
  out << "\nNext:\n  agent-bench validate " << file << "\n  agent-bench -f " << file
      << "\nThen see docs/tutorial.md for a real model, an npm server and a CI gate.\n";
  return kExitOk;
}

}  // namespace ab::cli

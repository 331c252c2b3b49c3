#include "mcp/cli_server.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>

#include "base/deadline.h"
#include "base/json_dump.h"
#include "base/path.h"
#include "base/redact.h"
#include "base/strings.h"

namespace ab::mcp {
namespace {

constexpr Millis kHelpTimeout{10000};
constexpr size_t kMaxDescriptionBytes = 8192;

std::string ResolveDir(const std::string& dir, const std::string& base_dir) {
  return dir.empty() ? base_dir : ResolvePath(base_dir, dir);
}

class CliServer : public ServerConnection {
 public:
  CliServer(config::Server server, ConnectOptions options, std::string description)
      : server_(std::move(server)), options_(std::move(options)) {
    tool_.name = (server_.tool_prefix.empty() ? std::string("cli") : server_.tool_prefix) + "_execute";
    tool_.description = std::move(description);
    tool_.input_schema = {
        {"type", "object"},
        {"properties", {{"args", {{"type", "string"}, {"description", "Arguments for `" + server_.command + "`"}}}}},
        {"required", {"args"}}};
  }

  const std::string& name() const override { return server_.name; }
  Result<std::vector<ToolInfo>> ListTools() override { return std::vector<ToolInfo>{tool_}; }

  Result<ToolResult> CallTool(const std::string& tool, const Json& arguments, Millis timeout,
                              const std::atomic<bool>* cancel) override {
    if (closed_.load()) return Error(ErrorCode::kUnavailable, "server '" + server_.name + "' is closed");
    if (tool != tool_.name) {
      return Error(ErrorCode::kRpcError, "code -32602: Tool " + tool + " not found");
    }
    std::string args;
    if (arguments.is_object() && arguments.contains("args")) {
      const Json& value = arguments["args"];
      args = value.is_string() ? value.get<std::string>() : DumpJson(value);
    }
    SpawnSpec spec;
    spec.cwd = ResolveDir(server_.working_dir, options_.base_dir);
    if (!server_.shell.empty()) {
      spec.argv = {server_.shell, "-c", server_.command + (args.empty() ? "" : " " + args)};
    } else {
      spec.argv = SplitWhitespace(server_.command);
      auto words = SplitShellWords(args);
      if (!words) {
        ToolResult bad;
        bad.is_error = true;
        ContentBlock block;
        block.type = "text";
        block.text = "invalid arguments: " + words.error().message;
        block.raw = {{"type", "text"}, {"text", block.text}};
        bad.content.push_back(std::move(block));
        return bad;
      }
      spec.argv.insert(spec.argv.end(), words->begin(), words->end());
    }
    auto outcome = RunCommand(spec, timeout, static_cast<size_t>(options_.max_result_bytes), cancel);
    if (!outcome) {
      Error error = outcome.error();
      error.message = "server '" + server_.name + "': " + error.message;
      return error;
    }
    Json payload = {
        {"exit_code", outcome->exit_code}, {"stdout", outcome->stdout_text}, {"stderr", outcome->stderr_text}};
    ToolResult result;
    result.is_error = outcome->exit_code != 0;
    result.truncated = outcome->truncated;
    ContentBlock block;
    block.type = "text";
    block.text = payload.dump(-1, ' ', false, Json::error_handler_t::replace);
    block.raw = {{"type", "text"}, {"text", block.text}};
    result.content.push_back(std::move(block));
    return result;
  }

  bool alive() const override { return !closed_.load(); }
  std::string StderrTail() const override { return ""; }
  void Close() override { closed_.store(true); }

 private:
  config::Server server_;
  ConnectOptions options_;
  ToolInfo tool_;
  std::atomic<bool> closed_{false};
};

// Help text for the tool description: the configured help commands, else `<command> --help` (then `-h`).
std::string DiscoverHelp(const config::Server& server, const ConnectOptions& options) {
  std::vector<SpawnSpec> runs;
  const std::string cwd = ResolveDir(server.working_dir, options.base_dir);
  auto make = [&](const std::string& line) {
    SpawnSpec spec;
    spec.cwd = cwd;
    if (!server.shell.empty()) {
      spec.argv = {server.shell, "-c", line};
    } else {
      auto words = SplitShellWords(line);
      if (words) spec.argv = *words;
    }
    return spec;
  };
  if (!server.help_commands.empty()) {
    for (const auto& line : server.help_commands) runs.push_back(make(line));
  } else if (!server.disable_help_auto_discovery) {
    runs.push_back(make(server.command + " --help"));
    runs.push_back(make(server.command + " -h"));
  }
  std::string help;
  for (const auto& spec : runs) {
    if (spec.argv.empty()) continue;
    auto outcome = RunCommand(spec, kHelpTimeout, kMaxDescriptionBytes);
    if (!outcome) continue;
    std::string text(Trim(outcome->stdout_text.empty() ? outcome->stderr_text : outcome->stdout_text));
    if (text.empty()) continue;
    if (!help.empty()) help += "\n\n";
    help += text;
    // Auto-discovery stops at the first form that worked; explicit help commands are all used.
    if (server.help_commands.empty() && outcome->exit_code == 0) break;
  }
  return Truncate(help, kMaxDescriptionBytes);
}

}  // namespace

Result<CommandOutcome> RunCommand(const SpawnSpec& spec, Millis timeout, size_t max_bytes,
                                  const std::atomic<bool>* cancel) {
  auto spawned = Subprocess::Spawn(spec);
  if (!spawned) return spawned.error();
  Subprocess process = std::move(spawned).value();
  process.CloseStdin();
  CommandOutcome outcome;
  std::string* sinks[2] = {&outcome.stdout_text, &outcome.stderr_text};
  int fds[2] = {process.stdout_fd(), process.stderr_fd()};
  bool open[2] = {true, true};
  const auto deadline = DeadlineAfter(timeout);
  char buf[16384];
  while (open[0] || open[1]) {
    if (cancel != nullptr && cancel->load()) {
      process.SignalGroup(SIGKILL);
      process.Shutdown(Millis(0));
      return Error(ErrorCode::kCancelled, "command cancelled");
    }
    auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
    if (left <= Millis(0)) {
      // Kill the whole group: `sh -c` children and anything they started must not outlive the call.
      process.SignalGroup(SIGKILL);
      process.Shutdown(Millis(0));
      return Error(ErrorCode::kTimeout, "command timed out after " + FormatDuration(timeout));
    }
    pollfd p[2] = {{open[0] ? fds[0] : -1, POLLIN, 0}, {open[1] ? fds[1] : -1, POLLIN, 0}};
    int r = ::poll(p, 2, static_cast<int>(std::min<long long>(left.count(), 100)));
    if (r < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (!open[i] || p[i].revents == 0) continue;
      ssize_t n = ::read(fds[i], buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        open[i] = false;
        continue;
      }
      size_t room = max_bytes > sinks[i]->size() ? max_bytes - sinks[i]->size() : 0;
      size_t take = std::min(room, static_cast<size_t>(n));
      sinks[i]->append(buf, take);
      if (take < static_cast<size_t>(n)) outcome.truncated = true;
    }
  }
  // Output is closed; give the process a moment to exit on its own before the shutdown sequence.
  process.WaitExit(
      std::max(Millis(0), std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now())));
  outcome.exit_code = process.Shutdown(Millis(0));
  outcome.stdout_text = Redact(outcome.stdout_text);
  outcome.stderr_text = Redact(outcome.stderr_text);
  return outcome;
}

Result<std::unique_ptr<ServerConnection>> MakeCliServer(const config::Server& server, const ConnectOptions& options) {
  if (Trim(server.command).empty()) {
    return Error(ErrorCode::kConfig, "server '" + server.name + "': a cli server needs a command", server.loc);
  }
  std::string description = "Runs the command-line tool `" + server.command + "` with the given arguments.";
  if (!server.shell.empty()) description += " Arguments are interpreted by " + server.shell + ".";
  std::string help = DiscoverHelp(server, options);
  if (!help.empty()) description += "\n\n" + help;
  return std::unique_ptr<ServerConnection>(std::make_unique<CliServer>(server, options, std::move(description)));
}

}  // namespace ab::mcp

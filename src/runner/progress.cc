#include "runner/progress.h"

#include "base/duration.h"
#include "base/redact.h"

namespace ab::runner {

ConsoleProgress::ConsoleProgress(std::FILE* out, bool tty, bool color) : out_(out), tty_(tty), color_(color) {}

void ConsoleProgress::ClearLine() {
  if (tty_) std::fputs("\r\033[K", out_);
}

void ConsoleProgress::Start(int total_tests) {
  std::lock_guard<std::mutex> lock(mu_);
  total_ = total_tests;
  std::fprintf(out_, "agent-bench: running %d test run%s\n", total_tests, total_tests == 1 ? "" : "s");
  std::fflush(out_);
}

void ConsoleProgress::TestStarted(const std::string& agent, const std::string& session, const std::string& test) {
  std::lock_guard<std::mutex> lock(mu_);
  ++running_;
  if (!tty_) return;
  ClearLine();
  std::string line = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] " + std::to_string(running_) +
                     " running · " + agent + " › " + session + " › " + test;
  if (line.size() > 110) line = line.substr(0, 107) + "...";
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

void ConsoleProgress::TestFinished(const report::TestRun& run) {
  std::lock_guard<std::mutex> lock(mu_);
  --running_;
  ++done_;
  const char* label = "PASS";
  const char* colour = "\033[32m";
  switch (run.status) {
    case report::RunStatus::kPassed: ++passed_; break;
    case report::RunStatus::kFailed:
      ++failed_;
      label = "FAIL";
      colour = "\033[31m";
      break;
    case report::RunStatus::kError:
      ++errored_;
      label = "ERROR";
      colour = "\033[35m";
      break;
    case report::RunStatus::kSkipped:
      label = "SKIP";
      colour = "\033[33m";
      break;
  }
  ClearLine();
  std::string dur = FormatDuration(Millis(static_cast<long long>(run.transcript.latency_ms)));
  std::fprintf(out_, "[%d/%d] %s%s%s %s › %s › %s (%s)\n", done_, total_, color_ ? colour : "", label,
               color_ ? "\033[0m" : "", run.agent.c_str(), run.session.c_str(), run.test.c_str(), dur.c_str());
  if (run.status == report::RunStatus::kError && !run.transcript.errors.empty())
    std::fprintf(out_, "        %s\n", Redact(run.transcript.errors.front().message).c_str());
  std::fflush(out_);
}

void ConsoleProgress::Note(const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearLine();
  std::fprintf(out_, "agent-bench: %s\n", Redact(message).c_str());
  std::fflush(out_);
}

void ConsoleProgress::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  ClearLine();
  std::fprintf(out_, "agent-bench: %d passed, %d failed, %d errors\n", passed_, failed_, errored_);
  std::fflush(out_);
}

}  // namespace ab::runner

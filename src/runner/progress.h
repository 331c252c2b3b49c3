// Live progress while tests run: a counter and one line per finished test, separate from the final reports
// (ninja's Status/StatusPrinter split). Thread-safe.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "report/model.h"

namespace ab::runner {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void Start(int total_tests) = 0;
  virtual void TestStarted(const std::string& agent, const std::string& session, const std::string& test) = 0;
  virtual void TestFinished(const report::TestRun& run) = 0;
  virtual void Note(const std::string& message) = 0;
  virtual void Finish() = 0;
};

/// Prints to |out|: on a terminal, a live status line rewritten in place; otherwise plain lines.
class ConsoleProgress : public ProgressSink {
 public:
  ConsoleProgress(std::FILE* out, bool tty, bool color);
  void Start(int total_tests) override;
  void TestStarted(const std::string& agent, const std::string& session, const std::string& test) override;
  void TestFinished(const report::TestRun& run) override;
  void Note(const std::string& message) override;
  void Finish() override;

 private:
  void ClearLine();
  std::FILE* out_;
  bool tty_, color_;
  std::mutex mu_;
  int total_ = 0, done_ = 0, passed_ = 0, failed_ = 0, errored_ = 0, running_ = 0;
};

/// Prints nothing.
class SilentProgress : public ProgressSink {
 public:
  void Start(int) override {}
  void TestStarted(const std::string&, const std::string&, const std::string&) override {}
  void TestFinished(const report::TestRun&) override {}
  void Note(const std::string&) override {}
  void Finish() override {}
};

}  // namespace ab::runner

// Limits set in the test file, end to end: `limits.max_response_bytes` on a provider, `limits.max_message_bytes`
// on a stdio server and `limits.connection_retries`. A configured limit that fires ends that test in an error
// naming the limit; a test under the limit still passes; retries follow the setting (data/limits.yaml).
#include <doctest/doctest.h>

#include "harness.h"

namespace ab::faults {

TEST_CASE("configured limits fire as errors naming the limit, and connection_retries sets the attempts") {
  const int refused = ClosedLoopbackPort();
  RunOptions options = WithArgs({"-j", "2"}, 120);
  options.env = {{"REFUSED_PORT", std::to_string(refused)}};
  Outcome o = RunBench("limits", "limits.yaml", options);
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK_FALSE(o.process.timed_out);
  CHECK(o.process.exit_code == 1);  // tests failed; no signal, no crash

  const Json* over = FindRun(o.report, "Reply over the cap", "capped");
  REQUIRE(over);
  CHECK((*over)["status"] == "error");
  const std::string over_errors = Errors(*over);
  INFO(over_errors);
  CHECK(HasText(over_errors, "over the 1 KiB limit (max_response_bytes)"));
  const Json* under = FindRun(o.report, "Reply under the cap", "capped");
  REQUIRE(under);
  CHECK((*under)["passed"] == true);

  const Json* big = FindRun(o.report, "Message over the cap", "worker");
  REQUIRE(big);
  const std::string big_run = big->dump();
  INFO(big_run.substr(0, 4000));
  CHECK(HasText(big_run, "longer than the limit of 64.0 KiB (max_line_bytes)"));
  CHECK(big_run.size() < 64u * 1024);  // the 1 MB message was dropped, not kept

  const std::string peer = "POST http://127.0.0.1:" + std::to_string(refused) + "/v1/chat/completions";
  const Json* single = FindRun(o.report, "No retries", "single");
  REQUIRE(single);
  const std::string single_errors = Errors(*single);
  INFO(single_errors);
  CHECK(HasText(single_errors, peer));
  CHECK(HasText(single_errors, "the connection was refused"));
  CHECK_FALSE(HasText(single_errors, "attempts"));  // one attempt: "(after 0.0 s)", no retry count
  const Json* triple = FindRun(o.report, "Default retries", "triple");
  REQUIRE(triple);
  const std::string triple_errors = Errors(*triple);
  INFO(triple_errors);
  CHECK(HasText(triple_errors, "(after 3 attempts"));
  CHECK(LeftoverProcesses().empty());
}

}  // namespace ab::faults

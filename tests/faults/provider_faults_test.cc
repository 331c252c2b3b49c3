// LLM provider faults from the in-process mock (docs/mock-llm.md): rate limits with and without retries, 5xx,
// a hung reply bounded by the test timeout, truncated and malformed bodies, empty and contentless replies. Each
// faulty run records an error naming the provider and the fault; the runs after it still pass.
#include <doctest/doctest.h>

#include "harness.h"

namespace ab::faults {
namespace {

bool ContainsAny(const std::string& haystack, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (haystack.find(n) != std::string::npos) return true;
  return false;
}

/// Names of the assertions of |run| that failed.
std::string FailedAssertions(const Json& run) {
  std::string out;
  for (const auto& a : run.value("assertions", Json::array()))
    if (a.value("passed", true) == false) out += a.value("type", "?") + " ";
  return out;
}

}  // namespace

TEST_CASE("provider faults: each faulty run says which provider and what happened, the rest carry on") {
  // One run serves every subcase (doctest re-enters the test case once per SUBCASE).
  static const Outcome o = RunBench("providers", "providers.yaml", WithArgs({"-j", "2"}));
  INFO(o.process.err);
  REQUIRE(o.report.is_object());
  CHECK(o.process.exit_code == 1);
  CHECK(o.seconds < 90 * kSlack);

  SUBCASE("a 429 storm without retries is recorded and fails no_rate_limit_errors") {
    const Json* storm = FindRun(o.report, "429 storm", "plain");
    REQUIRE(storm);
    CHECK((*storm)["passed"] == false);
    const std::string errors = Errors(*storm);
    INFO(errors);
    CHECK(errors.find("mock") != std::string::npos);
    CHECK(errors.find("429") != std::string::npos);
    CHECK(FailedAssertions(*storm).find("no_rate_limit_errors") != std::string::npos);
  }
  SUBCASE("with retry_on_429 the run waits out Retry-After and succeeds") {
    const Json* retried = FindRun(o.report, "429 then success", "retrying");
    REQUIRE(retried);
    INFO(Errors(*retried));
    CHECK((*retried)["passed"] == true);
    CHECK((*retried)["execution"]["latencyMs"].get<double>() >= 1500);  // two 429s with Retry-After: 1 waited out
  }
  SUBCASE("500, 503 and 529 are errors naming the provider and the status") {
    for (const char* status : {"500", "503", "529"}) {
      CAPTURE(status);
      const Json* run = FindRun(o.report, std::string("HTTP ") + status, "plain");
      REQUIRE(run);
      CHECK((*run)["passed"] == false);
      const std::string errors = Errors(*run);
      INFO(errors);
      CHECK(errors.find("mock") != std::string::npos);
      CHECK(errors.find(status) != std::string::npos);
    }
    const Json* after = FindRun(o.report, "Still answers", "plain");
    REQUIRE(after);
    CHECK((*after)["passed"] == true);
  }
  SUBCASE("a hung reply is cut by the test's 2 s timeout") {
    const Json* hang = FindRun(o.report, "Hang", "plain");
    REQUIRE(hang);
    CHECK((*hang)["passed"] == false);
    const std::string errors = Errors(*hang);
    INFO(errors);
    CHECK(ContainsAny(errors, {"time limit", "timeout", "timed out"}));
    CHECK((*hang)["execution"]["latencyMs"].get<double>() < 15000 * kSlack);
  }
  SUBCASE("a truncated body is a parse error") {
    const Json* run = FindRun(o.report, "Truncated", "plain");
    REQUIRE(run);
    CHECK((*run)["passed"] == false);
    const std::string errors = Errors(*run);
    INFO(errors);
    CHECK(errors.find("mock") != std::string::npos);
    CHECK(ContainsAny(errors, {"parse", "malformed", "JSON", "json", "truncated"}));
  }
  SUBCASE("invalid tool-argument JSON is recorded as bad_arguments and the loop carries on") {
    const Json* run = FindRun(o.report, "Bad tool arguments", "plain");
    REQUIRE(run);
    const Json& calls = (*run)["execution"]["toolCalls"];
    REQUIRE(calls.is_array());
    REQUIRE_FALSE(calls.empty());
    CHECK(calls[0]["status"] == "bad_arguments");
    CHECK((*run)["execution"]["finalOutput"].get<std::string>().find("carried on") != std::string::npos);
  }
  SUBCASE("an empty choice list and a reply with neither text nor tool call are errors") {
    for (const char* test : {"Empty choices", "No content"}) {
      CAPTURE(test);
      const Json* run = FindRun(o.report, test, "plain");
      REQUIRE(run);
      CHECK((*run)["passed"] == false);
      const std::string errors = Errors(*run);
      INFO(errors);
      CHECK_FALSE(errors.empty());
      CHECK(errors.find("mock") != std::string::npos);
    }
    const Json* survives = FindRun(o.report, "Survives", "plain");
    REQUIRE(survives);
    CHECK((*survives)["passed"] == true);
  }
  CHECK(LeftoverProcesses().empty());
}

TEST_CASE("a hung reply's error names the provider with its model and endpoint and shows no secret") {
  Outcome o = RunBench("provider-hang", "provider-hang.yaml");
  INFO(o.process.err);
  const Json* hang = FindRun(o.report, "Hang", "plain");
  REQUIRE(hang);
  const std::string errors = Errors(*hang);
  INFO(errors);
  CHECK(errors.find("time limit") != std::string::npos);
  CHECK(errors.find("mock:") != std::string::npos);                 // the provider
  CHECK(errors.find("hang-model-7") != std::string::npos);          // the model
  CHECK(errors.find("/v1/chat/completions") != std::string::npos);  // the endpoint
  CHECK(errors.find("sk-hang-secret-4242") == std::string::npos);
  CHECK(o.process.out.find("sk-hang-secret-4242") == std::string::npos);
  CHECK(o.process.err.find("sk-hang-secret-4242") == std::string::npos);
}

}  // namespace ab::faults

// tool_called, tool_not_called, tool_call_count, tool_call_order, tool_param_equals, tool_param_matches_regex,
// tool_result_matches_json, tool_result_is_error, tool_succeeded, no_hallucinated_tools.
#include <doctest/doctest.h>

#include "transcript_json.h"

namespace ab::assertions {
namespace {

using testing::Eval;
using testing::TranscriptFromJson;

using testing::E;
using testing::T;

const char* kCalls = R"({"calls": [
  {"name": "search", "args": {"q": "café ☕", "limit": 5}, "text": "{\"hits\": [{\"title\": \"Café\"}]}"},
  {"name": "search", "args": {"q": "tea", "limit": "10", "filters": {"lang": ["en", "fr"]}},
   "structured": {"hits": []}, "text": "ignored when structured"},
  {"name": "open", "args": {}, "content": [], "iteration": 2},
  {"name": "open", "args": {}, "no_result": true, "status": "timeout"}
]})";

TEST_CASE("tool_called / tool_not_called: evidence names the call") {
  Transcript t = T(kCalls);
  AssertionResult r = E(R"({"type": "tool_called", "tool": "open"})", t);
  CHECK(r.passed);
  CHECK(r.details["evidence"]["call"] == 3);
  CHECK(r.details["evidence"]["iteration"] == 2);
  r = E(R"({"type": "tool_not_called", "tool": "open"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message == "tool 'open' was called (call #3)");
  r = E(R"({"type": "tool_called", "tool": "Open"})", t);  // names are case-sensitive
  CHECK_FALSE(r.passed);
  CHECK(r.message == "expected tool 'Open' to be called; calls were [search, search, open, open]");
  CHECK(E(R"({"type": "tool_not_called", "tool": "x"})", T("{}")).passed);
}

TEST_CASE("tool_call_count counts one tool or all") {
  Transcript t = T(kCalls);
  CHECK(E(R"({"type": "tool_call_count", "tool": "search", "count": 2})", t).passed);
  CHECK(E(R"({"type": "tool_call_count", "count": "4"})", t).passed);
  AssertionResult r = E(R"({"type": "tool_call_count", "tool": "open", "count": 1})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.details["expected"] == 1);
  CHECK(r.details["actual"] == 2);
  CHECK(E(R"({"type": "tool_call_count", "tool": "x"})", t).passed);  // count defaults to 0
  CHECK_FALSE(E(R"({"type": "tool_call_count"})", t).passed);
}

TEST_CASE("tool_call_order is a subsequence match") {
  Transcript t = T(kCalls);
  CHECK(E(R"({"type": "tool_call_order", "sequence": ["search", "open"]})", t).passed);
  CHECK(E(R"({"type": "tool_call_order", "sequence": ["search", "search", "open", "open"]})", t).passed);
  AssertionResult r = E(R"({"type": "tool_call_order", "sequence": ["open", "search"]})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.details["evidence"].size() == 1);
  CHECK_FALSE(E(R"({"type": "tool_call_order", "sequence": ["a"]})", T("{}")).passed);
}

TEST_CASE("tool_param_equals: any call, nested paths, unicode, by value") {
  Transcript t = T(kCalls);
  CHECK(E(R"({"type": "tool_param_equals", "tool": "search", "params": {"q": "café ☕"}})", t).passed);
  CHECK(E(R"({"type": "tool_param_equals", "tool": "search", "params": {"limit": 10, "filters.lang.1": "fr"}})", t)
            .passed);
  CHECK(
      E(R"({"type": "tool_param_equals", "tool": "search", "params": {"filters": {"lang": ["en", "fr"]}}})", t).passed);
  AssertionResult r = E(R"({"type": "tool_param_equals", "tool": "search", "params": {"q": "tea", "limit": 5}})", t);
  CHECK_FALSE(r.passed);  // each call matches one of the two params, neither both
  CHECK(r.details["evidence"]["call"] == 1);
  CHECK(r.message.find("closest call #1: 'q' was \"café ☕\"") != std::string::npos);
  r = E(R"({"type": "tool_param_equals", "tool": "nope", "params": {"a": 1}})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("it was not called") != std::string::npos);
}

TEST_CASE("tool_param_matches_regex: every param of one call matches") {
  Transcript t = T(kCalls);
  CHECK(E(R"({"type": "tool_param_matches_regex", "tool": "search", "params": {"q": "^caf", "limit": "^\\d$"}})", t)
            .passed);
  CHECK(E(R"({"type": "tool_param_matches_regex", "tool": "search", "params": {"limit": "^1\\d$"}})", t).passed);
  AssertionResult r = E(R"({"type": "tool_param_matches_regex", "tool": "search", "params": {"missing": "."}})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("'missing' was missing") != std::string::npos);
}

TEST_CASE("tool_result_matches_json: structured first, empty content and no result fail cleanly") {
  Transcript t = T(kCalls);
  CHECK(E(R"({"type": "tool_result_matches_json", "tool": "search", "path": "$.hits[0].title", "value": "Café"})", t)
            .passed);
  CHECK(E(R"({"type": "tool_result_matches_json", "tool": "search", "path": "$.hits", "value": []})", t).passed);
  AssertionResult r = E(R"({"type": "tool_result_matches_json", "tool": "open", "path": "$.x", "value": 1})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.details["actual"][0]["problem"] == "empty content");
  CHECK(r.details["actual"][1]["problem"] == "no result (timeout)");
  r = E(R"({"type": "tool_result_matches_json", "tool": "search", "path": "$..title", "value": "Tea"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("selected nothing") != std::string::npos);  // the last call had no hits
}

TEST_CASE("tool_result_is_error and tool_succeeded") {
  Transcript t = T(R"({"calls": [{"name": "a", "text": "ok"}, {"name": "b", "is_error": true, "text": "bad"},
                                 {"name": "a", "status": "rpc_error", "no_result": true}]})");
  CHECK(E(R"({"type": "tool_result_is_error", "tool": "b"})", t).passed);  // isError flag alone counts
  CHECK_FALSE(E(R"({"type": "tool_result_is_error", "tool": "c"})", t).passed);
  AssertionResult r = E(R"({"type": "tool_succeeded", "tool": "a"})", t);
  CHECK_FALSE(r.passed);
  CHECK(r.message.find("call #3 ended with rpc_error") != std::string::npos);
  CHECK(E(R"({"type": "tool_succeeded", "tool": "a"})", T(R"({"calls": [{"name": "a"}]})")).passed);
  CHECK_FALSE(E(R"({"type": "tool_succeeded", "tool": "a"})", T("{}")).passed);
}

TEST_CASE("no_hallucinated_tools: not-offered status or a name outside available_tools") {
  CHECK(E(R"({"type": "no_hallucinated_tools"})", T(kCalls)).passed);
  CHECK(E(R"({"type": "no_hallucinated_tools"})", T("{}")).passed);
  AssertionResult r = E(R"({"type": "no_hallucinated_tools"})",
                        T(R"({"calls": [{"name": "a"}, {"name": "b"}], "available_tools": ["a"]})"));
  CHECK_FALSE(r.passed);
  CHECK(r.details["evidence"][0]["call"] == 2);
  CHECK_FALSE(E(R"({"type": "no_hallucinated_tools"})",
                T(R"({"calls": [{"name": "a", "status": "not_offered"}], "available_tools": ["a"]})"))
                  .passed);
}

}  // namespace
}  // namespace ab::assertions

namespace ab::assertions {
namespace {

TEST_CASE("skill_loaded: a successful load_skill call with that name") {
  Transcript t = T(R"({"calls": [{"name": "load_skill", "args": {"name": "pdf-tools"}, "is_error": true},
                                 {"name": "load_skill", "args": {"name": "excel-cli"}, "text": "body"}]})");
  AssertionResult ok = E(R"({"type": "skill_loaded", "skill": "excel-cli"})", t);
  CHECK(ok.passed);
  CHECK(ok.message == "skill 'excel-cli' was loaded (call #2)");
  CHECK(E(R"({"type": "skill_loaded", "name": "excel-cli"})", t).passed);
  // pdf-tools was asked for, but the call failed: not loaded.
  AssertionResult failed = E(R"({"type": "skill_loaded", "skill": "pdf-tools"})", t);
  CHECK_FALSE(failed.passed);
  CHECK(failed.message.find("expected skill 'pdf-tools' to be loaded") != std::string::npos);
  CHECK_FALSE(E(R"({"type": "skill_loaded", "skill": "excel-cli"})", T("{}")).passed);
}

}  // namespace
}  // namespace ab::assertions

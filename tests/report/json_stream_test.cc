// The JSON report written as a stream (no tree of the whole run), read back as a stream, and reports of schema
// version 1 (whole session history in every test) read into the current meaning.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "base/time.h"
#include "report/escape.h"
#include "report/fixtures.h"
#include "report/json.h"
#include "report/json_reader.h"
#include "report/json_text.h"
#include "report/render.h"

namespace ab::report {
namespace {

std::string StreamTempPath(const std::string& name) { return std::string(AB_BINARY_DIR) + "/report_stream_" + name; }

std::string Rendered(const Run& run, bool deterministic = false) {
  std::ostringstream out;
  RenderOptions o;
  o.deterministic = deterministic;
  RenderJson(run, out, o);
  return out.str();
}

std::string Indented(const Json& j, int depth) {
  std::ostringstream out;
  WriteIndentedJson(DumpJson(j), depth, out);
  return out.str();
}

TEST_CASE("json_text: re-indenting compact text gives exactly what dump(2) gives") {
  Json tricky = Json::parse(R"({"a": [], "b": {}, "c": [1, {"d": "x,y:{z}[w]", "e": "q\"uo\\te"}, [[]], null],
    "f": {"g": {"h": -1.5e-7, "i": true}}, "j": "naïve ✓ \u0001", "k": [{}], "": ""})");
  CHECK(Indented(tricky, 0) == DumpJson(tricky, 2));
  CHECK(Indented(Json::array(), 0) == "[]");
  CHECK(Indented(Json("s"), 0) == "\"s\"");
  // Nested two levels deep, as a detailed_results entry: inner lines carry the outer indentation.
  Json outer = {{"x", Json::array({tricky})}};
  std::string expected = DumpJson(outer, 2);
  std::string inner = expected.substr(expected.find('[') + 6);  // past "[\n    "
  inner.resize(inner.rfind(']') - 3);                           // before "\n  ]"
  CHECK(Indented(tricky, 2) == inner);
}

TEST_CASE("json_text: WithoutNestedMember drops one member of one nested object") {
  CHECK(WithoutNestedMember(R"({"e":{"a":1,"s":{"x":"}"},"b":2},"s":3})", "e", "s") == R"({"e":{"a":1,"b":2},"s":3})");
  CHECK(WithoutNestedMember(R"({"e":{"s":[1,2],"b":2}})", "e", "s") == R"({"e":{"b":2}})");
  CHECK(WithoutNestedMember(R"({"e":{"b":2,"s":"}"}})", "e", "s") == R"({"e":{"b":2}})");
  CHECK(WithoutNestedMember(R"({"e":{"s":1}})", "e", "s") == R"({"e":{}})");
  CHECK(WithoutNestedMember(R"({"x":{"s":1},"e":{"b":"s"}})", "e", "s") == R"({"x":{"s":1},"e":{"b":"s"}})");
  CHECK(WithoutNestedMember("[1]", "e", "s") == "[1]");
  CHECK(JsonTextForScript(R"({"a":"</script><b>&"})") == R"({"a":"\u003c/script\u003e\u003cb\u003e\u0026"})");
}

TEST_CASE("json: the streamed report is byte for byte the dump of the whole tree") {
  for (const auto& name : testing::ScenarioNames()) {
    CAPTURE(name);
    Run run = testing::MakeScenario(name);
    std::string text = Rendered(run);
    Json parsed = Json::parse(text);
    Json tree = RunToJson(run, ParseRfc3339(parsed["generated_at"].get<std::string>()).value());
    CHECK(text == DumpJson(tree, 2) + "\n");
    // The same from runs already converted (as the journal leaves them): nothing is converted again.
    for (auto& r : run.runs) r.json = SpilledText::Keep(TestRunJsonText(r));
    CHECK(Rendered(run).substr(text.find("\"run_id\"")) == text.substr(text.find("\"run_id\"")));
  }
  Run empty = testing::MakeScenario("01_single_agent_single_test");
  empty.runs.clear();
  Json e = Json::parse(Rendered(empty));
  CHECK(e["detailed_results"] == Json::array());
}

TEST_CASE("json: the converted text of a run is what is written, so it must describe the run") {
  Run run = testing::MakeScenario("03_multi_agent_single_test");
  run.runs[0].json = SpilledText::Keep(TestRunJsonText(run.runs[0]));
  CHECK(run.runs[0].json.str().find("\"testName\":\"Create file\"") != std::string::npos);
  // Deterministic output normalizes a copy, so the text converted before the change is not used.
  std::string det = Rendered(run, /*deterministic=*/true);
  CHECK(det.find("\"startTime\": \"1970-01-01T00:00:00.000Z\"") != std::string::npos);
  CHECK(det.find("2025-") == std::string::npos);
}

// The same run as schema version 1 wrote it: every test's messages start with the whole session so far.
Json AsVersion1(const Run& run) {
  Json doc = RunToJson(run, 0);
  doc["schema_version"] = 1;
  std::map<std::string, Json> history;  // file/session/agent -> messages so far
  for (auto& d : doc["detailed_results"]) {
    Json& e = d["execution"];
    Json& so_far = history[e["sourceFile"].get<std::string>() + "|" + e["sessionName"].get<std::string>() + "|" +
                           e["agentName"].get<std::string>()];
    if (so_far.is_null()) so_far = Json::array();
    size_t before = so_far.size();
    for (const auto& m : e["messages"]) so_far.push_back(m);
    e["firstMessageOfTest"] = before + e["firstMessageOfTest"].get<size_t>();
    e["messages"] = so_far;
  }
  return doc;
}

TEST_CASE("json_reader: a version 1 report keeps only each test's own part of the history") {
  Run run = testing::MakeScenario("06_multi_agent_multi_session");
  Json v1 = AsVersion1(run);
  // The history really is repeated in the old format (the later test of a session holds the earlier one's).
  CHECK(v1["detailed_results"][2]["execution"]["messages"].size() > run.runs[2].transcript.messages.size());
  Result<Run> back = RunFromJson(v1);
  REQUIRE(back.has_value());
  REQUIRE(back->runs.size() == run.runs.size());
  for (size_t i = 0; i < run.runs.size(); ++i) {
    CAPTURE(i);
    CHECK(back->runs[i].transcript.messages.size() == run.runs[i].transcript.messages.size());
    CHECK(back->runs[i].transcript.first_message_of_test == run.runs[i].transcript.first_message_of_test);
  }
  // Read from a file (the streaming reader) the result is the same, and re-rendering gives the current format.
  std::string path = StreamTempPath("v1.json");
  std::ofstream(path) << v1.dump(2);
  Result<Run> file = ReadJsonReport(path);
  REQUIRE(file.has_value());
  CHECK(Rendered(*file, true) == Rendered(run, true));
  std::remove(path.c_str());
}

TEST_CASE("json_reader: the streaming file reader and the tree reader agree") {
  for (const auto& name : testing::ScenarioNames()) {
    CAPTURE(name);
    Run run = testing::MakeScenario(name);
    std::string path = StreamTempPath(name + ".json");
    std::string text = Rendered(run);
    std::ofstream(path) << text;
    Result<Run> streamed = ReadJsonReport(path);
    Result<Run> tree = RunFromJson(Json::parse(text));
    REQUIRE(streamed.has_value());
    REQUIRE(tree.has_value());
    CHECK(Rendered(*streamed, true) == Rendered(*tree, true));
    CHECK(Rendered(*streamed, true) == Rendered(run, true));
    // A current-version entry is kept as read, so writing the report again converts nothing.
    for (const auto& r : streamed->runs) CHECK_FALSE(r.json.empty());
    std::string again = Rendered(*streamed);
    CHECK(again.substr(again.find("\"run_id\"")) == text.substr(text.find("\"run_id\"")));
    std::remove(path.c_str());
  }
}

TEST_CASE("json_reader: the streaming reader's errors") {
  auto read = [](const std::string& name, const std::string& text) {
    std::string path = StreamTempPath(name);
    std::ofstream(path) << text;
    Result<Run> r = ReadJsonReport(path);
    std::remove(path.c_str());
    return r;
  };
  Result<Run> newer = read("newer.json", R"({"schema_version": 99, "detailed_results": [{"execution": {}}]})");
  CHECK(newer.error().code == ErrorCode::kUnsupported);
  Result<Run> not_array = read("notarray.json", R"({"schema_version": 2, "detailed_results": {"a": 1}})");
  CHECK(not_array.error().code == ErrorCode::kParse);
  CHECK(not_array.error().message.find("not an array") != std::string::npos);
  Result<Run> scalar = read("scalar.json", R"({"schema_version": 2, "detailed_results": [1]})");
  CHECK(scalar.error().message.find("non-object entry") != std::string::npos);
  Result<Run> none = read("none.json", R"({"schema_version": 2, "x": [{"detailed_results": []}]})");
  CHECK(none.error().message.find("no detailed_results") != std::string::npos);
  Result<Run> torn = read("torn.json", R"({"schema_version": 2, "detailed_results": [{"execution": {)");
  CHECK(torn.error().code == ErrorCode::kParse);
  CHECK(torn.error().message.find("not valid JSON") != std::string::npos);
  Result<Run> ok = read("ok.json", R"({"detailed_results": [{"execution": {"testName": "t", "agentName": "a",
    "messages": [{"role": "user", "content": "hi"}]}, "passed": true}], "schema_version": 2})");
  REQUIRE(ok.has_value());
  CHECK(ok->runs.at(0).test == "t");
  CHECK(ok->agents == std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace ab::report

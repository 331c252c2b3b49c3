// `validate` checks what `run` and `bench` check: template names, the files a configuration names, each kind of
// file (test file, suite, bench configs, mock script) as what it is, a suite's member in its suite; numeric flags
// out of range are refused.
#include <doctest/doctest.h>

#include <fstream>

#include "paths.h"
#include "process.h"

namespace ab::e2e {
namespace validate_e2e {  // named: the e2e tests are built in unity batches

#ifdef AB_SAMPLE_SERVER
const std::string kSample = AB_SAMPLE_SERVER;
#else
const std::string kSample = std::string(AB_BINARY_DIR) + "/sample-mcp-server";
#endif

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

const char* kScript = R"(rules:
  - match: "weather"
    replies:
      - tool_calls: [{name: get_weather, arguments: {city: Paris}}]
      - text: "Sunny: {{last_tool_result}}"
)";

// A test file on the mock provider and the sample server; |prompt| and |script| vary per case.
std::string TestFile(const std::string& prompt, const std::string& script = "script.yaml") {
  return R"(providers:
  - name: mock
    type: MOCK
    mock_script: )" +
         script + R"(
servers:
  - name: sample
    type: stdio
    command: "{{SAMPLE_SERVER}}"
agents:
  - name: agent
    provider: mock
    servers: [{name: sample}]
variables:
  city: Paris
sessions:
  - name: S
    tests:
      - name: Weather
        prompt: ")" +
         prompt + R"("
        assertions:
          - type: tool_called
            tool: get_weather
)";
}

const std::map<std::string, std::string> kEnv = {{"SAMPLE_SERVER", kSample}};

TEST_CASE("validate: an undefined template name is an error at its line and column, with a did-you-mean") {
  std::string dir = MakeTempDir("validate-template");
  Write(dir + "/script.yaml", kScript);
  Write(dir + "/t.yaml", TestFile("What is the weather in {{citty}}?"));
  auto r = RunProcess({kBin, "validate", dir + "/t.yaml"}, kEnv);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  // Line 19 holds the prompt; "{{citty}}" starts at column 41, the name at 43.
  CHECK(Contains(r.err, "t.yaml:19:43: error: test 'Weather' prompt: 'citty'"));
  CHECK(Contains(r.err, "did you mean 'city'?"));
  CHECK(Contains(r.out, "invalid"));

  // The same file with the name spelled right validates.
  Write(dir + "/t.yaml", TestFile("What is the weather in {{city}}?"));
  auto ok = RunProcess({kBin, "validate", dir + "/t.yaml"}, kEnv);
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(Contains(ok.out, "t.yaml: ok (1 agent, 1 session, 1 test)"));
}

TEST_CASE("validate: an unset UPPER_CASE name is a warning, not an error") {
  std::string dir = MakeTempDir("validate-env");
  Write(dir + "/script.yaml", kScript);
  Write(dir + "/t.yaml", TestFile("Weather in {{AB_TEST_SURELY_UNSET_VAR}}"));
  auto r = RunProcess({kBin, "validate", dir + "/t.yaml"}, kEnv);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.err, "warning: test 'Weather' prompt: 'AB_TEST_SURELY_UNSET_VAR' is not set in this environment"));
  // The run needs it: there it is an error, and nothing runs.
  auto run = RunProcess({kBin, "-f", dir + "/t.yaml", "-o", dir + "/report", "--no-progress"}, kEnv);
  CHECK(run.exit_code == 2);
  CHECK(Contains(run.err, "nothing ran"));
}

TEST_CASE("a misspelled mock script is a configuration error (exit 2) in validate and in run, with a did-you-mean") {
  std::string dir = MakeTempDir("validate-mock-script");
  Write(dir + "/script.yaml", kScript);
  Write(dir + "/t.yaml", TestFile("weather in {{city}}", "scritp.yaml"));
  auto v = RunProcess({kBin, "validate", dir + "/t.yaml"}, kEnv);
  INFO(v.err);
  CHECK(v.exit_code == 2);
  CHECK(Contains(v.err, "t.yaml:4:5: error: provider 'mock' mock_script: there is no file 'scritp.yaml'"));
  CHECK(Contains(v.err, "did you mean 'script.yaml'?"));

  auto run = RunProcess({kBin, "-f", dir + "/t.yaml", "-o", dir + "/report", "--no-progress"}, kEnv);
  INFO(run.err);
  CHECK(run.exit_code == 2);  // not 3: nothing was tried against a server or a provider
  CHECK(Contains(run.err, "did you mean 'script.yaml'?"));
  CHECK(Contains(run.err, "nothing ran"));

  // A mock script that exists but is not valid is reported too.
  Write(dir + "/bad.yaml", "rules:\n  - mach: x\n    replies: [{text: hi}]\n");
  Write(dir + "/t.yaml", TestFile("weather in {{city}}", "bad.yaml"));
  auto bad = RunProcess({kBin, "validate", dir + "/t.yaml"}, kEnv);
  INFO(bad.err);
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad.err, "mock_script 'bad.yaml' is not a valid mock script"));
}

TEST_CASE("validate tells each file kind by its keys and checks it as that kind") {
  std::string dir = MakeTempDir("validate-kinds");
  Write(dir + "/script.yaml", kScript);
  Write(dir + "/configs.yaml",
        "configs:\n  - name: a\n    provider: {type: MOCK, mock_script: script.yaml, model: m}\nruns: 2\n");
  auto good = RunProcess({kBin, "validate", dir + "/script.yaml", dir + "/configs.yaml"});
  INFO(good.err);
  CHECK(good.exit_code == 0);
  CHECK(Contains(good.out, "script.yaml: ok (mock script, 1 rule)"));
  CHECK(Contains(good.out, "configs.yaml: ok (bench configs, 1 config, 1 variant, 2 runs)"));

  Write(dir + "/bad-script.yaml", "rules:\n  - match: x\n    replys: [{text: hi}]\n");
  Write(dir + "/bad-configs.yaml", "configs:\n  - name: a\n    provider: mock\n    temprature: 0.5\n");
  Write(dir + "/missing-configs.yaml",
        "configs:\n  - name: a\n    provider: {type: MOCK, mock_script: scrpt.yaml, model: m}\n");
  auto bad = RunProcess(
      {kBin, "validate", dir + "/bad-script.yaml", dir + "/bad-configs.yaml", dir + "/missing-configs.yaml"});
  INFO(bad.err);
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad.out, "bad-script.yaml: invalid mock script"));
  CHECK(Contains(bad.out, "bad-configs.yaml: invalid bench configs"));
  CHECK(Contains(bad.err, "did you mean 'temperature'?"));
  CHECK(Contains(bad.out, "missing-configs.yaml: invalid bench configs"));
  CHECK(Contains(bad.err, "did you mean 'script.yaml'?"));

  // A value bench refuses only when it applies the config is refused by validate too, at the value.
  Write(dir + "/range-configs.yaml",
        "configs:\n  - name: a\n    provider: {type: MOCK, mock_script: script.yaml, model: m, max_tokens: 0}\n");
  auto range = RunProcess({kBin, "validate", dir + "/range-configs.yaml"});
  CHECK(range.exit_code == 2);
  CHECK(Contains(range.out, "range-configs.yaml: invalid bench configs"));
  CHECK(Contains(range.err, "range-configs.yaml:3:"));
  CHECK(Contains(range.err, "'max_tokens' must be between 1 and 10000000"));
}

TEST_CASE("validate checks a suite member in the context of the suite beside it that lists it") {
  std::string dir = MakeTempDir("validate-member");
  Write(dir + "/script.yaml", kScript);
  Write(dir + "/suite.yaml", R"(name: s
test_files: [member.yaml]
providers:
  - {name: mock, type: MOCK, mock_script: script.yaml}
servers:
  - {name: sample, type: stdio, command: "{{SAMPLE_SERVER}}"}
agents:
  - {name: agent, provider: mock, servers: [{name: sample}]}
variables:
  city: Paris
)");
  Write(dir + "/member.yaml", R"(sessions:
  - name: S
    tests:
      - name: Weather
        prompt: "weather in {{city}}"
        assertions: [{type: tool_called, tool: get_weather}]
)");
  auto ok = RunProcess({kBin, "validate", dir + "/member.yaml"}, kEnv);
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(Contains(ok.out, "member.yaml: ok (1 agent, 1 session, 1 test; checked as a member of"));

  // A typo in the member is found against the suite's variables.
  Write(dir + "/member.yaml", R"(sessions:
  - name: S
    tests:
      - name: Weather
        prompt: "weather in {{cty}}"
)");
  auto bad = RunProcess({kBin, "validate", dir + "/member.yaml"}, kEnv);
  INFO(bad.err);
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad.err, "member.yaml:5:31: error: test 'Weather' prompt: 'cty'"));
  CHECK(Contains(bad.err, "did you mean 'city'?"));
}

TEST_CASE("out-of-range numeric flags are refused with exit 2") {
  auto runs = RunProcess({kBin, "bench", "x.yaml", "--runs", "0"});
  CHECK(runs.exit_code == 2);
  CHECK(Contains(runs.err, "--runs expects at least 1 repetition, got '0'"));
  auto negative = RunProcess({kBin, "bench", "x.yaml", "--runs", "-3"});
  CHECK(negative.exit_code == 2);
  auto port = RunProcess({kBin, "mock-llm", "--port", "70000"});
  CHECK(port.exit_code == 2);
  CHECK(Contains(port.err, "--port expects 0 (any free port) to 65535"));
  auto jobs = RunProcess({kBin, "-f", "x.yaml", "-j", "many"});
  CHECK(jobs.exit_code == 2);
}

}  // namespace validate_e2e
}  // namespace ab::e2e

namespace ab::e2e {
namespace shard_e2e {

bool Has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST_CASE("bench --shard auto takes the shard from a Kubernetes Indexed Job or a Slurm array") {
  const std::string src = AB_SOURCE_DIR;
  std::string dir = MakeTempDir("shard-auto");
  auto bench = [&](const std::map<std::string, std::string>& env, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {kBin,
                                     "bench",
                                     src + "/suites/bench/tests.yaml",
                                     "--configs",
                                     src + "/suites/bench/configs.yaml",
                                     "--runs",
                                     "1",
                                     "--store",
                                     dir + "/h.db",
                                     "-o",
                                     dir + "/b",
                                     "--bench-id",
                                     "shard-e2e",
                                     "--no-progress",
                                     "--shard",
                                     "auto"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunProcess(argv, env);
  };
  auto k8s = bench({{"JOB_COMPLETION_INDEX", "1"}}, {"--shard-count", "2"});
  INFO(k8s.err);
  CHECK(k8s.exit_code == 0);
  CHECK(Has(k8s.err, "shard 2/2 executes 3 runs"));
  auto slurm =
      bench({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_MIN", "5"}, {"SLURM_ARRAY_TASK_COUNT", "3"}}, {});
  INFO(slurm.err);
  CHECK(slurm.exit_code == 0);
  CHECK(Has(slurm.err, "shard 1/3 executes 2 runs"));
  auto missing = bench({{"JOB_COMPLETION_INDEX", "0"}}, {});
  CHECK(missing.exit_code == 2);
  CHECK(Has(missing.err, "give --shard-count N"));
}

}  // namespace shard_e2e
}  // namespace ab::e2e

#include "cli/flags.h"

#include <doctest/doctest.h>

#include <string>

namespace ab::cli {

TEST_CASE("the reference's Go-style flags parse, with one or two dashes") {
  auto o = ParseFlags({"-f", "a.yaml", "-s", "suite.yaml", "-o", "out/report", "-reportType", "html,json,md",
                       "-verbose", "-l", "run.log"});
  REQUIRE(o);
  CHECK(o->command == "run");
  CHECK(o->files == std::vector<std::string>{"a.yaml"});
  CHECK(o->suites == std::vector<std::string>{"suite.yaml"});
  CHECK(o->output == "out/report");
  CHECK(o->report_types == std::vector<std::string>{"html", "json", "md"});
  CHECK(o->verbose);
  CHECK(o->log_file == "run.log");
  auto g = ParseFlags({"--file=b.yaml", "--report", "junit", "--report=markdown", "-v"});
  REQUIRE(g);
  CHECK(g->files == std::vector<std::string>{"b.yaml"});
  CHECK(g->report_types == std::vector<std::string>{"junit", "markdown"});
  CHECK(g->version);
}

TEST_CASE("-generate-report and boolean values") {
  auto o = ParseFlags({"-generate-report", "results.json", "-o", "new", "-verbose=false", "--deterministic=true"});
  REQUIRE(o);
  CHECK(o->generate_report == "results.json");
  CHECK_FALSE(o->verbose);
  CHECK(o->deterministic);
}

TEST_CASE("a leading word is the subcommand, later words are positional") {
  auto o = ParseFlags({"validate", "a.yaml", "b.yaml"});
  REQUIRE(o);
  CHECK(o->command == "validate");
  CHECK(o->positional == std::vector<std::string>{"a.yaml", "b.yaml"});
  auto t = ParseFlags({"tools", "-f", "x.yaml", "--server", "fs", "--json"});
  REQUIRE(t);
  CHECK(t->command == "tools");
  CHECK(t->server == "fs");
  CHECK(t->json);
  auto m = ParseFlags({"mock-llm", "--port", "8080", "--script", "s.yaml"});
  REQUIRE(m);
  CHECK(m->port == 8080);
  CHECK(m->script == "s.yaml");
}

TEST_CASE("numbers are checked") {
  auto j = ParseFlags({"-j", "4", "--seed", "42"});
  REQUIRE(j);
  CHECK(j->jobs == 4);
  CHECK(*j->seed == 42);
  CHECK_FALSE(ParseFlags({"-j", "four"}));
  CHECK_FALSE(ParseFlags({"--seed", "x"}));
}

TEST_CASE("unknown flags get a did-you-mean, a missing value is an error") {
  auto o = ParseFlags({"-reportTyp", "html"});
  REQUIRE_FALSE(o);
  CHECK(o.error().message.find("did you mean 'reportType'") != std::string::npos);
  auto v = ParseFlags({"--verbos"});
  REQUIRE_FALSE(v);
  CHECK(v.error().message.find("'verbose'") != std::string::npos);
  auto m = ParseFlags({"-f"});
  REQUIRE_FALSE(m);
  CHECK(m.error().message.find("needs a value") != std::string::npos);
  CHECK_FALSE(ParseFlags({"-verbose=maybe"}));
}

TEST_CASE("the help text documents every exit code") {
  std::string usage = UsageText();
  for (const char* code : {"0  all tests passed", "1  tests failed", "2  usage or configuration error",
                           "3  infrastructure error", "130 interrupted"})
    CHECK(usage.find(code) != std::string::npos);
}

}  // namespace ab::cli

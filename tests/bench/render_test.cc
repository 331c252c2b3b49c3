// Markdown, JSON and HTML bench reports: the figures appear, JSON parses with the documented fields, HTML is
// self-contained and escapes user text.
#include "bench/render.h"

#include <doctest/doctest.h>

#include <sstream>

#include "bench/fixtures.h"

namespace ab::bench {
namespace {

using testing::Run;

struct Case {
  BenchSummary summary;
  std::vector<RunRecord> runs;
};

Case MakeCase() {
  Case c;
  c.runs = {
      Run("gpt-4o", "f.yaml/s/<script>alert(1)</script>", RunStatus::kPassed, 1200, 0.02, 0),
      Run("gpt-4o", "f.yaml/s/<script>alert(1)</script>", RunStatus::kFailed, 1500, 0.02, 1),
      Run("claude|sonnet", "f.yaml/s/<script>alert(1)</script>", RunStatus::kPassed, 900, std::nullopt, 0),
      Run("claude|sonnet", "f.yaml/s/<script>alert(1)</script>", RunStatus::kPassed, 950, std::nullopt, 1),
  };
  c.runs[1].error = "assertion failed: <b>bold</b>";
  BenchMeta m;
  m.id = "20260101-000000-abcdef";
  m.name = "demo <bench>";
  m.suite = "suite";
  m.configs = {"gpt-4o", "claude|sonnet"};
  m.variants = {"default"};
  m.repetitions = 2;
  m.started_ms = 1767225600000;
  c.summary = Summarize(m, c.runs);
  return c;
}

std::string Render(const char* name, const Case& c, bool deterministic = true) {
  const BenchRenderer* r = FindBenchRenderer(name);
  REQUIRE(r != nullptr);
  std::ostringstream out;
  BenchRenderOptions o;
  o.deterministic = deterministic;
  r->render(c.summary, c.runs, out, o);
  return out.str();
}

TEST_CASE("render: markdown comparison table") {
  std::string md = Render("md", MakeCase());
  CHECK(md.find("# Bench: demo &lt;bench&gt;") == 0);
  CHECK(md.find("| Config | Rank | Runs | Success | 95% CI | pass@2 (95% CI) | pass^2 (95% CI) | p50 |") !=
        std::string::npos);
  // 1/2 and 2/2 have overlapping Wilson intervals: tied, not ranked.
  CHECK(md.find("| gpt-4o | 1 (tied) | 2 | 50.0% |") != std::string::npos);
  CHECK(md.find("| claude\\|sonnet | 1 (tied) | 2 | 100.0% |") != std::string::npos);  // pipe escaped
  CHECK(md.find("Most reliable: **claude\\|sonnet** (tied with gpt-4o)") != std::string::npos);
  // pass@2 of 1 pass in 2 is 1 (unbiased), its interval widened to hold it.
  CHECK(md.find("| 100.0% (") != std::string::npos);
  CHECK(md.find("| 1.4s |") != std::string::npos);  // p50 of 1200, 1500 = 1350
  CHECK(md.find("unknown") != std::string::npos);   // the unpriced config
  CHECK(md.find("Cheapest: **gpt-4o** · Fastest: **claude\\|sonnet** · Most reliable: **claude\\|sonnet**") !=
        std::string::npos);
  CHECK(md.find("| $0.0400 |") != std::string::npos);  // cost per success: $0.04 for 1 pass
  CHECK(md.find("## Warnings") != std::string::npos);
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("2026-01-01") == std::string::npos);  // deterministic: no time
  CHECK(Render("markdown", MakeCase(), false).find("2026-01-01T00:00:00") != std::string::npos);
}

TEST_CASE("render: json is machine-readable with the documented fields") {
  Case c = MakeCase();
  Json j = Json::parse(Render("json", c));
  CHECK(j["schema_version"] == kBenchJsonSchemaVersion);
  CHECK(j["kind"] == "agent-bench/bench");
  CHECK(j["bench"]["id"] == "20260101-000000-abcdef");
  CHECK(j["bench"]["configs"] == Json::array({"gpt-4o", "claude|sonnet"}));
  CHECK(j["bench"]["k"] == 2);
  CHECK(j["highlights"]["cheapest"] == "gpt-4o");
  REQUIRE(j["configs"].size() == 2);
  const Json& gpt = j["configs"][0];
  for (const char* key :
       {"config", "runs", "passed", "failed", "errored", "timed_out", "success_rate", "success_ci", "pass_at_k",
        "pass_hat_k", "latency_ms", "tokens_mean", "cost_usd", "retries", "wait_ms_mean"}) {
    CAPTURE(key);
    CHECK(gpt.contains(key));
  }
  CHECK(gpt["success_rate"] == 0.5);
  CHECK(gpt["latency_ms"]["p50"] == 1350.0);
  CHECK(gpt["cost_usd"]["total"].get<double>() == doctest::Approx(0.04));
  CHECK(j["configs"][1]["cost_usd"]["mean"].is_null());  // unknown, not 0
  CHECK(j["configs"][1]["cost_usd"]["unknown_runs"] == 2);
  CHECK(j["tests"].size() == 2);
  REQUIRE(j["runs"].size() == 4);
  CHECK(j["runs"][1]["status"] == "failed");
  CHECK(j["runs"][1]["error"] == "assertion failed: <b>bold</b>");
  CHECK(j["runs"][2]["cost_usd"].is_null());
}

TEST_CASE("render: html is self-contained and escapes everything") {
  std::string html = Render("html", MakeCase());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("demo &lt;bench&gt;") != std::string::npos);
  // No external resource: no stylesheet, script or image is loaded (links to transcripts are only links).
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<table>") != std::string::npos);
  CHECK(html.find("aria-label=\"success rate versus mean cost per run\"") != std::string::npos);
  CHECK(html.find("aria-label=\"latency distribution per config\"") != std::string::npos);
  CHECK(html.find("<circle") != std::string::npos);
  CHECK(html.find("Not plotted (cost unknown): claude|sonnet") != std::string::npos);
}

TEST_CASE("render: html has axis ticks with units, failure reasons linked to transcripts, and the by-variant table") {
  Case c = MakeCase();
  std::string html = Render("html", c);
  CHECK(html.find("Mean cost per run (USD)") != std::string::npos);
  CHECK(html.find("Success rate (%)") != std::string::npos);
  CHECK(html.find("Latency per run (ms)") != std::string::npos);
  CHECK(html.find("<text class=\"tick\"") != std::string::npos);
  CHECK(html.find(">$0.0000</text>") != std::string::npos);  // the cost axis starts at $0
  CHECK(html.find(">0ms</text>") != std::string::npos);      // the latency axis starts at 0 ms
  // The one failed run: its reason (escaped) and a link to its transcript in serve (run index 1).
  CHECK(html.find("<h2>Failures</h2>") != std::string::npos);
  CHECK(html.find("assertion failed: &lt;b&gt;bold&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("href=\"http://127.0.0.1:8080/api/v1/runs/bench~1/report\"") != std::string::npos);
  // Without a serve address there are no links.
  const BenchRenderer* r = FindBenchRenderer("html");
  std::ostringstream out;
  BenchRenderOptions o;
  o.deterministic = true;
  o.transcript_base_url.clear();
  r->render(c.summary, c.runs, out, o);
  CHECK(out.str().find("/api/v1/runs/") == std::string::npos);
  CHECK(out.str().find("assertion failed") != std::string::npos);
  // By variant only when there are several variants.
  CHECK(html.find("<h2>By variant</h2>") == std::string::npos);
  c.runs[0].variant = "other";
  c.summary.meta.variants = {"default", "other"};
  c.summary = Summarize(c.summary.meta, c.runs);
  std::string two = Render("html", c);
  CHECK(two.find("<h2>By variant</h2>") != std::string::npos);
  CHECK(two.find("<td>gpt-4o</td><td>other</td><td>1</td>") != std::string::npos);
}

TEST_CASE("render: renderer table") {
  CHECK(FindBenchRenderer("md") != nullptr);
  CHECK(FindBenchRenderer("markdown") == FindBenchRenderer("md"));
  CHECK(FindBenchRenderer("junit") == nullptr);
  CHECK(BenchRendererNames() == std::vector<std::string>{"md", "json", "html"});
}

}  // namespace
}  // namespace ab::bench

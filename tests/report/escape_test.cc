// Escaping helpers and, end to end, that hostile tool output stays text in every format.
#include "report/escape.h"

#include <doctest/doctest.h>

#include <sstream>

#include "base/redact.h"
#include "report/fixtures.h"
#include "report/render.h"

namespace ab::report {
namespace {

std::string Xml(std::string_view s) {
  std::ostringstream out;
  XmlEscape(s, out);
  return out.str();
}

constexpr const char* kScript = "<script>alert(1)</script>";
constexpr const char* kImg = "<img src=x onerror=alert(1)>";

// A run whose every free-text field carries an injection attempt.
Run HostileRun() {
  Run run = testing::MakeScenario("01_single_agent_single_test");
  TestRun& r = run.runs[0];
  r.test = std::string("evil ") + kImg + " | pipe";
  r.agent = "agent</td><script>";
  r.status = RunStatus::kFailed;
  r.passed = false;
  r.transcript.final_output = std::string(kScript) + "\nline two | cell";
  ToolResult& res = *r.transcript.tool_calls[0].result;
  res.content[0].text = std::string(kScript) + kImg + "</script><script>alert(2)</script>";
  res.content[0].raw = {{"type", "text"}, {"text", res.content[0].text}};
  r.transcript.messages.push_back({"tool", std::string("</script>") + kScript, 0, "write_file"});
  r.transcript.errors.push_back({ErrorKind::kTool, std::string("boom ") + kScript, 1});
  r.assertions[0].passed = false;
  r.assertions[0].message = std::string("bad ") + kImg + " | x";
  r.assertions[0].details = {{"actual", kScript}};
  return run;
}

std::string RenderWith(RenderFn fn, const Run& run) {
  std::ostringstream out;
  fn(run, out, RenderOptions{});
  return out.str();
}

TEST_CASE("escape: html entities") {
  CHECK(HtmlEscaped("<a href=\"x\">Tom & 'Jerry'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  std::ostringstream out;
  HtmlEscape("plain ü text", out);
  CHECK(out.str() == "plain ü text");
}

TEST_CASE("escape: xml entities and characters illegal in XML 1.0") {
  CHECK(Xml("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
  CHECK(Xml(std::string("x\x01y\x1Fz", 5)) == "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  CHECK(Xml(std::string("nul\0!", 5)) == "nul\xEF\xBF\xBD!");
  CHECK(Xml("tab\tnl\ncr\r") == "tab\tnl\ncr\r");
  CHECK(Xml("\xFF\xFE") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // invalid UTF-8
  CHECK(Xml("\xEF\xBF\xBF") == "\xEF\xBF\xBD");          // U+FFFF
  CHECK(Xml("\xED\xA0\x80") == "\xEF\xBF\xBD");          // a lone surrogate
  CHECK(Xml("ok ✓ 😀") == "ok ✓ 😀");
}

TEST_CASE("escape: markdown cells") { CHECK(MarkdownInline("a|b\nc\r\nd<e>") == "a\\|b<br>c<br>d&lt;e&gt;"); }

TEST_CASE("escape: json for a script block cannot close it") {
  Json j = {{"t", "</script><script>alert(1)</script>"}, {"amp", "a&b"}};
  std::string s = JsonForScript(j);
  CHECK(s.find('<') == std::string::npos);
  CHECK(s.find('>') == std::string::npos);
  CHECK(s.find('&') == std::string::npos);
  CHECK(Json::parse(s) == j);
  CHECK_NOTHROW(JsonForScript(Json(std::string("bad \xFF utf8"))));
  CHECK(DisplayWidth("✓ ab") == 4);
}

TEST_CASE("escape: html report shows hostile text as text") {
  std::string html = RenderWith(&RenderHtml, HostileRun());
  // Exactly the two script elements the page itself has: the data block and the code.
  size_t count = 0;
  for (size_t p = html.find("<script"); p != std::string::npos; p = html.find("<script", p + 1)) ++count;
  CHECK(count == 2);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("alert(1)</script>") == std::string::npos);
  CHECK(html.find("agent&lt;/td&gt;&lt;script&gt;") != std::string::npos);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(html.find("innerHTML") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("src=\"http") == std::string::npos);
}

TEST_CASE("escape: junit and markdown escape hostile text") {
  Run run = HostileRun();
  std::string xml = RenderWith(&RenderJunit, run);
  CHECK(xml.find("<script") == std::string::npos);
  CHECK(xml.find("<img") == std::string::npos);
  CHECK(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  std::string md = RenderWith(&RenderMarkdown, run);
  CHECK(md.find("<script") == std::string::npos);
  CHECK(md.find("<img") == std::string::npos);
  CHECK(md.find("evil &lt;img src=x onerror=alert(1)&gt; \\| pipe") != std::string::npos);
  CHECK(md.find("bad &lt;img") != std::string::npos);
}

TEST_CASE("escape: console strips terminal control sequences") {
  Run run = testing::MakeScenario("01_single_agent_single_test");
  run.runs[0].assertions[0].message = "evil \033[2J\033]0;title\007 text";
  std::string out = RenderWith(&RenderConsole, run);
  CHECK(out.find('\033') == std::string::npos);
  CHECK(out.find('\007') == std::string::npos);
  CHECK(out.find("evil ?[2J?]0;title? text") != std::string::npos);
}

}  // namespace
}  // namespace ab::report

namespace ab::report {
namespace {

TEST_CASE("escape: registered secrets never reach any report") {
  const std::string secret = "sk-report-test-9f8e7d6c5b4a";
  RegisterSecret(secret);
  Run run = testing::MakeScenario("01_single_agent_single_test");
  run.runs[0].transcript.final_output = "the key is " + secret;
  run.runs[0].transcript.tool_calls[0].arguments = {{"token", secret}};
  run.runs[0].transcript.errors.push_back({ErrorKind::kLlm, "401 for key " + secret, 1});
  run.runs[0].status = RunStatus::kFailed;  // so Markdown lists the errors too
  for (const Renderer& r : Renderers()) {
    CAPTURE(std::string(r.name));
    std::ostringstream out;
    r.render(run, out, RenderOptions{});
    CHECK(out.str().find(secret) == std::string::npos);
    CHECK(out.str().find("[REDACTED]") != std::string::npos);
  }
}

}  // namespace
}  // namespace ab::report

#include <thread>
#include <vector>

#include "template/template.h"
#include "test_context.h"

namespace ab::tmpl {
namespace {

using testing::FixedContext;
using testing::MustRender;
using testing::RenderError;

TEST_CASE("text without templates passes through untouched, including unicode") {
  Context ctx = FixedContext();
  CHECK(MustRender("", ctx).empty());
  CHECK(MustRender("plain text { } }} {x}", ctx) == "plain text { } }} {x}");
  CHECK(MustRender("héllo wörld — 日本語 🚀", ctx) == "héllo wörld — 日本語 🚀");
  ctx.variables["name"] = "Zoë 🚀";
  CHECK(MustRender("→ {{name}} ←", ctx) == "→ Zoë 🚀 ←");
}

TEST_CASE("variables render with double, triple and spaced mustaches") {
  Context ctx = FixedContext();
  ctx.variables["user"] = "alice";
  CHECK(MustRender("hi {{user}}!", ctx) == "hi alice!");
  CHECK(MustRender("hi {{ user }}!", ctx) == "hi alice!");
  CHECK(MustRender("hi {{{user}}}!", ctx) == "hi alice!");
  CHECK(MustRender("hi {{{ user }}}!", ctx) == "hi alice!");
  CHECK(MustRender("hi {{&user}}!", ctx) == "hi alice!");
  CHECK(MustRender("{{user}}{{user}}", ctx) == "alicealice");
}

TEST_CASE("values are never HTML-escaped (reference bug #9)") {
  Context ctx = FixedContext();
  ctx.variables["v"] = R"(a&b <tag> "q" 'x' `y` =)";
  CHECK(MustRender("{{v}}", ctx) == R"(a&b <tag> "q" 'x' `y` =)");
  CHECK(MustRender("{{{v}}}", ctx) == R"(a&b <tag> "q" 'x' `y` =)");
  ctx.variables["url"] = "https://x.test/?a=1&b=2";
  CHECK(MustRender("GET {{url}}", ctx) == "GET https://x.test/?a=1&b=2");
}

TEST_CASE("variables are looked up before the environment") {
  Context ctx = FixedContext();
  CHECK(MustRender("{{HOME}}", ctx) == "/home/tester");
  ctx.variables["HOME"] = "/override";
  CHECK(MustRender("{{HOME}}", ctx) == "/override");
  ctx.env = nullptr;
  ctx.variables.clear();
  CHECK(RenderError("{{HOME}}", ctx).find("unknown variable 'HOME'") != std::string::npos);
}

TEST_CASE("the default environment lookup reads the process environment") {
  Context ctx;
  ctx.variables.clear();
  CHECK(GetEnv("AB_TEMPLATE_SURELY_UNSET_VARIABLE") == std::nullopt);
  auto path = GetEnv("PATH");
  REQUIRE(path.has_value());
  CHECK(MustRender("{{PATH}}", ctx) == *path);
}

TEST_CASE("strict mode names an unknown variable with a suggestion and non-strict renders empty") {
  Context ctx = FixedContext();
  ctx.variables["food"] = "pizza";
  std::string err = RenderError("I like {{foo}}", ctx);
  CHECK(err.find("unknown variable 'foo'") != std::string::npos);
  CHECK(err.find("did you mean 'food'?") != std::string::npos);
  CHECK(err.find("column 10") != std::string::npos);
  ctx.strict = false;
  CHECK(MustRender("I like {{foo}}.", ctx) == "I like .");
  CHECK(MustRender("{{cut missing 'x'}}|", ctx) == "|");
}

TEST_CASE("a backslash escapes a mustache into literal text") {
  Context ctx = FixedContext();
  ctx.variables["x"] = "X";
  CHECK(MustRender(R"(\{{x}} is {{x}})", ctx) == "{{x}} is X");
  CHECK(ReferencedNames(R"(\{{nope}} {{x}})") == std::vector<std::string>{"x"});
}

TEST_CASE("comments are dropped") {
  Context ctx = FixedContext();
  CHECK(MustRender("a{{! a comment }}b{{!-- has }} inside --}}c", ctx) == "abc");
}

TEST_CASE("parse errors carry the column (and line when multi-line)") {
  Context ctx = FixedContext();
  ctx.variables["x"] = "1";
  std::string unclosed = RenderError("ab {{x", ctx);
  CHECK(unclosed.find("column 4") != std::string::npos);
  CHECK(unclosed.find("unclosed '{{'") != std::string::npos);
  CHECK(RenderError("{{}}", ctx).find("empty expression") != std::string::npos);
  CHECK(RenderError("{{{x}}", ctx).find("expected '}}}'") != std::string::npos);
  CHECK(RenderError("{{cut 'abc}}", ctx).find("unterminated string") != std::string::npos);
  CHECK(RenderError("{{#if x}}y{{/if}}", ctx).find("not supported") != std::string::npos);
  CHECK(RenderError("{{cut (x) 'a'}}", ctx).find("subexpressions") != std::string::npos);
  std::string multi = RenderError("line one\n  {{x", ctx);
  CHECK(multi.find("line 2, column 3") != std::string::npos);
  // Columns count characters, not bytes.
  CHECK(RenderError("é {{x", ctx).find("column 3") != std::string::npos);
}

TEST_CASE("unknown helpers and bad helper arguments are errors with suggestions") {
  Context ctx = FixedContext();
  std::string err = RenderError("x {{randomVal length=3}}", ctx);
  CHECK(err.find("unknown helper 'randomVal'") != std::string::npos);
  CHECK(err.find("did you mean 'randomValue'?") != std::string::npos);
  CHECK(err.find("column 5") != std::string::npos);
  std::string key = RenderError("{{randomValue lenght=3}}", ctx);
  CHECK(key.find("no argument 'lenght'") != std::string::npos);
  CHECK(key.find("did you mean 'length'?") != std::string::npos);
  CHECK(RenderError("{{cut 'a'}}", ctx).find("takes 2 positional arguments, got 1") != std::string::npos);
  CHECK(RenderError("{{randomInt lower=1 lower=2}}", ctx).find("given twice") != std::string::npos);
  CHECK(RenderError("{{substring start=1 'abc'}}", ctx).find("positional argument after") != std::string::npos);
  CHECK(RenderError("{{randomInt lower=abc}}", ctx).find("unknown variable 'abc'") != std::string::npos);
  CHECK(RenderError("{{randomInt lower='abc'}}", ctx).find("lower must be an integer") != std::string::npos);
}

TEST_CASE("Validate checks syntax and helper signatures without rendering") {
  CHECK(Validate("plain").ok());
  CHECK(Validate("{{undefined_but_fine}} {{randomInt lower=1 upper=2}} {{faker 'Name.first_name'}}").ok());
  CHECK(!Validate("{{x").ok());
  CHECK(!Validate("{{randomint}}  {{nope 1}}").ok());
  Status s = Validate("{{now fromat='unix'}}");
  REQUIRE(!s.ok());
  CHECK(s.error().message.find("did you mean 'format'?") != std::string::npos);
}

TEST_CASE("ReferencedNames lists variables, not helpers nor literals") {
  CHECK(ReferencedNames("no templates").empty());
  CHECK(ReferencedNames("{{a}} {{ b }} {{{c}}} {{a}}") == std::vector<std::string>{"a", "b", "c"});
  CHECK(ReferencedNames("{{cut filename '.txt'}} {{replace email \"@a\" to}} {{substring text start=n end=3}}") ==
        std::vector<std::string>{"filename", "email", "to", "text", "n"});
  CHECK(ReferencedNames("{{randomValue type='UUID'}} {{now}} {{faker 'Name.first_name'}}").empty());
  CHECK(ReferencedNames("{{randomInt upper=true}} {{randomInt upper=5}}").empty());
  // Names before a syntax error are still reported.
  CHECK(ReferencedNames("{{a}} {{b}} {{broken") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("helpers win over variables of the same name") {
  Context ctx = FixedContext();
  ctx.variables["now"] = "variable";
  CHECK(MustRender("{{now format='unix'}}", ctx) == "1705329000");
}

TEST_CASE("helper arguments can be variables, quoted strings or numbers") {
  Context ctx = FixedContext();
  ctx.variables["filename"] = "report.txt";
  ctx.variables["ext"] = ".txt";
  ctx.variables["n"] = "3";
  CHECK(MustRender("{{cut filename \".txt\"}}", ctx) == "report");
  CHECK(MustRender("{{cut filename ext}}", ctx) == "report");
  CHECK(MustRender("{{substring filename start=n}}", ctx) == "ort.txt");
  CHECK(MustRender(R"({{replace 'a\'b' "'" "-"}})", ctx) == "a-b");
  CHECK(MustRender(R"({{replace "say \"hi\"" '"' ''}})", ctx) == "say hi");
  CHECK(MustRender(R"({{cut 'a\\b' '\\'}})", ctx) == "ab");
}

TEST_CASE("the same seed gives the same output and another seed differs") {
  const char* tpl =
      "{{randomValue}} {{randomInt}} {{randomDecimal}} {{faker 'Internet.email'}} "
      "{{randomValue type='UUID'}}";
  std::string a = MustRender(tpl, FixedContext(7));
  std::string b = MustRender(tpl, FixedContext(7));
  std::string c = MustRender(tpl, FixedContext(8));
  CHECK(a == b);
  CHECK(a != c);
  // Rendering twice from one context advances it: no repeated "random" values.
  Context ctx = FixedContext(7);
  CHECK(MustRender(tpl, ctx) != MustRender(tpl, ctx));
}

TEST_CASE("Render is safe on distinct contexts from many threads") {
  const char* tpl = "{{randomValue length=16}} {{now timezone='UTC' format='yyyy'}} {{faker 'Name.full_name'}}";
  const std::string expected = MustRender(tpl, FixedContext(99));
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      Context ctx = FixedContext(99);
      for (int k = 0; k < 50; ++k) {
        auto r = Render(tpl, ctx);
        if (k == 0 && r) results[i] = *r;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) CHECK(r == expected);
}

}  // namespace
}  // namespace ab::tmpl

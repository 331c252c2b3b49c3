#include "template/template.h"
#include "test_context.h"

namespace ab::tmpl {
namespace {

using testing::FixedContext;
using testing::MustRender;

TEST_CASE("cut removes every occurrence") {
  Context ctx = FixedContext();
  CHECK(MustRender(R"({{cut "Hello World" "World"}})", ctx) == "Hello ");
  CHECK(MustRender("{{cut 'a-b-c' '-'}}", ctx) == "abc");
  CHECK(MustRender("{{cut 'abc' ''}}", ctx) == "abc");
}

TEST_CASE("replace replaces every occurrence") {
  Context ctx = FixedContext();
  ctx.variables["email"] = "bob@example.com";
  CHECK(MustRender(R"({{replace "Hello World" "World" "Universe"}})", ctx) == "Hello Universe");
  CHECK(MustRender(R"({{replace email "@example.com" "@test.com"}})", ctx) == "bob@test.com");
  CHECK(MustRender("{{replace 'aaa' 'a' 'bb'}}", ctx) == "bbbbbb");
  CHECK(MustRender("{{replace 'x<y' '<' '&lt;'}}", ctx) == "x&lt;y");
}

TEST_CASE("substring takes clamped byte indices") {
  Context ctx = FixedContext();
  ctx.variables["text"] = "Hello World";
  CHECK(MustRender(R"({{substring "Hello World" start=0 end=5}})", ctx) == "Hello");
  CHECK(MustRender("{{substring text start=6}}", ctx) == "World");
  CHECK(MustRender("{{substring text}}", ctx) == "Hello World");
  CHECK(MustRender("{{substring text start=-5 end=2}}", ctx) == "He");
  CHECK(MustRender("{{substring text start=6 end=500}}", ctx) == "World");
  CHECK(MustRender("{{substring text start=8 end=3}}", ctx).empty());
  CHECK(MustRender("{{substring text start=50}}", ctx).empty());
}

TEST_CASE("substring never splits a UTF-8 character") {
  Context ctx = FixedContext();
  ctx.variables["s"] = "aé日b";  // a(1) é(2) 日(3) b(1): bytes 0,1-2,3-5,6
  CHECK(MustRender("{{substring s start=0 end=3}}", ctx) == "aé");
  CHECK(MustRender("{{substring s start=0 end=2}}", ctx) == "a");    // end inside é: é dropped
  CHECK(MustRender("{{substring s start=2 end=7}}", ctx) == "日b");  // start inside é: é dropped
  CHECK(MustRender("{{substring s start=4 end=5}}", ctx).empty());
}

}  // namespace
}  // namespace ab::tmpl

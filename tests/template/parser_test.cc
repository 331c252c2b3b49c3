#include "template/parser.h"

#include <doctest/doctest.h>

namespace ab::tmpl {
namespace {

TEST_CASE("Parse splits text and expressions with typed arguments") {
  auto nodes = Parse("a {{h 'q' \"d\" 12 -3.5 true name key=val k2='s'}} b");
  REQUIRE(nodes);
  REQUIRE(nodes->size() == 3);
  CHECK((*nodes)[0].text == "a ");
  CHECK((*nodes)[2].text == " b");
  const Expr& e = (*nodes)[1].expr;
  REQUIRE((*nodes)[1].is_expr);
  CHECK(e.head == "h");
  CHECK(e.offset == 4);
  REQUIRE(e.positional.size() == 6);
  CHECK(e.positional[0].kind == Arg::Kind::kString);
  CHECK(e.positional[0].text == "q");
  CHECK(e.positional[1].text == "d");
  CHECK(e.positional[2].kind == Arg::Kind::kNumber);
  CHECK(e.positional[3].kind == Arg::Kind::kNumber);
  CHECK(e.positional[3].text == "-3.5");
  CHECK(e.positional[4].kind == Arg::Kind::kBool);
  CHECK(e.positional[5].kind == Arg::Kind::kName);
  REQUIRE(e.named.size() == 2);
  CHECK(e.named[0].first == "key");
  CHECK(e.named[0].second.kind == Arg::Kind::kName);
  CHECK(e.named[1].second.kind == Arg::Kind::kString);
}

TEST_CASE("Parse keeps a quoted '}}' inside a string argument") {
  auto nodes = Parse("{{cut x '}}'}}");
  REQUIRE(nodes);
  REQUIRE(nodes->size() == 1);
  CHECK((*nodes)[0].expr.positional[1].text == "}}");
}

TEST_CASE("Parse accepts spaces around '=' and dotted names") {
  auto nodes = Parse("{{ h key = 'v' }}{{user.name}}");
  REQUIRE(nodes);
  REQUIRE(nodes->size() == 2);
  CHECK((*nodes)[0].expr.named[0].second.text == "v");
  CHECK((*nodes)[1].expr.head == "user.name");
}

TEST_CASE("Parse rejects malformed expressions") {
  CHECK(!Parse("{{").has_value());
  CHECK(!Parse("{{x}").has_value());
  CHECK(!Parse("{{'lit'}}").has_value());
  CHECK(!Parse("{{h key=}}").has_value());
  CHECK(!Parse("{{h 'a'=1}}").has_value());
  CHECK(!Parse("{{!-- open").has_value());
  CHECK(!Parse("{{> partial}}").has_value());
  CHECK(Parse("{{x").error().code == ErrorCode::kParse);
}

TEST_CASE("Position counts lines and characters") {
  CHECK(Position("abc", 0) == "column 1");
  CHECK(Position("abc", 2) == "column 3");
  CHECK(Position("ab\ncd", 4) == "line 2, column 2");
  CHECK(Position("日本{{", 6) == "column 3");
}

}  // namespace
}  // namespace ab::tmpl

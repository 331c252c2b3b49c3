// The published examples of RFC 9535 (§1.5 and §2.x), written out as data, plus syntax and typing errors.
#include "jsonpath/jsonpath.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ab::jsonpath {
namespace {

struct Case {
  const char* query;
  const char* expected;  // JSON array: the nodelist's values in order
};

Json SelectValues(const std::string& query, const Json& doc) {
  Result<Path> p = Parse(query);
  REQUIRE_MESSAGE(p.has_value(), query << ": " << p.error().message);
  Json out = Json::array();
  for (const Json* n : Select(*p, doc)) out.push_back(*n);
  return out;
}

void RunCases(const char* document, const std::vector<Case>& cases) {
  const Json doc = Json::parse(document);
  for (const Case& c : cases) {
    CAPTURE(c.query);
    Json got = SelectValues(c.query, doc);
    Json want = Json::parse(c.expected);
    CHECK_MESSAGE(JsonEqual(got, want), c.query << " gave " << got.dump() << ", want " << want.dump());
  }
}

const char* kBookstore = R"({ "store": {
    "book": [
      { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
      { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
      { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3",
        "price": 8.99 },
      { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
        "isbn": "0-395-19395-8", "price": 22.99 }
    ],
    "bicycle": { "color": "red", "price": 399 } } })";

const char* kMoby = R"({ "category": "fiction", "author": "Herman Melville", "title": "Moby Dick",
  "isbn": "0-553-21311-3", "price": 8.99 })";
const char* kLotr = R"({ "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
  "isbn": "0-395-19395-8", "price": 22.99 })";
const char* kRees = R"({ "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century",
  "price": 8.95 })";
const char* kWaugh = R"({ "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour",
  "price": 12.99 })";

std::string List(std::initializer_list<const char*> items) {
  std::string s = "[";
  for (const char* i : items) s += (s.size() > 1 ? "," : "") + std::string(i);
  return s + "]";
}

TEST_CASE("RFC 9535 §1.5 bookstore examples") {
  const std::string authors = R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])";
  const std::string store_children =
      "[" + Json::parse(kBookstore)["store"]["book"].dump() + R"(,{"color":"red","price":399}])";
  const std::string first_two = List({kRees, kWaugh});
  const std::string isbn = List({kMoby, kLotr});
  const std::string cheap = List({kRees, kMoby});
  const std::string moby = List({kMoby});
  const std::string lotr = List({kLotr});
  RunCases(kBookstore, {
                           {"$.store.book[*].author", authors.c_str()},
                           {"$..author", authors.c_str()},
                           {"$.store.*", store_children.c_str()},
                           {"$.store..price", "[8.95, 12.99, 8.99, 22.99, 399]"},
                           {"$..book[2]", moby.c_str()},
                           {"$..book[2].author", R"(["Herman Melville"])"},
                           {"$..book[2].publisher", "[]"},
                           {"$..book[-1]", lotr.c_str()},
                           {"$..book[0,1]", first_two.c_str()},
                           {"$..book[:2]", first_two.c_str()},
                           {"$..book[?@.isbn]", isbn.c_str()},
                           {"$..book[?@.price<10]", cheap.c_str()},
                       });
  CHECK(SelectValues("$..*", Json::parse(kBookstore)).size() == 27);
  CHECK(SelectValues("$", Json::parse(kBookstore)).size() == 1);
}

TEST_CASE("RFC 9535 §2.3.1.3 name selector") {
  RunCases(R"({"o": {"j j": {"k.k": 3}}, "'": {"@": 2}})", {
                                                               {"$.o['j j']", R"([{"k.k": 3}])"},
                                                               {"$.o['j j']['k.k']", "[3]"},
                                                               {R"($.o["j j"]["k.k"])", "[3]"},
                                                               {R"($["'"]["@"])", "[2]"},
                                                           });
}

TEST_CASE("RFC 9535 §2.3.2.3 wildcard selector") {
  RunCases(R"({"o": {"j": 1, "k": 2}, "a": [5, 3]})", {
                                                          {"$[*]", R"([{"j": 1, "k": 2}, [5, 3]])"},
                                                          {"$.o[*]", "[1, 2]"},
                                                          {"$.o[*, *]", "[1, 2, 1, 2]"},
                                                          {"$.a[*]", "[5, 3]"},
                                                      });
}

TEST_CASE("RFC 9535 §2.3.3.3 index selector") {
  RunCases(R"(["a", "b"])", {{"$[1]", R"(["b"])"}, {"$[-2]", R"(["a"])"}, {"$[2]", "[]"}, {"$[-3]", "[]"}});
}

TEST_CASE("RFC 9535 §2.3.4.3 array slice selector") {
  RunCases(R"(["a", "b", "c", "d", "e", "f", "g"])", {
                                                         {"$[1:3]", R"(["b", "c"])"},
                                                         {"$[5:]", R"(["f", "g"])"},
                                                         {"$[1:5:2]", R"(["b", "d"])"},
                                                         {"$[5:1:-2]", R"(["f", "d"])"},
                                                         {"$[::-1]", R"(["g","f","e","d","c","b","a"])"},
                                                         {"$[1:3:0]", "[]"},
                                                         {"$[-2:]", R"(["f", "g"])"},
                                                         {"$[:100]", R"(["a","b","c","d","e","f","g"])"},
                                                     });
}

const char* kFilterDoc = R"({
  "a": [3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}],
  "o": {"p": 1, "q": 2, "r": 3, "s": 5, "t": {"u": 6}},
  "e": "f" })";

TEST_CASE("RFC 9535 §2.3.5.3 filter selector") {
  const Json doc = Json::parse(kFilterDoc);
  const std::string array_a = "[" + doc["a"].dump() + "]";
  const std::string a_and_o = "[" + doc["a"].dump() + "," + doc["o"].dump() + "]";
  RunCases(kFilterDoc, {
                           {"$.a[?@.b == 'kilo']", R"([{"b": "kilo"}])"},
                           {"$.a[?(@.b == 'kilo')]", R"([{"b": "kilo"}])"},
                           {"$.a[?@>3.5]", "[5, 4, 6]"},
                           {"$.a[?@.b]", R"([{"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}])"},
                           {"$[?@.*]", a_and_o.c_str()},
                           {"$[?@[?@.b]]", array_a.c_str()},
                           {"$.o[?@<3, ?@<3]", "[1, 2, 1, 2]"},
                           {R"($.a[?@<2 || @.b == "k"])", R"([1, {"b": "k"}])"},
                           {R"($.a[?match(@.b, "[jk]")])", R"([{"b": "j"}, {"b": "k"}])"},
                           {R"($.a[?search(@.b, "[jk]")])", R"([{"b": "j"}, {"b": "k"}, {"b": "kilo"}])"},
                           {"$.o[?@>1 && @<4]", "[2, 3]"},
                           {"$.o[?@.u || @.x]", R"([{"u": 6}])"},
                           {"$.a[?@.b == $.x]", "[3, 5, 1, 2, 4, 6]"},
                           {"$.a[?@ == @]", doc["a"].dump().c_str()},
                           {"$.a[?!@.b]", "[3, 5, 1, 2, 4, 6]"},
                           {"$.a[?!(@ < 5 || @.b)]", "[5, 6]"},
                       });
}

TEST_CASE("RFC 9535 §2.3.5.3 comparison table") {
  struct Cmp {
    const char* expr;
    bool result;
  };
  const std::vector<Cmp> table = {
      {"$.absent1 == $.absent2", true},
      {"$.absent1 <= $.absent2", true},
      {"$.absent == 'g'", false},
      {"$.absent1 != $.absent2", false},
      {"$.absent != 'g'", true},
      {"1 <= 2", true},
      {"1 > 2", false},
      {"13 == '13'", false},
      {"'a' <= 'b'", true},
      {"'a' > 'b'", false},
      {"$.obj == $.arr", false},
      {"$.obj != $.arr", true},
      {"$.obj == $.obj", true},
      {"$.obj != $.obj", false},
      {"$.arr == $.arr", true},
      {"$.arr != $.arr", false},
      {"$.obj == 17", false},
      {"$.obj != 17", true},
      {"$.obj <= $.arr", false},
      {"$.obj < $.arr", false},
      {"$.obj <= $.obj", true},
      {"$.arr <= $.arr", true},
      {"1 <= $.arr", false},
      {"1 >= $.arr", false},
      {"1 > $.arr", false},
      {"1 < $.arr", false},
      {"true <= true", true},
      {"true > true", false},
      {"1 == 1.0", true},
      {"1e2 == 100", true},
  };
  const Json doc = Json::parse(R"({"obj": {"x": "y"}, "arr": [2, 3]})");
  for (const Cmp& c : table) {
    CAPTURE(c.expr);
    // Each root child is selected exactly when the (node-independent) comparison holds.
    CHECK(SelectValues(std::string("$[?") + c.expr + "]", doc).size() == (c.result ? 2u : 0u));
  }
}

TEST_CASE("RFC 9535 §2.5 child and descendant segments") {
  RunCases(R"(["a", "b", "c", "d", "e", "f", "g"])", {
                                                         {"$[0, 3]", R"(["a", "d"])"},
                                                         {"$[0:2, 5]", R"(["a", "b", "f"])"},
                                                         {"$[0, 0]", R"(["a", "a"])"},
                                                     });
  const char* doc = R"({"o": {"j": 1, "k": 2}, "a": [5, 3, [{"j": 4}, {"k": 6}]]})";
  const char* all = R"([{"j": 1, "k": 2}, [5, 3, [{"j": 4}, {"k": 6}]], 1, 2, 5, 3, [{"j": 4}, {"k": 6}],
                        {"j": 4}, {"k": 6}, 4, 6])";
  RunCases(doc, {
                    {"$..j", "[1, 4]"},
                    {"$..[0]", R"([5, {"j": 4}])"},
                    {"$..[*]", all},
                    {"$..*", all},
                    {"$..o", R"([{"j": 1, "k": 2}])"},
                    {"$.o..[*, *]", "[1, 2, 1, 2]"},
                    {"$.a..[0, 1]", R"([5, 3, {"j": 4}, {"k": 6}])"},
                });
}

TEST_CASE("RFC 9535 §2.6 null semantics") {
  RunCases(R"({"a": null, "b": [null], "c": [{}], "null": 1})", {
                                                                    {"$.a", "[null]"},
                                                                    {"$.a[0]", "[]"},
                                                                    {"$.a.d", "[]"},
                                                                    {"$.b[0]", "[null]"},
                                                                    {"$.b[*]", "[null]"},
                                                                    {"$.b[?@]", "[null]"},
                                                                    {"$.b[?@==null]", "[null]"},
                                                                    {"$.c[?@.d==null]", "[]"},
                                                                    {"$.null", "[1]"},
                                                                });
}

TEST_CASE("string literals: escapes, quotes and unicode") {
  RunCases(R"({"a\"b": 1, "it's": 2, "é": 3, "😀": 4, "tab\there": 5})", {
                                                                            {R"($["a\"b"])", "[1]"},
                                                                            {R"($['it\'s'])", "[2]"},
                                                                            {R"($["it's"])", "[2]"},
                                                                            {"$.é", "[3]"},
                                                                            {R"($['\u00e9'])", "[3]"},
                                                                            {R"($['\ud83d\ude00'])", "[4]"},
                                                                            {R"($['tab\there'])", "[5]"},
                                                                        });
}

TEST_CASE("whitespace is allowed between tokens but not around the query") {
  RunCases(R"({"a": [1, 2, 3]})", {
                                      {"$.a[ 0 , 2 ]", "[1, 3]"},
                                      {"$.a[ ?  @ > 1  &&  @ < 3 ]", "[2]"},
                                      {"$ .a [1]", "[2]"},
                                      {"$.a[?count( @.* ) == 0]", "[1, 2, 3]"},
                                  });
}

struct BadQuery {
  const char* query;
  int column;
  const char* fragment;
};

TEST_CASE("invalid queries are rejected with the column") {
  const std::vector<BadQuery> bad = {
      {"", 1, "empty query"},
      {"a.b", 1, "must start with '$'"},
      {" $", 1, "must start with '$'"},
      {"$ ", 2, "unexpected"},
      {"$.", 3, "expected a member name"},
      {"$..", 4, "expected a member name"},
      {"$[", 3, "expected a selector"},
      {"$['a'", 6, "expected ']'"},
      {"$['a]", 3, "unterminated string"},
      {"$[01]", 3, "leading zeros"},
      {"$[-0]", 3, "'-0'"},
      {"$[9007199254740992]", 3, "out of range"},
      {R"($['\q'])", 4, "invalid escape"},
      {"$[?@.* == 1]", 4, "singular"},
      {"$[?1]", 4, "literal must be part of a comparison"},
      {"$[?length(@.a)]", 4, "yields a value"},
      {"$[?foo(@)]", 4, "unknown function 'foo'"},
      {"$[?length(@.*) < 3]", 11, "argument must be a value"},
      {"$[?count(1) == 1]", 10, "argument must be a query"},
      {"$[?match(@.a, 'x') == true]", 4, "does not yield a comparable value"},
      {"$[?value(@..color)]", 4, "yields a value"},
      {"$[?length(@.a, 1) > 1]", 16, "takes 1 argument"},
      {"$[?@.a == 1 == 2]", 13, "expected ',' or ']'"},
      {"$[?@.a &&]", 10, "expected a literal"},
      {"$.a[1 2]", 7, "expected ',' or ']'"},
      {"$[?(@.a]", 8, "expected ')'"},
  };
  for (const BadQuery& b : bad) {
    CAPTURE(b.query);
    Result<Path> p = Parse(b.query);
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().code == ErrorCode::kParse);
    const std::string& msg = p.error().message;
    CHECK_MESSAGE(msg.find("at column " + std::to_string(b.column) + ":") == 0, msg);
    CHECK_MESSAGE(msg.find(b.fragment) != std::string::npos, msg);
  }
}

TEST_CASE("absurdly deep nesting is an error, not a stack overflow") {
  std::string q = "$[?" + std::string(5000, '(') + "@" + std::string(5000, ')') + "]";
  Result<Path> p = Parse(q);
  REQUIRE_FALSE(p.has_value());
  CHECK(p.error().message.find("nested too deeply") != std::string::npos);
  CHECK(Parse("$[?" + std::string(50, '(') + "@.a" + std::string(50, ')') + "]").has_value());
}

TEST_CASE("well-typed function queries of RFC 9535 §2.4.3 parse") {
  for (const char* q : {"$[?length(@) < 3]", "$[?count(@.*) == 1]", "$[?match(@.timezone, 'Europe/.*')]",
                        "$[?value(@..color) == \"red\"]", "$[?length(value(@.a)) > 0]"}) {
    CAPTURE(q);
    CHECK(Parse(q).has_value());
  }
}

TEST_CASE("IsSingular distinguishes name/index paths from the rest") {
  CHECK(Parse("$.a[0]['b']")->IsSingular());
  CHECK_FALSE(Parse("$.a[*]")->IsSingular());
  CHECK_FALSE(Parse("$..a")->IsSingular());
  CHECK_FALSE(Parse("$[0,1]")->IsSingular());
}

TEST_CASE("one Path evaluates against many documents") {
  Result<Path> p = Parse("$.user.name");
  REQUIRE(p.has_value());
  CHECK(p->text() == "$.user.name");
  Json a = Json::parse(R"({"user": {"name": "Ann"}})");
  Json b = Json::parse(R"({"user": {"name": "Bob"}})");
  Json c = Json::parse(R"([1, 2])");
  CHECK(*Select(*p, a).at(0) == "Ann");
  CHECK(*Select(*p, b).at(0) == "Bob");
  CHECK(Select(*p, c).empty());
}

}  // namespace
}  // namespace ab::jsonpath

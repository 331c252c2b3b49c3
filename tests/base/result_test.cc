#include "base/result.h"

#include <doctest/doctest.h>

#include "base/diagnostic.h"
#include "base/transcript.h"

namespace ab {

TEST_CASE("Result holds a value or an error") {
  Result<int> ok = 5;
  CHECK(ok.has_value());
  CHECK(*ok == 5);
  Result<int> bad = Error(ErrorCode::kTimeout, "too slow");
  CHECK_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::kTimeout);
  CHECK(bad.value_or(7) == 7);
}

TEST_CASE("Error and Diagnostic print file:line:col") {
  Error e(ErrorCode::kConfig, "unknown key 'foo'", SourceLoc{"a.yaml", 3, 5});
  CHECK(e.ToString() == "a.yaml:3:5: unknown key 'foo'");
  Diagnostic d{Severity::kError, SourceLoc{"a.yaml", 1, 2}, "bad"};
  CHECK(d.ToString() == "a.yaml:1:2: error: bad");
  CHECK(HasErrors({d}));
  CHECK_FALSE(HasErrors({Diagnostic{Severity::kWarning, {}, "w"}}));
  CHECK(Status().ok());
  CHECK_FALSE(Status(e).ok());
}

TEST_CASE("ToolResult text and JSON views") {
  ToolResult r;
  CHECK(r.AsJson().is_null());
  r.content.push_back(ContentBlock{"text", "{\"a\": 1}", "", "", "", "", nullptr});
  CHECK(r.AsJson()["a"] == 1);
  r.content.push_back(ContentBlock{"image", "", "image/png", "AAAA", "", "", nullptr});
  CHECK(r.Text() == "{\"a\": 1}");
  r.structured = Json{{"b", 2}};
  CHECK(r.AsJson()["b"] == 2);
}

TEST_CASE("Usage adds up and keeps unknown cost unknown") {
  Usage a;
  a.prompt_tokens = 10;
  a.completion_tokens = 5;
  Usage b = a;
  b.cost_usd = 0.5;
  Usage sum;
  sum += a;
  CHECK_FALSE(sum.cost_usd.has_value());
  sum += b;
  CHECK(sum.total() == 30);
  CHECK(*sum.cost_usd == doctest::Approx(0.5));
}

}  // namespace ab

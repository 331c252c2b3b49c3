#include <re2/re2.h>

#include <set>

#include "template/template.h"
#include "test_context.h"

namespace ab::tmpl {
namespace {

using testing::FixedContext;
using testing::MustRender;
using testing::RenderError;

bool Matches(const std::string& s, const char* re) { return RE2::FullMatch(s, re); }

TEST_CASE("randomValue types produce the documented alphabets and lengths") {
  Context ctx = FixedContext();
  for (int i = 0; i < 200; ++i) {
    CHECK(Matches(MustRender("{{randomValue}}", ctx), "[A-Za-z0-9]{10}"));
    CHECK(Matches(MustRender("{{randomValue type='ALPHANUMERIC' length=8}}", ctx), "[A-Za-z0-9]{8}"));
    CHECK(Matches(MustRender("{{randomValue type='ALPHABETIC' length=8}}", ctx), "[A-Za-z]{8}"));
    CHECK(Matches(MustRender("{{randomValue type='NUMERIC' length=6}}", ctx), "[0-9]{6}"));
    CHECK(Matches(MustRender("{{randomValue type=\"HEXADECIMAL\" length=8}}", ctx), "[0-9a-f]{8}"));
    CHECK(Matches(MustRender("{{randomValue type='ALPHANUMERIC_AND_SYMBOLS' length=12}}", ctx),
                  R"([A-Za-z0-9!@#$%^&*()\-_=+]{12})"));
    CHECK(Matches(MustRender("{{randomValue type='ALPHABETIC' length=8 uppercase=true}}", ctx), "[A-Z]{8}"));
    CHECK(Matches(MustRender("{{randomValue type='UUID'}}", ctx),
                  "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  }
  CHECK(MustRender("{{randomValue length=0}}", ctx).empty());
  CHECK(Matches(MustRender("{{randomValue type='UUID' uppercase=true}}", ctx), "[0-9A-F-]{36}"));
}

TEST_CASE("randomValue uses every character of its alphabet") {
  Context ctx = FixedContext();
  std::set<char> seen;
  for (char c : MustRender("{{randomValue type='HEXADECIMAL' length=2000}}", ctx)) seen.insert(c);
  CHECK(seen.size() == 16);
}

TEST_CASE("randomValue rejects unknown types and bad lengths") {
  Context ctx = FixedContext();
  std::string err = RenderError("{{randomValue type='ALPHANUMERICS'}}", ctx);
  CHECK(err.find("unknown type 'ALPHANUMERICS'") != std::string::npos);
  CHECK(err.find("did you mean 'ALPHANUMERIC'?") != std::string::npos);
  CHECK(RenderError("{{randomValue length=-1}}", ctx).find("length must be between") != std::string::npos);
  CHECK(RenderError("{{randomValue uppercase='maybe'}}", ctx).find("true or false") != std::string::npos);
}

TEST_CASE("randomInt stays within inclusive bounds and reaches both ends") {
  Context ctx = FixedContext();
  std::set<int> seen;
  for (int i = 0; i < 2000; ++i) {
    int v = std::stoi(MustRender("{{randomInt lower=-3 upper=3}}", ctx));
    CHECK(v >= -3);
    CHECK(v <= 3);
    seen.insert(v);
  }
  CHECK(seen.size() == 7);
  for (int i = 0; i < 200; ++i) {
    int v = std::stoi(MustRender("{{randomInt}}", ctx));
    CHECK((v >= 0 && v <= 100));
    int w = std::stoi(MustRender("{{randomInt lower=1000 upper=9999}}", ctx));
    CHECK((w >= 1000 && w <= 9999));
  }
  CHECK(MustRender("{{randomInt lower=5 upper=5}}", ctx) == "5");
  CHECK(RenderError("{{randomInt lower=5 upper=4}}", ctx).find("greater than upper") != std::string::npos);
}

TEST_CASE("randomDecimal has two decimals and stays in range") {
  Context ctx = FixedContext();
  for (int i = 0; i < 500; ++i) {
    std::string s = MustRender("{{randomDecimal lower=10.5 upper=99.9}}", ctx);
    CHECK(Matches(s, R"([0-9]+\.[0-9]{2})"));
    double v = std::stod(s);
    CHECK(v >= 10.5);
    CHECK(v <= 99.9);
    std::string d = MustRender("{{randomDecimal}}", ctx);
    CHECK(Matches(d, R"([0-9]+\.[0-9]{2})"));
    CHECK(std::stod(d) <= 100.0);
  }
  CHECK(Matches(MustRender("{{randomDecimal lower=-1 upper=0}}", ctx), R"(-?[01]\.[0-9]{2})"));
  CHECK(RenderError("{{randomDecimal lower='x'}}", ctx).find("lower must be a number") != std::string::npos);
}

TEST_CASE("NewUuidV4 is well-formed and seed-reproducible") {
  std::mt19937_64 a(1), b(1);
  std::string u = NewUuidV4(a);
  CHECK(u == NewUuidV4(b));
  CHECK(Matches(u, "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  CHECK(NewUuidV4(a) != u);
}

}  // namespace
}  // namespace ab::tmpl

#include "template/faker.h"

#include <re2/re2.h>

#include <set>

#include "template/template.h"
#include "test_context.h"

namespace ab::tmpl {
namespace {

using testing::FixedContext;
using testing::MustRender;
using testing::RenderError;

bool LuhnValid(const std::string& digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 == 0;
}

TEST_CASE("every documented faker key exists and has the expected shape") {
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {"Name.first_name", "[A-Z][a-z]+"},
      {"Name.last_name", "[A-Z][a-z]+"},
      {"Name.full_name", "[A-Z][a-z]+ [A-Z][a-z]+"},
      {"Name.prefix", "(Mr\\.|Mrs\\.|Ms\\.|Miss|Dr\\.|Prof\\.)"},
      {"Name.suffix", "(Jr\\.|Sr\\.|II|III|IV|PhD|MD)"},
      {"Address.street", "[0-9]{1,4} [A-Z][a-z]+ [A-Z][a-z]+"},
      {"Address.street_name", "[A-Z][a-z]+ [A-Z][a-z]+"},
      {"Address.street_number", "[1-9][0-9]{0,3}"},
      {"Address.city", "[A-Z][A-Za-z ]+"},
      {"Address.state", "[A-Z][A-Za-z ]+"},
      {"Address.state_abbrev", "[A-Z]{2}"},
      {"Address.country", "[A-Z][A-Za-z ]+"},
      {"Address.country_code", "[A-Z]{2}"},
      {"Address.postcode", "[0-9]{5}"},
      {"Phone.number", "[2-9][0-9]{2}-[0-9]{4}"},
      {"Phone.number_formatted", "\\([2-9][0-9]{2}\\) [2-9][0-9]{2}-[0-9]{4}"},
      {"Internet.email", "[a-z]+\\.[a-z]+@[a-z]+\\.[a-z]+"},
      {"Internet.username", "[a-z]+_[a-z]+_[0-9]{1,3}"},
      {"Internet.url", "https://www\\.[a-z]+\\.[a-z]+"},
      {"Internet.ipv4", "[0-9]{1,3}(\\.[0-9]{1,3}){3}"},
      {"Internet.ipv6", "[0-9a-f]{4}(:[0-9a-f]{4}){7}"},
      {"Internet.mac", "[0-9A-F]{2}(:[0-9A-F]{2}){5}"},
      {"Company.name", "[A-Z][A-Za-z ]+ [A-Z][A-Za-z.]+"},
      {"Company.suffix", "[A-Z][A-Za-z.]+"},
      {"Company.profession", "[A-Z][A-Za-z ]+"},
      {"Lorem.word", "[a-z]+"},
      {"Lorem.sentence", "[A-Z][a-z]+( [a-z]+){3,9}\\."},
      {"Lorem.paragraph", "[A-Z][a-z]+( [a-z]+){3,9}\\.( [A-Z][a-z]+( [a-z]+){3,9}\\.){2,5}"},
      {"Finance.credit_card", "4[0-9]{3}-[0-9]{4}-[0-9]{4}-[0-9]{4}"},
      {"Finance.currency", "[A-Z]{3}"},
      {"Misc.uuid", "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"},
      {"Misc.boolean", "true|false"},
      {"Misc.date", "20[0-3][0-9]-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"},
      {"Misc.time", "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"},
      {"Misc.timestamp", "(9[0-9]{8}|1[0-9]{9})"},
      {"Misc.digit", "[0-9]"},
  };
  CHECK(FakerKeys().size() == shapes.size());
  Context ctx = FixedContext();
  for (const auto& entry : shapes) {  // not a structured binding: clang 14 cannot capture one in CHECK_MESSAGE
    const std::string& key = entry.first;
    RE2 re(entry.second);
    REQUIRE(re.ok());
    for (int i = 0; i < 50; ++i) {
      std::string v = MustRender("{{faker '" + key + "'}}", ctx);
      CHECK_MESSAGE(RE2::FullMatch(v, re), key << " gave '" << v << "'");
    }
  }
}

TEST_CASE("faker credit cards pass the Luhn check and ipv4 octets are in range") {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 500; ++i) {
    auto card = Fake("Finance.credit_card", rng);
    REQUIRE(card);
    std::string digits = *card;
    RE2::GlobalReplace(&digits, "-", "");
    CHECK(digits.size() == 16);
    CHECK_MESSAGE(LuhnValid(digits), *card);
    auto ip = Fake("Internet.ipv4", rng);
    REQUIRE(ip);
    int o[4] = {};
    REQUIRE(RE2::FullMatch(*ip, R"(([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+))", &o[0], &o[1], &o[2], &o[3]));
    for (int octet : o) CHECK(octet <= 255);
  }
}

TEST_CASE("faker draws from the whole list and is seed-reproducible") {
  std::mt19937_64 a(11), b(11);
  std::set<std::string> seen;
  for (int i = 0; i < 300; ++i) {
    auto x = Fake("Misc.digit", a);
    auto y = Fake("Misc.digit", b);
    REQUIRE(x);
    REQUIRE(y);
    CHECK(*x == *y);
    seen.insert(*x);
  }
  CHECK(seen.size() == 10);
}

TEST_CASE("an unknown faker key is an error with a suggestion") {
  Context ctx = FixedContext();
  std::string err = RenderError("{{faker 'Internet.emial'}}", ctx);
  CHECK(err.find("unknown faker key 'Internet.emial'") != std::string::npos);
  CHECK(err.find("did you mean 'Internet.email'?") != std::string::npos);
  CHECK(RenderError("{{faker}}", ctx).find("takes 1 positional argument") != std::string::npos);
}

}  // namespace
}  // namespace ab::tmpl

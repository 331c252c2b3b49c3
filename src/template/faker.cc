#include "template/faker.h"

#include <cctype>
#include <cstdio>

#include "base/civil.h"
#include "base/strings.h"
#include "template/faker_data.h"
#include "template/helpers.h"
#include "template/random.h"

namespace ab::tmpl {
namespace {

using Rng = std::mt19937_64;
namespace fd = faker_data;

std::string Digits(Rng& r, size_t n) { return RandomString(r, "0123456789", n); }
std::string Hex(Rng& r, size_t n, bool upper) {
  return RandomString(r, upper ? "0123456789ABCDEF" : "0123456789abcdef", n);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string FullName(Rng& r) { return Pick(r, fd::FirstNames()) + " " + Pick(r, fd::LastNames()); }
std::string StreetNumber(Rng& r) { return std::to_string(UniformInt(r, 1, 9999)); }
std::string StreetName(Rng& r) { return Pick(r, fd::StreetNames()) + " " + Pick(r, fd::StreetSuffixes()); }
// A North American exchange/area code never starts with 0 or 1.
std::string AreaCode(Rng& r) { return std::to_string(UniformInt(r, 2, 9)) + Digits(r, 2); }

std::string Sentence(Rng& r) {
  int64_t n = UniformInt(r, 4, 10);
  std::string out;
  for (int64_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += Pick(r, fd::LoremWords());
  }
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + ".";
}

// 16 digits starting with 4 (Visa), the last one the Luhn check digit, grouped 4-4-4-4.
std::string CreditCard(Rng& r) {
  std::string digits = "4" + Digits(r, 14);
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    // Counting from the right with the check digit at position 0, double every odd position.
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  digits += static_cast<char>('0' + (10 - sum % 10) % 10);
  return digits.substr(0, 4) + "-" + digits.substr(4, 4) + "-" + digits.substr(8, 4) + "-" + digits.substr(12, 4);
}

// A random instant in 2000-01-01 .. 2030-12-31, for the Misc date/time/timestamp keys.
int64_t RandomEpochSeconds(Rng& r) {
  return UniformInt(r, DaysFromCivil(2000, 1, 1) * 86400, DaysFromCivil(2031, 1, 1) * 86400 - 1);
}

std::string TwoDigits(int64_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(v));
  return buf;
}

struct Entry {
  const char* key;
  std::string (*make)(Rng&);
};

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> entries = {
      {"Name.first_name", [](Rng& r) { return Pick(r, fd::FirstNames()); }},
      {"Name.last_name", [](Rng& r) { return Pick(r, fd::LastNames()); }},
      {"Name.full_name", [](Rng& r) { return FullName(r); }},
      {"Name.prefix", [](Rng& r) { return Pick(r, fd::NamePrefixes()); }},
      {"Name.suffix", [](Rng& r) { return Pick(r, fd::NameSuffixes()); }},
      {"Address.street", [](Rng& r) { return StreetNumber(r) + " " + StreetName(r); }},
      {"Address.street_name", [](Rng& r) { return StreetName(r); }},
      {"Address.street_number", [](Rng& r) { return StreetNumber(r); }},
      {"Address.city", [](Rng& r) { return Pick(r, fd::Cities()); }},
      {"Address.state", [](Rng& r) { return Pick(r, fd::States()).first; }},
      {"Address.state_abbrev", [](Rng& r) { return Pick(r, fd::States()).second; }},
      {"Address.country", [](Rng& r) { return Pick(r, fd::Countries()).first; }},
      {"Address.country_code", [](Rng& r) { return Pick(r, fd::Countries()).second; }},
      {"Address.postcode", [](Rng& r) { return Digits(r, 5); }},
      {"Phone.number", [](Rng& r) { return AreaCode(r) + "-" + Digits(r, 4); }},
      {"Phone.number_formatted", [](Rng& r) { return "(" + AreaCode(r) + ") " + AreaCode(r) + "-" + Digits(r, 4); }},
      {"Internet.email",
       [](Rng& r) {
         return Lower(Pick(r, fd::FirstNames()) + "." + Pick(r, fd::LastNames())) + "@" + Pick(r, fd::Domains());
       }},
      {"Internet.username",
       [](Rng& r) {
         return Lower(Pick(r, fd::FirstNames()) + "_" + Pick(r, fd::LastNames())) + "_" +
                std::to_string(UniformInt(r, 1, 999));
       }},
      {"Internet.url",
       [](Rng& r) { return "https://www." + Lower(Pick(r, fd::LastNames())) + "." + Pick(r, fd::TopLevelDomains()); }},
      {"Internet.ipv4",
       [](Rng& r) {
         std::string out = std::to_string(UniformInt(r, 1, 254));
         for (int i = 0; i < 3; ++i) out += "." + std::to_string(UniformInt(r, 0, 255));
         return out;
       }},
      {"Internet.ipv6",
       [](Rng& r) {
         std::string out = Hex(r, 4, false);
         for (int i = 0; i < 7; ++i) out += ":" + Hex(r, 4, false);
         return out;
       }},
      {"Internet.mac",
       [](Rng& r) {
         std::string out = Hex(r, 2, true);
         for (int i = 0; i < 5; ++i) out += ":" + Hex(r, 2, true);
         return out;
       }},
      {"Company.name", [](Rng& r) { return Pick(r, fd::CompanyWords()) + " " + Pick(r, fd::CompanySuffixes()); }},
      {"Company.suffix", [](Rng& r) { return Pick(r, fd::CompanySuffixes()); }},
      {"Company.profession", [](Rng& r) { return Pick(r, fd::Professions()); }},
      {"Lorem.word", [](Rng& r) { return Pick(r, fd::LoremWords()); }},
      {"Lorem.sentence", [](Rng& r) { return Sentence(r); }},
      {"Lorem.paragraph",
       [](Rng& r) {
         int64_t n = UniformInt(r, 3, 6);
         std::string out = Sentence(r);
         for (int64_t i = 1; i < n; ++i) out += " " + Sentence(r);
         return out;
       }},
      {"Finance.credit_card", [](Rng& r) { return CreditCard(r); }},
      {"Finance.currency", [](Rng& r) { return Pick(r, fd::Currencies()); }},
      {"Misc.uuid", [](Rng& r) { return NewUuidV4(r); }},
      {"Misc.boolean", [](Rng& r) { return std::string(UniformInt(r, 0, 1) ? "true" : "false"); }},
      {"Misc.date",
       [](Rng& r) {
         CivilDate d = CivilFromDays(FloorDiv(RandomEpochSeconds(r), 86400));
         return std::to_string(d.year) + "-" + TwoDigits(d.month) + "-" + TwoDigits(d.day);
       }},
      {"Misc.time",
       [](Rng& r) {
         return TwoDigits(UniformInt(r, 0, 23)) + ":" + TwoDigits(UniformInt(r, 0, 59)) + ":" +
                TwoDigits(UniformInt(r, 0, 59));
       }},
      {"Misc.timestamp", [](Rng& r) { return std::to_string(RandomEpochSeconds(r)); }},
      {"Misc.digit", [](Rng& r) { return std::to_string(UniformInt(r, 0, 9)); }},
  };
  return entries;
}

}  // namespace

Result<std::string> Fake(std::string_view key, std::mt19937_64& rng) {
  for (const Entry& e : Entries()) {
    if (key == e.key) return e.make(rng);
  }
  return Error(ErrorCode::kInvalidArgument,
               "unknown faker key '" + std::string(key) + "'" + DidYouMean(key, FakerKeys()));
}

std::vector<std::string> FakerKeys() {
  std::vector<std::string> out;
  for (const Entry& e : Entries()) out.emplace_back(e.key);
  return out;
}

Result<std::string> FakerHelper(const HelperArgs& args, const Context& ctx) {
  return Fake(args.positional[0], ctx.rng);
}

}  // namespace ab::tmpl

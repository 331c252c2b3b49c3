#include "template/faker_data.h"

namespace ab::tmpl::faker_data {

const std::vector<std::string>& FirstNames() {
  static const std::vector<std::string> v = {
      "James",  "Mary",    "John",    "Patricia", "Robert",  "Jennifer", "Michael", "Linda",  "William", "Elizabeth",
      "David",  "Barbara", "Richard", "Susan",    "Joseph",  "Jessica",  "Thomas",  "Sarah",  "Charles", "Karen",
      "Daniel", "Nancy",   "Matthew", "Lisa",     "Anthony", "Betty",    "Mark",    "Sandra", "Paul",    "Ashley"};
  return v;
}

const std::vector<std::string>& LastNames() {
  static const std::vector<std::string> v = {"Smith",    "Johnson", "Williams",  "Brown",    "Jones",     "Garcia",
                                             "Miller",   "Davis",   "Rodriguez", "Martinez", "Hernandez", "Lopez",
                                             "Gonzalez", "Wilson",  "Anderson",  "Thomas",   "Taylor",    "Moore",
                                             "Jackson",  "Martin",  "Lee",       "Perez",    "Thompson",  "White",
                                             "Harris",   "Sanchez", "Clark",     "Ramirez",  "Lewis",     "Robinson"};
  return v;
}

const std::vector<std::string>& NamePrefixes() {
  static const std::vector<std::string> v = {"Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof."};
  return v;
}

const std::vector<std::string>& NameSuffixes() {
  static const std::vector<std::string> v = {"Jr.", "Sr.", "II", "III", "IV", "PhD", "MD"};
  return v;
}

const std::vector<std::string>& StreetNames() {
  static const std::vector<std::string> v = {"Main", "Oak",    "Pine",   "Maple",  "Cedar",  "Elm",    "Washington",
                                             "Lake", "Hill",   "Park",   "Sunset", "River",  "Church", "Highland",
                                             "Mill", "Forest", "Spring", "Ridge",  "Walnut", "Lincoln"};
  return v;
}

const std::vector<std::string>& StreetSuffixes() {
  static const std::vector<std::string> v = {"St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Way", "Pl", "Ter"};
  return v;
}

const std::vector<std::string>& Cities() {
  static const std::vector<std::string> v = {"New York",     "Los Angeles", "Chicago",     "Houston",   "Phoenix",
                                             "Philadelphia", "San Antonio", "San Diego",   "Dallas",    "San Jose",
                                             "Austin",       "Seattle",     "Denver",      "Boston",    "Portland",
                                             "Atlanta",      "Miami",       "Minneapolis", "Nashville", "Detroit"};
  return v;
}

const std::vector<std::pair<std::string, std::string>>& States() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"Alabama", "AL"},        {"Alaska", "AK"},   {"Arizona", "AZ"},   {"California", "CA"},
      {"Colorado", "CO"},       {"Florida", "FL"},  {"Georgia", "GA"},   {"Illinois", "IL"},
      {"Massachusetts", "MA"},  {"Michigan", "MI"}, {"Minnesota", "MN"}, {"New York", "NY"},
      {"North Carolina", "NC"}, {"Ohio", "OH"},     {"Oregon", "OR"},    {"Pennsylvania", "PA"},
      {"Tennessee", "TN"},      {"Texas", "TX"},    {"Virginia", "VA"},  {"Washington", "WA"}};
  return v;
}

const std::vector<std::pair<std::string, std::string>>& Countries() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"United States", "US"}, {"Canada", "CA"},       {"Mexico", "MX"}, {"Brazil", "BR"},    {"United Kingdom", "GB"},
      {"France", "FR"},        {"Germany", "DE"},      {"Spain", "ES"},  {"Italy", "IT"},     {"Netherlands", "NL"},
      {"Sweden", "SE"},        {"Poland", "PL"},       {"India", "IN"},  {"Japan", "JP"},     {"Australia", "AU"},
      {"South Korea", "KR"},   {"South Africa", "ZA"}, {"Egypt", "EG"},  {"Argentina", "AR"}, {"New Zealand", "NZ"}};
  return v;
}

const std::vector<std::string>& Domains() {
  static const std::vector<std::string> v = {"example.com", "example.org", "example.net", "test.com", "mail.test"};
  return v;
}

const std::vector<std::string>& TopLevelDomains() {
  static const std::vector<std::string> v = {"com", "org", "net", "io", "dev", "info"};
  return v;
}

const std::vector<std::string>& CompanyWords() {
  static const std::vector<std::string> v = {"Acme",   "Globex",  "Initech",  "Umbrella", "Stark",      "Wayne",
                                             "Tech",   "Vertex",  "Apex",     "Nimbus",   "Quantum",    "Pioneer",
                                             "Summit", "Horizon", "Blue Sky", "Ironwood", "Silverline", "Northwind"};
  return v;
}

const std::vector<std::string>& CompanySuffixes() {
  static const std::vector<std::string> v = {"Inc.", "LLC", "Corp", "Ltd.", "Group", "Co.", "Holdings", "Partners"};
  return v;
}

const std::vector<std::string>& Professions() {
  static const std::vector<std::string> v = {
      "Software Engineer", "Data Scientist", "Product Manager", "Accountant", "Teacher",  "Nurse", "Architect",
      "Designer",          "Electrician",    "Lawyer",          "Pharmacist", "Mechanic", "Chef",  "Journalist",
      "Dentist",           "Pilot",          "Photographer",    "Consultant"};
  return v;
}

const std::vector<std::string>& LoremWords() {
  static const std::vector<std::string> v = {
      "lorem",   "ipsum",   "dolor",   "sit",        "amet",   "consectetur", "adipiscing", "elit",         "sed",
      "do",      "eiusmod", "tempor",  "incididunt", "ut",     "labore",      "et",         "dolore",       "magna",
      "aliqua",  "enim",    "ad",      "minim",      "veniam", "quis",        "nostrud",    "exercitation", "ullamco",
      "laboris", "nisi",    "aliquip", "ex",         "ea",     "commodo",     "consequat"};
  return v;
}

const std::vector<std::string>& Currencies() {
  static const std::vector<std::string> v = {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "SEK",
                                             "NZD", "MXN", "SGD", "HKD", "NOK", "KRW", "INR", "BRL", "ZAR"};
  return v;
}

}  // namespace ab::tmpl::faker_data

// The small built-in word lists faker draws from. Plain data; the logic is in faker.cc.
#pragma once

#include <string>
#include <vector>

namespace ab::tmpl::faker_data {

const std::vector<std::string>& FirstNames();
const std::vector<std::string>& LastNames();
const std::vector<std::string>& NamePrefixes();
const std::vector<std::string>& NameSuffixes();
const std::vector<std::string>& StreetNames();
const std::vector<std::string>& StreetSuffixes();
const std::vector<std::string>& Cities();
/// US states and their abbreviations, as parallel pairs.
const std::vector<std::pair<std::string, std::string>>& States();
/// Countries and their ISO 3166-1 alpha-2 codes, as parallel pairs.
const std::vector<std::pair<std::string, std::string>>& Countries();
const std::vector<std::string>& Domains();
const std::vector<std::string>& TopLevelDomains();
const std::vector<std::string>& CompanyWords();
const std::vector<std::string>& CompanySuffixes();
const std::vector<std::string>& Professions();
const std::vector<std::string>& LoremWords();
const std::vector<std::string>& Currencies();

}  // namespace ab::tmpl::faker_data

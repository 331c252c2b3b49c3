// The PostgreSQL server tests run against: AB_TEST_PG_URL when set, else the throwaway server the `postgres`
// CTest fixture started (tests/store/pg_fixture.sh writes its URL to <build>/pg-test/url). Without a server a
// test fails under CI=true and is skipped otherwise (exit code 77, CTest's SKIP_RETURN_CODE).
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "store/db.h"

namespace ab::testing {

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The server's URL; never returns without one (fails or skips the test).
inline std::string TestPgUrl() {
  if (const char* env = std::getenv("AB_TEST_PG_URL"); env && *env) return env;
  std::string dir = std::string(AB_BINARY_DIR) + "/pg-test";
  std::string url = ReadWholeFile(dir + "/url");
  if (!url.empty()) return url;
  std::string why = ReadWholeFile(dir + "/unavailable");
  if (why.empty()) why = "no PostgreSQL test server: run the tests with ctest (fixture pg/start) or set AB_TEST_PG_URL";
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true") FAIL("PostgreSQL tests cannot run in CI: " << why);
  std::fprintf(stderr, "skipped: %s\n", why.c_str());
  std::fflush(stderr);
  std::_Exit(77);
}

/// A URL selecting a fresh, empty schema (search_path) of the test server: each test gets its own history.
inline std::string FreshPgSchemaUrl(const std::string& name) {
  std::string base = TestPgUrl();
  std::string schema = "t_";
  for (char c : name) schema += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  schema += "_" + std::to_string(getpid());
  Result<std::unique_ptr<store::Db>> db = store::OpenPostgresDb(base);
  REQUIRE_MESSAGE(db.has_value(), (db ? "" : db.error().ToString()));
  REQUIRE((*db)->ExecScript("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema).ok());
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

}  // namespace ab::testing

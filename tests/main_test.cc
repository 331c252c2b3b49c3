// The doctest main of every unit-test binary. CTest runs each case as `binary --test-case=NAME`; a name that CTest
// or doctest split (a ';' in it, say) would then select nothing and "pass" without running. This main fails
// instead: a run that was given a test-case filter must run at least one case.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <string_view>

namespace {

std::atomic<int> g_cases_started{0};
std::string g_filter;  // the --test-case value, commas unescaped

/// A case skipped by its decorator (doctest::skip()) and named exactly by the filter counts as selected.
bool SkippedOnPurpose(const doctest::TestCaseData& tc) { return tc.m_skip && g_filter == tc.m_name; }

struct CaseCounter : doctest::IReporter {
  explicit CaseCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override { ++g_cases_started; }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData& tc) override {
    if (SkippedOnPurpose(tc)) ++g_cases_started;
  }
};

}  // namespace

DOCTEST_REGISTER_LISTENER("case-counter", 1, CaseCounter);

int main(int argc, char** argv) {
  bool filtered = false, listing = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.rfind("--test-case=", 0) == 0 || a.rfind("-tc=", 0) == 0) {
      filtered = true;
      std::string_view v = a.substr(a.find('=') + 1);
      g_filter.clear();
      for (size_t k = 0; k < v.size(); ++k) {
        if (v[k] == '\\' && k + 1 < v.size() && v[k + 1] == ',') continue;
        g_filter += v[k];
      }
    }
    if (a.rfind("--list", 0) == 0 || a.rfind("-ltc", 0) == 0 || a.rfind("-lts", 0) == 0 || a == "-h" || a == "--help" ||
        a == "-v" || a == "--version" || a.rfind("--count", 0) == 0) {
      listing = true;
    }
  }
  doctest::Context context(argc, argv);
  int failures = context.run();
  if (context.shouldExit() || listing) return failures;
  if (filtered && g_cases_started == 0) {
    std::fprintf(stderr, "error: the test-case filter matched no test case (a ';' in a name splits it in CTest)\n");
    return 1;
  }
  return failures;
}

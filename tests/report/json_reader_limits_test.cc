// A JSON report read back (merge, regenerate) may come from anywhere: nesting deeper than any report agent-bench
// writes is refused with the limit's name before a tree that deep exists.
#include <doctest/doctest.h>

#include <fstream>

#include "report/json_reader.h"

namespace ab::report {
namespace {

std::string WriteReport(const std::string& name, const std::string& text) {
  const std::string path = std::string(AB_BINARY_DIR) + "/report_limits_" + name + ".json";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST_CASE("json_reader: a report nested 60 000 levels deep is refused naming the depth limit") {
  const std::string deep = std::string(60'000, '[') + std::string(60'000, ']');
  for (const std::string& text :
       {R"({"schema_version":1,"extra":)" + deep + R"(,"detailed_results":[]})",
        R"({"schema_version":1,"detailed_results":[{"execution":{"messages":)" + deep + "}}]}"}) {
    const std::string path = WriteReport("deep", text);
    Result<Run> run = ReadJsonReport(path);
    REQUIRE_FALSE(run.has_value());
    CHECK(run.error().message.find("nested deeper than 1024 levels (json_max_depth)") != std::string::npos);
  }
}

TEST_CASE("json_reader: nesting within the limit still reads") {
  const std::string path = WriteReport("shallow", R"({"schema_version":1,"extra":)" + std::string(100, '[') +
                                                      std::string(100, ']') + R"(,"detailed_results":[]})");
  Result<Run> run = ReadJsonReport(path);
  CHECK_MESSAGE(run.has_value(), (run ? "" : run.error().message));
}

}  // namespace
}  // namespace ab::report

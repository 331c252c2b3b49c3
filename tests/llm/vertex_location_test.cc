// VERTEX without `location` falls back as the Vertex SDK does: GOOGLE_CLOUD_REGION, CLOUD_ML_REGION, us-central1.
#include <doctest/doctest.h>

#include <map>

#include "llm/factory.h"

namespace ab::llm {
namespace {

std::string With(const std::map<std::string, std::string>& env, const std::string& location = "") {
  config::Provider p;
  p.name = "v";
  p.type = "VERTEX";
  p.location = location;
  return VertexLocation(p, [&](const char* name) {
    auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
  });
}

TEST_CASE("VERTEX location: written, then GOOGLE_CLOUD_REGION, then CLOUD_ML_REGION, then us-central1") {
  CHECK(With({{"GOOGLE_CLOUD_REGION", "europe-west4"}}, "asia-east1") == "asia-east1");
  CHECK(With({{"GOOGLE_CLOUD_REGION", "europe-west4"}, {"CLOUD_ML_REGION", "us-east5"}}) == "europe-west4");
  CHECK(With({{"CLOUD_ML_REGION", "us-east5"}}) == "us-east5");
  CHECK(With({}) == "us-central1");
}

}  // namespace
}  // namespace ab::llm

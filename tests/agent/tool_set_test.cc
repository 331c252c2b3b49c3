#include "agent/tool_set.h"

#include <doctest/doctest.h>

#include "fakes/fake_server.h"

namespace ab::agent {

TEST_CASE("allowed_tools filters at server level, and the first server wins a name collision") {
  fakes::FakeServer a("a"), b("b");
  a.AddTool("read");
  a.AddTool("write");
  b.AddTool("read");
  b.AddTool("search");
  ToolSet set;
  std::vector<std::string> collisions;
  set.AddServer("a", &a, *a.ListTools(), std::vector<std::string>{"read"}, &collisions);
  set.AddServer("b", &b, *b.ListTools(), std::nullopt, &collisions);
  CHECK(set.Names() == std::vector<std::string>{"read", "search"});
  CHECK(set.Find("read")->server == "a");
  CHECK(set.Find("write") == nullptr);
  REQUIRE(collisions.size() == 1);
  CHECK(collisions[0].find("'read'") != std::string::npos);
  ToolSet narrowed = set.Filtered(std::vector<std::string>{"search", "nonexistent"});
  CHECK(narrowed.Names() == std::vector<std::string>{"search"});
  CHECK(set.Filtered(std::nullopt).size() == 2);
  CHECK(set.Specs()[1].name == "search");
}

}  // namespace ab::agent

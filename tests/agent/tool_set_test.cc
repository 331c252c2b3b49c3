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

TEST_CASE("tool sets share their model-facing list until they change, so its serialization is cached") {
  fakes::FakeServer a("a"), b("b");
  a.AddTool("read");
  a.AddTool("write");
  b.AddTool("search");
  ToolSet set;
  set.AddServer("a", &a, *a.ListTools(), std::nullopt, nullptr);
  const auto render = [](const std::vector<llm::ToolSpec>& specs) {
    std::string names;
    for (const auto& s : specs) names += s.name + ";";
    return names;
  };
  CHECK(set.Specs().Serialized("test", render) == "read;write;");
  // Copies, and filters that keep every tool, share the list and what it cached (a session's tests and turns).
  ToolSet copy = set;
  CHECK(copy.Specs().Serialized("test", render) == "read;write;");
  CHECK(set.Filtered(std::nullopt).Specs().renders() == 1);
  CHECK(set.Filtered(std::vector<std::string>{"read", "write", "other"}).Specs().renders() == 1);
  // A narrower filter is a new list with its own cache.
  ToolSet narrowed = set.Filtered(std::vector<std::string>{"write"});
  CHECK(narrowed.Specs().renders() == 0);
  CHECK(narrowed.Specs().Serialized("test", render) == "write;");
  // Adding a server (a restarted or new server) changes this set only; the copy keeps the old list and cache.
  set.AddServer("b", &b, *b.ListTools(), std::nullopt, nullptr);
  CHECK(set.Specs().renders() == 0);
  CHECK(set.Specs().Serialized("test", render) == "read;write;search;");
  CHECK(copy.Specs().Serialized("test", render) == "read;write;");
  CHECK(copy.Specs().renders() == 1);
  CHECK(copy.Find("search") == nullptr);
}

}  // namespace ab::agent

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

namespace {

/// A server whose tools change at run time, counting list_changed notifications like mcp::McpClient.
class ChangingServer : public fakes::FakeServer {
 public:
  using FakeServer::FakeServer;
  void SetTools(std::vector<std::string> names) {
    names_ = std::move(names);
    ++changes;
  }
  Result<std::vector<mcp::ToolInfo>> ListTools() override {
    ++lists;
    listed_at_ = changes;
    std::vector<mcp::ToolInfo> out;
    for (const auto& n : names_)
      out.push_back(mcp::ToolInfo{n, "", "tool " + n, Json{{"type", "object"}}, nullptr, nullptr});
    return out;
  }
  uint64_t tools_changes() const override { return changes; }
  uint64_t tools_listed_at() const override { return listed_at_; }
  uint64_t changes = 0;
  int lists = 0;

 private:
  std::vector<std::string> names_;
  uint64_t listed_at_ = 0;
};

}  // namespace

TEST_CASE("after list_changed the set lists the server again, keeps its filters and records what changed") {
  ChangingServer a("a");
  fakes::FakeServer b("b");
  b.AddTool("search");
  a.SetTools({"read", "write"});
  ToolSet set;
  set.AddServer("b", &b, *b.ListTools(), std::nullopt, nullptr);
  set.AddServer("a", &a, *a.ListTools(), std::nullopt, nullptr);
  ToolSet session = set.Filtered(std::vector<std::string>{"read", "write", "search", "delete"});
  std::vector<ToolListChange> changes;
  CHECK_FALSE(session.Refreshed(1, &changes).has_value());  // nothing changed: no listing, no entry
  CHECK(a.lists == 1);

  a.SetTools({"read", "delete", "secret", "search"});
  auto next = session.Refreshed(3, &changes);
  REQUIRE(next.has_value());
  CHECK(a.lists == 2);
  // The filter still applies to new tools (secret is not allowed); b keeps search, a's new search is hidden.
  CHECK(next->Names() == std::vector<std::string>{"search", "read", "delete"});
  CHECK(next->Find("search")->server == "b");
  CHECK(next->Find("delete")->connection == &a);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].server == "a");
  CHECK(changes[0].iteration == 3);
  CHECK(changes[0].added == std::vector<std::string>{"delete"});
  CHECK(changes[0].removed == std::vector<std::string>{"write"});
  REQUIRE(changes[0].notes.size() == 1);
  CHECK(changes[0].notes[0].find("'search'") != std::string::npos);
  // The new set is up to date; the old one still sees the change (a later test of the session rebuilds too).
  CHECK_FALSE(next->Refreshed(4, &changes).has_value());
  CHECK(session.Refreshed(5, nullptr).has_value());
  CHECK(session.Names() == std::vector<std::string>{"search", "read", "write"});
}

TEST_CASE(
    "a tool that can only be called as a task is not offered and is named in a warning, and optional is offered") {
  fakes::FakeServer a("a");
  a.AddTool("plain");
  auto tools = *a.ListTools();
  mcp::ToolInfo task_only{"research", "", "needs tasks", Json{{"type", "object"}}, nullptr, nullptr, "required"};
  mcp::ToolInfo optional{"quick", "", "tasks optional", Json{{"type", "object"}}, nullptr, nullptr, "optional"};
  tools.push_back(task_only);
  tools.push_back(optional);
  ToolSet set;
  std::vector<std::string> warnings;
  set.AddServer("a", &a, tools, std::nullopt, &warnings);
  CHECK(set.Names() == std::vector<std::string>{"plain", "quick"});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("tool 'research' of server 'a' is not offered to the model") == 0);
  CHECK(warnings[0].find("taskSupport \"required\"") != std::string::npos);
  // A tool allowed_tools leaves out is not warned about.
  warnings.clear();
  ToolSet other;
  other.AddServer("a", &a, tools, std::vector<std::string>{"plain"}, &warnings);
  CHECK(warnings.empty());
}

}  // namespace ab::agent

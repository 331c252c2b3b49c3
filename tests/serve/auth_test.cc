// Who may talk to the server (serve/access.h), over real HTTP against the in-process server: every API route needs
// the token (bearer, or the cookie that ?token= sets), requests addressed to another host name are refused (DNS
// rebinding), writes from another site are refused with a body or without (CSRF), writes must be JSON, jobs may
// name only files under the base directory, event streams are bounded, and a port is never shared.
#include <atomic>
#include <vector>

#include "serve/access.h"
#include "serve_test_util.h"

namespace ab::serve::testing {
namespace {

/// A client of |env|'s server that sends no token.
httplib::Client Anonymous(const ServeEnv& env) {
  httplib::Client c("127.0.0.1", env.server.port());
  c.set_read_timeout(std::chrono::seconds(60));
  return c;
}

std::string HostHeader(const ServeEnv& env, const std::string& name) {
  return name + ":" + std::to_string(env.server.port());
}

/// Launches a job on the crawling mock model (a minute long) and waits until it runs.
std::string LaunchSlowJob(ServeEnv& env) {
  std::string suite = env.CopyBenchSuite();
  WriteFile(suite + "/crawl.yaml", kCrawlScript);
  Json slow = {
      {"configs", Json::array({{{"name", "crawl"}, {"provider", {{"type", "MOCK"}, {"mock_script", "crawl.yaml"}}}}})},
      {"runs", 20},
      {"max_concurrent_runs", 1}};
  std::string id = env.Send("POST", "/api/v1/jobs", {{"suite", "suite/tests.yaml"}, {"configs", slow}}, 202)["id"];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && env.Get("/api/v1/jobs/" + id)["state"] != "running")
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(env.Get("/api/v1/jobs/" + id)["state"] == "running");
  return id;
}

TEST_CASE("a token is generated when none is given: 64 hex digits, new for every server") {
  ServeEnv a(false), b(false);
  CHECK(a.server.token_generated());
  CHECK(a.server.token().size() == 64);
  CHECK(a.server.token().find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a.server.token() != b.server.token());
}

TEST_CASE("without the token every API route is refused (401) on loopback, and the UI files are served") {
  ServeEnv env;
  httplib::Client plain = Anonymous(env);
  for (const char* path : {"/api/v1/benches", "/api/v1/runs", "/api/v1/jobs", "/api/v1/fixtures", "/api/v1/info",
                           "/api/v1/jobs/job-1/events", "/api/v1/nothing-here", "/api"}) {
    auto res = plain.Get(path);
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 401, path << ": " << res->status);
    CHECK(res->get_header_value("WWW-Authenticate") == "Bearer");
    CHECK(res->get_header_value("Connection") == "close");
    CHECK(Json::parse(res->body)["error"]["message"].get<std::string>().find("token") != std::string::npos);
  }
  auto post = plain.Post("/api/v1/jobs", R"({"suite": "x.yaml", "configs": "y.yaml"})", "application/json");
  REQUIRE(post);
  CHECK(post->status == 401);
  // The UI's files carry no data.
  for (const char* path : {"/", "/app.js", "/api.js", "/app.css"}) {
    auto res = plain.Get(path);
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 200, path);
  }
}

TEST_CASE("a wrong token is refused, the right one as a bearer token is accepted") {
  ServeOptions o;
  o.token = "s3cret-token-value";
  ServeEnv env(true, o);
  CHECK_FALSE(env.server.token_generated());
  httplib::Client plain = Anonymous(env);
  for (const char* auth : {"Bearer s3cret-token-valuX", "Bearer s3cret", "Bearer s3cret-token-value-and-more",
                           "Basic s3cret-token-value", "s3cret-token-value", "Bearer "}) {
    auto res = plain.Get("/api/v1/benches", {{"Authorization", auth}});
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 401, auth);
    CHECK(res->body.find("s3cret") == std::string::npos);
  }
  auto right = plain.Get("/api/v1/benches", {{"Authorization", "Bearer s3cret-token-value"}});
  REQUIRE(right);
  CHECK(right->status == 200);
  CHECK(Json::parse(right->body)["benches"].size() == 3);
}

TEST_CASE("?token= on a page visit sets an HttpOnly SameSite=Strict cookie and redirects without it") {
  ServeEnv env;
  const std::string token = env.server.token();
  const std::string cookie = "ab_serve_token_" + std::to_string(env.server.port());
  httplib::Client plain = Anonymous(env);

  auto signin = plain.Get(("/?token=" + token).c_str());
  REQUIRE(signin);
  CHECK(signin->status == 303);
  CHECK(signin->get_header_value("Location") == "/");
  std::string set = signin->get_header_value("Set-Cookie");
  CHECK(set.find(cookie + "=" + token) == 0);
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  CHECK(set.find("Path=/") != std::string::npos);
  CHECK(signin->get_header_value("Cache-Control") == "no-store");
  // Other parameters stay; the token goes.
  auto kept = plain.Get(("/?a=1&token=" + token + "&b=2").c_str());
  REQUIRE(kept);
  CHECK(kept->get_header_value("Location") == "/?a=1&b=2");
  // Never a redirect to another host.
  auto far = plain.Get(("//evil.example/?token=" + token).c_str());
  REQUIRE(far);
  CHECK(far->get_header_value("Location") == "/");

  // The cookie then opens the API (as the UI's fetch sends it).
  auto api = plain.Get("/api/v1/benches", {{"Cookie", "other=1; " + cookie + "=" + token}});
  REQUIRE(api);
  CHECK(api->status == 200);
  auto wrong_value = plain.Get("/api/v1/benches", {{"Cookie", cookie + "=" + token.substr(1) + "0"}});
  REQUIRE(wrong_value);
  CHECK(wrong_value->status == 401);
  auto other_port = plain.Get("/api/v1/benches", {{"Cookie", "ab_serve_token_1=" + token}});
  REQUIRE(other_port);
  CHECK(other_port->status == 401);

  // A wrong token in the address sets nothing.
  auto wrong = plain.Get("/?token=0123456789abcdef0123456789abcdef");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  CHECK_FALSE(wrong->has_header("Set-Cookie"));
  // The API itself does not take ?token= (it would end up in logs and histories).
  auto in_query = plain.Get(("/api/v1/benches?token=" + token).c_str());
  REQUIRE(in_query);
  CHECK(in_query->status == 401);
}

TEST_CASE("requests addressed to another host name are refused (DNS rebinding), with or without the token") {
  ServeEnv env;
  for (const std::string& host : {HostHeader(env, "127.attacker.example"), HostHeader(env, "evil.com"),
                                  std::string("evil.com"), HostHeader(env, "127.0.0.2"), std::string("127.0.0.1"),
                                  std::string("localhost:1"), HostHeader(env, "localhost.evil.com"), std::string("")}) {
    auto api = env.client->Get("/api/v1/benches", {{"Host", host}});
    REQUIRE(api);
    CHECK_MESSAGE(api->status == 403, host);
    CHECK(api->body.find("DNS rebinding") != std::string::npos);
    auto page = env.client->Get("/", {{"Host", host}});
    REQUIRE(page);
    CHECK_MESSAGE(page->status == 403, host);
  }
  for (const std::string& host : {HostHeader(env, "localhost"), HostHeader(env, "LOCALHOST"),
                                  HostHeader(env, "127.0.0.1"), HostHeader(env, "[::1]")}) {
    auto ok = env.client->Get("/api/v1/benches", {{"Host", host}});
    REQUIRE(ok);
    CHECK_MESSAGE(ok->status == 200, host);
  }
}

TEST_CASE("requests from another site are refused, writes with a body or without, and every write must be JSON") {
  ServeEnv env(false);
  std::string id = LaunchSlowJob(env);
  const std::string cancel = "/api/v1/jobs/" + id + "/cancel";
  const std::string self = "http://127.0.0.1:" + std::to_string(env.server.port());
  const std::string cookie = "ab_serve_token_" + std::to_string(env.server.port()) + "=" + env.server.token();
  httplib::Client plain = Anonymous(env);

  // A body-less cross-site POST (what a form or fetch on another site sends), even with the token's cookie as a
  // browser with a laxer cookie would send it.
  auto cross = plain.Post(cancel.c_str(), {{"Origin", "http://evil.example"}, {"Cookie", cookie}}, "", "");
  REQUIRE(cross);
  CHECK(cross->status == 403);
  CHECK(cross->body.find("another web site") != std::string::npos);
  auto cross_json = env.client->Post(cancel.c_str(), {{"Origin", "http://evil.example"}}, "", "application/json");
  REQUIRE(cross_json);
  CHECK(cross_json->status == 403);
  auto null_origin = env.client->Post(cancel.c_str(), {{"Origin", "null"}}, "{}", "application/json");
  REQUIRE(null_origin);
  CHECK(null_origin->status == 403);
  for (const char* site : {"cross-site", "same-site"}) {
    auto fetched = env.client->Post(cancel.c_str(), {{"Sec-Fetch-Site", site}}, "", "application/json");
    REQUIRE(fetched);
    CHECK_MESSAGE(fetched->status == 403, site);
    CHECK(fetched->body.find(site) != std::string::npos);
  }
  // Reads from another site (a page on another port of 127.0.0.1 is the same site, and its requests would carry
  // the cookie) are refused too.
  auto sibling = plain.Get("/api/v1/jobs", {{"Sec-Fetch-Site", "same-site"}, {"Cookie", cookie}});
  REQUIRE(sibling);
  CHECK(sibling->status == 403);
  auto read_cross = plain.Get("/api/v1/jobs", {{"Origin", "http://127.0.0.1:1"}, {"Cookie", cookie}});
  REQUIRE(read_cross);
  CHECK(read_cross->status == 403);
  auto typed = plain.Get("/api/v1/jobs", {{"Sec-Fetch-Site", "none"}, {"Cookie", cookie}});
  REQUIRE(typed);
  CHECK(typed->status == 200);
  // Without a JSON content type: 415, body or not.
  auto bare = env.client->Post(cancel.c_str(), "", "");
  REQUIRE(bare);
  CHECK(bare->status == 415);
  auto form = env.client->Post(cancel.c_str(), "x=1", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 415);
  auto text = env.client->Post(cancel.c_str(), "{}", "text/plain");
  REQUIRE(text);
  CHECK(text->status == 415);
  auto del = env.client->Delete("/api/v1/fixtures/none");
  REQUIRE(del);
  CHECK(del->status == 415);
  CHECK(env.Get("/api/v1/jobs/" + id)["state"] == "running");  // nothing above cancelled it

  // The UI's own write (same origin, JSON, no body) goes through.
  auto own = plain.Post(cancel.c_str(), {{"Origin", self}, {"Sec-Fetch-Site", "same-origin"}, {"Cookie", cookie}}, "",
                        "application/json");
  REQUIRE(own);
  CHECK_MESSAGE(own->status == 202, own->body);
  CHECK(env.WaitJob(id)["state"] == "cancelled");
  auto bad = env.client->Post("/api/v1/fixtures", "{not json", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("a job may name only files under the base directory: '..', absolute paths and symlinks are refused") {
  ServeEnv env(false);
  env.CopyBenchSuite();
  const std::string base = std::filesystem::canonical(env.dir).string();
  CHECK(env.Get("/api/v1/info")["base_dir"] == base);
  CHECK(env.server.base_dir() == base);

  // A suite outside the base directory whose server would run a command of its writer's choosing.
  std::string outside = MakeTempDir();
  std::string marker = outside + "/ran";
  WriteFile(outside + "/tests.yaml", "servers:\n  - {name: x, type: stdio, command: sh, args: [\"-c\", \"touch " +
                                         marker +
                                         "\"]}\n"
                                         "sessions: []\n");
  WriteFile(outside + "/configs.yaml", "configs:\n  - {name: m, provider: {type: MOCK}}\n");
  std::filesystem::create_symlink(outside + "/tests.yaml", env.dir + "/link.yaml");
  std::filesystem::create_symlink(outside, env.dir + "/linkdir");
  const std::string up = "../" + std::filesystem::path(outside).filename().string() + "/tests.yaml";

  struct Case {
    Json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"suite", up}, {"configs", "suite/configs.yaml"}}, "suite"},
      {{{"suite", outside + "/tests.yaml"}, {"configs", "suite/configs.yaml"}}, "suite"},
      {{{"suite", "link.yaml"}, {"configs", "suite/configs.yaml"}}, "suite"},
      {{{"suite", "linkdir/tests.yaml"}, {"configs", "suite/configs.yaml"}}, "suite"},
      {{{"suite", "suite/../../" + std::filesystem::path(outside).filename().string() + "/tests.yaml"},
        {"configs", "suite/configs.yaml"}},
       "suite"},
      {{{"suite", "suite/tests.yaml"}, {"configs", "linkdir/configs.yaml"}}, "configs"},
      {{{"suite", "suite/tests.yaml"}, {"configs", outside + "/configs.yaml"}}, "configs"},
  };
  for (const Case& c : cases) {
    Json err = env.Send("POST", "/api/v1/jobs", c.body, 400)["error"];
    CHECK_MESSAGE(err["field"] == c.field, c.body.dump());
    std::string message = err["message"];
    CHECK_MESSAGE(message.find("outside the base directory " + base) != std::string::npos, message);
  }
  CHECK(env.Get("/api/v1/jobs")["jobs"].empty());
  CHECK_FALSE(std::filesystem::exists(marker));
  // Inside it, relative and absolute paths (and a symlink that stays inside) are fine.
  std::filesystem::create_symlink(env.dir + "/suite/tests.yaml", env.dir + "/inside.yaml");
  env.Send("POST", "/api/v1/jobs", {{"suite", "inside.yaml"}, {"configs", base + "/suite/configs.yaml"}, {"runs", 1}},
           202);
  Json missing =
      env.Send("POST", "/api/v1/jobs", {{"suite", "suite/nope.yaml"}, {"configs", "suite/configs.yaml"}}, 400);
  CHECK(missing["error"]["message"].get<std::string>().find("no such file") != std::string::npos);
  std::filesystem::remove_all(outside);
}

TEST_CASE("a base directory that does not exist is refused at start") {
  std::string dir = MakeTempDir();
  Server server;
  ServeOptions o;
  o.store_path = dir + "/history.db";
  o.port = 0;
  o.base_dir = dir + "/missing";
  Status s = server.Start(o);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kInvalidArgument);
  CHECK(s.error().message.find(dir + "/missing") != std::string::npos);
  std::filesystem::remove_all(dir);
}

/// |n| event streams of one job opened at once, each on its own connection and thread. The open ones run until
/// the job ends.
struct StreamProbe {
  StreamProbe(ServeEnv& env, const std::string& id, size_t n) : status(n), done(n), body(n) {
    const std::string path = "/api/v1/jobs/" + id + "/events";
    for (size_t i = 0; i < n; ++i) {
      threads.emplace_back([this, &env, path, i] {
        auto client = AuthorizedClient(env.server);
        std::string text;
        auto res = client->Get(
            path.c_str(), httplib::Headers{},
            [&](const httplib::Response& r) {
              status[i] = r.status;
              return true;
            },
            [&](const char* data, size_t len) {
              text.append(data, len);
              return true;
            });
        body[i] = text;  // the receiver gets the body of any status
        if (!res) status[i] = -1;
        done[i] = true;
      });
    }
    // Until every stream has answered, and every refused one is complete.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (bool all = false; !all && std::chrono::steady_clock::now() < deadline;) {
      all = true;
      for (size_t i = 0; i < n; ++i) all = all && status[i] != 0 && (status[i] == 200 || done[i]);
      if (!all) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~StreamProbe() { Join(); }
  void Join() {
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
  int Count(int code) const {
    int c = 0;
    for (const auto& s : status) c += s == code;
    return c;
  }

  std::vector<std::atomic<int>> status;  ///< 0 until the response's head came
  std::vector<std::atomic<bool>> done;
  std::vector<std::string> body;  ///< read only once done
  std::vector<std::thread> threads;
};

/// Checks that GET /api/v1/jobs answers within a second, |times| times.
void ApiStillAnswers(ServeEnv& env, int times) {
  for (int i = 0; i < times; ++i) {
    auto start = std::chrono::steady_clock::now();
    env.Get("/api/v1/jobs");
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    CHECK_MESSAGE(took.count() < 1000, "GET /api/v1/jobs took " << took.count() << " ms");
  }
}

TEST_CASE("40 event streams: past 4 per client the others get a 429 and the API keeps answering") {
  ServeEnv env(false);
  std::string id = LaunchSlowJob(env);
  StreamProbe streams(env, id, 40);
  CHECK(streams.Count(200) == 4);
  CHECK(streams.Count(429) == 36);
  for (size_t i = 0; i < 40; ++i) {
    if (streams.status[i] != 429) continue;
    Json err = Json::parse(streams.body[i], nullptr, false);
    CHECK(err["error"]["status"] == 429);
    CHECK(err["error"]["message"].get<std::string>().find("limit per client is 4") != std::string::npos);
  }
  ApiStillAnswers(env, 10);
  CHECK(env.Get("/api/v1/info")["limits"]["event_streams_open"] == 4);
  // Ending the job ends the streams and frees their slots.
  env.Send("POST", "/api/v1/jobs/" + id + "/cancel", Json::object(), 202);
  streams.Join();
  for (size_t i = 0; i < 40; ++i)
    if (streams.status[i] == 200) CHECK(streams.body[i].find("\"state\":\"cancelled\"") != std::string::npos);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline && env.Get("/api/v1/info")["limits"]["event_streams_open"] != 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(env.Get("/api/v1/info")["limits"]["event_streams_open"] == 0);
  auto again = env.client->Get(("/api/v1/jobs/" + id + "/events").c_str());
  REQUIRE(again);
  CHECK(again->status == 200);
}

TEST_CASE("40 event streams: past the total limit the others get a 429 and the API keeps answering") {
  ServeOptions o;
  o.max_streams_per_client = 100;  // every test client is 127.0.0.1: the total limit is the one that fires
  ServeEnv env(false, o);
  std::string id = LaunchSlowJob(env);
  StreamProbe streams(env, id, 40);
  CHECK(streams.Count(200) == 16);
  CHECK(streams.Count(429) == 24);
  for (size_t i = 0; i < 40; ++i)
    if (streams.status[i] == 429)
      CHECK(streams.body[i].find("too many event streams are open (16") != std::string::npos);
  ApiStillAnswers(env, 10);
  auto page = env.client->Get("/");  // the UI too
  REQUIRE(page);
  CHECK(page->status == 200);
  env.Send("POST", "/api/v1/jobs/" + id + "/cancel", Json::object(), 202);
  streams.Join();
}

TEST_CASE("a second server on the same port fails with a sentence naming the port") {
  ServeEnv first(false);
  std::string dir = MakeTempDir();
  Server second;
  ServeOptions o;
  o.store_path = dir + "/history.db";
  o.port = first.server.port();
  Status s = second.Start(o);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kInvalidArgument);
  CHECK(s.error().message.find("port " + std::to_string(first.server.port()) + " is already in use") !=
        std::string::npos);
  first.Get("/api/v1/info");  // the first one still answers
  std::filesystem::remove_all(dir);
}

TEST_CASE("the token comes from --token-file, AB_SERVE_TOKEN or --token (with a warning), or is generated") {
  std::string dir = MakeTempDir();
  auto none = ChooseToken("", "", nullptr);
  REQUIRE(none.has_value());
  CHECK(none->token.empty());
  auto empty_env = ChooseToken("", "", "");
  REQUIRE(empty_env.has_value());
  CHECK(empty_env->token.empty());

  auto env = ChooseToken("", "", "env-token-0123456789");
  REQUIRE(env.has_value());
  CHECK(env->token == "env-token-0123456789");
  CHECK(env->warning.empty());

  auto flag = ChooseToken("flag-token-0123456789", "", "env-token-0123456789");
  REQUIRE(flag.has_value());
  CHECK(flag->token == "flag-token-0123456789");
  CHECK(flag->warning.find("visible") != std::string::npos);

  std::string file = dir + "/token";
  WriteFile(file, "file-token-0123456789\n");
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto from_file = ChooseToken("", file, "env-token-0123456789");
  REQUIRE(from_file.has_value());
  CHECK(from_file->token == "file-token-0123456789");
  CHECK(from_file->warning.empty());
  std::filesystem::permissions(file, std::filesystem::perms::others_read, std::filesystem::perm_options::add);
  CHECK(ChooseToken("", file, nullptr)->warning.find("chmod 600") != std::string::npos);

  auto both = ChooseToken("flag-token-0123456789", file, nullptr);
  REQUIRE_FALSE(both.has_value());
  CHECK(both.error().message.find("not both") != std::string::npos);
  auto missing = ChooseToken("", dir + "/none", nullptr);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message.find(dir + "/none") != std::string::npos);
  auto short_one = ChooseToken("short", "", nullptr);
  REQUIRE_FALSE(short_one.has_value());
  CHECK(short_one.error().message.find("at least 16") != std::string::npos);
  CHECK_FALSE(ChooseToken("token with spaces 0123456789", "", nullptr).has_value());
  CHECK_FALSE(ChooseToken("token;cookie=0123456789", "", nullptr).has_value());
  CHECK_FALSE(ChooseToken(std::string(2000, 'a'), "", nullptr).has_value());
  WriteFile(file, std::string(5000, 'a'));
  CHECK_FALSE(ChooseToken("", file, nullptr).has_value());
  std::filesystem::remove_all(dir);
}

TEST_CASE("tokens are compared in full") {
  CHECK(SameSecret("abcdefabcdefabcdef", "abcdefabcdefabcdef"));
  CHECK_FALSE(SameSecret("abcdefabcdefabcdeX", "abcdefabcdefabcdef"));
  CHECK_FALSE(SameSecret("abcdefabcdefabcde", "abcdefabcdefabcdef"));
  CHECK_FALSE(SameSecret("abcdefabcdefabcdefa", "abcdefabcdefabcdef"));
  CHECK_FALSE(SameSecret("", ""));
  CHECK_FALSE(SameSecret("", "x"));
}

}  // namespace
}  // namespace ab::serve::testing

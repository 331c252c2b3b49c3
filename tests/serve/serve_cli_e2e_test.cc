// End to end, the real `agent-bench serve`: the printed address signs a browser in and nothing answers without
// the token; a token given by environment or file never shows in the process list or the output; a second server
// on the same port exits 2 naming the port; another local user (nobody) without the token cannot launch a job.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "base/json.h"
#include "process.h"
#include "serve_harness.h"

namespace ab::e2e {
namespace {

/// True when the command line of any process holds |text| (what ps shows every user).
bool InAnyCommandLine(const std::string& text) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    std::string cmdline = ReadFile(entry.path().string() + "/cmdline");
    if (cmdline.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("serve prints a ready-to-open address whose token signs the browser in, and nothing answers without it") {
  std::string dir = MakeTempDir("serve-signin");
  ServeProcess serve(dir, {"--store", dir + "/history.db", "--port", "0"});
  int port = serve.Port();
  std::string token = serve.PrintedToken();
  REQUIRE_MESSAGE(token.size() == 64, serve.Out());
  CHECK(serve.Out().find("http://127.0.0.1:" + std::to_string(port) + "/?token=" + token) != std::string::npos);
  CHECK_FALSE(InAnyCommandLine(token));

  httplib::Client c = serve.Client();
  CHECK(StatusOf(c, "/api/v1/benches") == 401);
  CHECK(StatusOf(c, "/api/v1/benches", {{"Authorization", "Bearer " + std::string(64, '0')}}) == 401);
  auto signin = c.Get(("/?token=" + token).c_str());
  REQUIRE(signin);
  CHECK(signin->status == 303);
  CHECK(signin->get_header_value("Location") == "/");
  std::string cookie = signin->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  CHECK(StatusOf(c, "/api/v1/benches", {{"Cookie", cookie}}) == 200);
  CHECK(StatusOf(c, "/api/v1/benches", {{"Authorization", "Bearer " + token}}) == 200);
}

TEST_CASE("a token from AB_SERVE_TOKEN or --token-file is neither in ps nor printed, and --token warns") {
  std::string dir = MakeTempDir("serve-token-sources");
  const std::string env_token = "env-token-7c1e5a9b2d4f";
  {
    ServeProcess serve(dir, {"--store", dir + "/history.db", "--port", "0"}, {{"AB_SERVE_TOKEN", env_token}});
    httplib::Client c = serve.Client();  // once it listens
    CHECK_FALSE(InAnyCommandLine(env_token));
    CHECK(serve.Out().find(env_token) == std::string::npos);
    CHECK(serve.Err().find(env_token) == std::string::npos);
    CHECK(serve.PrintedToken().empty());
    CHECK(StatusOf(c, "/api/v1/info") == 401);
    CHECK(StatusOf(c, "/api/v1/info", {{"Authorization", "Bearer " + env_token}}) == 200);
  }
  const std::string file_token = "file-token-3e8d0c6a1f27";
  const std::string file = dir + "/token";
  WriteText(file, file_token + "\n");
  chmod(file.c_str(), 0600);
  {
    ServeProcess serve(dir, {"--store", dir + "/history.db", "--port", "0", "--token-file", file});
    httplib::Client c = serve.Client();  // once it listens
    CHECK_FALSE(InAnyCommandLine(file_token));
    CHECK(serve.Out().find(file_token) == std::string::npos);
    CHECK(serve.Err().empty());
    CHECK(StatusOf(c, "/api/v1/info", {{"Authorization", "Bearer " + file_token}}) == 200);
    CHECK(StatusOf(c, "/api/v1/info", {{"Authorization", "Bearer " + env_token}}) == 401);
  }
  const std::string flag_token = "flag-token-5b2a9e7d4c10";
  {
    ServeProcess serve(dir, {"--store", dir + "/history.db", "--port", "0", "--token", flag_token});
    httplib::Client c = serve.Client();  // once it listens
    CHECK(serve.Err().find("--token is visible to every local user") != std::string::npos);
    CHECK(serve.Out().find(flag_token) == std::string::npos);
    CHECK(StatusOf(c, "/api/v1/info", {{"Authorization", "Bearer " + flag_token}}) == 200);
  }
  ProcessResult both = RunProcess(
      {kBin, "serve", "--store", dir + "/history.db", "--port", "0", "--token", flag_token, "--token-file", file}, {},
      60);
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("not both") != std::string::npos);
  ProcessResult weak =
      RunProcess({kBin, "serve", "--store", dir + "/history.db", "--port", "0"}, {{"AB_SERVE_TOKEN", "1234"}}, 60);
  CHECK(weak.exit_code == 2);
  CHECK(weak.err.find("at least 16") != std::string::npos);
}

TEST_CASE("a second serve on the same port exits 2 with a sentence naming the port") {
  std::string dir = MakeTempDir("serve-port-in-use");
  ServeProcess first(dir, {"--store", dir + "/history.db", "--port", "0"});
  int port = first.Port();
  ProcessResult second =
      RunProcess({kBin, "serve", "--store", dir + "/other.db", "--port", std::to_string(port)}, {}, 60);
  CHECK(second.exit_code == 2);
  CHECK_MESSAGE(second.err.find("port " + std::to_string(port) + " is already in use") != std::string::npos,
                second.err);
  // The first one keeps the port to itself: every request still reaches it (its token works, 10 times of 10).
  httplib::Client c = ClientFor(port);
  int answered = 0;
  for (int i = 0; i < 10; ++i) {
    httplib::Client fresh = ClientFor(port);  // a new connection each time
    answered += StatusOf(fresh, "/api/v1/info", {{"Authorization", "Bearer " + first.PrintedToken()}}) == 200;
  }
  CHECK(answered == 10);
}

TEST_CASE("another local user without the token cannot launch a job, nor read the token from the process") {
  const char* setpriv = "/usr/bin/setpriv";
  const char* curl = "/usr/bin/curl";
  if (geteuid() != 0 || access(setpriv, X_OK) != 0 || access(curl, X_OK) != 0) {
    MESSAGE("skipped: needs root, " << setpriv << " and " << curl << " to act as the user nobody");
    return;
  }
  std::string dir = MakeTempDir("serve-other-user");
  const std::string token = "root-only-token-4a7f1c9e2b";
  ServeProcess serve(dir, {"--store", dir + "/history.db", "--port", "0"}, {{"AB_SERVE_TOKEN", token}});
  int port = serve.Port();

  // What another user can write: a suite whose server is a command of their choosing, in a shared directory.
  std::string shared = std::filesystem::temp_directory_path().string() + "/ab-serve-nobody-" + std::to_string(getpid());
  std::filesystem::remove_all(shared);
  std::filesystem::create_directories(shared);
  chmod(shared.c_str(), 0777);
  const std::string marker = shared + "/ran-as-serve";
  WriteText(shared + "/evil.yaml",
            "servers:\n  - {name: x, type: stdio, command: touch, args: [\"" + marker + "\"]}\n");
  WriteText(shared + "/configs.yaml", "configs:\n  - {name: m, provider: {type: MOCK}}\n");
  const std::vector<std::string> as_nobody = {setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
  auto run_as_nobody = [&](std::vector<std::string> argv) {
    std::vector<std::string> full = as_nobody;
    full.insert(full.end(), argv.begin(), argv.end());
    return RunProcess(full, {}, 60);
  };
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  const std::string job = R"({"suite": ")" + shared + R"(/evil.yaml", "configs": ")" + shared + R"(/configs.yaml"})";
  ProcessResult post = run_as_nobody({curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H",
                                      "Content-Type: application/json", "-d", job, url + "/api/v1/jobs"});
  CHECK_MESSAGE(post.out == "401", post.out << post.err);
  ProcessResult guess = run_as_nobody({curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", url + "/?token=guess"});
  CHECK(guess.out == "401");
  ProcessResult list = run_as_nobody({curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", url + "/api/v1/jobs"});
  CHECK(list.out == "401");
  // The token is not in the command line, and the environment of another user's process is not readable.
  ProcessResult environ_read = run_as_nobody({"/bin/cat", "/proc/" + std::to_string(serve.pid()) + "/environ"});
  CHECK(environ_read.exit_code != 0);
  CHECK(environ_read.out.find(token) == std::string::npos);
  CHECK_FALSE(InAnyCommandLine(token));

  // Even with the token, the suite is outside the base directory.
  httplib::Client c = serve.Client();
  auto with_token = c.Post("/api/v1/jobs", {{"Authorization", "Bearer " + token}}, job, "application/json");
  REQUIRE(with_token);
  CHECK(with_token->status == 400);
  CHECK(with_token->body.find("outside the base directory") != std::string::npos);
  auto jobs = c.Get("/api/v1/jobs", {{"Authorization", "Bearer " + token}});
  REQUIRE(jobs);
  CHECK(Json::parse(jobs->body)["jobs"].empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK_FALSE(std::filesystem::exists(marker));
  std::filesystem::remove_all(shared);
}

}  // namespace
}  // namespace ab::e2e

namespace ab::e2e {
namespace {

TEST_CASE("serve --base-dir sets the directory jobs' paths stay under, and a missing one exits 2") {
  std::string dir = MakeTempDir("serve-base-dir");
  std::filesystem::create_directories(dir + "/benches");
  const std::string token = "base-dir-token-8d2f6a1c";
  ServeProcess serve(dir, {"--store", dir + "/history.db", "--port", "0", "--base-dir", "benches"},
                     {{"AB_SERVE_TOKEN", token}});
  httplib::Client c = serve.Client();
  auto info = c.Get("/api/v1/info", {{"Authorization", "Bearer " + token}});
  REQUIRE(info);
  CHECK(Json::parse(info->body)["base_dir"] == std::filesystem::canonical(dir + "/benches").string());
  ProcessResult missing =
      RunProcess({kBin, "serve", "--store", dir + "/other.db", "--port", "0", "--base-dir", dir + "/nowhere"},
                 {{"AB_SERVE_TOKEN", token}}, 60);
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find(dir + "/nowhere") != std::string::npos);
}

}  // namespace
}  // namespace ab::e2e

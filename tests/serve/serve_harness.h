// The end-to-end harness of `agent-bench serve`: the real binary in the background (its output in files of mode
// 0600, since the generated token is printed there), its port and printed token read from that output, HTTP clients
// for it, and the weather test file the serve e2e tests run before looking at the history. The server is stopped
// (SIGTERM) when its ServeProcess goes away.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "paths.h"  // kBin, kSampleServer

namespace ab::e2e {

/// Writes |text| to |path|, replacing what was there.
void WriteText(const std::string& path, const std::string& text);

/// The weather test: script.yaml has the mock LLM call get_weather, then answer |answer|; tests.yaml runs it on the
/// sample server and asserts that get_weather was called and |expected| is in the answer. |key| is in the prompt,
/// and the provider's token too when |key_in_provider|: a secret the history must not keep.
struct WeatherTest {
  std::string key;
  std::string answer = "Paris is sunny today";
  std::string expected = "sunny";
  bool key_in_provider = false;
};
/// Writes the WeatherTest |test| into |dir| (script.yaml, tests.yaml).
void WriteWeatherTest(const std::string& dir, const WeatherTest& test);

/// A client of 127.0.0.1:|port| that waits up to |read_timeout| for an answer.
httplib::Client ClientFor(int port, std::chrono::seconds read_timeout = std::chrono::seconds(30));
/// The status of GET |path| with |headers|; -1 when no answer came.
int StatusOf(httplib::Client& client, const std::string& path, const httplib::Headers& headers = {});
/// The body of GET |path| as JSON; fails the test case unless the answer is a 200.
Json GetJson(httplib::Client& client, const std::string& path);

class ServeProcess {
 public:
  /// Runs `agent-bench serve |args|` in |dir| with |env| added to the environment.
  ServeProcess(const std::string& dir, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {});
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::string Out() const;
  std::string Err() const;

  /// The port of the "serving ... at http://127.0.0.1:PORT/" line; fails the test case (with serve's stderr) when
  /// serve exits or does not print it within a minute.
  int Port();
  /// The token of the printed "open http://...?token=T" line (64 hex digits), or "".
  std::string PrintedToken() const;
  /// A client of this server (Port(): it is listening), without credentials, 30 s read timeout.
  httplib::Client Client();
  /// A client of this server that sends the printed token as its bearer, 60 s read timeout.
  httplib::Client SignedInClient();

  /// Stops the server (SIGTERM) and waits for it; nothing when it has exited.
  void Stop();

 private:
  bool Exited();
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace ab::e2e

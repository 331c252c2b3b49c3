#include "sample_tools.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace ab::sample {
namespace {

Json Tool(const char* name, const char* description, Json properties, Json required) {
  return {
      {"name", name},
      {"description", description},
      {"inputSchema", {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}}}};
}

Json Str(const char* description) { return {{"type", "string"}, {"description", description}}; }
Json Num(const char* description) { return {{"type", "number"}, {"description", description}}; }

// Recursive descent over: expr = term {(+|-) term}; term = power {(*|/) power}; power = unary [^ power];
// unary = [-|+] unary | primary; primary = number | ( expr ).
class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}
  std::optional<double> Run() {
    auto v = Expr();
    Skip();
    if (!v || pos_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void Skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::optional<double> Expr() {
    auto v = Term();
    while (v) {
      if (Eat('+')) {
        auto r = Term();
        if (!r) return r;
        *v += *r;
      } else if (Eat('-')) {
        auto r = Term();
        if (!r) return r;
        *v -= *r;
      } else break;
    }
    return v;
  }
  std::optional<double> Term() {
    auto v = Power();
    while (v) {
      if (Eat('*')) {
        auto r = Power();
        if (!r) return r;
        *v *= *r;
      } else if (Eat('/')) {
        auto r = Power();
        if (!r || *r == 0) return std::nullopt;
        *v /= *r;
      } else break;
    }
    return v;
  }
  std::optional<double> Power() {
    auto v = Unary();
    if (v && Eat('^')) {
      auto r = Power();
      if (!r) return r;
      return std::pow(*v, *r);
    }
    return v;
  }
  std::optional<double> Unary() {
    if (Eat('-')) {
      auto v = Unary();
      if (v) *v = -*v;
      return v;
    }
    if (Eat('+')) return Unary();
    return Primary();
  }
  std::optional<double> Primary() {
    if (Eat('(')) {
      auto v = Expr();
      if (!v || !Eat(')')) return std::nullopt;
      return v;
    }
    Skip();
    const char* start = s_.c_str() + pos_;
    char* end = nullptr;
    double v = std::strtod(start, &end);
    if (end == start) return std::nullopt;
    pos_ += static_cast<size_t>(end - start);
    return v;
  }
  const std::string& s_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<double> Calculate(const std::string& expression) { return Parser(expression).Run(); }

Json Weather(const std::string& city) {
  unsigned hash = 7;
  for (char c : city) hash = hash * 31 + static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* kConditions[] = {"sunny", "cloudy", "rain", "snow", "windy"};
  return {{"city", city},
          {"temperature_c", static_cast<int>(hash % 35) - 5},
          {"conditions", kConditions[hash % 5]},
          {"humidity", 30 + static_cast<int>(hash % 60)}};
}

Json ToolCatalogue() {
  Json tools = Json::array();
  tools.push_back(Tool("echo", "Echoes the message back", {{"message", Str("text to echo")}}, {"message"}));
  tools.push_back(Tool("add_note", "Stores a note and returns its id",
                       {{"title", Str("note title")}, {"body", Str("note text")}}, {"title", "body"}));
  tools.push_back(Tool("get_note", "Returns one note by id", {{"id", Str("note id, e.g. n1")}}, {"id"}));
  tools.push_back(Tool("list_notes", "Lists every note (id and title)", Json::object(), Json::array()));
  tools.push_back(Tool("search_notes", "Finds notes whose title or body contains the query (case-insensitive)",
                       {{"query", Str("text to look for")}}, {"query"}));
  tools.push_back(Tool("calculate", "Evaluates an arithmetic expression (+ - * / ^ and parentheses)",
                       {{"expression", Str("e.g. (2+3)*4")}}, {"expression"}));
  tools.push_back(Tool("get_weather", "Returns a (fake, deterministic) weather report for a city as JSON",
                       {{"city", Str("city name")}}, {"city"}));
  tools.push_back(Tool("sleep", "Waits ms milliseconds, sending progress every 100 ms; honours cancellation",
                       {{"ms", Num("milliseconds to wait")}}, {"ms"}));
  tools.push_back(Tool("fail", "Always fails with isError: true", {{"reason", Str("error text")}}, Json::array()));
  tools.push_back(
      Tool("rpc_error", "Always answers with a JSON-RPC error (code -32001)", Json::object(), Json::array()));
  Json all = Tool("all_content", "Returns every content type plus structuredContent", Json::object(), Json::array());
  all["outputSchema"] = {{"type", "object"},
                         {"properties", {{"ok", {{"type", "boolean"}}}, {"count", {{"type", "integer"}}}}},
                         {"required", {"ok", "count"}}};
  tools.push_back(all);
  tools.push_back(
      Tool("notify", "Sends a log message and tools/list_changed before answering", Json::object(), Json::array()));
  tools.push_back(Tool("big_result", "Returns a text of mb megabytes", {{"mb", Num("size in MB")}}, {"mb"}));
  tools.push_back(
      Tool("get_roots", "Asks the client for its roots (roots/list) and returns them", Json::object(), Json::array()));
  tools.push_back(Tool("crash", "Exits the server process in the middle of the call", Json::object(), Json::array()));
  return tools;
}

}  // namespace ab::sample

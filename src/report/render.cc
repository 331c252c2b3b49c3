#include "report/render.h"

#include "base/strings.h"

namespace ab::report {

const std::vector<Renderer>& Renderers() {
  static const std::vector<Renderer> kRenderers = {
      {"console", "", &RenderConsole}, {"json", ".json", &RenderJson},  {"html", ".html", &RenderHtml},
      {"md", ".md", &RenderMarkdown},  {"junit", ".xml", &RenderJunit},
  };
  return kRenderers;
}

const Renderer* FindRenderer(std::string_view name) {
  std::string n = ToLower(Trim(name));
  if (n == "markdown") n = "md";
  for (const auto& r : Renderers()) {
    if (n == r.name) return &r;
  }
  return nullptr;
}

}  // namespace ab::report

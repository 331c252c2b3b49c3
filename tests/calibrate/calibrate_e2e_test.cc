// End to end: the real binary calibrates the three mock judges of suites/calibrate offline; the kappas match a
// hand computation, the result reaches the history, and a broken spec exits 2.
#include <doctest/doctest.h>

#include "base/json.h"
#include "process.h"
#include "store/calibration_store.h"

namespace ab::calibrate {
namespace {

const std::string kBin = AB_BINARY;
const std::string kSpec = std::string(AB_SOURCE_DIR) + "/suites/calibrate/spec.yaml";

const Json* JudgeNamed(const Json& result, const std::string& name) {
  for (const Json& j : result["judges"])
    if (j["name"] == name) return &j;
  return nullptr;
}

TEST_CASE("calibrate e2e: three mock judges of known bias against the shipped labelled set") {
  std::string dir = e2e::MakeTempDir("calibrate-e2e");
  std::string store = dir + "/history.db";
  e2e::ProcessResult p = e2e::RunProcess({kBin, "calibrate", kSpec, "--store", store, "-o", dir + "/cal"}, {}, 120);
  INFO(p.err);
  REQUIRE(p.exit_code == 0);
  Json r = Json::parse(e2e::ReadFile(dir + "/cal.json"));
  CHECK(r["items"] == 10);
  CHECK(r["repetitions"] == 3);

  // Hand computation. Gold (majority of three labellers): 6 pass, 4 fail.
  // faithful: fails one true statement (gold): TP 5, FN 1, FP 0, TN 4. p_o = 0.9; judge passes 5/10, humans 6/10:
  //   p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.9 - 0.5) / 0.5 = 0.8; bias = -0.1.
  // lenient: passes all: TP 6, FP 4. p_o = 0.6; p_e = 1 * 0.6 + 0 * 0.4 = 0.6; kappa = 0; bias = +0.4.
  // strict: passes 3 true statements only: TP 3, FN 3, TN 4. p_o = 0.7; p_e = 0.3 * 0.6 + 0.7 * 0.4 = 0.46;
  //   kappa = 0.24 / 0.54 = 0.4444; bias = -0.3.
  struct Expect {
    const char* name;
    double kappa, agreement, bias;
    int tp, fp, fn, tn;
  };
  for (const Expect& e : {Expect{"faithful", 0.8, 0.9, -0.1, 5, 0, 1, 4}, Expect{"lenient", 0.0, 0.6, 0.4, 6, 4, 0, 0},
                          Expect{"strict", 0.24 / 0.54, 0.7, -0.3, 3, 0, 3, 4}}) {
    CAPTURE(e.name);
    const Json* j = JudgeNamed(r, e.name);
    REQUIRE(j != nullptr);
    CHECK((*j)["kappa"]["value"].get<double>() == doctest::Approx(e.kappa));
    CHECK((*j)["agreement"].get<double>() == doctest::Approx(e.agreement));
    CHECK((*j)["bias"].get<double>() == doctest::Approx(e.bias));
    CHECK((*j)["confusion"]["tp"] == e.tp);
    CHECK((*j)["confusion"]["fp"] == e.fp);
    CHECK((*j)["confusion"]["fn"] == e.fn);
    CHECK((*j)["confusion"]["tn"] == e.tn);
    CHECK((*j)["self_consistency"].get<double>() == doctest::Approx(1.0));  // the mock answers alike every time
    CHECK((*j)["cost_usd"].is_number());                                    // priced mock: known cost
    CHECK((*j)["kappa"]["ci95"][0].get<double>() <= (*j)["kappa"]["value"].get<double>());
  }
  // The labellers' ceiling: 7 unanimous items (P_i = 1) and 3 split 2-1 (P_i = 1/3): P̄ = 0.8; pass share
  // 17/30, fail 13/30: P̄e = 458/900; kappa = (0.8 - 458/900) / (1 - 458/900) = 0.59276.
  CHECK(r["labeller_kappa"].get<double>() == doctest::Approx((0.8 - 458.0 / 900) / (1 - 458.0 / 900)));

  // The Markdown on stdout shows the same figures.
  CHECK(p.out.find("| faithful | judge-faithful | facts-v1 | 0.800 (") != std::string::npos);
  CHECK(p.out.find("Fleiss' κ = 0.593") != std::string::npos);

  // Stored: the latest calibration of each judge key is found again.
  Result<std::optional<store::CalibrationJudgeRow>> row = store::LatestCalibration(store, "MOCK/judge-strict/facts-v1");
  REQUIRE(row.has_value());
  REQUIRE(row->has_value());
  CHECK((*row)->kappa == doctest::Approx(0.24 / 0.54));
  CHECK((*row)->calibration_id == r["id"]);
  Result<std::optional<store::CalibrationJudgeRow>> none = store::LatestCalibration(store, "MOCK/unknown/v1");
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());
}

TEST_CASE("calibrate e2e: a broken spec exits 2 with its position, --json prints JSON") {
  std::string dir = e2e::MakeTempDir("calibrate-e2e-bad");
  std::string bad = dir + "/bad.yaml";
  {
    std::string text =
        "items:\n  - id: a\n    text: x\n    human: pass\njudges:\n  - name: j\n    provider: {typo: MOCK}\n";
    FILE* f = std::fopen(bad.c_str(), "w");
    REQUIRE(f != nullptr);
    std::fputs(text.c_str(), f);
    std::fclose(f);
  }
  e2e::ProcessResult p = e2e::RunProcess({kBin, "calibrate", bad, "--store", dir + "/h.db"}, {}, 60);
  CHECK(p.exit_code == 2);
  CHECK(p.err.find("bad.yaml:7:") != std::string::npos);
  e2e::ProcessResult j = e2e::RunProcess({kBin, "calibrate", kSpec, "--json", "--store", dir + "/h.db"}, {}, 120);
  REQUIRE(j.exit_code == 0);
  Json parsed = Json::parse(j.out, nullptr, false);
  REQUIRE(parsed.is_object());
  CHECK(parsed["kind"] == "agent-bench/calibration");
  CHECK(e2e::RunProcess({kBin, "calibrate", "--store", dir + "/h.db"}, {}, 60).exit_code == 2);
}

}  // namespace
}  // namespace ab::calibrate

namespace ab::calibrate {
namespace {

TEST_CASE("calibrate e2e: llm_judge gates only with a calibrated judge, and names its calibration") {
  std::string dir = e2e::MakeTempDir("calibrate-e2e-gate");
  std::string store = dir + "/history.db";
  std::string data = std::string(AB_SOURCE_DIR) + "/tests/calibrate/data/";
  // Before any calibration: every calibrated assertion warns, none gates.
  e2e::ProcessResult before = e2e::RunProcess(
      {kBin, "-f", data + "judged.yaml", "--store", store, "-o", dir + "/before", "-reportType", "json"}, {}, 120);
  INFO(before.out);
  CHECK(before.exit_code == 0);
  std::string report = e2e::ReadFile(dir + "/before.json");
  CHECK(report.find("warning: uncalibrated judge (no stored calibration") != std::string::npos);
  CHECK(report.find("[calibrated: ") == std::string::npos);

  REQUIRE(e2e::RunProcess({kBin, "calibrate", kSpec, "--store", store}, {}, 120).exit_code == 0);
  e2e::ProcessResult after = e2e::RunProcess(
      {kBin, "-f", data + "judged.yaml", "--store", store, "-o", dir + "/after", "-reportType", "json"}, {}, 120);
  CHECK(after.exit_code == 0);
  report = e2e::ReadFile(dir + "/after.json");
  CHECK(report.find("[calibrated: cal-facts-judges-") != std::string::npos);        // faithful: kappa 0.8 >= 0.6
  CHECK(report.find("gives kappa 0.00 < 0.60), not gating") != std::string::npos);  // lenient
  CHECK(report.find("rubric version 'never-calibrated'") != std::string::npos);
  CHECK(report.find("\"MOCK/judge-faithful/facts-v1\"") != std::string::npos);

  // on_uncalibrated: fail makes the untrusted judge fail the test.
  e2e::ProcessResult strict =
      e2e::RunProcess({kBin, "-f", data + "judged-strict.yaml", "--store", store, "-o", dir + "/strict"}, {}, 120);
  CHECK(strict.exit_code == 1);
  CHECK(strict.out.find("uncalibrated judge: calibration cal-facts-judges-") != std::string::npos);
}

}  // namespace
}  // namespace ab::calibrate

// `agent-bench calibrate SPEC.yaml [-o BASE] [--json] [--store S] [--no-history]`: runs the calibration, prints
// it (Markdown, or JSON with --json), writes BASE.json and BASE.md when -o is given, and saves it in the history.
// Exit codes (base/exit_codes.h): 0 done, 2 a bad spec, 3 a judge could not be built or the history failed.
#pragma once

#include <atomic>
#include <ostream>
#include <string>

namespace ab::calibrate {

struct CommandOptions {
  std::string spec_path;
  std::string store_path;   ///< where the result is saved and `run:` items are read
  std::string output_base;  ///< write BASE.json and BASE.md when set
  bool json = false;        ///< print JSON instead of Markdown
  bool save = true;         ///< save to the history
};

/// Lets llm_judge assertions of this process find stored calibrations in |store_path| (runner::
/// SetCalibrationLookup): answers are cached per judge key; a SQLite history that does not exist yet is read as
/// "no calibration" and is not created.
void InstallCalibrationLookup(const std::string& store_path);

int CalibrateCommand(const CommandOptions& options, std::ostream& out, std::ostream& err,
                     const std::atomic<bool>* cancel = nullptr);

}  // namespace ab::calibrate

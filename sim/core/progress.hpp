#pragma once
// Progress lines a user can trust (docs/outputs.md, "Progress"): what is done of what, how far the
// simulated clock got, how long it has taken, the rate and the time left at that rate.
//
// On a terminal, one line updated in place (carriage return); otherwise one full line per report, at
// most every `interval_s` (Default: 5 s off a terminal, 0.5 s on one).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace hybridfog {

struct ProgressSnapshot {
  std::uint64_t done = 0;
  std::uint64_t total = 0;           // 0: unknown (a run bounded by duration)
  std::optional<double> sim_time_s;  // the simulated clock, when there is one
  // A run bounded by a duration (no total): the simulated time at which arrivals end. The share done and the
  // ETA are then read off the simulated clock: wall time so far x (duration - clock) / clock.
  std::optional<double> sim_duration_s;
  double elapsed_s = 0;              // wall time so far
  const char* unit = "samples";
};

// "progress: 120,000/1,000,000 samples (12.0%), simulated 120.3 s, elapsed 2.0 s, 60,000 samples/s,
// ETA 14.7 s"; without a total: no percentage and no ETA, unless the run is bounded by a duration: then
// "progress: 5,000 samples, simulated 30.0 of 120.0 s (25.0%), elapsed 2.0 s, 2,500 samples/s, ETA 6.0 s"
// (from the simulated clock; "arrivals ended, answering the last samples" once the clock has passed the
// duration); no rate and no sample-based ETA while nothing is done.
std::string progress_line(const ProgressSnapshot& snapshot);

// A count with thousands separators: 1234567 -> "1,234,567".
std::string with_separators(std::uint64_t value);
// A duration for people: "14.7 s", "3 min 05 s", "2 h 04 min".
std::string human_duration(double seconds);

class ProgressPrinter {
 public:
  // Writes to `out`; `terminal`: update one line in place. interval_s < 0: the default for `terminal`.
  ProgressPrinter(std::FILE* out, bool terminal, double interval_s = -1);

  double interval_s() const { return interval_s_; }
  bool terminal() const { return terminal_; }
  // Prints `snapshot` when the interval has passed since the last line (or always when `force`).
  void update(const ProgressSnapshot& snapshot, bool force = false);
  // On a terminal, ends the line being updated (so that what follows starts on its own line).
  void finish();

 private:
  std::FILE* out_;
  bool terminal_;
  double interval_s_;
  bool printed_ = false;
  std::optional<std::chrono::steady_clock::time_point> last_;
};

}  // namespace hybridfog

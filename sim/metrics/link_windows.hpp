#pragma once
// Bytes and utilisation per link class and time window (link_windows.csv, docs/outputs.md), so that a plot
// shows a bandwidth drop as it happens. Rows are computed by the engine from LinkMeter's windows.
#include <string>
#include <vector>

namespace hybridfog {

struct LinkWindowRecord {
  double start_s = 0, end_s = 0;  // the window [start_s, end_s)
  std::string link_class;
  int links = 0;                  // links of the class
  double bytes = 0;               // bytes the class's links carried in the window (a transfer's bytes spread
                                  // evenly over its duration, latency included)
  double bandwidth_bytes_per_s = 0;  // the class's bandwidth per link, mean over the window (its profile)
  double utilization = 0;         // bytes / (links x bandwidth_bytes_per_s x window)
};

// Throws std::runtime_error when the file cannot be written.
void write_link_windows_csv(const std::string& path, const std::vector<LinkWindowRecord>& rows);

}  // namespace hybridfog

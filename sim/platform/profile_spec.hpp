#pragma once
// Profiles over simulated time of a link class or a host class (docs/formats.md, "Profiles"): bandwidth,
// latency, host speed, availability. Plain, validated data; the platform builder hands them to SimGrid's
// own profiles (kernel::profile), which change the resources at the given times.
#include <optional>
#include <string>
#include <vector>

namespace hybridfog {

class YNode;

enum class ProfileKind { bandwidth, latency, speed, availability };
const char* profile_kind_name(ProfileKind kind);  // "bandwidth", "latency", "speed", "availability"
// The CSV header of a profile file of that kind, e.g. "time_s,bandwidth_bytes_per_s".
std::vector<std::string> profile_csv_columns(ProfileKind kind);

// A step function of time. Before the first step the resource keeps its declared value.
struct ValueProfile {
  struct Step {
    double time_s = 0;  // >= 0, strictly increasing
    // bandwidth: bytes/s (> 0); latency: s (>= 0); speed: fraction of the class's throughput (0, 1];
    // availability: 1 (on) or 0 (off).
    double value = 0;
  };
  std::vector<Step> steps;  // never empty
  // The steps repeat every period_s (step i also at time_s + k * period_s, k = 1, 2, ...). REQUIRES
  // period_s > the last step's time. Default: none (the steps happen once).
  std::optional<double> period_s;
  std::string file;  // the CSV the steps came from; empty when given inline

  // Every step in [0, until_s], in time order, repetitions included.
  std::vector<Step> steps_until(double until_s) const;
};

struct LinkProfiles {
  std::optional<ValueProfile> bandwidth, latency, availability;
  bool any() const { return bandwidth || latency || availability; }
};

struct HostProfiles {
  std::optional<ValueProfile> speed, availability;
  bool any() const { return speed || availability; }
};

// `node`: the `profiles` mapping of a link class or host class. Paths of files are relative to the file
// `node` was read from. Throws InputError (file:line:col, key path) on bad input.
LinkProfiles parse_link_profiles(const YNode& node);
HostProfiles parse_host_profiles(const YNode& node);

}  // namespace hybridfog

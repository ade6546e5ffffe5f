#pragma once
// WorkloadSpec: when samples arrive on every device (the arrival process of each device class, or an
// arrival trace), how long arrivals go on, and which trace rows they replay (docs/formats.md, "Workload"
// and "Arrival processes"). Plain, validated data plus the arithmetic the engine and the pre-run
// estimates share (rate profiles, mean rates); the engine draws the random times (engine/workload.hpp).
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "platform/platform_spec.hpp"

namespace hybridfog {

class YNode;

enum class ArrivalProcess { periodic, poisson, bursty, profile, trace };
const char* arrival_process_name(ArrivalProcess process);  // "periodic", ...
enum class SampleOrder { sequential, shuffled, replacement };

// A rate over time, piecewise constant: rate_per_s[i] holds from time_s[i] until time_s[i + 1] (the last one
// until the end of the period, or forever without a period). With a period the profile repeats.
struct RateProfile {
  std::vector<double> time_s;      // time_s[0] = 0, strictly increasing
  std::vector<double> rate_per_s;  // >= 0, not all 0; same length as time_s
  std::optional<double> period_s;  // > time_s.back(); Default: none (the last rate holds forever)
  // Filled by finish(): cumulative[i] = integral of the rate over [0, time_s[i]]; per_period = over [0, period).
  std::vector<double> cumulative;
  double per_period = 0;

  void finish();
  // Integral of the rate over [0, t], t >= 0.
  double integral(double t) const;
  // The first time at which integral() reaches x >= 0; +infinity when it never does (no period and a last
  // rate of 0 after the integral has stopped below x).
  double inverse(double x) const;
  // The integral over all time (+infinity unless the profile ends with a rate of 0 and has no period).
  double total() const;
};

// One arrival process of one device (every device of a class runs its own, independently).
struct ArrivalSpec {
  ArrivalProcess arrivals = ArrivalProcess::poisson;
  double rate_per_s = 1;     // periodic and poisson: samples per second, > 0
  bool random_phase = true;  // periodic: first arrival uniform in [0, period) (else at t = 0)
  // bursty, a two-state Markov-modulated Poisson process: in state i arrivals are Poisson of rate
  // state_rate_per_s[i] (>= 0, not both 0); the state lasts an exponential time of mean mean_sojourn_s[i]
  // (> 0), then switches to the other. The first state is drawn from the stationary distribution.
  std::array<double, 2> state_rate_per_s{1, 1};
  std::array<double, 2> mean_sojourn_s{1, 1};
  // profile: a non-homogeneous Poisson process of this rate, drawn by time-rescaling.
  RateProfile profile;

  // Stationary probability of bursty state i: mean_sojourn_s[i] / (mean_sojourn_s[0] + mean_sojourn_s[1]).
  double stationary(int state) const;
  // Expected arrivals of one device in [0, t). Not for `trace`.
  double expected_arrivals(double t) const;
  // When one device expects its n-th arrival (+infinity when it never gets n). Not for `trace`.
  double time_of_expected(double n) const;
};

// Arrivals read from a CSV file `time_s,device` (docs/formats.md, "Arrival trace").
struct ArrivalTrace {
  std::string file;
  std::vector<std::vector<double>> times_s;  // per device number: its arrival times, non-decreasing
};

struct WorkloadSpec : ArrivalSpec {  // the ArrivalSpec part: the process of every class not in by_class
  // Per class of the device tier (platform order): that class's own process (`workload.classes`); nullopt:
  // the workload's. Empty when no class has its own. Never `trace`.
  std::vector<std::optional<ArrivalSpec>> by_class;
  std::shared_ptr<const ArrivalTrace> trace;     // arrivals: trace (the bounds below already applied)
  // Generated processes take exactly one of these two; a trace takes at most one (none: the whole trace).
  std::optional<long long> samples_per_device;  // at most this many arrivals per device
  std::optional<double> duration_s;             // arrivals in [0, duration)
  SampleOrder order = SampleOrder::shuffled;    // how trace rows are drawn
  double result_bytes = 64;         // size of the answer sent back to the device, Default: 64 B
  // Per-sample relative deadline (docs/formats.md, "Deadlines"), > 0 s: one for every device
  // (`deadline: 200ms`) or one per device host class (`deadline: {rpi4: 200ms, ...}`), indexed by the
  // device tier's host class. Empty: no deadline (no deadline outputs). Parsed by scenario_spec.
  std::vector<double> deadline_s_by_class;

  // The process of device class `device_class` (index in the device tier's classes).
  const ArrivalSpec& process_of(int device_class) const {
    return device_class < static_cast<int>(by_class.size()) && by_class[device_class] ? *by_class[device_class] : *this;
  }
};

// Device class (index in the device tier) of every device number, in the builder's order: site by site,
// class by class, host by host (docs/outputs.md, samples.csv `device`).
std::vector<int> device_classes(const PlatformSpec& platform);
// `site<S>-<tier>-<class>-<i>`: the device's host name (hosts.csv), which an arrival trace may use.
std::string device_host_name(const PlatformSpec& platform, int device);

// What the workload offers, in expectation, before anything runs (pre-run estimate, offered load).
struct ArrivalEstimate {
  double samples = 0;         // expected arrivals, all devices (exact for a trace)
  double arrivals_end_s = 0;  // duration, or when the count's last arrival is expected (trace: its last time)
  // Mean arrivals per second over [0, arrivals_end_s): of the busiest device of each device class, of the
  // busiest device, of the busiest site (all its devices), of all devices.
  std::vector<double> class_rate_per_s;
  double device_rate_per_s = 0;
  double site_rate_per_s = 0;
  double total_rate_per_s = 0;
};
// `devices`: the device numbers that run the workload (an application's, docs/formats.md "Several applications");
// nullptr: every device.
ArrivalEstimate estimate_arrivals(const WorkloadSpec& workload, const PlatformSpec& platform,
                                  const std::vector<int>* devices = nullptr);

// Parses `workload` of a scenario (file `scenario_file`: an arrival trace is relative to it) against the
// platform's device classes and devices. Throws InputError.
WorkloadSpec parse_workload(const YNode& node, const std::string& scenario_file, const PlatformSpec& platform);

// Reads an arrival trace for `platform`'s devices; `where`/`key_path` name the key that gives the file.
ArrivalTrace load_arrival_trace(const std::string& file, const PlatformSpec& platform, const SourceLocation& where,
                                const std::string& key_path);

}  // namespace hybridfog

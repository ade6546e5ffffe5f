#pragma once
// Failures and recovery of a scenario (docs/formats.md, "Failures and recovery"): random failures of host
// classes and link classes (MTBF/MTTR, drawn from the scenario's seed) and the recovery policy that says
// what becomes of a sample whose work was lost. Scheduled failures are availability profiles of the
// platform (platform/profile_spec.hpp). Plain, validated data.
#include <optional>
#include <string>
#include <vector>

#include "platform/platform_spec.hpp"

namespace hybridfog {

class YNode;

// Every host of a class (or every link of a link class) fails and recovers independently: up for an
// exponential time of mean mttf_s (mean time to failure), then down for an exponential time of mean mttr_s,
// and so on, from t = 0 (up). The mean time between failures is mttf_s + mttr_s. The draws come from the
// scenario seed, one stream per host or link.
struct RandomFailureSpec {
  std::string target;        // "tier/class" or a link class name, as written
  int tier = -1;             // host class: its tier and class index; -1 for a link class
  int host_class = -1;
  // A class of the device tier: each device of it goes down and up on its own (docs/formats.md, "Failures and
  // recovery", "Devices that fail").
  bool device = false;
  std::optional<LinkClass> link;  // link class
  // > 0: the mean time UP before a failure (MTTF; scenario key `mttf`, its old name `mtbf` read the same).
  // The field keeps its old name for the engine (engine/simulation.cpp reads it); it is not the mean time
  // between failures, which is mttf_s + mttr_s.
  double mttf_s = 0;
  double mttr_s = 0;         // > 0
};

enum class RecoveryPolicy { retry, escalate, fallback, give_up };
const char* recovery_policy_name(RecoveryPolicy policy);  // "retry", "escalate", "fallback", "give-up"

struct RecoverySpec {
  // What the device does once it has noticed that a sample's work was lost (detection_timeout_s after the
  // failure). Default: retry.
  RecoveryPolicy policy = RecoveryPolicy::retry;
  double detection_timeout_s = 1.0;  // >= 0. Default: 1 s
  int max_retries = 3;               // retries (retry, escalate) of one sample before it is given up. Default: 3
};

struct FailuresSpec {
  std::vector<RandomFailureSpec> random;
  RecoverySpec recovery;
  // True when anything can fail: random failures, or availability profiles in the platform.
  bool any = false;
  // True when some device class has random failures (devices.csv, summary.json `device_failures`).
  bool devices = false;
  // One line per use of an old key name (file:line:col: key path: what it is read as), for the commands to
  // print as warnings.
  std::vector<std::string> warnings;
};

// `failures` and `recovery` of a scenario (either may be absent). Throws InputError.
FailuresSpec parse_failures(const std::optional<YNode>& failures, const std::optional<YNode>& recovery,
                            const PlatformSpec& platform);

}  // namespace hybridfog

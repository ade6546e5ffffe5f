#pragma once
// Recovery: what happens to a sample whose work a failure took (docs/formats.md, "Failures and recovery").
//
// A lost sample waits for its device to notice (the detection timeout); then the scenario's recovery
// policy gives it up, falls back to the answer of the last exit head its device computed, or restarts it
// from the device: at the first stage off the device (retry), or straight at the last tier when the model
// lets the device's last results skip the tiers in between (escalate), at most max_retries times.
#include <vector>

#include "engine/sample_pool.hpp"

namespace hybridfog {

struct ScenarioSpec;
struct StagePlan;

class Recovery {
 public:
  Recovery(const ScenarioSpec& spec, const StagePlan& plan);

  // Marks `s` lost at `now` on tier `tier` (the tier of the host, or transfer destination, it was lost on).
  // The caller has taken its work back (executions cut, transfers cut, dispatch load left).
  static void lose(Sample& s, double now, int tier);

  struct Next {
    enum class Kind { give_up, fall_back, restart } kind = Kind::give_up;
    double bytes_in = 0;  // restart: what the device sends to s.stage
  };
  // Its device noticed the loss at `now`: the sample is back on its device (`device_host`); its recovery
  // wait is counted, and it is set up for what comes next (fall_back: its exit head and outcome; restart:
  // its stage, one retry more). give_up: nothing set (the caller gives it up).
  Next recover(Sample& s, double now, int device_host) const;

  // Application `app`'s first stage off the device (-1: none) and its escalation target (-1: not possible).
  int first_remote_stage(int app = 0) const { return apps_[static_cast<size_t>(app)].first_remote_stage; }
  int escalate_stage(int app = 0) const { return apps_[static_cast<size_t>(app)].escalate_stage; }

 private:
  const ScenarioSpec& spec_;
  const StagePlan& plan_;
  // Per application (its stages in the plan).
  struct App {
    int first_remote_stage = -1;  // where a retried sample starts again from its device, -1: none
    int escalate_stage = -1;      // where an escalated one goes (the last tier), -1: not possible
    double escalate_bytes = 0;
    int last_tier = 0;
  };
  std::vector<App> apps_;
};

}  // namespace hybridfog

#pragma once
// Simulation: the sample lifecycle (docs/architecture.md, "The engine as components"), the only code that
// drives a sample from one step to the next:
//   arrival -> enter stage -> compute -> exit or continue -> deliver -> finish.
// Each step calls the components that own a concern (compute, transfers, radio, DVFS, wireless access,
// failures, exit decisions); a component that is not used by the scenario is not built. No actor per sample:
// every step starts from the completion of the previous one, in maestro.
#include <simgrid/forward.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/activities.hpp"
#include "engine/batteries.hpp"
#include "engine/compute.hpp"
#include "engine/device_outages.hpp"
#include "engine/dvfs_governor.hpp"
#include "engine/exit_decider.hpp"
#include "engine/flow_bounds.hpp"
#include "engine/host_observations.hpp"
#include "engine/lifecycle_hooks.hpp"
#include "engine/radio_accounting.hpp"
#include "engine/outages.hpp"
#include "engine/run_control.hpp"
#include "engine/sample_pool.hpp"
#include "engine/simulation.hpp"
#include "engine/timer.hpp"
#include "engine/transfers.hpp"
#include "engine/wireless_access.hpp"
#include "engine/workload.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/stage_plan.hpp"

namespace hybridfog {

class Simulation final : public LifecycleHooks {
 public:
  Simulation(const ScenarioSpec& spec, Recorder& recorder, const SimulationOptions& options,
             std::chrono::steady_clock::time_point start)
      : spec_(spec), recorder_(recorder), options_(options), start_(start) {}

  void run(simgrid::s4u::Engine& engine);
  // Host and link figures at the end of the run, handed to the recorder.
  void report(double wall_time_s);

 private:
  // LifecycleHooks, for the components' own events.
  void launch_transfer(SampleId id) override { launch_transfer(id.value()); }
  void end_transfer(SampleId id, double carried_bytes, double now) override { end_transfer(id.value(), carried_bytes, now); }
  void enter_stage(SampleId id, double bytes_in) override { enter_stage(id.value(), bytes_in); }
  void finish(SampleId id) override { finish(id.value()); }

  // Workload.
  void schedule_next_arrival();
  void on_arrival(const Arrivals::Arrival& arrival);
  // Batteries: `device` died; its arrivals stop (returns how many it would still have made).
  long long on_battery_empty(DeviceId device, std::optional<SampleRecord> parked);
  // The run is over: timers that would only extend it stop (a governor's, the fleet's moves, failures, batteries).
  void stop_background();

  // Sample lifecycle.
  void enter_stage(int id, double bytes_in);
  void run_stage(int id);
  // An execution ended: its samples go on.
  void on_exec_done(ExecOwner owner, double now);
  void after_compute(int id);
  void deliver(int id);
  void finish(int id);
  SampleRecord record_of(int id) const;  // the sample's record as of now
  void after_sample_gone();              // a sample finished or was given up
  // A transfer goes through the sending host's send queue: start_transfer() asks for a flow, and
  // launch_transfer() puts it on the network when it has one (at once, or when an earlier one ends).
  void start_transfer(int id, int from, int to, double bytes, Pending kind);
  void launch_transfer(int id);
  void on_completion(int id);
  // A transfer from `host` ended at `now`: the first transfer waiting in its send queue starts.
  void next_in_send_queue(int host, double now) override;
  // The transfer in flight of `id` ends at `now` having carried `carried_bytes` (Transfers::finish_transfer).
  void end_transfer(int id, double carried_bytes, double now);
  void emit(SampleRecord record);  // fills energy_j, hands the record to the recorder


  // Wireless access and mobility (WirelessAccess; none without links.access.wifi).
  bool wireless() const { return wireless_.has_value(); }
  int device_site(int device) const {  // where the device's new work is dispatched
    return wireless_ ? wireless_->dispatch_site(device) : platform_.device_site[device];
  }
  bool run_over() const override { return workload_->done() && samples_.empty(); }
  // Every sample left waits out of coverage for a device that will never move again: given up at the end.
  bool stranded() const;
  // A link's bandwidth changed (a profile step): transfers in flight across it follow the new value.
  void on_bandwidth_step(const simgrid::s4u::Link& link);

  const ScenarioSpec& spec_;
  Recorder& recorder_;
  const SimulationOptions& options_;
  BuiltPlatform platform_;
  std::vector<double> result_bytes_;   // per application: the answer's size
  std::vector<const Trace*> traces_;   // per application: its trace
  StagePlan plan_;  // stages, where decisions lead, their cost on every host class (scenario/stage_plan.hpp)
  std::optional<RadioAccounting> radio_;  // a radio model
  std::optional<DvfsGovernor> dvfs_;  // some host class has performance states
  std::optional<Compute> compute_;
  std::optional<Transfers> transfers_;
  std::optional<Arrivals> workload_;  // every application's arrivals
  std::optional<Outages> outages_;  // failures or availability profiles
  std::optional<FlowBounds> flow_bounds_;                     // with bandwidth profiles only
  std::unordered_map<const simgrid::s4u::Link*, int> link_index_;      // every SimGrid link (copies too) -> links
  std::optional<HostObservations> observations_;  // policies that see the network (ExitPolicy::context_needs)
  std::optional<ExitDecider> decider_;

  SamplePool samples_;
  Activities activities_{std::getenv("HYBRIDFOG_KEEP_MAESTRO_LIST") != nullptr};

  std::uint64_t next_id_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::optional<RunControl> run_control_;
  std::optional<WirelessAccess> wireless_;
  std::optional<Batteries> batteries_;  // some device class has a battery
  Timer arrival_timer_;                 // with batteries only: a death may take the next arrival away
  std::optional<DeviceOutages> device_outages_;  // some device class fails (failures.random)
};

}  // namespace hybridfog

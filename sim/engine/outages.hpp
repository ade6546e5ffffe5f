#pragma once
// Outages: what a failure does to the work in flight (docs/formats.md, "Failures and recovery").
//
// FailureInjector turns hosts and links down and up at the instants of their availability timelines; at each
// change Outages turns the SimGrid resources off or on and takes the work they held: transfers waiting in a
// send queue leave it (Transfers::withdraw) or stop waiting for a wireless link (WirelessAccess::drop_waiting),
// transfers in flight are cut and accounted up to that instant (LifecycleHooks::end_transfer), executions and
// batches on the host are aborted (Compute::abort_host). The samples they belonged to are lost until their
// device notices (the detection timeout), then Recovery gives them up, falls back or restarts them.
// Built only when the scenario has failures or availability profiles.
#include <functional>
#include <vector>

#include "engine/availability.hpp"
#include "engine/ids.hpp"
#include "engine/recovery.hpp"

namespace hybridfog {

struct BuiltPlatform;
class Activities;
class Batteries;
class Compute;
class DeviceOutages;
class DvfsGovernor;
class EventLog;
class LifecycleHooks;
class SamplePool;
struct ScenarioSpec;
struct StagePlan;
class Transfers;
class WirelessAccess;

class Outages {
 public:
  // `dvfs` and `wireless` may be null. `keep_going()`: false once nothing is left to disturb.
  Outages(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan, SamplePool& samples,
          Activities& activities, Compute& compute, Transfers& transfers, DvfsGovernor* dvfs, WirelessAccess* wireless,
          EventLog& events, LifecycleHooks& hooks, std::function<bool()> keep_going);

  // Arms the first change of every timeline; stop(): the run is over, no change may extend it.
  void start() { injector_.start(); }
  void stop() { injector_.stop(); }
  const FailureInjector& injector() const { return injector_; }
  // Battery-powered devices: a lost sample whose device died meanwhile is given up (outcome battery) when
  // its detection timeout ends (docs/formats.md, "Batteries").
  void set_batteries(const Batteries* batteries) { batteries_ = batteries; }
  // Devices that fail (docs/formats.md, "Devices that fail"): a device host's changes go to `devices`, and a
  // lost sample whose device failed since its arrival is given up (outcome device_down) at its detection.
  void set_devices(DeviceOutages* devices) { devices_ = devices; }

  // SimGrid failed the transfer of `id` (a link on its route went down) with `remaining_bytes` not carried.
  void on_transfer_failed(SampleId id, double remaining_bytes);
  // Every host of tier `tier` within reach of `id` is down at `now`: it is lost there.
  void lose_unreachable(SampleId id, double now, int tier);

 private:
  void apply(int source, bool up);
  // A device host's timeline changed (DeviceOutages).
  void apply_device(int source, bool up, double now);
  void fail_host(int host, double now, std::vector<int>& lost);
  void fail_link(int link, double now, std::vector<int>& lost);
  // A transfer in flight stops at `now` having carried `carried_bytes` of its payload.
  void cut_transfer(int id, double now, double carried_bytes);
  void lose(int id, double now, int tier);
  void detect_later(std::vector<int> ids, double now);
  void recover(int id);

  const BuiltPlatform& platform_;
  SamplePool& samples_;
  Activities& activities_;
  Compute& compute_;
  Transfers& transfers_;
  DvfsGovernor* dvfs_;
  WirelessAccess* wireless_;
  const Batteries* batteries_ = nullptr;
  DeviceOutages* devices_ = nullptr;
  EventLog& events_;
  LifecycleHooks& hooks_;
  double detection_timeout_s_;
  Recovery recovery_;
  FailureInjector injector_;
};

}  // namespace hybridfog

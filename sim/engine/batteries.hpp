#pragma once
// Batteries: battery-powered devices (docs/formats.md, "Batteries").
//
// A device of a class with `battery` starts with its initial charge and drains by exactly the power its host
// and its radio draw as the energy accounts count them: cores x idle power of the performance state in force,
// plus (busy - idle) per busy core, plus its radio's state power (transmit, receive, tail or idle). That power is
// constant between the device's own events, except where an open radio tail ends, so the instant the battery
// empties is known in closed form: ONE timer per battery device, at that instant, re-planned whenever the
// device's power changes (an execution starts or ends, its performance state changes, a transfer starts or
// ends). When it fires the device dies: the work it holds is cut as a failure cuts it, the samples it holds
// are given up with outcome `battery`, its arrivals stop and its SimGrid host is turned off (it draws nothing
// from then on). Built only when some device class has a battery; the components that change a device's power
// call `changed()` through a pointer that is null otherwise (one pointer test on their paths).
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "engine/ids.hpp"
#include "engine/timer.hpp"
#include "metrics/records.hpp"

namespace hybridfog {

struct BuiltPlatform;
struct ScenarioSpec;
class Activities;
class Compute;
class DvfsGovernor;
class EventLog;
class LifecycleHooks;
class RadioAccounting;
class SamplePool;
class Transfers;
class WirelessAccess;

class Batteries {
 public:
  // Called when `device` died, before the samples it held are given up: the lifecycle stops the device's
  // arrivals and returns how many its stream would still have made; `parked` is a record that the radio tail cut
  // at the death completed, to be written.
  using OnEmpty = std::function<long long(DeviceId device, std::optional<SampleRecord> parked)>;
  // `dvfs`, `radio`, `wireless` and `events` (outputs.events off) may be null.
  Batteries(const ScenarioSpec& spec, const BuiltPlatform& platform, SamplePool& samples, Activities& activities,
            Compute& compute, Transfers& transfers, DvfsGovernor* dvfs, RadioAccounting* radio,
            WirelessAccess* wireless, EventLog* events, LifecycleHooks& hooks, OnEmpty on_empty);
  Batteries(const Batteries&) = delete;
  Batteries& operator=(const Batteries&) = delete;

  // Plans every battery from t = 0; stop(): the run is over, no death may extend it.
  void start();
  void stop();
  // The power of `host` may have changed at the current time (hosts without a battery are ignored).
  void changed(HostId host);

  // The device's battery emptied (false for a wall-powered device).
  bool dead(int device) const { return batteries_[device].dead; }
  // Its charge / capacity at `now` (1 for a wall-powered device: it never runs low; PolicyContext).
  double fraction(int device, double now) const;
  // The time up to which the device drew power: its death, or `end_s`.
  double alive_until_s(int device, double end_s) const {
    return batteries_[device].dead ? batteries_[device].death_s : end_s;
  }
  // devices.csv's battery columns of `record` (its device's), as of `end_s` (the end of the run).
  void fill_record(DeviceRecord& record, double end_s) const;

 private:
  struct Battery {
    bool present = false;
    double capacity_j = 0, initial_j = 0;
    double charge_j = 0, last_s = 0;  // the charge at last_s
    // The power drawn from last_s on: power_w until until_s (the end of an open radio tail), then after_w.
    double power_w = 0, until_s = std::numeric_limits<double>::infinity(), after_w = 0;
    bool dead = false;
    double death_s = -1;
    long long not_generated = 0;  // arrivals its stream would have made after its death
    Timer empty;                  // at the instant it empties, as planned now
  };
  // Energy drawn between last_s and `to` at the powers planned.
  static double drawn_j(const Battery& b, double to);
  void replan(int device, double now);
  void die(int device);

  const ScenarioSpec& spec_;
  const BuiltPlatform& platform_;
  SamplePool& samples_;
  Activities& activities_;
  Compute& compute_;
  Transfers& transfers_;
  DvfsGovernor* dvfs_;
  RadioAccounting* radio_;
  WirelessAccess* wireless_;
  EventLog* events_;
  LifecycleHooks& hooks_;
  OnEmpty on_empty_;
  std::vector<Battery> batteries_;  // per device
};

}  // namespace hybridfog

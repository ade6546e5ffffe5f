#pragma once
// DeviceOutages: devices that fail (docs/formats.md, "Devices that fail").
//
// A device of a class with `failures.random` goes down and up on its own timeline (FailureInjector, through
// Outages::apply). While it is down:
//   - what it holds is cut at the instant it goes down, as a host failure cuts it (host_cut): its computations,
//     its transfers waiting or in flight, the answers on their way back to it; its radio's open tail ends there;
//   - the samples it held are given up at that instant, with outcome `device_down` (the device that would
//     notice the loss and recover is the one that failed: it restarts with nothing in memory);
//   - its arrivals that fall while it is down are not generated: its stream is drawn as without the failure
//     (take_next), each such arrival is counted in `arrivals_while_down` and makes no sample, so its arrivals
//     after it comes back are exactly those of the run without the failure;
//   - its SimGrid host is off: it draws no power (the host energy plugin counts 0 W, a battery does not drain).
// A sample of the device that is on a server when the device fails goes on there (the servers do not know)
// and is given up (outcome `device_down`) when its answer would be sent back, or when its loss to a server
// failure would be noticed: the device forgot it, whether it is back up by then or not (`forgot`).
// Built only when some device class fails; Simulation and Outages call it through a pointer that is null
// otherwise (one pointer test per arrival).
#include <functional>
#include <limits>
#include <vector>

#include "engine/ids.hpp"
#include "metrics/records.hpp"

namespace hybridfog {

struct BuiltPlatform;
struct Sample;
class Activities;
class Batteries;
class Compute;
class DvfsGovernor;
class LifecycleHooks;
class RadioAccounting;
class SamplePool;
class Transfers;

class DeviceOutages {
 public:
  // `emit`: writes a record that the radio tail cut at a failure completed (RadioAccounting parks records).
  using Emit = std::function<void(SampleRecord)>;
  // `dvfs`, `radio` and `batteries` may be null.
  DeviceOutages(const BuiltPlatform& platform, SamplePool& samples, Activities& activities, Compute& compute,
                Transfers& transfers, DvfsGovernor* dvfs, RadioAccounting* radio, Batteries* batteries,
                LifecycleHooks& hooks, Emit emit);
  DeviceOutages(const DeviceOutages&) = delete;
  DeviceOutages& operator=(const DeviceOutages&) = delete;

  // Device host `host` goes down at `now`: its work is cut, what it held is given up (outcome device_down).
  // Returns how many samples it held.
  int down(int host, double now);
  // It comes back up at `now`, with nothing in memory.
  void up(int host, double now);

  // An arrival of `device` is due now: true (and counted) when the device is down, the arrival is then not
  // generated.
  bool skip_arrival(int device) {
    Device& d = devices_[device];
    if (!d.down) return false;
    ++d.arrivals_while_down;
    return true;
  }
  // The device failed after `s` arrived: it no longer waits for its answer.
  bool forgot(const Sample& s) const;

  // devices.csv's failure columns of `record` (its device's), as of `end_s` (the end of the run, or the
  // device's death).
  void fill_record(DeviceRecord& record, double end_s) const;

 private:
  struct Device {
    bool down = false;
    int failures = 0;
    double last_failure_s = -std::numeric_limits<double>::infinity();
    double down_s = 0;  // closed down periods
    long long arrivals_while_down = 0;
  };

  const BuiltPlatform& platform_;
  SamplePool& samples_;
  Activities& activities_;
  Compute& compute_;
  Transfers& transfers_;
  DvfsGovernor* dvfs_;
  RadioAccounting* radio_;
  Batteries* batteries_;
  LifecycleHooks& hooks_;
  Emit emit_;
  std::vector<Device> devices_;
};

}  // namespace hybridfog

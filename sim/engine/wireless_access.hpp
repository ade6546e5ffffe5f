#pragma once
// WirelessAccess: the devices' wireless links under links.access.wifi (docs/architecture.md, "Wireless
// access and mobility"; docs/formats.md, "Mobility"). It owns each device's association (site and rate level)
// as the MobilityTracker moves it, the handover and re-association delays, the transfers waiting for a
// usable link and those in flight over it. A handover or a coverage loss interrupts the transfers in flight
// (what they carried stays accounted, through LifecycleHooks::end_transfer); they start again in full once the
// link is usable, or are given up (mobility.out_of_coverage). Built only with a wireless access; the wired
// devices of a mixed access keep their home site and their own link.
#include <cstddef>
#include <vector>

#include "engine/ids.hpp"
#include "engine/mobility.hpp"
#include "engine/timer.hpp"
#include "metrics/records.hpp"

namespace simgrid::s4u {
class Host;
}

namespace hybridfog {

struct BuiltPlatform;
class Activities;
class Compute;
class EventLog;
class LifecycleHooks;
class SamplePool;
struct ScenarioSpec;
class Transfers;

class WirelessAccess {
 public:
  // Sets every device's first association (and its rate on its access point) from `tracker`.
  WirelessAccess(MobilityTracker tracker, const ScenarioSpec& spec, const BuiltPlatform& platform, SamplePool& samples,
                 Activities& activities, Transfers& transfers, Compute& compute, EventLog& events, LifecycleHooks& hooks);

  // The site a device's new work is dispatched to: its association, or its home site out of coverage.
  int dispatch_site(int device) const;
  // A sample arrives on its device: its origin site and the device's handovers so far are kept.
  void on_arrival(SampleId id);
  // samples.csv origin_site, handovers (of its device since it arrived) and coverage_wait_s of sample `id`.
  void fill_record(SampleId id, SampleRecord& record) const;

  // The transfer of `id` (s.host -> s.next_host, one end a device) is about to start: false when the device's
  // link is not usable now (the transfer waits for it, or is given up); else its SimGrid ends `from`/`to`
  // become the device's station at its site (an upload is redirected to a server of that site).
  bool prepare_launch(SampleId id, simgrid::s4u::Host*& from, simgrid::s4u::Host*& to);
  // The transfer of `id` over its device's link ended (completed, cut or interrupted).
  void transfer_ended(SampleId id);
  // A host failure takes `id`, which waited for its device's link: it leaves the waiting list (its wait is
  // counted up to `now`). False when it was not waiting.
  bool drop_waiting(SampleId id, double now);

  // The first movement's timer; stop(): the run is over, no movement may extend it.
  void start() { schedule(); }
  void stop() { timer_.cancel(); }
  // Every sample left waits out of coverage for a device that will never move again.
  bool stranded(size_t samples_in_flight) const;
  // The run ended at `end` with samples still waiting for a link: they are given up.
  void give_up_waiting(double end);

  // devices.csv at `sim_time_s`.
  std::vector<DeviceRecord> device_records(double sim_time_s) const;

 private:
  // A device's link: its association, when it is usable, the samples waiting for it and those on it.
  struct DeviceLink {
    int site = -1;          // associated site, -1 out of coverage
    int level = -1;         // rate level at that site
    double ready_s = 0;     // usable from this time on (a handover or re-association delays it)
    std::vector<int> waiting;    // samples whose transfer waits for the link (their sending flow released)
    std::vector<int> in_flight;  // samples whose transfer is on the link now
    Timer ready_timer;
    int handovers = 0, reassociations = 0, interrupted = 0, given_up = 0;
    double out_since_s = -1;  // when coverage was lost (-1: covered)
    double out_of_coverage_s = 0;
  };

  void schedule();  // one kernel timer for the whole fleet, at the tracker's next time
  void on_change(const MobilityTracker::Change& change, double now);
  void set_rate(int device) const;
  // A device of a wired class in a mixed access (docs/formats.md, "Wired and wireless access in one platform"):
  // it keeps its home site and its own access link; nothing here applies to it.
  bool wired(int device) const;
  void park(int id, int device, double now);
  void resume(int device, double now);
  void interrupt(int id, double now);
  void give_up(int id);  // its device has no link (mobility.out_of_coverage: give-up)

  const ScenarioSpec& spec_;
  const BuiltPlatform& platform_;
  SamplePool& samples_;
  Activities& activities_;
  Transfers& transfers_;
  Compute& compute_;
  EventLog& events_;
  LifecycleHooks& hooks_;
  MobilityTracker tracker_;
  std::vector<DeviceLink> links_;
  Timer timer_;
  // Per sample slot (set at its arrival): its device's association and handovers then, the time its
  // transfers waited for the device's link.
  struct SampleAccess {
    int origin_site = -1;
    int handovers_before = 0;
    double coverage_wait_s = 0;
  };
  std::vector<SampleAccess> per_sample_;
};

}  // namespace hybridfog

#pragma once
// MobilityTracker: where every device is, which site it is associated with and at which rate level, as
// simulated time goes on (docs/formats.md, "Mobility"; docs/architecture.md, "Wireless access and
// mobility"). Plain data, no SimGrid: the simulation asks it for the next time something may change and
// advances it there, from one kernel timer for the whole fleet.
//
// A device moves along straight segments at constant speed (a trace's consecutive points, a random
// waypoint's legs and pauses; a static device has one endless segment). Everything that decides the
// association on a segment is a closed form in time: the crossings of each nearby site's coverage circle
// and rate-level circles (roots of a quadratic) and of the bisector between two nearby sites (a linear
// equation). They are computed once per segment and sorted; between two of them nothing changes, so the
// state on that interval is evaluated at its midpoint. No fixed time step, and nothing at all to do for
// a device that does not move.
#include <cstdint>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "core/random.hpp"
#include "platform/wifi_spec.hpp"
#include "scenario/mobility_spec.hpp"

namespace hybridfog {

class MobilityTracker {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  // `home_site[d]`: the site of device d in the platform (a `home` device stands at its access point).
  MobilityTracker(const WifiSpec& wifi, const MobilitySpec& spec, const std::vector<int>& home_site, std::uint64_t seed);

  int devices() const { return static_cast<int>(devices_.size()); }
  // The device's association on the interval that began at its last change: a site, or -1 (no coverage). A
  // wired device (DeviceMobility::Model::wired): its home site, level -1, no change, no station.
  int site(int device) const { return devices_[device].site; }
  // Its rate level at that site (index in WifiSpec::rates), -1 without coverage.
  int level(int device) const { return devices_[device].level; }
  // Position at time t (t within or after the current segment's start).
  std::pair<double, double> position(int device, double t) const;

  // Earliest time at which some device's association or level may change; kNever when nothing moves.
  double next_time() const { return queue_.empty() ? kNever : queue_.top().first; }

  struct Change {
    int device = -1;
    double time_s = 0;
    int old_site = -1, new_site = -1;
    int old_level = -1, new_level = -1;
  };
  // Advances the device due at next_time() and returns what happened to it then (old == new: nothing).
  // REQUIRES: next_time() < kNever.
  Change advance();

  // Sites whose coverage the device can ever be in (its stations: docs/architecture.md), in site order.
  std::vector<int> reachable_sites(int device) const;

 private:
  struct Segment {
    double t0 = 0, t1 = kNever;  // the device is on this segment for t in [t0, t1)
    double x0 = 0, y0 = 0;       // position at t0
    double vx = 0, vy = 0;       // m/s
    double x1 = 0, y1 = 0;       // position at t1 (the start of the next segment)
  };
  struct Device {
    Segment segment;
    std::vector<double> candidates;  // times in (t0, t1) where the state may change, sorted
    size_t next_candidate = 0;
    int site = -1, level = -1;
    // Trace: index of the point the current segment ends at. Random waypoint: its stream, whether the
    // next segment is a pause.
    size_t trace_point = 0;
    Rng rng;
    bool pause_next = false;
  };

  void start_segment(int device, const Segment& segment);
  Segment following_segment(int device);  // the segment after the current one
  void evaluate(int device, double t);     // site and level on the interval after t
  double next_change(int device) const;    // next candidate, or the segment's end

  const WifiSpec& wifi_;
  const MobilitySpec& spec_;
  std::vector<Device> devices_;
  using Entry = std::pair<double, int>;  // (time, device); ties go to the lower device number
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
};

}  // namespace hybridfog

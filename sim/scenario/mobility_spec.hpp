#pragma once
// MobilitySpec: how devices move and what happens when they lose their link (docs/formats.md, "Mobility").
// Needs a platform with a wireless access (links.access.wifi). Plain data, validated once here.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hybridfog {

class YNode;
struct PlatformSpec;

// One point of a mobility trace: the device is at (x_m, y_m) at time_s and moves in a straight line, at
// constant speed, to its next point.
struct Waypoint {
  double time_s = 0;
  double x_m = 0, y_m = 0;
};

// Random waypoint (docs/formats.md): starts at a uniform point of the area, picks a uniform destination in
// it and a speed uniform in [speed_min, speed_max], walks there in a straight line, pauses, and again.
struct RandomWaypointSpec {
  double x_min_m = 0, x_max_m = 0, y_min_m = 0, y_max_m = 0;  // min <= max
  double speed_min_m_per_s = 1, speed_max_m_per_s = 1;          // 0 < min <= max
  double pause_s = 0;                                           // >= 0
};

struct DeviceMobility {
  // home: static at the device's home site's access point (Default). wired: a device of a wired class in a
  // platform of wired and WiFi classes: no position, no station, never moves (docs/formats.md).
  enum class Model : std::uint8_t { home, fixed, random_waypoint, trace, wired };
  Model model = Model::home;
  double x_m = 0, y_m = 0;    // fixed: the position
  int random_waypoint = -1;   // index in MobilitySpec::random_waypoints
  std::vector<Waypoint> trace;  // trace: the device's points, times strictly increasing (non-empty)
};

struct MobilitySpec {
  // Seconds a device has no link after it re-associates (handover or back in coverage). Default: 0.
  double handover_delay_s = 0;
  // What a sample does when it needs the device's link while the device is out of coverage: wait until it
  // is back (Default), or be given up (docs/formats.md, "Mobility").
  enum class OutOfCoverage : std::uint8_t { wait, give_up } out_of_coverage = OutOfCoverage::wait;
  std::vector<RandomWaypointSpec> random_waypoints;
  std::vector<DeviceMobility> devices;  // one per device (device number order)
  std::vector<std::string> trace_files;  // resolved paths of the trace files read (for the manifest)

  bool anything_moves() const {
    for (const auto& d : devices)
      if (d.model == DeviceMobility::Model::random_waypoint ||
          (d.model == DeviceMobility::Model::trace && d.trace.size() > 1))
        return true;
    return false;
  }
};

// Parses the scenario's `mobility` section against `platform` (which must have a wireless access).
// `resolve` turns a file key into a checked path (relative to the scenario). Throws InputError.
MobilitySpec parse_mobility(const YNode& node, const PlatformSpec& platform,
                            const std::function<std::string(const YNode&)>& resolve);

// Every device of `platform` (wireless access) at its default: `home`, or `wired` for the devices of wired
// classes.
std::vector<DeviceMobility> default_device_mobility(const PlatformSpec& platform);

// Reads a mobility trace (CSV `time_s,device,x_m,y_m`, docs/formats.md) into `devices` (one entry per
// device of the platform), making every device it names trace-driven; a `wired` device is refused. Throws InputError with
// file:line:col on bad input (unknown device, times not increasing, a bad number ...).
void load_mobility_trace(const std::string& file, std::vector<DeviceMobility>& devices);

}  // namespace hybridfog

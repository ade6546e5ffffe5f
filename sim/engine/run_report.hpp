#pragma once
// run_report: the end-of-run tables (docs/outputs.md: hosts.csv, links.csv, devices.csv, link windows, the
// profile steps of events.csv), read from the components that kept them, handed to the recorder.
#include <optional>
#include <vector>

#include "metrics/records.hpp"

namespace hybridfog {

struct BuiltPlatform;
class Batteries;
class Compute;
class DvfsGovernor;
class FailureInjector;
class RadioAccounting;
class Recorder;
struct ScenarioSpec;
class Transfers;

// What the run's components kept; the optional ones are null when the scenario does not use them.
struct RunParts {
  const ScenarioSpec& spec;
  const BuiltPlatform& platform;
  const Compute& compute;
  const Transfers& transfers;
  const FailureInjector* failures = nullptr;  // failures or availability profiles
  DvfsGovernor* dvfs = nullptr;               // performance states (its idle energy is charged up to the end)
  const RadioAccounting* radio = nullptr;     // a radio model
  const Batteries* batteries = nullptr;       // battery-powered devices (a dead device drew nothing after its death)
};

// Hands the host, link and (under a wireless access) device tables at `sim_time_s` to `recorder` and
// finishes it. REQUIRES: the host energy plugin's figures are up to date (sg_host_energy_update_all).
void report_run(const RunParts& parts, std::optional<std::vector<DeviceRecord>> devices, double sim_time_s,
                double wall_time_s, Recorder& recorder);

}  // namespace hybridfog

#include "engine/run_report.hpp"

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Host.hpp>

#include "engine/availability.hpp"
#include "engine/batteries.hpp"
#include "engine/compute.hpp"
#include "engine/dvfs_governor.hpp"
#include "engine/dynamics.hpp"
#include "engine/radio_accounting.hpp"
#include "engine/transfers.hpp"
#include "metrics/recorder.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

void report_run(const RunParts& parts, std::optional<std::vector<DeviceRecord>> devices, double sim_time,
                double wall_time_s, Recorder& recorder) {
  const ScenarioSpec& spec = parts.spec;
  const BuiltPlatform& platform = parts.platform;
  std::vector<HostRecord> hosts;
  std::vector<int> first_class_of_tier;  // HostRecord::class_index of each tier's first class
  int classes = 0;
  for (const TierSpec& tier : spec.platform.tiers) {
    first_class_of_tier.push_back(classes);
    classes += static_cast<int>(tier.classes.size());
  }
  for (size_t h = 0; h < platform.hosts.size(); ++h) {
    const BuiltHost& built = platform.hosts[h];
    const TierSpec& tier = spec.platform.tiers[built.tier];
    HostRecord record;
    record.name = built.host->get_name();
    record.tier = tier.name;
    record.host_class = tier.classes[built.host_class].name;
    record.class_index = first_class_of_tier[static_cast<size_t>(built.tier)] + built.host_class;
    record.site = built.site;
    record.cores = built.host->get_core_count();
    record.energy_j = sg_host_get_consumed_energy(built.host);
    // A device whose battery emptied drew nothing after its death (its host is off, its radio too).
    const double end_s = parts.batteries && built.device >= 0 ? parts.batteries->alive_until_s(built.device, sim_time) : sim_time;
    // A host that was down (failures) drew nothing meanwhile: its idle floor counts the time it was up.
    const double up_s = parts.failures ? parts.failures->up_s(static_cast<int>(h), end_s) : end_s;
    record.idle_energy_j = record.cores * tier.classes[built.host_class].idle_power_per_core_w * up_s;
    if (parts.dvfs && parts.dvfs->has_states(HostId(static_cast<int>(h))))
      record.idle_energy_j = parts.dvfs->idle_energy_j(HostId(static_cast<int>(h)), sim_time);
    if (parts.radio && built.device >= 0) {
      record.radio_idle_energy_j = parts.radio->idle_energy_j(up_s);
      record.radio_energy_j = *record.radio_idle_energy_j + parts.radio->device_energy_above_idle_j(built.device);
    }
    const ServerState& server = parts.compute[HostId(static_cast<int>(h))];
    record.busy_core_s = server.busy_core_s;
    record.compute_energy_j = server.compute_energy_j;
    record.executions = server.executions;
    record.samples = parts.compute.samples_taken(HostId(static_cast<int>(h)));
    hosts.push_back(record);
  }
  std::vector<LinkRecord> links;
  for (size_t l = 0; l < platform.links.size(); ++l) {
    const BuiltLink& built = platform.links[l];
    links.push_back(parts.transfers.meter().record(l, built.name, built.link_class, built.spec->bandwidth_bytes_per_s,
                                                   built.spec->latency_s, built.spec->energy_per_bit_j, sim_time));
  }
  if (devices) recorder.set_devices(std::move(*devices));
  if (spec.outputs.events) log_profile_steps(spec.platform, sim_time, recorder.events());
  if (spec.outputs.link_windows)
    recorder.set_link_windows(link_window_rows(spec.platform, platform, parts.transfers.meter(), sim_time));
  recorder.finish(std::move(hosts), std::move(links), sim_time, wall_time_s);
}

}  // namespace hybridfog

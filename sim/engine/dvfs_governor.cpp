#include "engine/dvfs_governor.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <stdexcept>

#include "cost/cost_model.hpp"
#include "engine/batteries.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

bool DvfsGovernor::needed(const ScenarioSpec& spec) {
  for (const TierSpec& tier : spec.platform.tiers)
    for (const HostClassSpec& c : tier.classes)
      if (c.pstates.size() > 1) return true;
  return false;
}

DvfsGovernor::DvfsGovernor(const ScenarioSpec& spec, const BuiltPlatform& platform)
    : spec_(spec), platform_(platform), hosts_(platform.hosts.size()), lower_(platform.hosts.size()) {
  for (size_t h = 0; h < platform_.hosts.size(); ++h) {
    const HostClassSpec& c = host_class(HostId(static_cast<int>(h)));
    if (c.pstates.size() < 2) continue;
    const int initial = c.governor.kind == HostClassSpec::Governor::Kind::fixed ? c.governor.pstate
                                                                                : static_cast<int>(c.pstates.size()) - 1;
    platform_.hosts[h].host->set_pstate(static_cast<unsigned long>(initial));
    hosts_[h].states = true;
    hosts_[h].pstate = initial;
  }
}

const HostClassSpec& DvfsGovernor::host_class(HostId host) const {
  const BuiltHost& h = platform_.hosts[host.value()];
  return spec_.platform.tiers[h.tier].classes[h.host_class];
}

void DvfsGovernor::on_exec_start(HostId host, ExecOwner owner, const simgrid::s4u::Activity* exec, double seconds) {
  lower_[host.value()].cancel();
  HostState& state = hosts_[host.value()];
  if (state.states) state.running.push_back({owner, exec, seconds, 0.0});
}

double DvfsGovernor::on_exec_cut(HostId host, ExecOwner owner, double remaining_s) {
  HostState& state = hosts_[host.value()];
  if (!state.states) return 0.0;
  const auto it = std::find_if(state.running.begin(), state.running.end(), [&](const Running& r) { return r.owner == owner; });
  if (it == state.running.end()) throw std::logic_error("DvfsGovernor: an execution ended that never started");
  account(host, *it, remaining_s);
  const double dynamic = it->dynamic_j;
  state.running.erase(it);
  return dynamic;
}

void DvfsGovernor::account(HostId host, Running& run, double remaining_s) {
  const auto& state = host_class(host).pstates[hosts_[host.value()].pstate];
  const double per_work_s = (state.busy_power_per_core_w - state.idle_power_per_core_w) / state.speed;
  run.dynamic_j += per_work_s * (run.work_left_s - remaining_s);
  run.work_left_s = remaining_s;
}

void DvfsGovernor::set_pstate(HostId host, int pstate) {
  HostState& state = hosts_[host.value()];
  if (state.pstate == pstate) return;
  charge_idle(host, simgrid::s4u::Engine::get_clock());
  for (Running& run : state.running) account(host, run, run.exec->get_remaining() / cost::kWorkUnitsPerSecond);
  platform_.hosts[host.value()].host->set_pstate(static_cast<unsigned long>(pstate));
  state.pstate = pstate;
  if (batteries_) batteries_->changed(host);
}

void DvfsGovernor::on_backlog(HostId host, int fifo_waiting) {
  const HostClassSpec& c = host_class(host);
  if (c.governor.kind != HostClassSpec::Governor::Kind::ondemand) return;
  const int cores = platform_.hosts[host.value()].host->get_core_count();
  const int waiting = spec_.discipline == ServerDiscipline::fifo
                          ? fifo_waiting
                          : std::max(0, static_cast<int>(hosts_[host.value()].running.size()) - cores);
  if (waiting >= c.governor.up_queue) set_pstate(host, 0);
}

void DvfsGovernor::on_idle(HostId host) {
  const HostClassSpec& c = host_class(host);
  if (c.governor.kind != HostClassSpec::Governor::Kind::ondemand) return;
  const int slowest = static_cast<int>(c.pstates.size()) - 1;
  if (c.governor.down_after_s <= 0) {
    set_pstate(host, slowest);
    return;
  }
  lower_[host.value()].set(simgrid::s4u::Engine::get_clock() + c.governor.down_after_s,
                           [this, host, slowest]() { set_pstate(host, slowest); });
}

void DvfsGovernor::charge_idle(HostId host, double now) {
  HostState& state = hosts_[host.value()];
  if (!state.states || state.idle_from_s < 0) return;
  const double idle_w =
      platform_.hosts[host.value()].host->get_core_count() * host_class(host).pstates[state.pstate].idle_power_per_core_w;
  state.idle_j += idle_w * (now - state.idle_from_s);
  state.idle_from_s = now;
}

void DvfsGovernor::on_host_down(HostId host, double now) {
  lower_[host.value()].cancel();
  charge_idle(host, now);
  hosts_[host.value()].idle_from_s = -1;
}

void DvfsGovernor::on_host_up(HostId host, double now) { hosts_[host.value()].idle_from_s = now; }

void DvfsGovernor::stop_timers() {
  for (Timer& timer : lower_) timer.cancel();
}

double DvfsGovernor::idle_energy_j(HostId host, double now) {
  charge_idle(host, now);
  return hosts_[host.value()].idle_j;
}

}  // namespace hybridfog

#pragma once
// DvfsGovernor: performance states (DVFS) of the hosts whose class has several (docs/formats.md, "DVFS").
//
// Owns each such host's state and what depends on it: the `fixed` or `ondemand` governor (raise to state 0
// on a backlog, lower to the slowest state after an idle time, with its timer), the dynamic energy of the
// executions running through state changes (a core doing w seconds of full-speed work at speed f for
// (busy - idle) W draws (busy - idle) / f x w joules, in whichever state it runs each part), and the idle
// energy of the host at the state in force at each instant. Built only when some host class has several
// states; the compute component calls its hooks for every host and it ignores hosts without states.
#include <simgrid/forward.h>

#include <vector>

#include "engine/ids.hpp"
#include "engine/timer.hpp"

namespace hybridfog {

class Batteries;
struct BuiltPlatform;
struct ScenarioSpec;
struct HostClassSpec;

class DvfsGovernor {
 public:
  // Some host class of the scenario has several performance states: the run needs a governor.
  static bool needed(const ScenarioSpec& spec);
  // Sets every DVFS host to its governor's initial state (fixed: its state; ondemand: the slowest).
  DvfsGovernor(const ScenarioSpec& spec, const BuiltPlatform& platform);
  DvfsGovernor(const DvfsGovernor&) = delete;
  DvfsGovernor& operator=(const DvfsGovernor&) = delete;

  // An execution of `seconds` of full-speed work starts on `host` (a pending "lower the state" is called
  // off: the host works again).
  void on_exec_start(HostId host, ExecOwner owner, const simgrid::s4u::Activity* exec, double seconds);
  // It ends, or is cut with `remaining_s` of full-speed work not done: its dynamic energy in joules
  // (0 on a host without states).
  double on_exec_end(HostId host, ExecOwner owner) { return on_exec_cut(host, owner, 0.0); }
  double on_exec_cut(HostId host, ExecOwner owner, double remaining_s);
  // `fifo_waiting` owners wait for a core of `host` (FIFO discipline; processor sharing counts the executions
  // beyond the cores): ondemand raises the host to state 0 when that reaches up_queue.
  void on_backlog(HostId host, int fifo_waiting);
  // `host` has nothing to compute and nothing waiting: ondemand lowers it after down_after.
  void on_idle(HostId host);
  // A failure: its pending timer goes, its idle stops being charged; and back up at `now`.
  void on_host_down(HostId host, double now);
  void on_host_up(HostId host, double now);
  // The run is over: no pending timer may extend it.
  void stop_timers();

  bool has_states(HostId host) const { return hosts_[host.value()].states; }
  // The state in force on `host` (0 on a host without states).
  int pstate(HostId host) const { return hosts_[host.value()].pstate; }
  // Battery-powered devices (docs/formats.md, "Batteries"): told when a device's state changes.
  void set_batteries(Batteries* batteries) { batteries_ = batteries; }
  // Idle energy of `host` up to `now`, at the idle power of the state in force at each instant.
  double idle_energy_j(HostId host, double now);

 private:
  struct Running {
    ExecOwner owner;
    const simgrid::s4u::Activity* exec;
    double work_left_s;  // full-speed seconds not accounted yet
    double dynamic_j;    // dynamic energy accounted so far
  };
  struct HostState {
    bool states = false;  // the class has several states
    int pstate = 0;
    std::vector<Running> running;
    double idle_j = 0, idle_from_s = 0;  // idle charged up to idle_from_s; -1: down
  };
  const HostClassSpec& host_class(HostId host) const;
  void set_pstate(HostId host, int pstate);
  void charge_idle(HostId host, double now);
  // Dynamic energy of `run`'s work done since its last accounting, in the host's current state.
  void account(HostId host, Running& run, double remaining_s);

  const ScenarioSpec& spec_;
  const BuiltPlatform& platform_;
  std::vector<HostState> hosts_;
  std::vector<Timer> lower_;  // per host: ondemand's pending "lower the state"
  Batteries* batteries_ = nullptr;
};

}  // namespace hybridfog

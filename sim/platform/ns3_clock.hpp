#pragma once
// Two workarounds for SimGrid 3.32's ns-3 binding, without which a run whose transfers overlap timers or
// executions stops advancing or loses executions (docs/network-validation.md, "The ns-3 backend", "Clocks").
//
// SimGrid's solver (EngineImpl::solve, src/kernel/EngineImpl.cpp:536-572 at v3.32) lets the ns-3 model run
// for the time left until the next event of the other models or timers, and then takes the model's answer,
// ns-3's clock minus SimGrid's, as its step, in place of the step it had computed; an answer within
// surf/precision (1e-9 s) of 0 is made 0 (NetworkNS3Model::next_occurring_event, src/surf/network_ns3.cpp:
// 393-399). So SimGrid's clock lands wherever ns-3's does:
//   - ns-3 rounds a duration to its time unit (ns by default). Rounded down, SimGrid stops just before the
//     next timer; from there the time left rounds to no time at all, the answer is 0, and the solver takes a
//     step of 0 again and again: the run never ends. Rounded up (or after steps that ns-3 took but whose
//     answer was made 0), SimGrid passes an execution's end by more than surf/precision, and the lazy CPU
//     model, which ends only the executions due within surf/precision of the clock (CpuModel::
//     update_actions_state_lazy, src/kernel/resource/CpuImpl.cpp:21), never ends it, nor any after it.
//   - The fix: ns-3 counts time in picoseconds (use_picosecond_time_in_ns3), so that what it rounds away
//     (0.5 ps) is far below surf/precision; and after a step of 0, every timer due within surf/precision of the
//     clock is moved to the clock's date (keep_timers_reachable_under_ns3), so that it runs in this round, at
//     most surf/precision early.
namespace hybridfog {

// ns-3 counts time in picoseconds instead of nanoseconds: its clock then holds 2^63 ps, about 106 days. Call
// before ns-3 runs (when the platform is built); later calls do nothing.
void use_picosecond_time_in_ns3();

// Installs the timer move (once per process; later calls do nothing). REQUIRES: a SimGrid engine exists.
// Call only for runs under SimGrid's ns-3 network model.
void keep_timers_reachable_under_ns3();

}  // namespace hybridfog

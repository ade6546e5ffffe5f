#pragma once
// What a host going off cuts (a failure, Outages::fail_host; a device's empty battery, Batteries): one order for
// both. Transfers still waiting first (withdrawn from their send queue or from the device's wireless link),
// so that freeing a flow below never launches one of them; then transfers in flight, to or from the host,
// accounted up to now (LifecycleHooks::end_transfer) and cancelled; then the executions and waits on the host.
// What becomes of the samples afterwards (lost, given up) is the caller's.
#include <vector>

#include "metrics/records.hpp"

namespace hybridfog {

class SamplePool;
class Activities;
class Compute;
class Transfers;
class WirelessAccess;
class LifecycleHooks;

struct HostCutParts {
  SamplePool& samples;
  Activities& activities;
  Compute& compute;
  Transfers& transfers;
  WirelessAccess* wireless;
  LifecycleHooks& hooks;
};

// `held`: SamplePool::held_by(host).
void cut_host_work(const HostCutParts& parts, int host, const std::vector<int>& held, double now);

// The samples `held` by a device that went off for good for them (an empty battery, a device failure), after
// cut_host_work: each leaves the host it counted against for dispatch, keeps nothing pending, and is given up
// with `outcome` (no exit head). The caller finishes them (LifecycleHooks::finish) when its own account is done.
void give_up_held(const HostCutParts& parts, const std::vector<int>& held, SampleRecord::Outcome outcome);

}  // namespace hybridfog

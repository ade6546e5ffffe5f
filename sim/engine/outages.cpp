#include "engine/outages.hpp"

#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include <algorithm>
#include <string>
#include <utility>

#include "engine/activities.hpp"
#include "engine/batteries.hpp"
#include "engine/compute.hpp"
#include "engine/device_outages.hpp"
#include "engine/dvfs_governor.hpp"
#include "engine/host_cut.hpp"
#include "engine/lifecycle_hooks.hpp"
#include "engine/sample_pool.hpp"
#include "engine/timer.hpp"
#include "engine/transfers.hpp"
#include "engine/wireless_access.hpp"
#include "metrics/event_log.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {

Outages::Outages(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan, SamplePool& samples,
                 Activities& activities, Compute& compute, Transfers& transfers, DvfsGovernor* dvfs,
                 WirelessAccess* wireless, EventLog& events, LifecycleHooks& hooks, std::function<bool()> keep_going)
    : platform_(platform), samples_(samples), activities_(activities), compute_(compute), transfers_(transfers),
      dvfs_(dvfs), wireless_(wireless), events_(events), hooks_(hooks),
      detection_timeout_s_(spec.failures.recovery.detection_timeout_s), recovery_(spec, plan),
      injector_(spec, platform, [this](int source, bool up) { apply(source, up); }, std::move(keep_going)) {}

void Outages::lose_unreachable(SampleId id, double now, int tier) {
  lose(id.value(), now, tier);
  detect_later({id.value()}, now);
}

void Outages::apply(int source, bool up) {
  const double now = sg4::Engine::get_clock();
  const FailureInjector::Source& f = injector_.source(source);
  if (devices_ && f.hosts.size() == 1 && platform_.hosts[f.hosts[0]].device >= 0) {
    apply_device(source, up, now);
    return;
  }
  std::vector<int> lost;
  if (!up) {
    for (int h : f.hosts) fail_host(h, now, lost);
    for (int l : f.links) fail_link(l, now, lost);
  } else {
    for (int h : f.hosts) {
      platform_.hosts[h].host->turn_on();
      compute_.set_down(HostId(h), false);
      if (dvfs_) dvfs_->on_host_up(HostId(h), now);
      injector_.host_up(h, now);
    }
    for (int l : f.links)
      for (sg4::Link* copy : platform_.links[l].copies) copy->turn_on();
  }
  std::string detail = f.hosts.empty() ? "links=" + std::to_string(f.links.size()) : "hosts=" + std::to_string(f.hosts.size());
  if (!up) detail += ";lost_samples=" + std::to_string(lost.size());
  events_.add(now, up ? "recovery" : "failure", f.subject, detail);
  if (!lost.empty()) detect_later(std::move(lost), now);
}

void Outages::apply_device(int source, bool up, double now) {
  const FailureInjector::Source& f = injector_.source(source);
  const int h = f.hosts[0];
  // A device whose battery emptied stays dead: its timeline goes on, but changes nothing.
  if (batteries_ && batteries_->dead(platform_.hosts[h].device)) return;
  if (up) {
    devices_->up(h, now);
    injector_.host_up(h, now);
    events_.add(now, "recovery", f.subject, "hosts=1");
    return;
  }
  injector_.host_down(h, now);
  // The row before the samples are given up: giving up the last one may end the run.
  const std::vector<int> held = samples_.held_by(h);
  events_.add(now, "failure", f.subject, "hosts=1;given_up_samples=" + std::to_string(held.size()));
  devices_->down(h, now);
}

void Outages::cut_transfer(int id, double now, double carried_bytes) {
  Sample& s = samples_[SampleId(id)];
  hooks_.end_transfer(SampleId(id), std::clamp(carried_bytes, 0.0, s.transfer_bytes), now);
  if (s.activity) activities_.cancel(s.activity);  // its completion (cancelled or failed) is no longer ours
}

void Outages::lose(int id, double now, int tier) {
  Sample& s = samples_[SampleId(id)];
  // Which host the sample counted against for dispatch: its destination while a transfer is under way.
  const int assigned = s.pending == Pending::forward ? s.next_host : s.pending == Pending::answer ? -1 : s.host;
  if (assigned >= 0) compute_.leave(HostId(assigned));
  Recovery::lose(s, now, tier);
  activities_.retire(s.activity);
}

void Outages::fail_host(int h, double now, std::vector<int>& lost) {
  compute_.set_down(HostId(h), true);
  if (dvfs_) dvfs_->on_host_down(HostId(h), now);
  const int tier = platform_.hosts[h].tier;
  const std::vector<int> affected = samples_.held_by(h);
  cut_host_work({samples_, activities_, compute_, transfers_, wireless_, hooks_}, h, affected, now);
  for (int id : affected) {
    Sample& s = samples_[SampleId(id)];
    const bool to_h = (s.pending == Pending::forward || s.pending == Pending::answer) && s.next_host == h;
    lose(id, now, to_h || s.host == h ? tier : platform_.hosts[s.next_host].tier);
    lost.push_back(id);
  }
  platform_.hosts[h].host->turn_off();  // the host energy plugin: no power while off
  injector_.host_down(h, now);
}

void Outages::fail_link(int l, double now, std::vector<int>& lost) {
  // The transfers crossing the link, found here rather than left to SimGrid: it fails those in their
  // bandwidth phase but not those still in their latency phase, which would then never end.
  std::vector<int> affected;  // in id order: deterministic
  for (int i = 0; i < samples_.slots(); ++i) {
    const Sample& s = samples_[SampleId(i)];
    if (!s.alive || s.lost || (s.pending != Pending::forward && s.pending != Pending::answer) || !s.activity) continue;
    const BuiltPlatform::Route route = transfers_.route(s);
    if (std::find(route.begin(), route.end(), l) != route.end()) affected.push_back(i);
  }
  // Off first: transfers that start from here on over the link fail at once (SimGrid), and come back
  // through on_completion.
  for (sg4::Link* copy : platform_.links[l].copies) copy->turn_off();
  for (int id : affected) {
    Sample& s = samples_[SampleId(id)];
    cut_transfer(id, now, s.transfer_bytes - s.activity->get_remaining());
    lose(id, now, platform_.hosts[s.next_host].tier);
    lost.push_back(id);
    hooks_.next_in_send_queue(s.host, now);
  }
}

void Outages::on_transfer_failed(SampleId sample, double remaining_bytes) {
  const int id = sample.value();
  Sample& s = samples_[sample];
  const double now = sg4::Engine::get_clock();
  if (!s.alive || s.lost || (s.pending != Pending::forward && s.pending != Pending::answer)) return;
  cut_transfer(id, now, s.transfer_bytes - remaining_bytes);
  hooks_.next_in_send_queue(s.host, now);
  lose(id, now, platform_.hosts[s.next_host].tier);
  detect_later({id}, now);
}

void Outages::detect_later(std::vector<int> ids, double now) {
  at(now + detection_timeout_s_, [this, ids = std::move(ids)]() {
    for (int id : ids) recover(id);
  });
}

void Outages::recover(int id) {
  Sample& s = samples_[SampleId(id)];
  const bool dead = batteries_ && batteries_->dead(s.device);
  if (dead || (devices_ && devices_->forgot(s))) {  // nobody is left to notice, or to answer
    s.recovery_wait_s += sg4::Engine::get_clock() - s.lost_at_s;
    s.lost = false;
    s.outcome = dead ? SampleRecord::Outcome::battery : SampleRecord::Outcome::device_down;
    s.exit_head = -1;
    hooks_.finish(SampleId(id));
    return;
  }
  const Recovery::Next next = recovery_.recover(s, sg4::Engine::get_clock(), platform_.device_host[s.device]);
  switch (next.kind) {
    case Recovery::Next::Kind::give_up:
      // Given up: no answer, counted wrong (docs/outputs.md, "Failures and recovery").
      s.outcome = SampleRecord::Outcome::given_up;
      s.exit_head = -1;
      hooks_.finish(SampleId(id));
      return;
    case Recovery::Next::Kind::fall_back:
      hooks_.finish(SampleId(id));
      return;
    case Recovery::Next::Kind::restart:
      hooks_.enter_stage(SampleId(id), next.bytes_in);
      return;
  }
}

}  // namespace hybridfog

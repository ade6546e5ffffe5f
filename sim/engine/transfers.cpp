#include "engine/transfers.hpp"

#include <simgrid/s4u.hpp>

#include "engine/activities.hpp"
#include "engine/host_observations.hpp"
#include "engine/batteries.hpp"
#include "engine/radio_accounting.hpp"
#include "engine/sample_pool.hpp"
#include "engine/timer.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

namespace {
std::vector<int> send_flows(const ScenarioSpec& spec, const BuiltPlatform& platform) {
  std::vector<int> flows;
  flows.reserve(platform.hosts.size());
  for (const BuiltHost& host : platform.hosts) flows.push_back(spec.platform.tiers[host.tier].send_flows);
  return flows;
}
}  // namespace

Transfers::Transfers(const ScenarioSpec& spec, const BuiltPlatform& platform, SamplePool& samples, Activities& activities,
                     RadioAccounting* radio, HostObservations* observations)
    : platform_(platform), samples_(samples), activities_(activities), radio_(radio), observations_(observations),
      queues_(send_flows(spec, platform)), meter_(platform.links.size(), spec.outputs.utilization_window_s) {
  if (spec.tcp) tcp_.emplace(*spec.tcp, spec.tcp_window_bytes, platform);
}

std::optional<SampleId> Transfers::next(int host) {
  if (const std::optional<int> waiting = queues_.finish(host)) return SampleId(*waiting);
  return std::nullopt;
}

void Transfers::launch(SampleId id, simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::optional<SampleRecord>& done) {
  Sample& s = samples_[id];
  if (radio_) {
    if (static_cast<size_t>(id.value()) >= radio_use_.size()) radio_use_.resize(static_cast<size_t>(id.value()) + 1);
    RadioUse& use = radio_use_[id.value()];
    use.on_radio = platform_.hosts[s.host].tier == 0 || platform_.hosts[s.next_host].tier == 0;
    if (use.on_radio) {
      use.upload = platform_.hosts[s.host].tier == 0;
      use.token = radio_->begin(s.device, use.upload, s.phase_start_s, done);
      if (batteries_) batteries_->changed(HostId(platform_.device_host[s.device]));
    }
  }
  if (!tcp_) {
    s.activity = activities_.start_transfer(from, to, s.transfer_bytes, id);
    return;
  }
  const TcpConnections::Start start = tcp_->begin(s.host, s.next_host, s.transfer_bytes, s.phase_start_s, s.pending == Pending::answer);
  if (start.delay_s <= 0) {
    s.activity = activities_.start_transfer(from, to, start.bytes, id);
    return;
  }
  // The flow starts once the handshake and slow-start rounds are over. (network.tcp is refused with failures
  // and wireless access, which could take the sample meanwhile; the check below keeps a reused slot safe.)
  at(s.phase_start_s + start.delay_s, [this, id, sample = s.id, from, to, bytes = start.bytes]() {
    Sample& waiting = samples_[id];
    if (!waiting.alive || waiting.id != sample || waiting.activity) return;
    waiting.activity = activities_.start_transfer(from, to, bytes, id);
  });
}

void Transfers::finish_transfer(SampleId id, double carried_bytes, double now, const BuiltPlatform::Route& route) {
  Sample& s = samples_[id];
  if (radio_ && radio_use_[id.value()].on_radio) {
    const RadioUse& use = radio_use_[id.value()];
    const double radio_j = radio_->end(s.device, use.upload, use.token, now, id);
    s.radio_j += radio_j;
    if (observations_) observations_->energy(platform_.device_host[s.device], radio_j);
    if (batteries_) batteries_->changed(HostId(platform_.device_host[s.device]));
  }
  if (tcp_) tcp_->end(s.host, s.next_host, now);  // the connection is idle from here
  meter_.add_transfer(route.begin(), route.end(), carried_bytes, s.phase_start_s, now);
  for (int link : route)
    if (const auto& per_bit = platform_.links[link].spec->energy_per_bit_j) s.network_j += carried_bytes * 8.0 * *per_bit;
  s.transfer_s += now - s.phase_start_s;
  s.bytes_sent -= s.transfer_bytes - carried_bytes;  // the whole payload was counted when it was sent
}

bool Transfers::withdraw(SampleId id, double now) {
  Sample& s = samples_[id];
  if (!queues_.remove(s.host, id.value())) return false;
  s.send_queue_s += now - s.phase_start_s;
  s.bytes_sent -= s.transfer_bytes;
  return true;
}

BuiltPlatform::Route Transfers::route(const Sample& s) const {
  if (s.link_site < 0) return platform_.route(s.host, s.next_host);
  return platform_.wireless_route(s.link_site, platform_.hosts[s.host].tier == 0 ? s.next_host : s.host);
}

}  // namespace hybridfog

#pragma once
// Transfers: what crosses the network (docs/formats.md, "Send queues", "Radio"; docs/outputs.md, links.csv).
//
// Every transfer of a sample goes through its sending host's send queue (engine/send_queue.hpp: at most
// `send_flows` in flight per host, the rest wait first come first served), then onto the network through
// Activities. Its end is accounted in ONE place, `finish_transfer(id, carried_bytes, now)`, whether it
// completed, was cut by a failure or was interrupted by a handover: the radio energy of the time it was on
// the air, the bytes it carried on every link of its route (LinkMeter), their per-bit energy, its time as
// transfer time; what it did not carry is not counted as sent.
#include <optional>
#include <vector>

#include "engine/ids.hpp"
#include "engine/send_queue.hpp"
#include "engine/tcp_connections.hpp"
#include "metrics/link_meter.hpp"
#include "platform/platform_builder.hpp"

namespace hybridfog {

struct ScenarioSpec;
class Activities;
class Batteries;
class HostObservations;
class RadioAccounting;
class SamplePool;
struct Sample;
struct SampleRecord;

class Transfers {
 public:
  // `radio` (a radio model) and `observations` (adaptive policies) may be null.
  Transfers(const ScenarioSpec& spec, const BuiltPlatform& platform, SamplePool& samples, Activities& activities,
            RadioAccounting* radio, HostObservations* observations);

  // Battery-powered devices (docs/formats.md, "Batteries"): told when a device's radio changes state.
  void set_batteries(Batteries* batteries) { batteries_ = batteries; }

  // Sample `id` wants to send from `host`: true when it may go on the network now, false when it waits in the
  // host's send queue (next() hands it back when its turn comes).
  bool request(int host, SampleId id) { return queues_.request(host, id.value()); }
  // A transfer from `host` ended: the sample whose transfer takes its flow, if one waits.
  std::optional<SampleId> next(int host);
  // Sample `id`, waiting in its host's send queue, leaves it unsent at `now` (a failure): its wait counts as
  // send-queue time, its payload no longer as sent. False when it was not waiting there.
  bool withdraw(SampleId id, double now);
  // A transfer in flight from `host` was lost with the host: its flow is freed, nothing starts in its place.
  void drop_in_flight(int host) { queues_.drop_in_flight(host); }

  // Puts the transfer of `id` (s.transfer_bytes, s.host -> s.next_host) on the network now, between the
  // SimGrid hosts `from` and `to` (the device's station under a wireless access). Its radio, when it uses
  // the device's access link, starts; a parked record that the radio's start completes goes to `done`.
  // With `network.tcp` (docs/formats.md, "TCP connections") the flow starts after the connection's handshake
  // and slow-start rounds and carries what is left of the payload (links and energy still count all of it).
  void launch(SampleId id, simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::optional<SampleRecord>& done);
  // The transfer in flight of `id` over `route` ends at `now` having carried `carried_bytes` of its payload
  // (completed: all of it; cut or interrupted: what SimGrid had sent).
  void finish_transfer(SampleId id, double carried_bytes, double now, const BuiltPlatform::Route& route);

  // The links the transfer of `s` crosses: its wired route, or its device's wireless one (s.link_site).
  BuiltPlatform::Route route(const Sample& s) const;

  const LinkMeter& meter() const { return meter_; }

 private:
  const BuiltPlatform& platform_;
  SamplePool& samples_;
  Activities& activities_;
  RadioAccounting* radio_;
  HostObservations* observations_;
  Batteries* batteries_ = nullptr;
  SendQueues queues_;
  LinkMeter meter_;
  // Per sample slot, with a radio model: whether the transfer in flight uses its device's radio, from the
  // device, and the radio's token for it (set at every launch).
  struct RadioUse {
    bool on_radio = false, upload = false;
    double token = 0;
  };
  std::vector<RadioUse> radio_use_;
  std::optional<TcpConnections> tcp_;  // network.tcp only
};

}  // namespace hybridfog

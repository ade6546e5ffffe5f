// run_simulation: one SimGrid engine per process, configured from the scenario (network model, TCP window,
// logs), and the sample lifecycle (engine/lifecycle.hpp) run on it.
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/lifecycle.hpp"
#include "engine/simulation.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {

// What ns-3 is given, and why: a send buffer that holds any message (SimGrid 3.32 closes the receiver's sockets
// once a message is buffered: a message larger than the buffer aborted with "total_bytes is not sent_bytes"),
// the receive buffer at network.tcp_window (the flow models' window), and device queues that never drop
// (ns-3 3.37 crashes recovering a loss with such a send buffer).
std::string ns3_attribute_defaults(const ScenarioSpec& spec) {
  return "ns3::TcpSocket::SndBufSize=4294967295;ns3::TcpSocket::RcvBufSize=" +
         std::to_string(static_cast<std::uint64_t>(spec.tcp_window_bytes)) + ";ns3::DropTailQueue<Packet>::MaxSize=1000000p";
}

void run_simulation(const ScenarioSpec& spec, Recorder& recorder, const SimulationOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  std::vector<std::string> args = {"hybridfog"};
  // The network model is the scenario's explicit choice. CM02: plain max-min sharing, latencies and
  // bandwidths as declared (no cross-traffic); LV08: SimGrid's default TCP model (latency x 13.01,
  // bandwidth x 0.97, reverse cross-traffic).
  switch (spec.network_model) {
    case NetworkModel::CM02:
      args.push_back("--cfg=network/model:CM02");
      args.push_back("--cfg=network/crosstraffic:0");
      break;
    case NetworkModel::LV08: args.push_back("--cfg=network/model:LV08"); break;
    case NetworkModel::ns3: {
      // ns-3 must have read these attribute defaults when its libraries loaded (ns3_attribute_defaults).
      const std::string defaults = ns3_attribute_defaults(spec);
      const char* env = std::getenv("NS_ATTRIBUTE_DEFAULT");
      if (env == nullptr || defaults != env)
        throw std::runtime_error("network.model: ns-3 needs NS_ATTRIBUTE_DEFAULT=\"" + defaults +
                                 "\" in the environment when the process starts (hybridfog run sets it itself)");
      args.push_back("--cfg=network/model:ns-3");
      break;
    }
  }
  char window[64];
  std::snprintf(window, sizeof window, "--cfg=network/TCP-gamma:%.17g", spec.tcp_window_bytes);
  args.push_back(window);
  for (const auto& c : options.simgrid_config) args.push_back("--cfg=" + c);
  args.push_back("--log=root.thres:warning");
  args.push_back("--log=xbt_cfg.thres:warning");
  args.push_back("--log=host_energy.thres:warning");
  if (!options.simgrid_log.empty()) args.push_back("--log=" + options.simgrid_log);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  argv.push_back(nullptr);

  auto engine = std::make_unique<sg4::Engine>(&argc, argv.data());
  sg_host_energy_plugin_init();

  auto simulation = std::make_unique<Simulation>(spec, recorder, options, wall_start);
  try {
    simulation->run(*engine);
  } catch (...) {
    // Stopped in the middle of SimGrid's main loop (the wall-time limit, or an error such as a policy written in
    // Python that raised): neither the simulation (it holds activities) nor the engine can be torn down from
    // that state. Both are left as they are; the process ends soon after, without tearing them down.
    simulation.release();
    engine.release();
    throw;
  }
  simulation->report(std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
}

}  // namespace hybridfog

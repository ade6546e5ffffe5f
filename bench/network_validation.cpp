// One point of the network validation grid (docs/network-validation.md): F flows of B bytes each, all
// started at t = 0, from F sender hosts through one bottleneck link of bandwidth W and one-way latency
// RTT / 2 to one receiver, under one network model; prints each flow's completion time.
//
// Models: CM02, LV08, ns-3 (SimGrid's), and CM02 with hybridfog's `network.tcp` formula applied exactly as the
// engine applies it (cost/tcp_model.hpp: wait handshake + rounds x RTT, then send the rest as one flow):
//   tcp-per-request  a new connection per message (handshake, slow start from the initial window);
//   tcp-idle         a persistent connection after an idle RTO (no handshake, slow start from the initial window).
// Plain CM02 is a persistent connection whose window is already open (hybridfog's default).
//
// Platform (one Full zone, every route one link, as ns-3 needs): sender i -- access i (10 x W, capped at
// 100 Gbps, no latency) -- router A -- bottleneck (W, RTT / 2) -- router B -- LAN (100 Gbps, no latency) -- receiver.
// Build: g++ -O2 -std=c++17 -Isim bench/network_validation.cpp sim/cost/tcp_model.cpp -o build/bench/network_validation \
//          $(pkg-config --cflags --libs simgrid)
// Usage: network_validation MODEL BYTES RTT_S BOTTLENECK_BYTES_PER_S FLOWS [MSS_BYTES] [INITIAL_WINDOW] [--cfg=...]
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cost/tcp_model.hpp"

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  std::vector<std::string> cfg = {args[0]};
  std::vector<std::string> positional;
  for (size_t i = 1; i < args.size(); ++i) (args[i].rfind("--", 0) == 0 ? cfg : positional).push_back(args[i]);
  if (positional.size() < 5) {
    std::fprintf(stderr, "usage: %s MODEL BYTES RTT_S BOTTLENECK_BYTES_PER_S FLOWS [MSS_BYTES] [INITIAL_WINDOW]\n", argv[0]);
    return 2;
  }
  const std::string model = positional[0];
  const double bytes = std::atof(positional[1].c_str());
  const double rtt = std::atof(positional[2].c_str());
  const double bandwidth = std::atof(positional[3].c_str());
  const int flows = std::atoi(positional[4].c_str());
  const double mss = positional.size() > 5 ? std::atof(positional[5].c_str()) : 1000;
  const double initial_window = positional.size() > 6 ? std::atof(positional[6].c_str()) : 10;
  const double tcp_window = 4194304;  // SimGrid's default TCP-gamma, hybridfog's default tcp_window
  const bool tcp_formula = model == "tcp-per-request" || model == "tcp-idle";
  if (model == "CM02" || tcp_formula) {
    cfg.push_back("--cfg=network/model:CM02");
    cfg.push_back("--cfg=network/crosstraffic:0");
  } else if (model == "LV08") {
    cfg.push_back("--cfg=network/model:LV08");
  } else if (model == "ns-3") {
    cfg.push_back("--cfg=network/model:ns-3");
  } else {
    std::fprintf(stderr, "unknown model %s\n", model.c_str());
    return 2;
  }
  cfg.push_back("--log=root.thres:warning");
  cfg.push_back("--log=xbt_cfg.thres:warning");
  std::vector<char*> cargv;
  for (auto& c : cfg) cargv.push_back(c.data());
  int cargc = static_cast<int>(cargv.size());
  cargv.push_back(nullptr);
  sg4::Engine engine(&cargc, cargv.data());

  auto* zone = sg4::create_full_zone("world");
  auto* a = zone->create_router("A");
  auto* b = zone->create_router("B");
  auto* receiver = zone->create_host("receiver", 1e9);
  const double access_bw = std::min(10 * bandwidth, 100e9 / 8);
  auto* bottleneck = zone->create_link("bottleneck", bandwidth)->set_latency(rtt / 2)->seal();
  auto* lan = zone->create_link("lan", 100e9 / 8)->set_latency(0)->seal();
  const bool full_routes = model != "ns-3";  // flow-level models need every route; ns-3 only the one-hop ones
  zone->add_route(a, b, nullptr, nullptr, {sg4::LinkInRoute(bottleneck)}, true);
  zone->add_route(b, receiver->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(lan)}, true);
  std::vector<sg4::Host*> senders;
  for (int i = 0; i < flows; ++i) {
    auto* host = zone->create_host("sender" + std::to_string(i), 1e9);
    auto* access = zone->create_link("access" + std::to_string(i), access_bw)->set_latency(0)->seal();
    zone->add_route(host->get_netpoint(), a, nullptr, nullptr, {sg4::LinkInRoute(access)}, true);
    if (full_routes)
      zone->add_route(host->get_netpoint(), receiver->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(access), sg4::LinkInRoute(bottleneck), sg4::LinkInRoute(lan)}, true);
    senders.push_back(host);
  }
  zone->seal();
  if (model == "ns-3") sg4::Engine::on_platform_created();  // SimGrid 3.32: the binding's routes (see ns3_probe.cpp)

  // The formula's inputs, as the engine reads them from the route: RTT = 2 x Σ latency, its narrowest link.
  const double pipe = hybridfog::cost::pipe_bytes(rtt, bandwidth, tcp_window);
  std::vector<double> done(static_cast<size_t>(flows), -1);
  for (int i = 0; i < flows; ++i) {
    sg4::Actor::create("flow" + std::to_string(i), senders[i], [&, i]() {
      double rest = bytes;
      if (tcp_formula) {
        const auto start = hybridfog::cost::message_start(bytes, model == "tcp-per-request", rtt, mss, initial_window, pipe);
        if (start.delay_s > 0) sg4::this_actor::sleep_for(start.delay_s);
        rest = start.rest_bytes;
      }
      sg4::Comm::sendto(senders[i], receiver, static_cast<std::uint64_t>(rest));
      done[i] = sg4::Engine::get_clock();
    });
  }
  engine.run();
  for (int i = 0; i < flows; ++i) std::printf("%d %.9f\n", i, done[i]);
  return 0;
}

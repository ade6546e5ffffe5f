// Bare SimGrid program (no hybridfog code): which platform shape SimGrid 3.32's ns-3 binding accepts, and
// what one message costs under CM02, LV08 and ns-3. Not part of the build: compile it by hand with
//   g++ -O2 -std=c++17 bench/ns3_probe.cpp -o /tmp/ns3_probe $(pkg-config --cflags --libs simgrid)
// Usage: ns3_probe SHAPE [from:to:bytes[:gap_s] ...] [--cfg=...]
//   SHAPE "star": hybridfog's layout (star zones per site and for the cloud, routes through gateways);
//   SHAPE "full": one Full zone whose every route is one link between two netpoints (hosts or routers).
// Hosts: device, edge, cloud. Links (the quickstart's): access 20 Mbps / 5 ms (device - site router),
// uplink 50 Mbps / 20 ms (site router - core), ingress 10 Gbps / 1 ms (core - cloud router), and, for
// "full" only, a LAN link of 100 Gbps / 0 s from the edge and the cloud host to their router.
// Messages are sent one after the other (each waits `gap_s` after the previous one ended); each line of
// output is "from to bytes start_s duration_s".
#include <simgrid/s4u.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

struct Message {
  std::string from, to;
  double bytes, gap_s;
};

static void build_full() {
  auto* zone = sg4::create_full_zone("world");
  auto* device = zone->create_host("device", 1e9);
  auto* edge = zone->create_host("edge", 1e9);
  auto* cloud = zone->create_host("cloud", 1e9);
  auto* site = zone->create_router("site-gw");
  auto* core = zone->create_router("core");
  auto* central = zone->create_router("cloud-gw");
  auto link = [&](const std::string& name, double bps, double latency) {
    return zone->create_link(name, bps / 8)->set_latency(latency)->seal();
  };
  zone->add_route(device->get_netpoint(), site, nullptr, nullptr, {sg4::LinkInRoute(link("access", 20e6, 0.005))}, true);
  zone->add_route(edge->get_netpoint(), site, nullptr, nullptr, {sg4::LinkInRoute(link("edge-lan", 100e9, 0))}, true);
  zone->add_route(site, core, nullptr, nullptr, {sg4::LinkInRoute(link("uplink", 50e6, 0.020))}, true);
  zone->add_route(core, central, nullptr, nullptr, {sg4::LinkInRoute(link("ingress", 10e9, 0.001))}, true);
  zone->add_route(cloud->get_netpoint(), central, nullptr, nullptr, {sg4::LinkInRoute(link("cloud-lan", 100e9, 0))}, true);
  zone->seal();
}

static void build_star() {  // the shape of hybridfog's platform builder, reduced to one site
  auto* root = sg4::create_star_zone("world");
  auto* cloud_zone = sg4::create_star_zone("cloud");
  cloud_zone->set_parent(root);
  auto* cloud_gw = cloud_zone->create_router("cloud-gateway");
  cloud_zone->add_route(cloud_gw, nullptr, nullptr, nullptr, {}, true);
  auto* cloud = cloud_zone->create_host("cloud", 1e9);
  cloud_zone->add_route(cloud->get_netpoint(), nullptr, nullptr, nullptr, {}, true);
  cloud_zone->seal();
  auto* ingress = root->create_link("ingress", 10e9 / 8)->set_latency(0.001)->seal();
  root->add_route(cloud_zone->get_netpoint(), nullptr, cloud_gw, nullptr, {sg4::LinkInRoute(ingress)}, true);
  auto* site = sg4::create_star_zone("site0");
  site->set_parent(root);
  auto* gw = site->create_router("site0-gateway");
  site->add_route(gw, nullptr, nullptr, nullptr, {}, true);
  auto* device = site->create_host("device", 1e9);
  auto* access = site->create_link("access", 20e6 / 8)->set_latency(0.005)->seal();
  site->add_route(device->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(access)}, true);
  auto* edge = site->create_host("edge", 1e9);
  site->add_route(edge->get_netpoint(), nullptr, nullptr, nullptr, {}, true);
  site->seal();
  auto* uplink = root->create_link("uplink", 50e6 / 8)->set_latency(0.020)->seal();
  root->add_route(site->get_netpoint(), nullptr, gw, nullptr, {sg4::LinkInRoute(uplink)}, true);
  root->seal();
}

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);  // consumes --cfg=...
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s star|full [from:to:bytes[:gap_s] ...] [--cfg=...]\n", argv[0]);
    return 2;
  }
  const std::string shape = argv[1];
  std::vector<Message> messages;
  for (int i = 2; i < argc; ++i) {
    std::string spec = argv[i];
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t colon; (colon = spec.find(':', start)) != std::string::npos; start = colon + 1)
      parts.push_back(spec.substr(start, colon - start));
    parts.push_back(spec.substr(start));
    if (parts.size() < 3) return 2;
    messages.push_back({parts[0], parts[1], std::atof(parts[2].c_str()), parts.size() > 3 ? std::atof(parts[3].c_str()) : 0.0});
  }
  if (shape == "full") build_full();
  else build_star();
  // A platform built through the C++ API never fires this signal (SimGrid 3.32 fires it after parsing XML);
  // the ns-3 binding computes its global routes from it.
  sg4::Engine::on_platform_created();
  sg4::Actor::create("sender", sg4::Host::by_name("device"), [messages]() {
    for (const Message& m : messages) {
      if (m.gap_s > 0) sg4::this_actor::sleep_for(m.gap_s);
      const double t0 = sg4::Engine::get_clock();
      sg4::Comm::sendto(sg4::Host::by_name(m.from), sg4::Host::by_name(m.to), static_cast<std::uint64_t>(m.bytes));
      std::printf("%s %s %.0f %.9f %.9f\n", m.from.c_str(), m.to.c_str(), m.bytes, t0, sg4::Engine::get_clock() - t0);
      std::fflush(stdout);
    }
  });
  engine.run();
  return 0;
}

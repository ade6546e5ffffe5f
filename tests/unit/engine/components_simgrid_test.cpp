// engine/: the components that only golden hashes guarded, on a real SimGrid engine and a hand-made
// platform: dispatch (Compute), Batcher, DvfsGovernor (energy through a state change in the middle of a real
// execution), Transfers accounting (a transfer completed, cut, and waiting in a send queue when a failure
// comes). Every expected number is derived here from the platform's figures (docs/formats.md).
//
// One SimGrid engine per process: the world (engine, platform, scenario) is built once, on first use; each
// test builds its own components on it and leaves no activity behind.
#include <gtest/gtest.h>

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>

#include <string>
#include <vector>

#include "cost/cost_model.hpp"
#include "engine/activities.hpp"
#include "engine/batcher.hpp"
#include "engine/compute.hpp"
#include "engine/dvfs_governor.hpp"
#include "engine/sample_pool.hpp"
#include "engine/transfers.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"
#include "scenario/stage_plan.hpp"
#include "test_support.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {
namespace {

constexpr int kDeviceTier = 0, kEdgeTier = 1, kCloudTier = 2;
// The cloud host's performance states (and governor: ondemand, raise at 1 waiting, lower after 100 ms).
constexpr double kIdle0 = 10, kBusy0 = 30, kSpeed1 = 0.5, kIdle1 = 4, kBusy1 = 12;
constexpr int kCloudCores = 2;
constexpr double kAccessPerBit = 100e-9, kUplinkPerBit = 50e-9;  // J per bit

struct World {
  testing::TempDir dir;
  ScenarioSpec spec;
  BuiltPlatform platform;
  StagePlan plan;
  sg4::Engine* engine = nullptr;
};

World* make_world() {
  auto* w = new World;  // lives as long as the process, as the engine does
  w->dir.write("platform.yaml",
               "name: components\nsites: 2\ntiers:\n"
               "  - name: device\n    scope: device\n    send_flows: 1\n    classes:\n"
               "      - {name: dev, count: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}}\n"
               "  - name: edge\n    scope: site\n    send_flows: unlimited\n    classes:\n"
               "      - {name: small, count: 1, cores: 1, throughput: {fp32: 1GMAC/s}, power_per_core: {idle: 1W, busy: 3W}}\n"
               "      - {name: big, count: 1, cores: 4, throughput: {fp32: 1GMAC/s}, power_per_core: {idle: 1W, busy: 3W}}\n"
               "  - name: cloud\n    scope: central\n    send_flows: unlimited\n    classes:\n"
               "      - {name: srv, count: 1, cores: 2, throughput: {fp32: 10GMAC/s},\n"
               "         pstates: [{speed: 1, idle: 10W, busy: 30W}, {speed: 0.5, idle: 4W, busy: 12W}],\n"
               "         governor: {name: ondemand, up_queue: 1, down_after: 100ms}}\n"
               "links:\n  access: {bandwidth: 8Mbps, latency: 10ms, energy_per_bit: 100nJ}\n"
               "  uplink: {bandwidth: 50Mbps, latency: 20ms, energy_per_bit: 50nJ}\n"
               "  ingress: {bandwidth: 100Gbps, latency: 1ms}\n");
  const std::string scenario = w->dir.write(
      "scenario.yaml", "name: components\nplatform: platform.yaml\nmodel:\n  profile: " +
                           testing::source_path("tests/data/synthetic-chain.yaml") +
                           "\n  trace: " + testing::source_path("tests/data/synthetic-chain.csv") +
                           "\npolicy: {name: entropy, threshold: 0}\n"
                           "workload: {arrivals: periodic, rate: 1/s, samples_per_device: 1}\nnetwork: {model: CM02}\n");
  w->spec = load_scenario(scenario, {});
  std::vector<std::string> args = {"components_simgrid_test", "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                                   "--log=root.thres:critical"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  w->engine = new sg4::Engine(&argc, argv.data());
  sg_host_energy_plugin_init();
  w->platform = build_platform(w->spec.platform, cost::kWorkUnitsPerSecond);
  w->plan = build_stage_plan(w->spec);
  return w;
}

World& world() {
  static World* w = make_world();
  return *w;
}

// The hosts of `tier` reachable from `site`, in dispatch order.
std::vector<int> hosts_of(int tier, int site) { return world().platform.tier_hosts[tier][site]; }

// ---- Dispatch

struct ComputeFixture {
  SamplePool samples;
  Activities activities{false};
  Compute compute{world().spec, world().platform, world().plan, samples, activities, nullptr, nullptr};
};

TEST(EngineDispatch, TheFewestSamplesPerCoreWinsAndTiesGoToTheFirst) {
  ComputeFixture f;
  const std::vector<int> edge = hosts_of(kEdgeTier, 0);
  ASSERT_EQ(edge.size(), 2u);
  const HostId small(edge[0]), big(edge[1]);
  ASSERT_EQ(world().platform.hosts[edge[0]].host->get_core_count(), 1);
  ASSERT_EQ(world().platform.hosts[edge[1]].host->get_core_count(), 4);
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 0), small);  // 0/1 = 0/4: the first
  f.compute.assign(small);                             // 1/1 vs 0/4
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 0), big);
  for (int i = 0; i < 3; ++i) f.compute.assign(big);  // 1/1 vs 3/4
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 0), big);
  f.compute.assign(big);  // 1/1 vs 4/4: a tie, the first
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 0), small);
  f.compute.assign(big);  // 1/1 vs 5/4
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 0), small);
  f.compute.leave(big);
  f.compute.leave(big);
  f.compute.leave(small);  // 0/1 vs 3/4
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 0), small);
  EXPECT_EQ(f.compute[small].outstanding, 0);
  EXPECT_EQ(f.compute[big].outstanding, 3);
}

TEST(EngineDispatch, HostsThatAreDownAreSkippedAndNoneUpIsAnInvalidHost) {
  ComputeFixture f;
  const std::vector<int> edge = hosts_of(kEdgeTier, 1);
  const HostId small(edge[0]), big(edge[1]);
  f.compute.assign(big);
  f.compute.assign(big);
  f.compute.set_down(small, true);
  EXPECT_TRUE(f.compute.is_down(small));
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 1), big);  // busier, but the only one up
  f.compute.set_down(big, true);
  EXPECT_FALSE(f.compute.dispatch(kEdgeTier, 1).valid());
  f.compute.set_down(small, false);
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 1), small);
}

TEST(EngineDispatch, ASiteTierServesItsSiteAndTheCentralTierEverySite) {
  ComputeFixture f;
  const std::vector<int> site0 = hosts_of(kEdgeTier, 0), site1 = hosts_of(kEdgeTier, 1);
  for (int h : site0) EXPECT_EQ(world().platform.hosts[h].site, 0);
  for (int h : site1) EXPECT_EQ(world().platform.hosts[h].site, 1);
  for (int h : site0) f.compute.assign(HostId(h));  // site 0 is loaded: site 1 does not see it
  EXPECT_EQ(f.compute.dispatch(kEdgeTier, 1), HostId(site1[0]));
  EXPECT_EQ(f.compute.dispatch(kCloudTier, 0), f.compute.dispatch(kCloudTier, 1));
  // A device host is never counted: leaving it changes nothing.
  const HostId device(world().platform.device_host[0]);
  f.compute.leave(device);
  EXPECT_EQ(f.compute[device].outstanding, 0);
}

// ---- Batcher

TEST(EngineBatcher, ABatchClosesFullAndEachHostAndStageHasItsOwn) {
  std::vector<BatchId> timed_out;
  Batcher batcher(3, [&](BatchId b) { timed_out.push_back(b); });
  const double now = sg4::Engine::get_clock();
  const HostId h(1), other(2);
  EXPECT_FALSE(batcher.add(SampleId(10), h, 0, now, 3, 0).valid());
  EXPECT_FALSE(batcher.add(SampleId(11), h, 1, now, 3, 0).valid());      // another stage: another batch
  EXPECT_FALSE(batcher.add(SampleId(12), other, 0, now, 3, 0).valid());  // another host: another batch
  EXPECT_FALSE(batcher.add(SampleId(13), h, 0, now, 3, 0).valid());
  const BatchId full = batcher.add(SampleId(14), h, 0, now, 3, 0);
  ASSERT_TRUE(full.valid());
  EXPECT_EQ(batcher.members(full), (std::vector<SampleId>{SampleId(10), SampleId(13), SampleId(14)}));
  EXPECT_EQ(batcher.host(full), h);
  batcher.close(full);  // the caller closes a full batch, and starts it
  // Closed: the next sample of (h, 0) opens a new batch, in a new slot while the full one is not freed.
  EXPECT_FALSE(batcher.add(SampleId(15), h, 0, now, 3, 0).valid());
  const BatchId next = batcher.add(SampleId(16), h, 0, now, 2, 0);  // a max_size of 2 now
  ASSERT_TRUE(next.valid());
  batcher.close(next);
  EXPECT_NE(next, full);
  EXPECT_EQ(batcher.members(next), (std::vector<SampleId>{SampleId(15), SampleId(16)}));
  // Open batches of `other` are dropped with their members (a failure); those of h stay.
  std::vector<SampleId> dropped;
  batcher.drop_open(other, [&](const std::vector<SampleId>& members) {
    dropped.insert(dropped.end(), members.begin(), members.end());
  });
  EXPECT_EQ(dropped, (std::vector<SampleId>{SampleId(12)}));
  batcher.free(full);
  batcher.free(next);
  EXPECT_TRUE(timed_out.empty());
}

TEST(EngineBatcher, ABatchThatDoesNotFillClosesAtItsMaxWait) {
  std::vector<std::pair<BatchId, double>> timed_out;
  Batcher* closes = nullptr;
  Batcher batcher(2, [&](BatchId b) {
    timed_out.emplace_back(b, sg4::Engine::get_clock());
    closes->close(b);  // as Compute does: closed on its max_wait, then started
  });
  closes = &batcher;
  const double start = sg4::Engine::get_clock();
  EXPECT_FALSE(batcher.add(SampleId(1), HostId(3), 1, start, 4, 0.25).valid());
  EXPECT_FALSE(batcher.add(SampleId(2), HostId(3), 1, start, 4, 0.25).valid());
  world().engine->run_until(start + 1.0);
  ASSERT_EQ(timed_out.size(), 1u);
  EXPECT_DOUBLE_EQ(timed_out[0].second, start + 0.25);
  EXPECT_EQ(batcher.members(timed_out[0].first), (std::vector<SampleId>{SampleId(1), SampleId(2)}));
  // A batch that fills first calls its timer off.
  EXPECT_FALSE(batcher.add(SampleId(3), HostId(3), 1, start + 1.0, 2, 0.25).valid());
  const BatchId full = batcher.add(SampleId(4), HostId(3), 1, start + 1.0, 2, 0.25);
  ASSERT_TRUE(full.valid());
  batcher.close(full);
  world().engine->run_until(start + 2.0);
  EXPECT_EQ(timed_out.size(), 1u);
}

// ---- DvfsGovernor

HostId cloud_host() { return HostId(hosts_of(kCloudTier, 0)[0]); }

TEST(EngineDvfs, AnExecutionIsChargedAtTheStateInForceForEachPartOfItsWork) {
  DvfsGovernor dvfs(world().spec, world().platform);  // ondemand: starts in the slowest state
  const HostId h = cloud_host();
  ASSERT_TRUE(dvfs.has_states(h));
  sg4::Host* host = world().platform.hosts[h.value()].host;
  const double t0 = sg4::Engine::get_clock();
  const double idle_before = dvfs.idle_energy_j(h, t0);
  // 1 s of full-speed work: at speed 0.5 for 0.5 s (0.25 s of work), then raised to state 0 (0.75 s).
  sg4::ExecPtr exec = sg4::Exec::init()->set_flops_amount(1.0 * cost::kWorkUnitsPerSecond)->set_host(host);
  exec->start();
  const ExecOwner owner = ExecOwner::of(SampleId(0));
  dvfs.on_exec_start(h, owner, exec.get(), 1.0);
  world().engine->run_until(t0 + 0.5);
  dvfs.on_backlog(h, 1);  // one execution waits: up_queue reached
  world().engine->run_until(t0 + 2.0);
  ASSERT_EQ(exec->get_state(), sg4::Activity::State::FINISHED);
  EXPECT_NEAR(exec->get_finish_time(), t0 + 0.5 + 0.75, 1e-9);  // the work left runs at full speed
  const double dynamic = dvfs.on_exec_end(h, owner);
  const double expected = 0.25 * (kBusy1 - kIdle1) / kSpeed1 + 0.75 * (kBusy0 - kIdle0) / 1.0;  // 4 + 15 J
  EXPECT_NEAR(dynamic, expected, 1e-9 * expected);
  EXPECT_GT(expected, 0);
  // Idle, at the state in force: state 1 until t0 + 0.5, state 0 until 100 ms after the host is idle (told
  // at t0 + 2), state 1 again since.
  dvfs.on_idle(h);
  world().engine->run_until(t0 + 3.0);
  const double idle = dvfs.idle_energy_j(h, t0 + 3.0) - idle_before;
  const double expected_idle = kCloudCores * (kIdle1 * 0.5 + kIdle0 * (2.1 - 0.5) + kIdle1 * (3.0 - 2.1));
  EXPECT_NEAR(idle, expected_idle, 1e-9 * expected_idle);
  dvfs.stop_timers();
}

TEST(EngineDvfs, ACutExecutionIsChargedForTheWorkItDid) {
  DvfsGovernor dvfs(world().spec, world().platform);
  const HostId h = cloud_host();
  const ExecOwner owner = ExecOwner::of(BatchId(4));
  dvfs.on_exec_start(h, owner, nullptr, 2.0);  // no state change meanwhile: the pointer is never read
  // Cut with 1.5 s of its 2 s of work left, in the slowest state.
  EXPECT_NEAR(dvfs.on_exec_cut(h, owner, 1.5), 0.5 * (kBusy1 - kIdle1) / kSpeed1, 1e-12);
  // A host without states is ignored.
  const HostId edge(hosts_of(kEdgeTier, 0)[0]);
  EXPECT_FALSE(dvfs.has_states(edge));
  dvfs.on_exec_start(edge, owner, nullptr, 1.0);
  EXPECT_EQ(dvfs.on_exec_end(edge, owner), 0.0);
  // An end that never started is a programming error, said as such.
  EXPECT_THROW(dvfs.on_exec_end(h, ExecOwner::of(SampleId(99))), std::logic_error);
}

// ---- Transfers

struct TransferFixture {
  SamplePool samples;
  Activities activities{false};
  Transfers transfers{world().spec, world().platform, samples, activities, nullptr, nullptr};
  // A sample on device 0 sending `bytes` to the first edge server of its site, since `start`.
  SampleId upload(double bytes, double start) {
    const SampleId id = samples.allocate();
    Sample& s = samples[id];
    s.alive = true;
    s.host = world().platform.device_host[0];
    s.next_host = hosts_of(kEdgeTier, world().platform.device_site[0])[0];
    s.pending = Pending::forward;
    s.phase_start_s = start;
    s.transfer_bytes = bytes;
    s.bytes_sent += bytes;
    return id;
  }
  double link_bytes(int link) const {
    const BuiltLink& l = world().platform.links[link];
    return transfers.meter().record(link, l.name, l.link_class, 1, 0, l.spec->energy_per_bit_j, 10).bytes;
  }
};

TEST(EngineTransfers, ACompletedTransferCountsItsWholePayloadOnEveryLinkOfItsRoute) {
  TransferFixture f;
  const SampleId id = f.upload(1000, 2.0);
  const Sample& s = f.samples[id];
  const BuiltPlatform::Route route = f.transfers.route(s);
  ASSERT_EQ(route.count, 1);  // device -> its site's edge: the access link
  f.transfers.finish_transfer(id, 1000, 2.5, route);
  EXPECT_DOUBLE_EQ(f.link_bytes(*route.begin()), 1000);
  EXPECT_DOUBLE_EQ(s.bytes_sent, 1000);
  EXPECT_DOUBLE_EQ(s.transfer_s, 0.5);
  EXPECT_NEAR(s.network_j, 1000 * 8 * kAccessPerBit, 1e-15);
}

TEST(EngineTransfers, ACutTransferCountsWhatItCarriedAndNoMore) {
  TransferFixture f;
  const SampleId id = f.upload(1000, 1.0);
  Sample& s = f.samples[id];
  s.next_host = hosts_of(kCloudTier, 0)[0];  // to the cloud: access, uplink, ingress
  const BuiltPlatform::Route route = f.transfers.route(s);
  ASSERT_EQ(route.count, 3);
  f.transfers.finish_transfer(id, 400, 1.25, route);  // a failure at 1.25 s: 400 of 1000 bytes carried
  for (int link : route) EXPECT_DOUBLE_EQ(f.link_bytes(link), 400) << world().platform.links[link].name;
  EXPECT_DOUBLE_EQ(s.bytes_sent, 400);
  EXPECT_DOUBLE_EQ(s.transfer_s, 0.25);
  EXPECT_NEAR(s.network_j, 400 * 8 * (kAccessPerBit + kUplinkPerBit), 1e-15);
  // Interrupted (a handover) and sent again in full: the second transfer adds its own payload and time.
  s.bytes_sent += 1000;
  s.phase_start_s = 2.0;
  f.transfers.finish_transfer(id, 1000, 2.75, route);
  EXPECT_DOUBLE_EQ(s.bytes_sent, 1400);
  EXPECT_DOUBLE_EQ(s.transfer_s, 1.0);
  for (int link : route) EXPECT_DOUBLE_EQ(f.link_bytes(link), 1400);
}

TEST(EngineTransfers, ATransferWaitingInTheSendQueueIsWithdrawnUnsent) {
  TransferFixture f;
  const SampleId first = f.upload(500, 0.0), second = f.upload(700, 0.0);
  const int device = world().platform.device_host[0];
  ASSERT_TRUE(f.transfers.request(device, first));    // send_flows: 1
  ASSERT_FALSE(f.transfers.request(device, second));  // waits
  EXPECT_TRUE(f.transfers.withdraw(second, 0.3));     // its host failed at 0.3 s
  EXPECT_DOUBLE_EQ(f.samples[second].send_queue_s, 0.3);
  EXPECT_DOUBLE_EQ(f.samples[second].bytes_sent, 0);
  EXPECT_FALSE(f.transfers.withdraw(second, 0.4));  // no longer waiting
  EXPECT_FALSE(f.transfers.next(device).has_value());  // the queue is empty behind the first
}

}  // namespace
}  // namespace hybridfog

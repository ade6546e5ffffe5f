// network.tcp (docs/formats.md, "TCP connections") on real runs, against the formula written out here to
// 1e-9: handshake + slow-start rounds x RTT + (L + rest / bottleneck). The synthetic chain's fog: one device,
// one cloud host; every sample goes to the cloud (threshold 0) with its 784 B cut tensor (one segment) and
// comes back with an answer of `result_size` bytes, whose segments the tests choose. The device-cloud route:
// L = 31 ms, RTT = 62 ms, bottleneck 1 MB/s, so its pipe holds 62,000 B = 42.5 segments of 1460 B.
#include <gtest/gtest.h>

#include <cmath>

#include "synthetic_chain.hpp"

namespace hybridfog::testing {
namespace {

using namespace synthetic_chain;

constexpr double kMss = 1460;
constexpr double kRtt = 2 * kPathLatency;
constexpr double kRto = kRtt + 0.2;  // Linux: srtt + rttvar at its 200 ms floor

void expect_close(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * 1e-9) << what;
}

struct TcpRun {
  std::vector<std::map<std::string, std::string>> samples;
  nlohmann::json manifest;
};

// `samples` periodic arrivals every `period` s from t = 0, answers of `result_bytes`, network.tcp = `tcp`.
TcpRun run(const std::string& tcp, double result_bytes, int samples = 1, const std::string& rate = "1/s") {
  TempDir dir;
  const std::string scenario =
      "name: tcp\nseed: 3\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
      "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
      "\npolicy: {name: entropy, threshold: 0}\nworkload: {arrivals: periodic, rate: " + rate +
      ", phase: zero, samples_per_device: " + std::to_string(samples) +
      ", order: sequential, result_size: " + std::to_string(static_cast<long long>(result_bytes)) +
      "B}\nnetwork: {model: CM02" + (tcp.empty() ? "" : ", tcp: " + tcp) + "}\n";
  const ScenarioRun r = run_scenario_in(dir, platform("tcp"), scenario);
  EXPECT_EQ(r.result.status, 0) << r.result.err;
  TcpRun out;
  out.samples = read_csv(r.out + "/samples.csv");
  out.manifest = read_json(r.out + "/manifest.json");
  return out;
}

// The upload of the cut tensor (one segment, never a round): with or without the handshake.
double upload(bool handshake) { return (handshake ? kRtt : 0.0) + kPathLatency + kCutBytes / kBottleneck; }
// An answer of `segments` x 1460 B sent in `rounds` slow-start rounds that carried `round_segments`.
double answer(double segments, int rounds, double round_segments) {
  return rounds * kRtt + kPathLatency + (segments - round_segments) * kMss / kBottleneck;
}

const std::string kPerRequest = "{connections: per-request}";
const std::string kPersistent = "{connections: persistent}";

// One message of 1, 10, 11, 100 (and 1000) segments, under both connection kinds: the first message on a
// connection pays the same either way. Rounds worked out by hand with an initial window of 10:
// 1, 10 -> none; 11 -> one (10 sent); 100 -> three (10 + 20 + 40 = 70 sent; the window, 80, holds the 30
// left); 1000 -> three as well: the window of 80 segments (116,800 B) fills the 62,000 B pipe.
TEST(TcpConnections, OneMessageOfEachSize) {
  struct Case {
    double segments;
    int rounds;
    double round_segments;
  };
  for (const Case c : {Case{1, 0, 0}, Case{10, 0, 0}, Case{11, 1, 10}, Case{100, 3, 70}, Case{1000, 3, 70}}) {
    for (const std::string& tcp : {kPerRequest, kPersistent, std::string("{connections: persistent, slow_start_after_idle: false}")}) {
      const TcpRun r = run(tcp, c.segments * kMss);
      ASSERT_EQ(r.samples.size(), 1u);
      const double transfer = upload(true) + answer(c.segments, c.rounds, c.round_segments);
      const std::string what = tcp + " " + std::to_string(c.segments) + " segments";
      expect_close(std::stod(r.samples[0].at("transfer_s")), transfer, what);
      expect_close(std::stod(r.samples[0].at("latency_s")), kDeviceSeconds + kCloudSeconds + transfer, what);
      EXPECT_EQ(std::stod(r.samples[0].at("bytes_sent")), kCutBytes + c.segments * kMss) << what;
    }
  }
}

// Without network.tcp the same messages pay neither the handshake nor a round (today's model); with an
// initial window as wide as the answer and persistent connections, only the first upload's handshake stays.
TEST(TcpConnections, DefaultAndAWideWindowPayNoRound) {
  TcpRun r = run("", 100 * kMss);
  expect_close(std::stod(r.samples[0].at("transfer_s")), upload(false) + answer(100, 0, 0), "default");
  EXPECT_FALSE(r.manifest["scenario"]["network"].contains("tcp"));
  r = run("{connections: persistent, initial_window: 100}", 100 * kMss);
  expect_close(std::stod(r.samples[0].at("transfer_s")), upload(true) + answer(100, 0, 0), "initial_window 100");
  EXPECT_EQ(r.manifest["scenario"]["network"]["tcp"]["initial_window_segments"].get<double>(), 100.0);
  EXPECT_EQ(r.manifest["scenario"]["network"]["tcp"]["connections"], "persistent");
}

// A smaller MSS means more segments: 16,060 B are 11 segments of 1460 B (one round) but 17 of 1000 B:
// a round of 10 (10,000 B), then the window of 20 holds the 7 left.
TEST(TcpConnections, MssSetsTheSegments) {
  const TcpRun r = run("{connections: per-request, mss: 1000B}", 11 * kMss);
  const double transfer = upload(true) + kRtt + kPathLatency + (11 * kMss - 10000) / kBottleneck;
  expect_close(std::stod(r.samples[0].at("transfer_s")), transfer, "mss 1000B");
}

// Two samples, so two messages in each direction of the device-cloud connection; answers of 11 segments.
// First sample: upload with the handshake; the answer takes one round and leaves the cloud's window at
// 10 + 11 = 21 segments. The second sample's answer then needs no round, unless its direction was idle past
// the RTO and slow_start_after_idle restarts it from 10 (one round again). Per-request: every sample pays
// like the first.
struct TwoSamples {
  double first_answer_end, second_answer_start;  // s, from the formula
};
TwoSamples timeline(double period) {
  const double first_end = kDeviceSeconds + upload(true) + kCloudSeconds + answer(11, 1, 10);
  const double second_start = period + kDeviceSeconds + upload(false) + kCloudSeconds;
  return {first_end, second_start};
}

TEST(TcpConnections, TwoMessagesPastTheIdleTime) {
  const double period = 1.0;  // 1/s
  const TwoSamples t = timeline(period);
  ASSERT_GT(t.second_answer_start - t.first_answer_end, kRto);  // the answers' direction idles past the RTO
  ASSERT_GT(period - t.first_answer_end, 0.0);                  // and the samples do not overlap
  const double first = kDeviceSeconds + upload(true) + kCloudSeconds + answer(11, 1, 10);
  // Restart on: slow start again (one round); off: the window of 21 holds the 11 segments.
  const TcpRun on = run(kPersistent, 11 * kMss, 2);
  const TcpRun off = run("{connections: persistent, slow_start_after_idle: false}", 11 * kMss, 2);
  const TcpRun per_request = run(kPerRequest, 11 * kMss, 2);
  ASSERT_EQ(on.samples.size(), 2u);
  ASSERT_EQ(off.samples.size(), 2u);
  ASSERT_EQ(per_request.samples.size(), 2u);
  for (const TcpRun* r : {&on, &off, &per_request}) expect_close(std::stod(r->samples[0].at("latency_s")), first, "first");
  expect_close(std::stod(on.samples[1].at("latency_s")),
               kDeviceSeconds + upload(false) + kCloudSeconds + answer(11, 1, 10), "restart on");
  expect_close(std::stod(off.samples[1].at("latency_s")),
               kDeviceSeconds + upload(false) + kCloudSeconds + answer(11, 0, 0), "restart off");
  expect_close(std::stod(per_request.samples[1].at("latency_s")), first, "per-request");
}

TEST(TcpConnections, TwoMessagesInsideTheIdleTime) {
  const double period = 0.25;  // 4/s
  const TwoSamples t = timeline(period);
  ASSERT_LT(t.second_answer_start - t.first_answer_end, kRto);  // the answers' direction idles less than the RTO
  ASSERT_GT(period - t.first_answer_end, 0.0);                  // and the samples do not overlap
  const double first = kDeviceSeconds + upload(true) + kCloudSeconds + answer(11, 1, 10);
  const double second = kDeviceSeconds + upload(false) + kCloudSeconds + answer(11, 0, 0);
  for (const std::string& tcp : {kPersistent, std::string("{connections: persistent, slow_start_after_idle: false}")}) {
    const TcpRun r = run(tcp, 11 * kMss, 2, "4/s");
    ASSERT_EQ(r.samples.size(), 2u);
    expect_close(std::stod(r.samples[0].at("latency_s")), first, tcp + " first");
    expect_close(std::stod(r.samples[1].at("latency_s")), second, tcp + " second");
  }
  const TcpRun r = run(kPerRequest, 11 * kMss, 2, "4/s");
  expect_close(std::stod(r.samples[1].at("latency_s")), first, "per-request second");
}

}  // namespace
}  // namespace hybridfog::testing

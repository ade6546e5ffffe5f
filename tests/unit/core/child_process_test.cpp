// core/child_process: the `hybridfog run` command line and the child-process helper (real processes).
#include "core/child_process.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

namespace hybridfog {
namespace {

TEST(RunCommandLine, WritesEveryOptionInOrder) {
  RunCommandLine command;
  command.executable = "/opt/hybridfog";
  command.scenario = "s.yaml";
  command.output_dir = "out/run";
  command.overrides = {"model.partition=[{tier: cloud}]", "platform=p.yaml"};
  command.seed = 12;
  EXPECT_EQ(run_arguments(command),
            (std::vector<std::string>{"/opt/hybridfog", "--log-level=warn", "run",
                                      (std::filesystem::current_path() / "s.yaml").string(), "--output=out/run",
                                      "--no-progress", "--seed=12", "--set=model.partition=[{tier: cloud}]",
                                      "--set=platform=p.yaml"}));
  command.seed.reset();
  command.overrides.clear();
  EXPECT_EQ(run_arguments(command).size(), 6u);
}

TEST(ChildProcess, ReturnsTheExitStatusAndLogsBothStreams) {
  testing::TempDir dir;
  const std::string log = dir.file("child.log");
  EXPECT_EQ(run_child({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, log), 3);
  EXPECT_EQ(testing::read_file(log), "out\nerr\n");
}

TEST(ChildProcess, AProgramThatCannotRunExits127WithTheReasonInTheLog) {
  testing::TempDir dir;
  const std::string log = dir.file("child.log");
  EXPECT_EQ(run_child({dir.file("no-such-program")}, log), 127);
  EXPECT_NE(testing::read_file(log).find("No such file"), std::string::npos);
}

TEST(ChildProcess, SeveralChildrenAtOnce) {
  testing::TempDir dir;
  const pid_t a = start_child({"/bin/sh", "-c", "exit 0"}, dir.file("a.log"));
  const pid_t b = start_child({"/bin/sh", "-c", "exit 5"}, dir.file("b.log"));
  EXPECT_EQ(wait_child(b), 5);
  EXPECT_EQ(wait_child(a), 0);
}

}  // namespace
}  // namespace hybridfog

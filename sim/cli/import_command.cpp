// hybridfog import scission BENCHMARK_DIR NETWORK_CSV -o DIR [--model NAME ...]
// Scission's benchmark files (pickled per-block results, one file per system and tier) into the inputs of
// `hybridfog partition --model scission` (docs/partition.md). Pickles are Python's format, so the work is
// done by the Python API's importer (python/hybridfog/scission.py), run with /usr/bin/python3 from this
// build's python/ folder; its exit status (2 for bad input) is this command's.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace hybridfog::cli {
namespace {

class ImportCommand final : public Command {
 public:
  void setup(CLI::App& sub) override {
    sub.require_subcommand(1);
    scission_ = sub.add_subcommand("scission", "Scission benchmark folder (<tier>-<system>.dat) + network CSV");
    scission_->add_option("benchmark_dir", benchmark_dir_, "folder of Scission's <tier>-<system>.dat files")->required();
    scission_->add_option("network_csv", network_csv_, "Scission's network CSV: source,destination,ping(ms),bandwidth(mbps)")
        ->required();
    scission_->add_option("-o,--output", output_, "output folder (replaced if it is an earlier import)")->required();
    scission_->add_option("--model", models_, "import only this model (repeatable; Default: every model benchmarked on all systems)");
  }

  int run() override {
#ifndef HYBRIDFOG_PYTHON_DIR
    std::fprintf(stderr, "error: this hybridfog was built without the Python API (python/), which reads Scission's pickles\n");
    return 1;
#else
    std::string path = HYBRIDFOG_PYTHON_DIR;
    if (const char* old = std::getenv("PYTHONPATH"); old && *old) path += std::string(":") + old;
    ::setenv("PYTHONPATH", path.c_str(), 1);
    std::vector<std::string> args = {"/usr/bin/python3", "-m", "hybridfog.scission", benchmark_dir_, network_csv_, "-o", output_};
    for (const auto& m : models_) {
      args.push_back("--model");
      args.push_back(m);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    ::execv(argv[0], argv.data());
    std::fprintf(stderr, "error: cannot run /usr/bin/python3: %s\n", std::strerror(errno));
    return 1;
#endif
  }

 private:
  CLI::App* scission_ = nullptr;
  std::string benchmark_dir_, network_csv_, output_;
  std::vector<std::string> models_;
};

HYBRIDFOG_REGISTER_COMMAND("import", "convert other tools' data into hybridfog inputs (import scission ...)", ImportCommand);

}  // namespace
}  // namespace hybridfog::cli

// hybridfog._core: the C++ side of the Python API (python/hybridfog/, docs/python.md).
//
// validate() parses and checks a scenario in this process (no SimGrid involved). run_to_folder() checks the
// scenario here, then simulates it in a forked child process: SimGrid allows one engine per process, so a
// notebook can call it any number of times. The child writes the same output folder as `hybridfog run`
// (engine/run_scenario) and reports back through a pipe. InputError becomes hybridfog.InputError with the
// file, line, column and key path of the CLI's message.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/python_support.hpp"
#include "core/input_error.hpp"
#include "env_bridge.hpp"
#include "core/output_folder.hpp"
#include "engine/run_scenario.hpp"
#include "engine/simulation.hpp"
#include "scenario/scenario_spec.hpp"

namespace py = pybind11;
using namespace hybridfog;

namespace {

// Sets the Python error hybridfog.errors.InputError(message, file, line, column, key_path, detail).
void set_input_error(const std::string& message, const std::string& file, int line, int column,
                     const std::string& key_path, const std::string& detail) {
  py::object cls = py::module_::import("hybridfog.errors").attr("InputError");
  py::object error = cls(message, file, line, column, key_path, detail);
  PyErr_SetObject(cls.ptr(), error.ptr());
}

[[noreturn]] void raise_input_error(const std::string& message, const std::string& file, int line, int column,
                                    const std::string& key_path, const std::string& detail) {
  set_input_error(message, file, line, column, key_path, detail);
  throw py::error_already_set();
}

// Objects handed over as policy= / orchestrator= (python/hybridfog/api.py adds the override that names them):
// held in python::handed() while the scenario loads and runs, let go afterwards.
struct HandedOver {
  HandedOver(const py::object& policy, const py::object& orchestrator) {
    python::clear_handed();
    if (!policy.is_none()) python::hand_over("policy", policy);
    if (!orchestrator.is_none()) python::hand_over("orchestrator", orchestrator);
  }
  ~HandedOver() { python::clear_handed(); }
  HandedOver(const HandedOver&) = delete;
  HandedOver& operator=(const HandedOver&) = delete;
};

py::dict validate(const std::string& scenario, const std::vector<std::string>& overrides, const py::object& policy,
                  const py::object& orchestrator) {
  const HandedOver handed(policy, orchestrator);
  const ScenarioSpec spec = load_scenario(scenario, overrides);
  py::dict facts;
  facts["scenario"] = spec.name;
  facts["devices"] = spec.platform.device_count();
  facts["layers"] = spec.profile.layers.size();
  facts["trace_rows"] = spec.trace.rows();
  facts["policy"] = spec.policy.name;
  facts["samples"] = expected_samples(spec);
  facts["estimated_memory_bytes"] = estimate_work(spec).memory_bytes;
  if (!spec.applications.empty()) {
    // Several applications (docs/formats.md): layers, trace_rows and policy above are the first one's; each here.
    py::list applications;
    std::string policies;
    for (const ApplicationSpec& app : spec.applications) {
      py::dict a;
      a["name"] = app.name;
      a["devices"] = app.devices.size();
      a["profile"] = app.profile.name;
      a["layers"] = app.profile.layers.size();
      a["trace_rows"] = app.trace.rows();
      a["policy"] = app.policy.name;
      applications.append(a);
      policies += (policies.empty() ? "" : "+") + app.policy.name;
    }
    facts["applications"] = applications;
    facts["policy"] = policies;
  }
  return facts;
}

void write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// What the user's Python code printed (a policy's print()) reaches the terminal before the process ends.
void flush_python_output() {
  for (const char* stream : {"stdout", "stderr"}) {
    try {
      const py::object file = py::module_::import("sys").attr(stream);
      if (!file.is_none()) file.attr("flush")();
    } catch (const py::error_already_set&) {
      PyErr_Clear();
    }
  }
}

// The child: simulate, report {"summary": ...} or {"input_error": ...} or {"error": ...}, exit. Never
// returns to Python (no interpreter state is touched after fork).
[[noreturn]] void child_run(const ScenarioSpec& spec, const RunRequest& request, int report_fd) {
  int status = 0;
  const nlohmann::json report = child_report(
      [&] {
        spdlog::set_level(spdlog::level::warn);
        return run_scenario(spec, request);
      },
      status);
  flush_python_output();
  write_all(report_fd, report.dump());
  ::close(report_fd);
  ::_exit(status);
}

// Returns summary.json's content as a JSON string.
std::string run_to_folder(const std::string& scenario, const std::vector<std::string>& overrides,
                          std::optional<std::uint64_t> seed, const std::string& output_dir, const py::object& policy,
                          const py::object& orchestrator) {
  const HandedOver handed(policy, orchestrator);
  const ScenarioSpec spec = load_scenario(scenario, overrides, seed);  // bad input raises here, in-process
  RunRequest request;
  request.output_dir = output_dir;
  request.overrides = overrides;

  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  flush_python_output();
  std::fflush(nullptr);
  // As os.fork(): the interpreter's locks are taken before and reset after, so that the child, which may call
  // the user's Python code (a policy written in Python), finds one consistent interpreter.
  PyOS_BeforeFork();
  const pid_t pid = ::fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    ::close(fds[0]);
    child_run(spec, request, fds[1]);
  }
  PyOS_AfterFork_Parent();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  ::close(fds[1]);
  std::string text;
  int status = 0;
  {
    py::gil_scoped_release release;
    char buffer[65536];
    for (;;) {
      const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      text.append(buffer, static_cast<size_t>(n));
    }
    ::close(fds[0]);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (WIFSIGNALED(status))
    throw std::runtime_error("the simulation process was killed by signal " + std::to_string(WTERMSIG(status)));
  const nlohmann::json report = nlohmann::json::parse(text, nullptr, false);
  if (report.is_discarded() || !report.is_object())
    throw std::runtime_error("the simulation process ended without a report (exit status " +
                             std::to_string(WEXITSTATUS(status)) + ")");
  if (report.contains("input_error")) {
    const auto& e = report["input_error"];
    raise_input_error(e["message"], e["file"], e["line"], e["column"], e["key_path"], e["detail"]);
  }
  if (report.contains("error")) throw std::runtime_error(report["error"].get<std::string>());
  return report["summary"].dump();
}

py::dict episode_layout(const std::string& scenario, const std::vector<std::string>& overrides,
                        const std::string& decision, bool all_sites) {
  const ScenarioSpec spec = load_scenario(scenario, overrides);
  return env_layout(spec, decision, all_sites);
}

int episode(const std::string& scenario, const std::vector<std::string>& overrides, std::optional<std::uint64_t> seed,
            const std::string& output_dir, const std::string& decision, bool all_sites, int to_parent, int from_parent,
            const std::vector<int>& parent_ends) {
  const ScenarioSpec spec = load_scenario(scenario, overrides, seed);  // bad input raises here, in-process
  RunRequest request;
  request.output_dir = output_dir;
  request.overrides = overrides;
  flush_python_output();
  return start_episode(spec, request, decision, all_sites, to_parent, from_parent, parent_ends);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "C++ side of the hybridfog Python API (use the hybridfog package, not this module)";
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const InputError& e) {
      set_input_error(e.what(), e.where().file, e.where().line, e.where().column, e.key_path(), e.detail());
    }
  });
  m.def("validate", &validate, py::arg("scenario"), py::arg("overrides"), py::arg("policy") = py::none(),
        py::arg("orchestrator") = py::none(),
        "Parse and check a scenario with `--set` style overrides; returns what `hybridfog validate` prints.");
  m.def("run_to_folder", &run_to_folder, py::arg("scenario"), py::arg("overrides"), py::arg("seed"),
        py::arg("output_dir"), py::arg("policy") = py::none(), py::arg("orchestrator") = py::none(),
        "Simulate in a child process into output_dir (as `hybridfog run -o`); returns summary.json's text.");
  m.def("episode_layout", &episode_layout, py::arg("scenario"), py::arg("overrides"), py::arg("decision"),
        py::arg("all_sites"), "The learning environment's observation names and action count (env.py).");
  m.def("start_episode", &episode, py::arg("scenario"), py::arg("overrides"), py::arg("seed"), py::arg("output_dir"),
        py::arg("decision"), py::arg("all_sites"), py::arg("to_parent"), py::arg("from_parent"), py::arg("parent_ends"),
        "Fork one episode of the learning environment (env.py, python/env_bridge.cpp); returns its pid.");
  // The one output-folder rule (core/output_folder.hpp, docs/outputs.md) for folders the Python side writes
  // (import scission): StagedFolder(target, kind, option) checks the target (InputError), makes the staging
  // folder; write into .staging, then commit() or discard().
  py::class_<StagedFolder>(m, "StagedFolder")
      .def(py::init([](const std::string& target, const std::string& kind, const std::string& option) {
             return std::make_unique<StagedFolder>(target, output_kind_from_name(kind), option);
           }),
           py::arg("target"), py::arg("kind"), py::arg("option") = "-o")
      .def_property_readonly("target", &StagedFolder::target)
      .def_property_readonly("staging", &StagedFolder::staging)
      .def("commit", &StagedFolder::commit)
      .def("discard", &StagedFolder::discard);
}

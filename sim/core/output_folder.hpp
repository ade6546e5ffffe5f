#pragma once
// The guard in front of every folder hybridfog writes (docs/outputs.md, "Which folders -o may replace"):
// run -o, sweep -o, partition --verify-dir, import scission -o (the Python importer calls it through
// hybridfog._core). A folder is only ever replaced or written into when it provably belongs to hybridfog:
// its description file (run: manifest.json, study: study.json, partition --verify-dir: verify.json, import
// scission: scission-import.json) parses and names the format and version, and it holds nothing but what
// that command writes there. Some targets are refused whatever they hold: "", ".", "..", "/", the home
// folder, the current folder and its ancestors, symbolic links.
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace hybridfog {

enum class OutputKind {
  run,    // `hybridfog run -o`: manifest.json {"format": "hybridfog-run", "format_version": 1} + run files
  study,  // `hybridfog sweep -o`: study.json {"format": "hybridfog-study", "format_version": 1} + points/, logs/, ...
  partition_verify,  // `partition --verify-dir`: verify.json {"format": "hybridfog-partition-verify", ...} + rank-N/
  scission_import,   // `import scission -o`: scission-import.json {"format": "hybridfog-scission-import", ...
                     // "models": [M...]} + platform.yaml, network.csv, benchmark.csv, M.yaml, profiles/, traces/
};

// "run", "study", "partition-verify", "scission-import" (the names the Python module uses).
OutputKind output_kind_from_name(const std::string& name);

// The files a run folder may hold (and nothing else). A new output file is added here first.
const std::vector<std::string>& run_folder_files();

// Throws InputError("<command line>", option, "refusing to replace DIR: why") unless `target` is absent,
// an empty folder, or a folder of this kind that holds only what hybridfog writes there.
void check_output_folder(const std::string& target, OutputKind kind, const std::string& option = "-o");

// True when `dir` is a finished or unfinished hybridfog folder of this kind and holds nothing else.
bool is_hybridfog_folder(const std::filesystem::path& dir, OutputKind kind);

// Staging folders ".NAME.partial-PID" of `target` (next to it) whose process is gone and that hold only
// what this kind writes: what a killed command left. Returns them; remove_stale_staging() deletes them.
std::vector<std::filesystem::path> stale_staging_folders(const std::filesystem::path& target,
                                                         OutputKind kind = OutputKind::run);
void remove_stale_staging(const std::filesystem::path& target, OutputKind kind = OutputKind::run);

// The guard in front of a single file a command writes (partition -o FILE): refused (InputError naming
// `option`) when it names a folder, a symbolic link or anything but a regular file, when its folder is not
// a folder, or when it exists and its first line does not start with `signature` (it is then not an
// earlier output of the command: `what` names what it should be). An empty file may be replaced.
void check_output_file(const std::string& target, const std::string& option, const std::string& signature,
                       const std::string& what);

// Writes a file atomically: `write` fills a staging file ".NAME.partial-PID" next to `target`, which is
// checked (every byte written, closed) and renamed over `target`; on any failure the staging file is removed
// and std::runtime_error says why ("cannot write FILE: No space left on device").
void write_file_atomically(const std::string& target, const std::function<void(std::ostream&)>& write);

// Throws std::runtime_error("cannot write FILE: <reason>") unless `out` is good after closing it.
void close_checked(std::ofstream& out, const std::string& file);

// A folder written atomically: the target is checked (check_output_folder), staging folders of killed
// commands into the same target are removed, and everything is written into this process's staging folder
// ".NAME.partial-PID" next to it; commit() checks the target again and swaps the staging folder in
// (renameat2 RENAME_EXCHANGE), so the target is at every instant the old complete output or the new one.
// Destroyed without commit(), the staging folder is removed.
class StagedFolder {
 public:
  StagedFolder(std::string target, OutputKind kind, std::string option = "-o");
  ~StagedFolder();
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  const std::string& target() const { return target_; }    // normalised ("DIR/" -> "DIR")
  const std::string& staging() const { return staging_; }  // write here
  std::string file(const std::string& name) const;         // a path inside the staging folder
  void commit();
  void discard();  // removes the staging folder now (nothing happens after commit())

 private:
  std::string target_, staging_, option_;
  OutputKind kind_;
  bool done_ = false;
};

}  // namespace hybridfog

#pragma once
// The guard in front of every folder hybridfog writes with -o (docs/outputs.md, "Which folders -o may
// replace"). A folder is only ever replaced or written into when it provably belongs to hybridfog: its
// manifest (run) or study.json (study) parses and names the format and version, and it holds nothing but
// what hybridfog writes there. Some targets are refused whatever they hold: "", ".", "..", "/", the home
// folder, the current folder and its ancestors, symbolic links.
#include <filesystem>
#include <string>
#include <vector>

namespace hybridfog {

enum class OutputKind {
  run,    // `hybridfog run -o`: manifest.json {"format": "hybridfog-run", "format_version": 1} + run files
  study,  // `hybridfog sweep -o`: study.json {"format": "hybridfog-study", "format_version": 1} + points/, logs/, ...
};

// The files a run folder may hold (and nothing else). A new output file is added here first.
const std::vector<std::string>& run_folder_files();

// Throws InputError("<command line>", option, "refusing to replace DIR: why") unless `target` is absent,
// an empty folder, or a folder of this kind that holds only what hybridfog writes there.
void check_output_folder(const std::string& target, OutputKind kind, const std::string& option = "-o");

// True when `dir` is a finished or unfinished hybridfog folder of this kind and holds nothing else.
bool is_hybridfog_folder(const std::filesystem::path& dir, OutputKind kind);

// Staging folders ".NAME.partial-PID" of `target` (next to it) whose process is gone and that hold only run
// files: what a killed run left. Returns them; remove_stale_staging() deletes them.
std::vector<std::filesystem::path> stale_staging_folders(const std::filesystem::path& target);
void remove_stale_staging(const std::filesystem::path& target);

}  // namespace hybridfog

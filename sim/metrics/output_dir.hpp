#pragma once
// OutputDir: a run's outputs are written into a hidden staging folder next to the target and moved into
// place only when every file is complete, so a crashed or failed run never leaves a folder that looks like
// a result. An existing target is replaced only if it is provably a hybridfog run folder or empty; the
// replacement is one atomic swap (StagedFolder and check_output_folder in core/output_folder.hpp).
#include <string>

#include "core/output_folder.hpp"

namespace hybridfog {

class OutputDir {
 public:
  // Checks that `target` may be (re)placed (InputError otherwise), removes staging folders that killed runs
  // into the same target left, creates this run's staging folder.
  explicit OutputDir(const std::string& target) : folder_(target, OutputKind::run) {}
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  std::string file(const std::string& name) const { return folder_.file(name); }  // path inside the staging folder
  // Writes `text` to a file of the staging folder (std::runtime_error naming the reason when it fails).
  void write(const std::string& name, const std::string& text) const;
  void commit() { folder_.commit(); }  // moves the staging folder to the target

  const std::string& target() const { return folder_.target(); }

 private:
  StagedFolder folder_;
};

}  // namespace hybridfog

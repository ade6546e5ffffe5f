#pragma once
// OutputDir: outputs are written into a hidden staging folder next to the target and moved into place
// only when every file is complete, so a crashed or failed run never leaves a folder that looks like a
// result. An existing target is replaced only if it is provably a hybridfog run folder or empty
// (check_output_folder in core/output_folder.hpp); the replacement is one atomic swap.
#include <string>

namespace hybridfog {

class OutputDir {
 public:
  // Checks that `target` may be (re)placed (InputError otherwise), removes staging folders that killed runs
  // into the same target left, creates this run's staging folder.
  explicit OutputDir(std::string target);
  ~OutputDir();  // removes the staging folder unless commit() succeeded
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  std::string file(const std::string& name) const;  // path inside the staging folder
  // Writes `text` to a file of the staging folder.
  void write(const std::string& name, const std::string& text) const;
  void commit();  // moves the staging folder to the target

  const std::string& target() const { return target_; }

 private:
  std::string target_;
  std::string staging_;
  bool committed_ = false;
};

}  // namespace hybridfog

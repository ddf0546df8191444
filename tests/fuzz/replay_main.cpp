// Runs a fuzz target once on each file named (a directory: on each regular file in it, in name order), as
// libFuzzer does when given files: what CTest runs on the committed regression inputs and seeds in
// builds without libFuzzer. Exits 0 when every input ran through; a failure aborts.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <vector>

#include "tests/fuzz/fuzz_target.h"

namespace {

int run_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int failed = 0, ran = 0;
  for (int i = 1; i < argc; ++i) {
    struct stat st;
    if (::stat(argv[i], &st) != 0) {
      std::fprintf(stderr, "replay: %s: no such file\n", argv[i]);
      return 1;
    }
    std::vector<std::string> files;
    if (S_ISDIR(st.st_mode)) {
      if (DIR* d = ::opendir(argv[i])) {
        while (dirent* e = ::readdir(d)) {
          const std::string f = std::string(argv[i]) + "/" + e->d_name;
          struct stat fst;
          if (e->d_name[0] != '.' && ::stat(f.c_str(), &fst) == 0 && S_ISREG(fst.st_mode)) files.push_back(f);
        }
        ::closedir(d);
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(argv[i]);
    }
    for (const auto& f : files) failed += run_file(f), ++ran;
  }
  std::printf("replay: %d inputs ran\n", ran);
  return failed ? 1 : 0;
}

// wordcount FILE: prints the counts of a file; status 1 when it cannot be read.
// wordcount --exit N: ends with status N.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "textkit.h"

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--exit") == 0) return std::atoi(argv[2]);
  if (argc != 2) {
    std::fprintf(stderr, "usage: wordcount FILE | --exit N\n");
    return 2;
  }
  try {
    textkit::Counts c = textkit::count_file(argv[1]);
    std::printf("words %ld lines %ld longest '%s'\n", c.words, c.lines, c.longest.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wordcount: %s\n", e.what());
    return 1;
  }
}

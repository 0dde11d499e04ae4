// run_if_cpu LEVEL PROGRAM [ARGS...]: runs PROGRAM, built with -march=LEVEL, when this CPU has the
// instructions of that x86-64 level; otherwise says which it lacks and exits 77, which CTest
// reports as a skipped test. Built for the baseline itself, so that it runs on every x86-64 CPU.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

// The features of each level that decide whether its code can run (the compilers' builtin knows
// these names; the level also implies a few more that every CPU with these has).
struct feature {
  const char* name;
  bool present;
};

std::string missing_for(const char* level) {
  const feature v3[] = {{"avx", __builtin_cpu_supports("avx") != 0},
                        {"avx2", __builtin_cpu_supports("avx2") != 0},
                        {"bmi", __builtin_cpu_supports("bmi") != 0},
                        {"bmi2", __builtin_cpu_supports("bmi2") != 0},
                        {"fma", __builtin_cpu_supports("fma") != 0}};
  const feature v4[] = {{"avx512f", __builtin_cpu_supports("avx512f") != 0},
                        {"avx512bw", __builtin_cpu_supports("avx512bw") != 0},
                        {"avx512cd", __builtin_cpu_supports("avx512cd") != 0},
                        {"avx512dq", __builtin_cpu_supports("avx512dq") != 0},
                        {"avx512vl", __builtin_cpu_supports("avx512vl") != 0}};
  std::string missing;
  const auto check = [&](const auto& features) {
    for (const feature& f : features)
      if (!f.present) missing += std::string(missing.empty() ? "" : ", ") + f.name;
  };
  if (std::strcmp(level, "x86-64-v3") == 0 || std::strcmp(level, "x86-64-v4") == 0) check(v3);
  if (std::strcmp(level, "x86-64-v4") == 0) check(v4);
  return missing;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: run_if_cpu x86-64|x86-64-v3|x86-64-v4 PROGRAM [ARGS...]\n");
    return 2;
  }
  const char* level = argv[1];
  if (std::strcmp(level, "x86-64") != 0 && std::strcmp(level, "x86-64-v3") != 0 &&
      std::strcmp(level, "x86-64-v4") != 0) {
    std::fprintf(stderr, "run_if_cpu: unknown level '%s'\n", level);
    return 2;
  }
  const std::string missing = missing_for(level);
  if (!missing.empty()) {
    std::printf("skipped: %s was built for %s, and this CPU lacks %s\n", argv[2], level,
                missing.c_str());
    return 77;
  }
  execv(argv[2], argv + 2);
  std::perror("run_if_cpu: cannot run the program");
  return 2;
}

#pragma once
// MEET_ASSERT: a broken invariant is a bug; log where and why, then abort.
#include <cstdio>
#include <cstdlib>

#define MEET_ASSERT(cond, why)                                                                   \
  do {                                                                                           \
    if (!(cond)) {                                                                               \
      std::fprintf(stderr, "assertion failed %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, why); \
      std::abort();                                                                              \
    }                                                                                            \
  } while (0)

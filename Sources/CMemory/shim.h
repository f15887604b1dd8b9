// mremap(2) is variadic in C, so Swift cannot call it directly: this fixed-argument wrapper can.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mman.h>

/// Resizes a private anonymous mapping, moving it if needed; its pages move with it (no copy,
/// no new page faults for the part kept). Returns MAP_FAILED on error.
static inline void *faststyle_resize_mapping(void *address, size_t oldSize, size_t newSize) {
    return mremap(address, oldSize, newSize, MREMAP_MAYMOVE);
}

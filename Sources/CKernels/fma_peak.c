// Loops of fused multiply-adds and nothing else, for `faststyle bench peak`. Each is compiled for
// its own instruction set (a target attribute per function), so the binary runs on any x86-64
// CPU and the caller picks the loops this one has (faststyle_has_avx512, /proc/cpuinfo for AVX2).
#include "CKernels.h"

#include <immintrin.h>

// Twelve independent chains hide the FMA latency (4 cycles × 2 FMA units = 8 in flight at
// least) and still fit in the 16 ymm / 32 zmm registers: the loop body is 12 vfmadd231ps and a
// counter (`objdump -d .build/release/faststyle | grep vfmadd231ps` shows them).
#define CHAIN_STEP(fmadd) \
    a0 = fmadd(x, y, a0); a1 = fmadd(x, y, a1); a2 = fmadd(x, y, a2); a3 = fmadd(x, y, a3); \
    a4 = fmadd(x, y, a4); a5 = fmadd(x, y, a5); a6 = fmadd(x, y, a6); a7 = fmadd(x, y, a7); \
    a8 = fmadd(x, y, a8); a9 = fmadd(x, y, a9); a10 = fmadd(x, y, a10); a11 = fmadd(x, y, a11)

__attribute__((target("avx512f,fma"))) float faststyle_fma_loop_avx512(long iterations, float multiplier, float addend) {
    const __m512 x = _mm512_set1_ps(multiplier), y = _mm512_set1_ps(addend);
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    __m512 a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    for (long i = 0; i < iterations; i++) { CHAIN_STEP(_mm512_fmadd_ps); }
    const __m512 sum = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                                                   _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7))),
                                     _mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11)));
    return _mm512_reduce_add_ps(sum);
}

__attribute__((target("avx2,fma"))) float faststyle_fma_loop_avx2(long iterations, float multiplier, float addend) {
    const __m256 x = _mm256_set1_ps(multiplier), y = _mm256_set1_ps(addend);
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    __m256 a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    for (long i = 0; i < iterations; i++) { CHAIN_STEP(_mm256_fmadd_ps); }
    const __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                                                   _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7))),
                                     _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

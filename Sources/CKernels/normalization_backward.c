#include "CKernels.h"

// The backward pass of instance/batch normalization over one plane of `pixels` vectors of L
// lanes (oneDNN's channel blocks: L = 16, 8, or 1 for plain maps), each lane with its own
// statistics. Written with L a constant so that the compiler vectorizes over the lanes; built
// for AVX-512, AVX2 and the baseline, chosen when the program loads (target_clones).

#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#define INLINE static inline __attribute__((always_inline))

enum { RUN = 512 };  // pixels summed in float before the sum goes to double

INLINE void sums(const float *x, const float *y, const float *dy, long pixels, const int L, const bool relu,
                 const float *mean, const float *inv_std, double *sum_g, double *sum_gx) {
    double s[16] = {0}, sx[16] = {0};
    for (long start = 0; start < pixels; start += RUN) {
        const long end = start + RUN < pixels ? start + RUN : pixels;
        float fs[16] = {0}, fsx[16] = {0};
        for (long p = start; p < end; p++) {
            const float *xp = x + p * L, *yp = y + p * L, *gp = dy + p * L;
            for (int j = 0; j < L; j++) {
                const float g = relu && yp[j] <= 0 ? 0.0f : gp[j];
                fs[j] += g;
                fsx[j] += g * (xp[j] - mean[j]) * inv_std[j];
            }
        }
        for (int j = 0; j < L; j++) { s[j] += fs[j]; sx[j] += fsx[j]; }
    }
    for (int j = 0; j < L; j++) { sum_g[j] = s[j]; sum_gx[j] = sx[j]; }
}

INLINE void input_gradient(const float *x, const float *y, const float *dy, long pixels, const int L, const bool relu,
                           const float *mean, const float *inv_std, const float *scale, const float *mean_g,
                           const float *mean_gx, float *dx) {
    for (long p = 0; p < pixels; p++) {
        const float *xp = x + p * L, *yp = y + p * L, *gp = dy + p * L;
        float *out = dx + p * L;
        for (int j = 0; j < L; j++) {
            const float g = relu && yp[j] <= 0 ? 0.0f : gp[j];
            out[j] = scale[j] * (g - mean_g[j] - (xp[j] - mean[j]) * inv_std[j] * mean_gx[j]);
        }
    }
}

CLONES void faststyle_normalization_backward_sums(const float *x, const float *y, const float *dy, long pixels, int lanes,
                                                  bool relu, const float *mean, const float *inv_std,
                                                  double *sum_g, double *sum_gx) {
    switch (lanes * 2 + relu) {
    case 32: sums(x, y, dy, pixels, 16, false, mean, inv_std, sum_g, sum_gx); break;
    case 33: sums(x, y, dy, pixels, 16, true, mean, inv_std, sum_g, sum_gx); break;
    case 16: sums(x, y, dy, pixels, 8, false, mean, inv_std, sum_g, sum_gx); break;
    case 17: sums(x, y, dy, pixels, 8, true, mean, inv_std, sum_g, sum_gx); break;
    default: sums(x, y, dy, pixels, 1, relu, mean, inv_std, sum_g, sum_gx); break;
    }
}

CLONES void faststyle_normalization_input_gradient(const float *x, const float *y, const float *dy, long pixels, int lanes,
                                                   bool relu, const float *mean, const float *inv_std, const float *scale,
                                                   const float *mean_g, const float *mean_gx, float *dx) {
    switch (lanes * 2 + relu) {
    case 32: input_gradient(x, y, dy, pixels, 16, false, mean, inv_std, scale, mean_g, mean_gx, dx); break;
    case 33: input_gradient(x, y, dy, pixels, 16, true, mean, inv_std, scale, mean_g, mean_gx, dx); break;
    case 16: input_gradient(x, y, dy, pixels, 8, false, mean, inv_std, scale, mean_g, mean_gx, dx); break;
    case 17: input_gradient(x, y, dy, pixels, 8, true, mean, inv_std, scale, mean_g, mean_gx, dx); break;
    default: input_gradient(x, y, dy, pixels, 1, relu, mean, inv_std, scale, mean_g, mean_gx, dx); break;
    }
}

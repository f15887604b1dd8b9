// The transformation network's last layer (C → 3, 9×9) from a channel-blocked feature map, one
// kernel per block size: 16 (AVX-512) and 8 (AVX2). Both vectorize over the input channels of a
// block and reduce each output's vector at the end; see CKernels.h for the layouts.
#include "CKernels.h"

#include <immintrin.h>

bool faststyle_has_avx512(void) {
    return __builtin_cpu_supports("avx512f");
}

bool faststyle_has_avx2_fma(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

#define AVX512 __attribute__((target("avx512f,fma")))

// Output pixels computed together: 3 channels × 8 pixels = 24 accumulators, plus 3 weight
// vectors and one input vector, within the 32 zmm registers. Each input vector loaded feeds 3
// FMAs and each weight vector 8 (the FMA units, not the loads, are the limit).
enum { PIXELS = 8 };

// Out channels o of PIXELS (or fewer, `count`) pixels starting at column x of output row y.
static inline __attribute__((always_inline)) AVX512 void
pixels(const float *src, int blocks, int in_height, int in_width, const float *weights, const float *bias,
       int k, bool relu, float *dst, long dst_plane_stride, int out_width, int y, int x, const int count) {
    __m512 acc[3][PIXELS];
    for (int o = 0; o < 3; o++)
        for (int p = 0; p < count; p++) acc[o][p] = _mm512_setzero_ps();
    const long weights_per_output = (long)blocks * k * k * 16;
    for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < k; i++) {
            const float *row = src + (((long)b * in_height + y + i) * in_width + x) * 16;
            const float *w = weights + ((long)b * k + i) * k * 16;
            for (int j = 0; j < k; j++) {
                const __m512 w0 = _mm512_loadu_ps(w + j * 16);
                const __m512 w1 = _mm512_loadu_ps(w + weights_per_output + j * 16);
                const __m512 w2 = _mm512_loadu_ps(w + 2 * weights_per_output + j * 16);
                for (int p = 0; p < count; p++) {
                    const __m512 s = _mm512_loadu_ps(row + (p + j) * 16);
                    acc[0][p] = _mm512_fmadd_ps(s, w0, acc[0][p]);
                    acc[1][p] = _mm512_fmadd_ps(s, w1, acc[1][p]);
                    acc[2][p] = _mm512_fmadd_ps(s, w2, acc[2][p]);
                }
            }
        }
    }
    for (int o = 0; o < 3; o++) {
        float *out = dst + o * dst_plane_stride + (long)y * out_width + x;
        for (int p = 0; p < count; p++) {
            float value = _mm512_reduce_add_ps(acc[o][p]) + bias[o];
            out[p] = relu && value < 0 ? 0 : value;
        }
    }
}

AVX512 void faststyle_conv_blocked16_to3(const float *src, int blocks, int in_height, int in_width,
                                         const float *weights, const float *bias, int k, bool relu,
                                         float *dst, long dst_plane_stride, int first_row, int end_row) {
    const int out_width = in_width - k + 1;
    for (int y = first_row; y < end_row; y++) {
        int x = 0;
        for (; x + PIXELS <= out_width; x += PIXELS)
            pixels(src, blocks, in_height, in_width, weights, bias, k, relu, dst, dst_plane_stride, out_width, y, x, PIXELS);
        for (; x < out_width; x++)
            pixels(src, blocks, in_height, in_width, weights, bias, k, relu, dst, dst_plane_stride, out_width, y, x, 1);
    }
}

// AVX2: 16 ymm registers. 3 channels × 4 pixels = 12 accumulators and the 3 weight vectors; the
// input vector is the FMA's memory operand. Each input load feeds 3 FMAs, each weight load 4.
#define AVX2 __attribute__((target("avx2,fma")))
enum { PIXELS8 = 4 };

static inline __attribute__((always_inline)) AVX2 float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static inline __attribute__((always_inline)) AVX2 void
pixels8(const float *src, int blocks, int in_height, int in_width, const float *weights, const float *bias,
        int k, bool relu, float *dst, long dst_plane_stride, int out_width, int y, int x, const int count) {
    __m256 acc[3][PIXELS8];
    for (int o = 0; o < 3; o++)
        for (int p = 0; p < count; p++) acc[o][p] = _mm256_setzero_ps();
    const long weights_per_output = (long)blocks * k * k * 8;
    for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < k; i++) {
            const float *row = src + (((long)b * in_height + y + i) * in_width + x) * 8;
            const float *w = weights + ((long)b * k + i) * k * 8;
            for (int j = 0; j < k; j++) {
                const __m256 w0 = _mm256_loadu_ps(w + j * 8);
                const __m256 w1 = _mm256_loadu_ps(w + weights_per_output + j * 8);
                const __m256 w2 = _mm256_loadu_ps(w + 2 * weights_per_output + j * 8);
                for (int p = 0; p < count; p++) {
                    const __m256 s = _mm256_loadu_ps(row + (p + j) * 8);
                    acc[0][p] = _mm256_fmadd_ps(s, w0, acc[0][p]);
                    acc[1][p] = _mm256_fmadd_ps(s, w1, acc[1][p]);
                    acc[2][p] = _mm256_fmadd_ps(s, w2, acc[2][p]);
                }
            }
        }
    }
    for (int o = 0; o < 3; o++) {
        float *out = dst + o * dst_plane_stride + (long)y * out_width + x;
        for (int p = 0; p < count; p++) {
            float value = sum8(acc[o][p]) + bias[o];
            out[p] = relu && value < 0 ? 0 : value;
        }
    }
}

AVX2 void faststyle_conv_blocked8_to3(const float *src, int blocks, int in_height, int in_width,
                                      const float *weights, const float *bias, int k, bool relu,
                                      float *dst, long dst_plane_stride, int first_row, int end_row) {
    const int out_width = in_width - k + 1;
    for (int y = first_row; y < end_row; y++) {
        int x = 0;
        for (; x + PIXELS8 <= out_width; x += PIXELS8)
            pixels8(src, blocks, in_height, in_width, weights, bias, k, relu, dst, dst_plane_stride, out_width, y, x, PIXELS8);
        for (; x < out_width; x++)
            pixels8(src, blocks, in_height, in_width, weights, bias, k, relu, dst, dst_plane_stride, out_width, y, x, 1);
    }
}

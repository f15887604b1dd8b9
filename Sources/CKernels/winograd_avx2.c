// Winograd F(4×4, 3×3) for feature maps in oneDNN's nChw8c layout (AVX2), for inference on CPUs
// without AVX-512, where oneDNN 2.6 has no Winograd kernel. Lavin and Gray 2016, the points
// 0, ±1, ±2, ∞: each 6×6 input tile d becomes V = Bᵀ d B, each 3×3 filter g becomes U = G g Gᵀ,
// the 36 products Σ_c V·U are 36 matrix products (the caller's, on oneDNN's sgemm), and each
// 6×6 result m gives a 4×4 output tile Aᵀ m A: 36 multiplies per 16 outputs against 144.
#include "CKernels.h"

#include <immintrin.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2,fma")))

void faststyle_winograd_weights(const float *w, int out_channels, int in_channels, int out_padded, int in_padded,
                                float *u) {
    static const float G[6][3] = {
        {1.0f / 4, 0, 0},
        {-1.0f / 6, -1.0f / 6, -1.0f / 6},
        {-1.0f / 6, 1.0f / 6, -1.0f / 6},
        {1.0f / 24, 1.0f / 12, 1.0f / 6},
        {1.0f / 24, -1.0f / 12, 1.0f / 6},
        {0, 0, 1},
    };
    memset(u, 0, sizeof(float) * 36 * (size_t)in_padded * out_padded);
    // k innermost: each of the 36 matrices is written along its rows.
    for (int c = 0; c < in_channels; c++)
        for (int k = 0; k < out_channels; k++) {
            const float *g = w + ((long)k * in_channels + c) * 9;
            double t[6][3];   // G g
            for (int i = 0; i < 6; i++)
                for (int j = 0; j < 3; j++) t[i][j] = G[i][0] * g[j] + G[i][1] * g[3 + j] + G[i][2] * g[6 + j];
            for (int i = 0; i < 6; i++)
                for (int j = 0; j < 6; j++)
                    u[((long)(i * 6 + j) * in_padded + c) * out_padded + k] =
                        (float)(t[i][0] * G[j][0] + t[i][1] * G[j][1] + t[i][2] * G[j][2]);
        }
}

// Bᵀ applied to six vectors (a column or a row of a tile), in place.
static inline __attribute__((always_inline)) AVX2 void input_transform6(__m256 d[6]) {
    const __m256 four = _mm256_set1_ps(4), five = _mm256_set1_ps(5), two = _mm256_set1_ps(2);
    const __m256 d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3], d4 = d[4], d5 = d[5];
    const __m256 d4_minus_4d2 = _mm256_fnmadd_ps(four, d2, d4);   // d4 − 4 d2
    const __m256 d3_minus_4d1 = _mm256_fnmadd_ps(four, d1, d3);   // d3 − 4 d1
    const __m256 d4_minus_d2 = _mm256_sub_ps(d4, d2);
    const __m256 d3_minus_d1 = _mm256_sub_ps(d3, d1);
    d[0] = _mm256_add_ps(_mm256_fnmadd_ps(five, d2, _mm256_mul_ps(four, d0)), d4);   // 4d0 − 5d2 + d4
    d[1] = _mm256_add_ps(d4_minus_4d2, d3_minus_4d1);                               // −4d1 − 4d2 + d3 + d4
    d[2] = _mm256_sub_ps(d4_minus_4d2, d3_minus_4d1);                               // 4d1 − 4d2 − d3 + d4
    d[3] = _mm256_fmadd_ps(two, d3_minus_d1, d4_minus_d2);                          // −2d1 − d2 + 2d3 + d4
    d[4] = _mm256_fnmadd_ps(two, d3_minus_d1, d4_minus_d2);                         // 2d1 − d2 − 2d3 + d4
    d[5] = _mm256_add_ps(_mm256_fnmadd_ps(five, d3, _mm256_mul_ps(four, d1)), d5);   // 4d1 − 5d3 + d5
}

AVX2 void faststyle_winograd_input8(const float *src, int blocks, int in_height, int in_width, int tiles_wide,
                                    int first_tile_row, int first, int end, int chunk_tiles, int channels_padded,
                                    float *v) {
    for (int t = first; t < end; t++) {
        const int y0 = 4 * (first_tile_row + t / tiles_wide), x0 = 4 * (t % tiles_wide);
        for (int b = 0; b < blocks; b++) {
            const float *plane = src + (long)b * in_height * in_width * 8;
            __m256 d[6][6];
            for (int i = 0; i < 6; i++)
                for (int j = 0; j < 6; j++) {
                    const int y = y0 + i, x = x0 + j;
                    d[i][j] = y < in_height && x < in_width ? _mm256_loadu_ps(plane + ((long)y * in_width + x) * 8)
                                                            : _mm256_setzero_ps();
                }
            for (int j = 0; j < 6; j++) {   // columns: Bᵀ d
                __m256 column[6] = {d[0][j], d[1][j], d[2][j], d[3][j], d[4][j], d[5][j]};
                input_transform6(column);
                for (int i = 0; i < 6; i++) d[i][j] = column[i];
            }
            for (int i = 0; i < 6; i++) {   // rows: (Bᵀ d) B
                input_transform6(d[i]);
                for (int j = 0; j < 6; j++)
                    _mm256_storeu_ps(v + ((long)(i * 6 + j) * chunk_tiles + t) * channels_padded + b * 8, d[i][j]);
            }
        }
    }
}

// Aᵀ applied to six vectors, four out.
static inline __attribute__((always_inline)) AVX2 void output_transform6(const __m256 m[6], __m256 o[4]) {
    const __m256 two = _mm256_set1_ps(2), four = _mm256_set1_ps(4), eight = _mm256_set1_ps(8);
    const __m256 p12 = _mm256_add_ps(m[1], m[2]), m12 = _mm256_sub_ps(m[1], m[2]);
    const __m256 p34 = _mm256_add_ps(m[3], m[4]), m34 = _mm256_sub_ps(m[3], m[4]);
    o[0] = _mm256_add_ps(_mm256_add_ps(m[0], p12), p34);
    o[1] = _mm256_fmadd_ps(two, m34, m12);
    o[2] = _mm256_fmadd_ps(four, p34, p12);
    o[3] = _mm256_add_ps(_mm256_fmadd_ps(eight, m34, m12), m[5]);
}

AVX2 void faststyle_winograd_output8(const float *m, int chunk_tiles, int channels_padded, int blocks,
                                     int tiles_wide, int first_tile_row, int first, int end, const float *bias,
                                     bool relu, float *dst, int plane_rows, int first_row, int rows, int width) {
    for (int t = first; t < end; t++) {
        const int y0 = 4 * (first_tile_row + t / tiles_wide), x0 = 4 * (t % tiles_wide);
        for (int b = 0; b < blocks; b++) {
            __m256 column[6][4];   // Aᵀ m, per column of m
            for (int j = 0; j < 6; j++) {
                __m256 c[6];
                for (int i = 0; i < 6; i++)
                    c[i] = _mm256_loadu_ps(m + ((long)(i * 6 + j) * chunk_tiles + t) * channels_padded + b * 8);
                output_transform6(c, column[j]);
            }
            const __m256 shift = bias ? _mm256_loadu_ps(bias + b * 8) : _mm256_setzero_ps();
            float *plane = dst + (long)b * plane_rows * width * 8;
            for (int i = 0; i < 4; i++) {
                if (y0 + i >= rows) break;
                __m256 row[6] = {column[0][i], column[1][i], column[2][i], column[3][i], column[4][i], column[5][i]};
                __m256 out[4];
                output_transform6(row, out);
                for (int j = 0; j < 4 && x0 + j < width; j++) {
                    __m256 value = _mm256_add_ps(out[j], shift);
                    if (relu) value = _mm256_max_ps(value, _mm256_setzero_ps());
                    _mm256_storeu_ps(plane + ((long)(first_row + y0 + i) * width + x0 + j) * 8, value);
                }
            }
        }
    }
}

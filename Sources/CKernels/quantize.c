#include "CKernels.h"

#include <math.h>

// int8 inference (Tensors' QuantizedConvolution): the range of an activation, and its
// quantization to the bytes oneDNN's int8 convolutions read, in the channels-last layout (NHWC)
// they are fast in, from the channel-blocked float32 layout the network keeps (nChw{8,16}c).
// Plain loops the compiler vectorizes, built for AVX-512, AVX2 and the baseline.

#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

static inline float clamp(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

CLONES void faststyle_channel_range(const float *x, int channels, int block, long pixels, float *minimum,
                                    float *maximum) {
    const int blocks = (channels + block - 1) / block;
    for (int b = 0; b < blocks; b++) {
        float lo[16], hi[16];
        for (int l = 0; l < 16; l++) lo[l] = INFINITY, hi[l] = -INFINITY;
        const float *in = x + (long)b * pixels * block;
        if (block == 16) {
            for (long p = 0; p < pixels; p++)
                for (int l = 0; l < 16; l++) {
                    const float v = in[p * 16 + l];
                    lo[l] = v < lo[l] ? v : lo[l];
                    hi[l] = v > hi[l] ? v : hi[l];
                }
        } else {
            for (long p = 0; p < pixels; p++)
                for (int l = 0; l < block; l++) {
                    const float v = in[p * block + l];
                    lo[l] = v < lo[l] ? v : lo[l];
                    hi[l] = v > hi[l] ? v : hi[l];
                }
        }
        for (int l = 0; l < block && b * block + l < channels; l++) {
            const int c = b * block + l;
            minimum[c] = lo[l] < minimum[c] ? lo[l] : minimum[c];
            maximum[c] = hi[l] > maximum[c] ? hi[l] : maximum[c];
        }
    }
}

CLONES void faststyle_quantize_to_nhwc(const float *x, void *q, int is_signed, int channels, int block, long pixels,
                                       long first, long end, const float *scales) {
    const int blocks = (channels + block - 1) / block;
    const float lo = is_signed ? -127.0f : 0.0f, hi = is_signed ? 127.0f : 255.0f;
    if (block == 16 && channels % 16 == 0) {
        // The common case, written with whole blocks so that each is one vector conversion.
        for (long p = first; p < end; p++)
            for (int b = 0; b < blocks; b++) {
                const float *in = x + ((long)b * pixels + p) * 16, *scale = scales + b * 16;
                if (is_signed) {
                    signed char *out = (signed char *)q + p * channels + b * 16;
                    for (int l = 0; l < 16; l++)
                        out[l] = (signed char)(int)clamp(nearbyintf(in[l] * scale[l]), lo, hi);
                } else {
                    unsigned char *out = (unsigned char *)q + p * channels + b * 16;
                    for (int l = 0; l < 16; l++)
                        out[l] = (unsigned char)(int)clamp(nearbyintf(in[l] * scale[l]), lo, hi);
                }
            }
        return;
    }
    for (long p = first; p < end; p++)
        for (int b = 0; b < blocks; b++) {
            const float *in = x + ((long)b * pixels + p) * block;
            const int lanes = channels - b * block < block ? channels - b * block : block;
            for (int l = 0; l < lanes; l++) {
                const float v = clamp(nearbyintf(in[l] * scales[b * block + l]), lo, hi);
                if (is_signed) ((signed char *)q)[p * channels + b * block + l] = (signed char)(int)v;
                else ((unsigned char *)q)[p * channels + b * block + l] = (unsigned char)(int)v;
            }
        }
}

// Hand-written CPU kernels for the few places oneDNN serves badly (see each function).
#ifndef FASTSTYLE_CKERNELS_H
#define FASTSTYLE_CKERNELS_H

#include <stdbool.h>

/// Whether this CPU runs the AVX-512 kernels below (AVX-512F, checked once at run time).
bool faststyle_has_avx512(void);
/// Whether this CPU runs the AVX2 kernels below (AVX2 and FMA).
bool faststyle_has_avx2_fma(void);

/// Stride-1, unpadded convolution from a feature map in oneDNN's nChw16c layout to 3 output
/// channels in plain layout (the transformation network's last layer, 32 → 3, 9×9).
///
/// oneDNN 2.6 computes such a layer as if it had 16 output channels (its output is blocked by
/// 16), or falls back to a slow reference kernel for a plain output: 5× the work here. This
/// kernel vectorizes over the 16 input channels of a block instead.
///
/// - src: one image, `blocks` planes of `in_height` × `in_width` × 16 floats; channels past the
///   real ones must be zero, as oneDNN keeps them.
/// - weights: `3 × blocks × k × k × 16` floats, weight[o][b][i][j][l] = W[o][16b + l][i][j]
///   (zero past the real input channels); bias: 3 floats.
/// - dst: 3 planes of `out_height` × `out_width`, out_height = in_height − k + 1 and the same for
///   the width; each plane starts `dst_plane_stride` floats after the last.
/// - Output rows `first_row ..< end_row` are written, so that callers can split rows across threads.
/// Needs faststyle_has_avx512().
void faststyle_conv_blocked16_to3(const float *src, int blocks, int in_height, int in_width,
                                  const float *weights, const float *bias, int k, bool relu,
                                  float *dst, long dst_plane_stride, int first_row, int end_row);
/// The same from nChw8c (blocks of 8 channels; weights `3 × blocks × k × k × 8`), for CPUs
/// without AVX-512, where oneDNN computes 8 output channels for 3. Needs faststyle_has_avx2_fma().
void faststyle_conv_blocked8_to3(const float *src, int blocks, int in_height, int in_width,
                                 const float *weights, const float *bias, int k, bool relu,
                                 float *dst, long dst_plane_stride, int first_row, int end_row);

/// Winograd F(4×4, 3×3) for inference on nChw8c feature maps (winograd_avx2.c): a stride-1,
/// unpadded 3×3 convolution as an input transform, 36 matrix products (the caller's) and an
/// output transform. Tiles are numbered row by row within a chunk of tile rows starting at
/// `first_tile_row`; `chunk_tiles` is the chunk's tile count (the products' row count).
///
/// The filters, once: w is K × C × 3 × 3; u gets 36 matrices of `in_padded` rows and `out_padded`
/// columns (u[p][c][k], zero past the real channels).
void faststyle_winograd_weights(const float *w, int out_channels, int in_channels, int out_padded, int in_padded,
                                float *u);
/// Tiles first ..< end of the chunk from one image's input (`blocks` planes of in_height ×
/// in_width × 8): v[p][t][c] for the 36 positions p, c over blocks × 8 channels
/// (`channels_padded`). Reads past the input are zeros. Needs faststyle_has_avx2_fma().
void faststyle_winograd_input8(const float *src, int blocks, int in_height, int in_width, int tiles_wide,
                               int first_tile_row, int first, int end, int chunk_tiles, int channels_padded, float *v);
/// Tiles first ..< end of the chunk from the products m[p][t][k] into one image's output
/// (`blocks` planes of plane_rows × width × 8, rows first_row ..< first_row + rows of it), plus
/// bias (blocks × 8 floats, or NULL), then ReLU if asked. Needs faststyle_has_avx2_fma().
void faststyle_winograd_output8(const float *m, int chunk_tiles, int channels_padded, int blocks,
                                int tiles_wide, int first_tile_row, int first, int end, const float *bias,
                                bool relu, float *dst, int plane_rows, int first_row, int rows, int width);

/// Normalization's backward pass over one plane of `pixels` vectors of `lanes` floats (16, 8 or
/// 1), lane j with statistics mean[j] and inv_std[j]; g = dy, or 0 where y ≤ 0 when `relu`.
/// sums: sum_g[j] = Σ g, sum_gx[j] = Σ g·(x − mean)·inv_std over the plane's pixels.
void faststyle_normalization_backward_sums(const float *x, const float *y, const float *dy, long pixels, int lanes,
                                           bool relu, const float *mean, const float *inv_std,
                                           double *sum_g, double *sum_gx);
/// input gradient: dx = scale·(g − mean_g − (x − mean)·inv_std·mean_gx), per lane.
void faststyle_normalization_input_gradient(const float *x, const float *y, const float *dy, long pixels, int lanes,
                                            bool relu, const float *mean, const float *inv_std, const float *scale,
                                            const float *mean_g, const float *mean_gx, float *dx);

/// `iterations` × 12 independent fused multiply-adds on 16-float (zmm) vectors, the peak-FLOP
/// loop of `faststyle bench peak` (FLOPs = iterations × 12 × 16 × 2); returns a value that
/// depends on every one so that the loop stays. Needs faststyle_has_avx512().
float faststyle_fma_loop_avx512(long iterations, float multiplier, float addend);
/// The same on 8-float (ymm) vectors (FLOPs = iterations × 12 × 8 × 2). Needs AVX2 and FMA.
float faststyle_fma_loop_avx2(long iterations, float multiplier, float addend);

/// Calls `body(context, chunk)` for chunk = 0 ..< chunks on the OpenMP threads that oneDNN runs
/// on (libgomp's team), one chunk per thread. Swift's own thread pool would be a second set of
/// threads competing for the cores with OpenMP's, which spin for a while after each primitive.
void faststyle_parallel_chunks(long chunks, void (*body)(void *context, long chunk), void *context);

/// Dense optical flow between two grey planes of `width` × `height` (row-major, values 0…1):
/// for each pixel p of `current`, (u, v) such that previous(p + (u, v)) ≈ current(p).
/// Coarse to fine over up to `levels` pyramid levels (halved while a side holds 4 × `radius`
/// pixels), `iterations` warps per level; at each warp the combined local-global method of
/// Bruhn, Weickert and Schnörr (2005): Lucas–Kanade's structure tensor over a Gaussian window of
/// `radius` (1…16, sigma radius / 2) plus `smoothness` × the flow's squared gradient
/// (Horn–Schunck), solved by `sweeps` Gauss–Seidel sweeps. Returns 0, or -1 for bad arguments
/// or no memory.
int faststyle_optical_flow(const float *current, const float *previous, int width, int height, int levels, int iterations,
                           int sweeps, int radius, float smoothness, float *u, float *v);
/// A flow field resized (bilinearly, pixel centres aligned) to `out_width` × `out_height`, its
/// vectors scaled with it.
void faststyle_resize_flow(const float *u, const float *v, int width, int height, float *out_u, float *out_v, int out_width, int out_height);
/// dst = `channels` planes of `src` sampled at p + (u(p), v(p)) by cubic convolution (Keys,
/// Catmull–Rom: a frame carried along the flow frame after frame keeps its fine strokes, where
/// bilinear sampling blurs them; edges repeated);
/// `inside` (may be NULL) is 1 where that point lies within the image, else 0.
void faststyle_warp(const float *src, int channels, int width, int height, const float *u, const float *v, float *dst, float *inside);

/// Temporal steadying's mix (StyleTransfer's TemporalSteadying), pixels first ..< end of 3 planes
/// of `plane` floats: where inside[i] > 0, out += weight · exp(d² · scale) · (carried − out), d²
/// the squared colour distance between `now` and `before` at the pixel.
void faststyle_steady_mix(const float *now, const float *before, const float *carried, const float *inside, float *out,
                          long plane, long first, long end, float weight, float scale);
/// One plane of `blend` with its deviations from its local mean scaled so that its local standard
/// deviation is `reference`'s (at most `max_gain` times its own), means over windows of
/// 2 × radius + 1 pixels a side cut at the edges, for output rows first_row ..< end_row (rows
/// split across threads). Returns 0, or -1 without memory.
int faststyle_match_contrast(const float *blend, const float *reference, float *out, int width, int height, int radius,
                             float max_gain, int first_row, int end_row);

/// Each channel's smallest and largest value over one image of `channels` channels in
/// `block`-channel blocks (nChw{block}c), folded into minimum[c] and maximum[c].
void faststyle_channel_range(const float *x, int channels, int block, long pixels, float *minimum, float *maximum);
/// One image of `channels` channels in `block`-channel blocks (nChw{block}c, float32) as bytes in
/// channels-last order (NHWC), pixels first ..< end of `pixels`: x · scales[channel] rounded to
/// the nearest integer and clamped to 0…255 (unsigned) or −127…127 (signed: −128 left out so
/// that the range is symmetric).
void faststyle_quantize_to_nhwc(const float *x, void *q, int is_signed, int channels, int block, long pixels,
                                long first, long end, const float *scales);

#endif

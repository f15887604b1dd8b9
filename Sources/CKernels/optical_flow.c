#include "CKernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


// Dense optical flow by iterative, coarse-to-fine Lucas–Kanade (Bouguet's pyramidal scheme at
// every pixel, with the structure tensor summed over a Gaussian window). Planes are row-major.

static inline int clampi(int value, int low, int high) { return value < low ? low : value > high ? high : value; }

/// Bilinear sample of `plane` at (x, y), coordinates clamped to the plane.
static inline float sample(const float *plane, int width, int height, float x, float y) {
    x = x < 0 ? 0 : x > width - 1 ? (float)(width - 1) : x;
    y = y < 0 ? 0 : y > height - 1 ? (float)(height - 1) : y;
    int x0 = (int)x, y0 = (int)y;
    int x1 = x0 + 1 < width ? x0 + 1 : x0, y1 = y0 + 1 < height ? y0 + 1 : y0;
    float fx = x - x0, fy = y - y0;
    const float *row0 = plane + (long)y0 * width, *row1 = plane + (long)y1 * width;
    float top = row0[x0] + fx * (row0[x1] - row0[x0]);
    float bottom = row1[x0] + fx * (row1[x1] - row1[x0]);
    return top + fy * (bottom - top);
}

/// Halves a plane after the binomial filter [1 4 6 4 1]/16 in each direction (edges repeated):
/// `dst` is ((width + 1) / 2) × ((height + 1) / 2); `scratch` holds (width + 1) / 2 × height floats.
static void downsample(const float *src, int width, int height, float *dst, float *scratch) {
    static const float k[5] = {1 / 16.f, 4 / 16.f, 6 / 16.f, 4 / 16.f, 1 / 16.f};
    int dw = (width + 1) / 2, dh = (height + 1) / 2;
    for (int y = 0; y < height; y++) {
        const float *row = src + (long)y * width;
        for (int x = 0; x < dw; x++) {
            float sum = 0;
            for (int i = 0; i < 5; i++) sum += k[i] * row[clampi(2 * x + i - 2, 0, width - 1)];
            scratch[(long)y * dw + x] = sum;
        }
    }
    for (int y = 0; y < dh; y++) {
        float *out = dst + (long)y * dw;
        for (int x = 0; x < dw; x++) out[x] = 0;
        for (int i = 0; i < 5; i++) {
            const float *row = scratch + (long)clampi(2 * y + i - 2, 0, height - 1) * dw;
            for (int x = 0; x < dw; x++) out[x] += k[i] * row[x];
        }
    }
}

/// Central differences (one-sided at the edges), halved: the gradient per pixel.
static void gradients(const float *plane, int width, int height, float *gx, float *gy) {
    for (int y = 0; y < height; y++) {
        const float *row = plane + (long)y * width;
        const float *up = plane + (long)clampi(y - 1, 0, height - 1) * width;
        const float *down = plane + (long)clampi(y + 1, 0, height - 1) * width;
        float scaleY = (y == 0 || y == height - 1) && height > 1 ? 1.f : 0.5f;
        for (int x = 0; x < width; x++) {
            int left = clampi(x - 1, 0, width - 1), right = clampi(x + 1, 0, width - 1);
            float scaleX = (x == 0 || x == width - 1) && width > 1 ? 1.f : 0.5f;
            gx[(long)y * width + x] = (row[right] - row[left]) * scaleX;
            gy[(long)y * width + x] = (down[x] - up[x]) * scaleY;
        }
    }
}

/// Gaussian blur (sigma = radius / 2, edges repeated) of `count` planes in place; `scratch`
/// holds one plane.
static void blur(float *planes, int count, int width, int height, int radius, float *scratch) {
    float kernel[33];
    float total = 0, sigma = radius / 2.f;
    for (int i = -radius; i <= radius; i++) total += kernel[i + radius] = expf(-(float)(i * i) / (2 * sigma * sigma));
    for (int i = 0; i <= 2 * radius; i++) kernel[i] /= total;
    long area = (long)width * height;
    for (int p = 0; p < count; p++) {
        float *plane = planes + p * area;
        for (int y = 0; y < height; y++) {
            const float *row = plane + (long)y * width;
            float *out = scratch + (long)y * width;
            // The interior tap by tap (vectorized over x), the edges with their index clamped.
            int low = radius < width ? radius : width, high = width - radius > low ? width - radius : low;
            for (int x = low; x < high; x++) out[x] = 0;
            for (int i = 0; i <= 2 * radius; i++) {
                const float *shifted = row + i - radius;
                for (int x = low; x < high; x++) out[x] += kernel[i] * shifted[x];
            }
            for (int x = 0; x < width; x++) {
                if (x == low) x = high;
                if (x >= width) break;
                float sum = 0;
                for (int i = 0; i <= 2 * radius; i++) sum += kernel[i] * row[clampi(x + i - radius, 0, width - 1)];
                out[x] = sum;
            }
        }
        for (int y = 0; y < height; y++) {
            float *out = plane + (long)y * width;
            for (int x = 0; x < width; x++) out[x] = 0;
            for (int i = 0; i <= 2 * radius; i++) {
                const float *row = scratch + (long)clampi(y + i - radius, 0, height - 1) * width;
                for (int x = 0; x < width; x++) out[x] += kernel[i] * row[x];
            }
        }
    }
}

static inline float median9(float *v) {
    for (int i = 1; i < 9; i++) {
        float key = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > key) { v[j + 1] = v[j]; j--; }
        v[j + 1] = key;
    }
    return v[4];
}

/// 3×3 median of a flow component (outliers of the solve, where the window saw no texture).
static void median3(float *plane, int width, int height, float *scratch) {
    memcpy(scratch, plane, sizeof(float) * (size_t)width * height);
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            float v[9];
            int n = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    v[n++] = scratch[(long)clampi(y + dy, 0, height - 1) * width + clampi(x + dx, 0, width - 1)];
            plane[(long)y * width + x] = median9(v);
        }
}

/// One pyramid level: refines (u, v) so that previous(p + (u, v)) ≈ current(p). `work` holds
/// 14 planes of the level.
///
/// Each warp linearizes the frames around the current flow and sums the constraints over a
/// Gaussian window (the structure tensor of Lucas–Kanade); the increment then minimizes that
/// local energy plus `smoothness` × the squared gradient of the flow (Horn–Schunck), solved by
/// Gauss–Seidel sweeps: the combined local-global method of Bruhn, Weickert and Schnörr (2005).
/// The smoothness term carries the motion into windows without texture (sky, walls), where
/// Lucas–Kanade alone is undetermined.
static void refine(const float *current, const float *previous, int width, int height, int iterations, int sweeps, int radius,
                   float smoothness, float *u, float *v, float *work) {
    long area = (long)width * height;
    float *cx = work, *cy = work + area, *px = work + 2 * area, *py = work + 3 * area;
    float *sums = work + 4 * area;   // xx, xy, yy, xt, yt
    float *scratch = work + 9 * area, *du = work + 10 * area, *dv = work + 11 * area;
    float *laplaceU = work + 12 * area, *laplaceV = work + 13 * area;
    gradients(current, width, height, cx, cy);
    gradients(previous, width, height, px, py);
    for (int iteration = 0; iteration < iterations; iteration++) {
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                long i = (long)y * width + x;
                float sx = x + u[i], sy = y + v[i];
                // A point carried out of the frame says nothing (its edge repeated would pull
                // the motion towards zero): the smoothness term fills it in.
                if (sx < 0 || sy < 0 || sx > width - 1 || sy > height - 1) {
                    for (int k = 0; k < 5; k++) sums[k * area + i] = 0;
                    continue;
                }
                int x0 = (int)sx, y0 = (int)sy;
                int x1 = x0 + 1 < width ? x0 + 1 : x0;
                long r0 = (long)y0 * width, r1 = (long)(y0 + 1 < height ? y0 + 1 : y0) * width;
                float fx = sx - x0, fy = sy - y0;
                float w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
#define BILINEAR(p) (w00 * p[r0 + x0] + w01 * p[r0 + x1] + w10 * p[r1 + x0] + w11 * p[r1 + x1])
                // The average of both frames' gradients: second-order accurate in the step.
                float gx = 0.5f * (cx[i] + BILINEAR(px));
                float gy = 0.5f * (cy[i] + BILINEAR(py));
                float t = BILINEAR(previous) - current[i];
#undef BILINEAR
                sums[i] = gx * gx;
                sums[area + i] = gx * gy;
                sums[2 * area + i] = gy * gy;
                sums[3 * area + i] = gx * t;
                sums[4 * area + i] = gy * t;
            }
        blur(sums, 5, width, height, radius, scratch);
        // The flow's own Laplacian (Σ over the 4 neighbours of theirs minus this one's), fixed
        // during the sweeps, which solve for the increment only.
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                long i = (long)y * width + x;
                float lu = 0, lv = 0;
                if (x > 0) { lu += u[i - 1] - u[i]; lv += v[i - 1] - v[i]; }
                if (x < width - 1) { lu += u[i + 1] - u[i]; lv += v[i + 1] - v[i]; }
                if (y > 0) { lu += u[i - width] - u[i]; lv += v[i - width] - v[i]; }
                if (y < height - 1) { lu += u[i + width] - u[i]; lv += v[i + width] - v[i]; }
                laplaceU[i] = smoothness * lu - sums[3 * area + i];
                laplaceV[i] = smoothness * lv - sums[4 * area + i];
                int n = (x > 0) + (x < width - 1) + (y > 0) + (y < height - 1);
                sums[3 * area + i] = 1 / (sums[i] + smoothness * n);            // now 1 / (J11 + α n)
                sums[4 * area + i] = 1 / (sums[2 * area + i] + smoothness * n); // now 1 / (J22 + α n)
            }
        memset(du, 0, sizeof(float) * (size_t)area);
        memset(dv, 0, sizeof(float) * (size_t)area);
        const float *b = sums + area, *inverseA = sums + 3 * area, *inverseC = sums + 4 * area;
        for (int sweep = 0; sweep < sweeps; sweep++)
            for (int y = 0; y < height; y++) {
                int edgeRow = y == 0 || y == height - 1;
                for (int x = 0; x < width; x++) {
                    long i = (long)y * width + x;
                    float nu, nv;
                    if (!edgeRow && x > 0 && x < width - 1) {
                        nu = du[i - 1] + du[i + 1] + du[i - width] + du[i + width];
                        nv = dv[i - 1] + dv[i + 1] + dv[i - width] + dv[i + width];
                    } else {
                        nu = nv = 0;
                        if (x > 0) { nu += du[i - 1]; nv += dv[i - 1]; }
                        if (x < width - 1) { nu += du[i + 1]; nv += dv[i + 1]; }
                        if (y > 0) { nu += du[i - width]; nv += dv[i - width]; }
                        if (y < height - 1) { nu += du[i + width]; nv += dv[i + width]; }
                    }
                    du[i] = (laplaceU[i] + smoothness * nu - b[i] * dv[i]) * inverseA[i];
                    dv[i] = (laplaceV[i] + smoothness * nv - b[i] * du[i]) * inverseC[i];
                }
            }
        for (long i = 0; i < area; i++) {
            u[i] += du[i];
            v[i] += dv[i];
        }
    }
    median3(u, width, height, scratch);
    median3(v, width, height, scratch);
}

/// The flow of the level above (coarser) at this level's pixels: pixel x of this level is pixel
/// x / 2 of the coarser one (`downsample` centres its filter on even pixels), and the motion doubles.
static void upsample(const float *coarse, int coarseWidth, int coarseHeight, float *fine, int width, int height) {
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            fine[(long)y * width + x] = 2 * sample(coarse, coarseWidth, coarseHeight, 0.5f * x, 0.5f * y);
}

int faststyle_optical_flow(const float *current, const float *previous, int width, int height, int levels, int iterations,
                           int sweeps, int radius, float smoothness, float *u, float *v) {
    if (width < 1 || height < 1 || levels < 1 || levels > 16 || radius < 1 || radius > 16) return -1;
    // Level sizes, finest first, down to levels whose sides still hold a window; each level's
    // offset in the pyramids' allocation.
    int widths[16], heights[16], count = 0;
    long offsets[16], total = 0;
    for (int w = width, h = height; count < levels; w = (w + 1) / 2, h = (h + 1) / 2) {
        widths[count] = w;
        heights[count] = h;
        offsets[count++] = total;
        total += (long)w * h;
        if (w < 4 * radius || h < 4 * radius) break;
    }
    long area = (long)width * height;
    // Both pyramids, two flows (this level's and the next's), the work planes of `refine`.
    float *memory = malloc(sizeof(float) * (size_t)(2 * total + 4 * area + 14 * area));
    if (!memory) return -1;
    float *currentPyramid = memory, *previousPyramid = memory + total;
    float *flows[2][2] = {{memory + 2 * total, memory + 2 * total + area}, {memory + 2 * total + 2 * area, memory + 2 * total + 3 * area}};
    float *work = memory + 2 * total + 4 * area;
    memcpy(currentPyramid, current, sizeof(float) * (size_t)area);
    memcpy(previousPyramid, previous, sizeof(float) * (size_t)area);
    for (int level = 1; level < count; level++) {
        downsample(currentPyramid + offsets[level - 1], widths[level - 1], heights[level - 1], currentPyramid + offsets[level], work);
        downsample(previousPyramid + offsets[level - 1], widths[level - 1], heights[level - 1], previousPyramid + offsets[level], work);
    }
    int top = count - 1;
    memset(flows[0][0], 0, sizeof(float) * (size_t)widths[top] * heights[top]);
    memset(flows[0][1], 0, sizeof(float) * (size_t)widths[top] * heights[top]);
    int in = 0;
    for (int level = top; level >= 0; level--) {
        int w = widths[level], h = heights[level];
        if (level < top) {
            upsample(flows[in][0], widths[level + 1], heights[level + 1], flows[1 - in][0], w, h);
            upsample(flows[in][1], widths[level + 1], heights[level + 1], flows[1 - in][1], w, h);
            in = 1 - in;
        }
        refine(currentPyramid + offsets[level], previousPyramid + offsets[level], w, h, iterations, sweeps, radius, smoothness,
               flows[in][0], flows[in][1], work);
    }
    memcpy(u, flows[in][0], sizeof(float) * (size_t)area);
    memcpy(v, flows[in][1], sizeof(float) * (size_t)area);
    free(memory);
    return 0;
}

void faststyle_resize_flow(const float *u, const float *v, int width, int height, float *outU, float *outV, int outWidth, int outHeight) {
    float scaleX = (float)width / outWidth, scaleY = (float)height / outHeight;
    for (int y = 0; y < outHeight; y++) {
        float sy = (y + 0.5f) * scaleY - 0.5f;
        for (int x = 0; x < outWidth; x++) {
            float sx = (x + 0.5f) * scaleX - 0.5f;
            long i = (long)y * outWidth + x;
            outU[i] = sample(u, width, height, sx, sy) / scaleX;
            outV[i] = sample(v, width, height, sx, sy) / scaleY;
        }
    }
}

/// Keys' cubic convolution weights (a = −0.5, Catmull–Rom) for the 4 samples around a point at
/// fraction t past the second.
static inline void cubic_weights(float t, float w[4]) {
    float t2 = t * t, t3 = t2 * t;
    w[0] = -0.5f * t3 + t2 - 0.5f * t;
    w[1] = 1.5f * t3 - 2.5f * t2 + 1;
    w[2] = -1.5f * t3 + 2 * t2 + 0.5f * t;
    w[3] = 0.5f * t3 - 0.5f * t2;
}

void faststyle_warp(const float *src, int channels, int width, int height, const float *u, const float *v, float *dst, float *inside) {
    long area = (long)width * height;
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            long i = (long)y * width + x;
            float sx = x + u[i], sy = y + v[i];
            if (inside) inside[i] = sx >= 0 && sx <= width - 1 && sy >= 0 && sy <= height - 1 ? 1.f : 0.f;
            sx = sx < 0 ? 0 : sx > width - 1 ? (float)(width - 1) : sx;
            sy = sy < 0 ? 0 : sy > height - 1 ? (float)(height - 1) : sy;
            int x0 = (int)sx, y0 = (int)sy;
            float wx[4], wy[4];
            cubic_weights(sx - x0, wx);
            cubic_weights(sy - y0, wy);
            int xs[4], ys[4];
            for (int k = 0; k < 4; k++) {
                xs[k] = clampi(x0 - 1 + k, 0, width - 1);
                ys[k] = clampi(y0 - 1 + k, 0, height - 1);
            }
            for (int c = 0; c < channels; c++) {
                const float *plane = src + c * area;
                float sum = 0;
                for (int r = 0; r < 4; r++) {
                    const float *row = plane + (long)ys[r] * width;
                    sum += wy[r] * (wx[0] * row[xs[0]] + wx[1] * row[xs[1]] + wx[2] * row[xs[2]] + wx[3] * row[xs[3]]);
                }
                dst[c * area + i] = sum;
            }
        }
}

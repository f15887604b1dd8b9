#include "CKernels.h"

#include <math.h>
#include <stdlib.h>

void faststyle_steady_mix(const float *now, const float *before, const float *carried, const float *inside, float *out,
                          long plane, long first, long end, float weight, float scale) {
    for (long i = first; i < end; i++) {
        if (inside[i] <= 0) continue;
        float distance = 0;
        for (int c = 0; c < 3; c++) {
            float d = now[c * plane + i] - before[c * plane + i];
            distance += d * d;
        }
        float mix = weight * expf(distance * scale);
        for (int c = 0; c < 3; c++) out[c * plane + i] += mix * (carried[c * plane + i] - out[c * plane + i]);
    }
}

// Means of each row over windows of 2 × radius + 1 pixels, cut at the edges (running sums), of
// the values or (squared) of their squares.
static void row_means(const float *row, float *means, int width, int radius, int squared) {
    float sum = 0;
    for (int x = 0; x < radius && x < width; x++) sum += squared ? row[x] * row[x] : row[x];
    for (int x = 0; x < width; x++) {
        if (x + radius < width) sum += squared ? row[x + radius] * row[x + radius] : row[x + radius];
        if (x - radius - 1 >= 0) sum -= squared ? row[x - radius - 1] * row[x - radius - 1] : row[x - radius - 1];
        int left = x - radius < 0 ? 0 : x - radius, right = x + radius > width - 1 ? width - 1 : x + radius;
        means[x] = sum / (float)(right - left + 1);
    }
}

int faststyle_match_contrast(const float *blend, const float *reference, float *out, int width, int height, int radius,
                             float max_gain, int first_row, int end_row) {
    // The running column sums start from the window of the row before first_row, as a single
    // pass from row 0 holds it there (the same sums in the same order when first_row is 0).
    int top = first_row - radius - 1 < 0 ? 0 : first_row - radius - 1;
    int bottom = end_row + radius > height ? height : end_row + radius;
    long rows = bottom - top, w = width;
    // Row means of blend, blend², reference and reference² for rows top ..< bottom, then the
    // running sums of each over the rows of an output row's window.
    float *means = malloc(sizeof(float) * 4 * (rows * w + w));
    if (!means) return -1;
    float *columns = means + 4 * rows * w;
    const float *sources[4] = { blend, blend, reference, reference };
    int last = first_row - 1 + radius > height - 1 ? height - 1 : first_row - 1 + radius;
    for (int q = 0; q < 4; q++) {
        for (long r = 0; r < rows; r++)
            row_means(sources[q] + (top + r) * w, means + (q * rows + r) * w, width, radius, q % 2);
        float *sum = columns + q * w;
        for (long x = 0; x < w; x++) sum[x] = 0;
        for (int y = first_row - 1 - radius < 0 ? 0 : first_row - 1 - radius; y <= last; y++) {
            const float *m = means + (q * rows + (y - top)) * w;
            for (long x = 0; x < w; x++) sum[x] += m[x];
        }
    }
    for (int y = first_row; y < end_row; y++) {
        for (int q = 0; q < 4; q++) {
            float *sum = columns + q * w;
            if (y + radius < height) {
                const float *m = means + (q * rows + (y + radius - top)) * w;
                for (long x = 0; x < w; x++) sum[x] += m[x];
            }
            if (y - radius - 1 >= 0) {
                const float *m = means + (q * rows + (y - radius - 1 - top)) * w;
                for (long x = 0; x < w; x++) sum[x] -= m[x];
            }
        }
        int low = y - radius < 0 ? 0 : y - radius, high = y + radius > height - 1 ? height - 1 : y + radius;
        float count = (float)(high - low + 1);
        const float *b = blend + (long)y * w;
        float *o = out + (long)y * w;
        for (long x = 0; x < w; x++) {
            float mean_b = columns[x] / count, mean_b2 = columns[w + x] / count;
            float mean_r = columns[2 * w + x] / count, mean_r2 = columns[3 * w + x] / count;
            float variance_b = fmaxf(mean_b2 - mean_b * mean_b, 0), variance_r = fmaxf(mean_r2 - mean_r * mean_r, 0);
            float gain = fminf(sqrtf(variance_r / fmaxf(variance_b, 1)), max_gain);
            o[x] = mean_b + gain * (b[x] - mean_b);
        }
    }
    free(means);
    return 0;
}

// HDF5 1.10 C API. Its constants are function-like macros that Swift cannot import; the
// H5 module reaches them through the static inline functions below.
#include <hdf5.h>

static inline hid_t h5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t h5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t h5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t h5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t h5_c_s1(void) { return H5T_C_S1; }
static inline unsigned h5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned h5_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned h5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned h5_acc_excl(void) { return H5F_ACC_EXCL; }
static inline hid_t h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t h5s_all(void) { return H5S_ALL; }
static inline hid_t h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t h5p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t h5p_link_access(void) { return H5P_LINK_ACCESS; }
static inline hid_t h5e_default(void) { return H5E_DEFAULT; }
static inline size_t h5t_variable(void) { return H5T_VARIABLE; }

#include <zlib.h>

/// The number of bytes the zlib stream `input` (of `size` bytes) inflates to, counted up to
/// `limit` + 1 (the rest is not inflated), or -1 when the stream is not one zlib reads to its end.
/// The output goes through a small buffer and is thrown away: only its size is wanted.
static inline long long h5_inflated_size(const void *input, size_t size, size_t limit) {
    unsigned char scratch[16384];
    z_stream stream = {0};
    if (inflateInit(&stream) != Z_OK) return -1;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)size;
    long long total = 0;
    int status = Z_OK;
    while (status == Z_OK && (size_t)total <= limit) {
        stream.next_out = scratch;
        stream.avail_out = sizeof scratch;
        status = inflate(&stream, Z_NO_FLUSH);
        total += (long long)(sizeof scratch - stream.avail_out);
        if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) break;  // input ended early
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END && (size_t)total <= limit) return -1;
    return total;
}

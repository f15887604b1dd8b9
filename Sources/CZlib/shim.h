// zlib (Debian zlib1g-dev). inflateInit2 is a macro that Swift cannot import; the wrapper
// below starts a raw-deflate stream (no zlib header), as stored in zip archives.
#include <zlib.h>

static inline int czlib_inflate_init_raw(z_streamp stream) { return inflateInit2(stream, -MAX_WBITS); }

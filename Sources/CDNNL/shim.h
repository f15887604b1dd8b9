// oneDNN 2.x C API (Debian 12: libdnnl-dev 2.6).
#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl_debug.h>

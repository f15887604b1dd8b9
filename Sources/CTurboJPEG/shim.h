// libjpeg-turbo's TurboJPEG API: errors are return codes, not longjmp.
#include <stddef.h>
#include <turbojpeg.h>

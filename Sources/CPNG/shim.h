// libpng 1.6; faststyle uses only the simplified API (png_image_*), which reports errors in
// png_image.message instead of longjmp.
#include <png.h>

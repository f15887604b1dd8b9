#ifndef FASTSTYLE_FFMPEG_LOADER_H
#define FASTSTYLE_FFMPEG_LOADER_H

#include <stddef.h>

/* Loads FFmpeg's libraries (libavformat, libavcodec, libswscale, libavutil, of the versions
 * faststyle was built with) on first use; later calls return at once. Returns 0, or -1 with
 * what failed in `message`. Every FFmpeg function faststyle calls goes through this file's
 * definitions, which load the libraries and forward to them (ffmpeg_loader.c). */
int ffmpeg_load(char *message, size_t size);

#endif

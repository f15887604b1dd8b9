/* FFmpeg's libraries, loaded when the first video is opened rather than when faststyle starts.
 *
 * Linked directly, libavformat and libavcodec bring ~140 shared libraries (every codec Debian
 * builds in, each bound at load time), and every faststyle command, a still photograph's
 * included, paid for loading them: they were most of the time a process took to start
 * (docs/speed.md, "Start-up"). Here each FFmpeg function faststyle calls is defined with FFmpeg's
 * own prototype (the compiler checks them against its headers), loads the libraries on its first
 * call and forwards to the real one. The definitions are hidden: they serve faststyle's calls and
 * are not exported, so FFmpeg's own calls between its libraries never come back here. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "ffmpeg_loader.h"

/* FFmpeg's declarations hidden (only these: a hidden reference to a C library function would
 * hide it from the whole link), so that the definitions below are too. */
#pragma GCC visibility push(hidden)
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
#pragma GCC visibility pop

#define LIBRARY(name, major) "lib" name ".so." AV_STRINGIFY(major)

enum { AVUTIL, SWSCALE, AVCODEC, AVFORMAT, LIBRARIES };
static const char *const library_names[LIBRARIES] = {
    LIBRARY("avutil", LIBAVUTIL_VERSION_MAJOR),
    LIBRARY("swscale", LIBSWSCALE_VERSION_MAJOR),
    LIBRARY("avcodec", LIBAVCODEC_VERSION_MAJOR),
    LIBRARY("avformat", LIBAVFORMAT_VERSION_MAJOR),
};
static void *libraries[LIBRARIES];
static char load_error[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_libraries(void) {
    for (int i = 0; i < LIBRARIES; i++) {
        libraries[i] = dlopen(library_names[i], RTLD_NOW | RTLD_LOCAL);
        if (libraries[i] == NULL) {
            const char *reason = dlerror();
            snprintf(load_error, sizeof load_error, "cannot load FFmpeg's %s (%s)", library_names[i],
                     reason ? reason : "unknown error");
            return;
        }
    }
}

int ffmpeg_load(char *message, size_t size) {
    pthread_once(&load_once, load_libraries);
    if (load_error[0] == 0) return 0;
    if (message != NULL && size > 0) snprintf(message, size, "%s", load_error);
    return -1;
}

/* The function `name` of library `library`. Video code calls ffmpeg_load (and reports its error)
 * before any FFmpeg function, so a failure here means a library lacks a function it had at build
 * time: nothing sensible can follow. */
static void *resolve(int library, const char *name) {
    if (ffmpeg_load(NULL, 0) != 0) {
        fprintf(stderr, "faststyle: %s\n", load_error);
        abort();
    }
    void *function = dlsym(libraries[library], name);
    if (function == NULL) {
        fprintf(stderr, "faststyle: FFmpeg's %s has no function %s\n", library_names[library], name);
        abort();
    }
    return function;
}

/* A forwarding definition of FFmpeg function `name` from `library`: its prototype (`result`,
 * `parameters`), the call's arguments. The resolved address is cached (atomically: several
 * threads may make the first call). */
#define FORWARD(library, result, name, parameters, arguments)                                           \
    result name parameters {                                                                            \
        static result(*real) parameters;                                                                \
        result(*function) parameters = __atomic_load_n(&real, __ATOMIC_ACQUIRE);                        \
        if (function == NULL) {                                                                         \
            function = (result(*) parameters)resolve(library, #name);                                   \
            __atomic_store_n(&real, function, __ATOMIC_RELEASE);                                        \
        }                                                                                               \
        return function arguments;                                                                      \
    }

FORWARD(AVUTIL, void, av_dict_free, (AVDictionary **m), (m))
FORWARD(AVUTIL, int, av_dict_set, (AVDictionary **pm, const char *key, const char *value, int flags),
        (pm, key, value, flags))
FORWARD(AVUTIL, AVFrame *, av_frame_alloc, (void), ())
FORWARD(AVUTIL, void, av_frame_free, (AVFrame **frame), (frame))
FORWARD(AVUTIL, int, av_frame_get_buffer, (AVFrame *frame, int align), (frame, align))
FORWARD(AVUTIL, int, av_frame_make_writable, (AVFrame *frame), (frame))
FORWARD(AVUTIL, void, av_frame_unref, (AVFrame *frame), (frame))
FORWARD(AVUTIL, const char *, av_get_pix_fmt_name, (enum AVPixelFormat pix_fmt), (pix_fmt))
FORWARD(AVUTIL, void, av_log_set_level, (int level), (level))
FORWARD(AVUTIL, int, av_strerror, (int errnum, char *errbuf, size_t errbuf_size), (errnum, errbuf, errbuf_size))

FORWARD(SWSCALE, void, sws_freeContext, (struct SwsContext * swsContext), (swsContext))
FORWARD(SWSCALE, struct SwsContext *, sws_getCachedContext,
        (struct SwsContext * context, int srcW, int srcH, enum AVPixelFormat srcFormat, int dstW, int dstH,
         enum AVPixelFormat dstFormat, int flags, SwsFilter *srcFilter, SwsFilter *dstFilter, const double *param),
        (context, srcW, srcH, srcFormat, dstW, dstH, dstFormat, flags, srcFilter, dstFilter, param))
FORWARD(SWSCALE, const int *, sws_getCoefficients, (int colorspace), (colorspace))
FORWARD(SWSCALE, struct SwsContext *, sws_getContext,
        (int srcW, int srcH, enum AVPixelFormat srcFormat, int dstW, int dstH, enum AVPixelFormat dstFormat,
         int flags, SwsFilter *srcFilter, SwsFilter *dstFilter, const double *param),
        (srcW, srcH, srcFormat, dstW, dstH, dstFormat, flags, srcFilter, dstFilter, param))
FORWARD(SWSCALE, int, sws_scale_frame, (struct SwsContext * c, AVFrame *dst, const AVFrame *src), (c, dst, src))
FORWARD(SWSCALE, int, sws_setColorspaceDetails,
        (struct SwsContext * c, const int inv_table[4], int srcRange, const int table[4], int dstRange,
         int brightness, int contrast, int saturation),
        (c, inv_table, srcRange, table, dstRange, brightness, contrast, saturation))

FORWARD(AVCODEC, AVPacket *, av_packet_alloc, (void), ())
FORWARD(AVCODEC, void, av_packet_free, (AVPacket **pkt), (pkt))
FORWARD(AVCODEC, void, av_packet_rescale_ts, (AVPacket *pkt, AVRational tb_src, AVRational tb_dst),
        (pkt, tb_src, tb_dst))
FORWARD(AVCODEC, void, av_packet_unref, (AVPacket *pkt), (pkt))
FORWARD(AVCODEC, AVCodecContext *, avcodec_alloc_context3, (const AVCodec *codec), (codec))
FORWARD(AVCODEC, const AVCodec *, avcodec_find_encoder_by_name, (const char *name), (name))
FORWARD(AVCODEC, void, avcodec_free_context, (AVCodecContext **avctx), (avctx))
FORWARD(AVCODEC, const char *, avcodec_get_name, (enum AVCodecID id), (id))
FORWARD(AVCODEC, int, avcodec_open2, (AVCodecContext *avctx, const AVCodec *codec, AVDictionary **options),
        (avctx, codec, options))
FORWARD(AVCODEC, int, avcodec_parameters_copy, (AVCodecParameters *dst, const AVCodecParameters *src), (dst, src))
FORWARD(AVCODEC, int, avcodec_parameters_from_context, (AVCodecParameters *par, const AVCodecContext *codec),
        (par, codec))
FORWARD(AVCODEC, int, avcodec_parameters_to_context, (AVCodecContext *codec, const AVCodecParameters *par),
        (codec, par))
FORWARD(AVCODEC, int, avcodec_receive_frame, (AVCodecContext *avctx, AVFrame *frame), (avctx, frame))
FORWARD(AVCODEC, int, avcodec_receive_packet, (AVCodecContext *avctx, AVPacket *avpkt), (avctx, avpkt))
FORWARD(AVCODEC, int, avcodec_send_frame, (AVCodecContext *avctx, const AVFrame *frame), (avctx, frame))
FORWARD(AVCODEC, int, avcodec_send_packet, (AVCodecContext *avctx, const AVPacket *avpkt), (avctx, avpkt))

FORWARD(AVFORMAT, int, av_find_best_stream,
        (AVFormatContext *ic, enum AVMediaType type, int wanted_stream_nb, int related_stream,
         const AVCodec **decoder_ret, int flags),
        (ic, type, wanted_stream_nb, related_stream, decoder_ret, flags))
FORWARD(AVFORMAT, const AVOutputFormat *, av_guess_format,
        (const char *short_name, const char *filename, const char *mime_type), (short_name, filename, mime_type))
FORWARD(AVFORMAT, int, av_interleaved_write_frame, (AVFormatContext *s, AVPacket *pkt), (s, pkt))
FORWARD(AVFORMAT, int, av_read_frame, (AVFormatContext *s, AVPacket *pkt), (s, pkt))
FORWARD(AVFORMAT, uint8_t *, av_stream_get_side_data,
        (const AVStream *stream, enum AVPacketSideDataType type, size_t *size), (stream, type, size))
FORWARD(AVFORMAT, uint8_t *, av_stream_new_side_data,
        (AVStream *stream, enum AVPacketSideDataType type, size_t size), (stream, type, size))
FORWARD(AVFORMAT, int, av_write_trailer, (AVFormatContext *s), (s))
FORWARD(AVFORMAT, int, avformat_alloc_output_context2,
        (AVFormatContext **ctx, const AVOutputFormat *oformat, const char *format_name, const char *filename),
        (ctx, oformat, format_name, filename))
FORWARD(AVFORMAT, void, avformat_close_input, (AVFormatContext **s), (s))
FORWARD(AVFORMAT, int, avformat_find_stream_info, (AVFormatContext *ic, AVDictionary **options), (ic, options))
FORWARD(AVFORMAT, void, avformat_free_context, (AVFormatContext *s), (s))
FORWARD(AVFORMAT, AVStream *, avformat_new_stream, (AVFormatContext *s, const AVCodec *c), (s, c))
FORWARD(AVFORMAT, int, avformat_open_input,
        (AVFormatContext **ps, const char *url, const AVInputFormat *fmt, AVDictionary **options),
        (ps, url, fmt, options))
FORWARD(AVFORMAT, int, avformat_query_codec, (const AVOutputFormat *ofmt, enum AVCodecID codec_id, int std_compliance),
        (ofmt, codec_id, std_compliance))
FORWARD(AVFORMAT, int, avformat_write_header, (AVFormatContext *s, AVDictionary **options), (s, options))
FORWARD(AVFORMAT, int, avio_closep, (AVIOContext **s), (s))
FORWARD(AVFORMAT, int, avio_open, (AVIOContext **s, const char *url, int flags), (s, url, flags))

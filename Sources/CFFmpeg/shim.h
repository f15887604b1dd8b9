// FFmpeg's libraries (Debian's libavformat-dev, libavcodec-dev, libswscale-dev, libavutil-dev).
// Its error codes and "no timestamp" value are macros Swift cannot import: functions give them.
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/avutil.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>

static inline int ffmpeg_error_again(void) { return AVERROR(EAGAIN); }
static inline int ffmpeg_error_eof(void) { return AVERROR_EOF; }
static inline int ffmpeg_error_invalid_data(void) { return AVERROR_INVALIDDATA; }
static inline int64_t ffmpeg_no_timestamp(void) { return AV_NOPTS_VALUE; }
/// The errno an FFmpeg error carries (EFBIG, ENOSPC, …), or 0 when it is one of FFmpeg's own.
static inline int ffmpeg_errno(int code) { return code < 0 && code > -4096 ? AVUNERROR(code) : 0; }

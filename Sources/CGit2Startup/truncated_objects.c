/*
 * libgit2 1.5 spins for ever on a truncated loose object (libgit2 issue #7342, fixed upstream in
 * August 2026, after every release Debian ships). Its git_zstream_get_output asks zlib for output
 * until the stream ends; when the input runs out mid-stream zlib answers Z_BUF_ERROR having made no
 * progress, libgit2 treats that as "retry", and the loop never ends. A power loss or a full disk
 * can leave such an object (git does not fsync loose objects by default), and every hook's ingest
 * would then burn a core until killed. The link wraps the function (`--wrap=git_zstream_get_output`,
 * Package.swift) with the same loop made to fail when a round makes no progress: `git forge` then
 * reports the object as unreadable, as git does.
 */
#include <stddef.h>
#include <git2.h>
#include <zlib.h>
#include "gf_zstream.h"

int git_zstream_get_output_chunk(void *out, size_t *out_len, gf_zstream *zstream);
int __real_git_zstream_get_output(void *out, size_t *out_len, gf_zstream *zstream);

int __wrap_git_zstream_get_output(void *out, size_t *out_len, gf_zstream *zstream) {
#if LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR == 5
    unsigned char *next = out;
    size_t left = *out_len;
    if (zstream->in_len && zstream->zerr == Z_STREAM_END) {
        git_error_set_str(GIT_ERROR_ZLIB, "zlib input had trailing garbage");
        return -1;
    }
    while (left > 0 && zstream->zerr != Z_STREAM_END) {
        size_t written = left;
        if (git_zstream_get_output_chunk(next, &written, zstream) < 0)
            return -1;
        if (written == 0 && zstream->zerr == Z_BUF_ERROR) {
            git_error_set_str(GIT_ERROR_ZLIB, "the object is truncated (premature end of zlib stream)");
            return -1;
        }
        next += written;
        left -= written;
    }
    *out_len -= left;
    return 0;
#else
    return __real_git_zstream_get_output(out, out_len, zstream);
#endif
}

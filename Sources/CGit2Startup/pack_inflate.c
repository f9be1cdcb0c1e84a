/*
 * Packed objects inflated by libdeflate instead of zlib.
 *
 * Reading history is mostly inflating commit objects: in a whole-history ingest zlib was ~130 ms
 * of the walk's ~250 (a quarter of it building a Huffman table per object, `inflate_table`), and
 * `git log` spends the same. libdeflate decodes a whole buffer in one call, builds its tables
 * faster and has no streaming state to keep, which is what libgit2 hands zlib when it reads a
 * packed object: the object's whole compressed bytes (the pack's mapped window) and an output
 * buffer of the object's full size (`packfile_unpack_compressed`, libgit2 1.5 src/libgit2/pack.c).
 *
 * The link wraps libgit2's one inflate step (`--wrap=git_zstream_get_output_chunk`,
 * Package.swift). A fresh inflate stream is first offered to libdeflate; only a complete, valid
 * zlib stream that fits the buffer is taken from it. Anything else -- a stream that runs past the
 * mapped window, a buffer smaller than the object (streamed reads, loose objects' headers), bad
 * data -- goes to zlib exactly as before, from the untouched stream, so errors and partial reads
 * are zlib's, as they were. Deflating is never touched.
 */
#include <pthread.h>
#include <stddef.h>
#include <git2.h>
#include <libdeflate.h>
#include <zlib.h>
#include "gf_zstream.h"

int __real_git_zstream_get_output_chunk(void *out, size_t *out_len, gf_zstream *zstream);

/* One decompressor per thread (a walk may run on any thread), freed when the thread ends. */
static pthread_key_t decompressor_key;
static pthread_once_t decompressor_once = PTHREAD_ONCE_INIT;

static void free_decompressor(void *d) { libdeflate_free_decompressor(d); }
static void make_key(void) { pthread_key_create(&decompressor_key, free_decompressor); }

static struct libdeflate_decompressor *decompressor(void) {
    pthread_once(&decompressor_once, make_key);
    struct libdeflate_decompressor *d = pthread_getspecific(decompressor_key);
    if (!d && (d = libdeflate_alloc_decompressor()))
        pthread_setspecific(decompressor_key, d);
    return d;
}

int __wrap_git_zstream_get_output_chunk(void *out, size_t *out_len, gf_zstream *zstream) {
#if LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR == 5
    /* Fresh: zlib has seen none of this stream, so declining leaves nothing to undo. */
    if (zstream->type == GF_ZSTREAM_INFLATE && zstream->z.total_in == 0 && zstream->z.total_out == 0 &&
        zstream->in_len > 0 && *out_len > 0) {
        struct libdeflate_decompressor *d = decompressor();
        size_t used = 0, written = 0;
        if (d && libdeflate_zlib_decompress_ex(d, zstream->in, zstream->in_len, out, *out_len,
                                               &used, &written) == LIBDEFLATE_SUCCESS) {
            /* What zlib's inflate with Z_FINISH leaves when the stream ends in this call. */
            zstream->in += used;
            zstream->in_len -= used;
            zstream->zerr = Z_STREAM_END;
            *out_len = written;
            return 0;
        }
    }
#endif
    return __real_git_zstream_get_output_chunk(out, out_len, zstream);
}

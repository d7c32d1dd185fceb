/*
 * Reference loop for the proof-of-work benchmark (bench/pow.sh): the hardware's practical SHA-256 rate for the
 * stamp search, with OpenSSL's SHA256_Init/SHA256_Update/SHA256_Final.
 *
 * Each try does what StampSolver.search does in Java: a 40-byte block = challenge (32 bytes) || nonce (8 bytes,
 * big endian), one SHA-256 (one compression block), then a leading-zero-bits check of the digest against `bits`.
 * N pthreads search disjoint nonce ranges (thread i tries first+i, first+i+N, ...), like the Java solver.
 *
 * Usage: pow_c THREADS WARMUP_SECONDS MEASURE_SECONDS [BITS [WINDOW_SECONDS]]
 * Prints one line: "threads=N tries=T seconds=S tries_per_second=R best_window=B windows=W found=F", where R is the
 * mean over the measuring time and B the best of its WINDOW_SECONDS-long windows (default 1 s; on a shared machine
 * other load only ever slows a window down, so B is the steadier figure).
 *
 * Build: gcc -O2 -Wno-deprecated-declarations -o bench/out/pow_c bench/pow_loop.c -lcrypto -lpthread
 * (OpenSSL 3 deprecates SHA256_*; the benchmark asks for exactly those functions.)
 */
#define _GNU_SOURCE
#include <openssl/sha.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Tries between two looks at the stop flag and two publications of the try count. */
#define CHECK_EVERY 1024

typedef struct {
    _Alignas(64) atomic_ullong tries; /* published every CHECK_EVERY tries; one cache line per thread */
    unsigned long long found;         /* hashes with >= bits leading zero bits */
    uint64_t first;
    uint64_t stride;
    char pad[64];
} worker_t;

static atomic_int stop_flag;
static int bits;
static unsigned char challenge[32];

static int leading_zero_bits(const unsigned char *h) {
    int zeros = 0;
    for (int i = 0; i < 32; i++) {
        if (h[i] == 0) {
            zeros += 8;
        } else {
            return zeros + __builtin_clz((unsigned) h[i]) - 24;
        }
    }
    return zeros;
}

static void *work(void *arg) {
    worker_t *w = arg;
    unsigned char block[40];
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256_CTX ctx;
    memcpy(block, challenge, 32);
    uint64_t nonce = w->first;
    unsigned long long tries = 0;
    unsigned long long found = 0;
    while (!atomic_load_explicit(&stop_flag, memory_order_relaxed)) {
        for (int i = 0; i < CHECK_EVERY; i++, nonce += w->stride) {
            for (int b = 0; b < 8; b++) {
                block[32 + b] = (unsigned char) (nonce >> (56 - 8 * b));
            }
            SHA256_Init(&ctx);
            SHA256_Update(&ctx, block, 40);
            SHA256_Final(out, &ctx);
            if (leading_zero_bits(out) >= bits) {
                found++;
            }
        }
        tries += CHECK_EVERY;
        atomic_store_explicit(&w->tries, tries, memory_order_relaxed);
    }
    w->found = found;
    return NULL;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_seconds(double s) {
    struct timespec ts = {(time_t) s, (long) ((s - (time_t) s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static unsigned long long total_tries(worker_t *w, int n) {
    unsigned long long sum = 0;
    for (int i = 0; i < n; i++) {
        sum += atomic_load_explicit(&w[i].tries, memory_order_relaxed);
    }
    return sum;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s THREADS WARMUP_SECONDS MEASURE_SECONDS [BITS [WINDOW_SECONDS]]\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[1]);
    double warmup = atof(argv[2]);
    double measure = atof(argv[3]);
    bits = argc > 4 ? atoi(argv[4]) : 64;
    double window = argc > 5 ? atof(argv[5]) : 1.0;
    if (threads < 1 || measure <= 0 || warmup < 0 || bits < 0 || bits > 64 || window <= 0) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    /* Any fixed 32-byte challenge: the work per try does not depend on it. */
    SHA256((const unsigned char *) "v1:64:250101:bench", 18, challenge);

    worker_t *w = aligned_alloc(64, sizeof(worker_t) * threads);
    memset(w, 0, sizeof(worker_t) * threads);
    pthread_t *tid = calloc(threads, sizeof(pthread_t));
    for (int i = 0; i < threads; i++) {
        w[i].first = (uint64_t) i;
        w[i].stride = (uint64_t) threads;
        pthread_create(&tid[i], NULL, work, &w[i]);
    }
    sleep_seconds(warmup);
    double t0 = now();
    unsigned long long c0 = total_tries(w, threads);
    int windows = (int) (measure / window + 0.5);
    if (windows < 1) {
        windows = 1;
    }
    double t1 = t0;
    unsigned long long c1 = c0;
    double best = 0;
    for (int k = 0; k < windows; k++) {
        double ta = t1;
        unsigned long long ca = c1;
        sleep_seconds(measure / windows);
        t1 = now();
        c1 = total_tries(w, threads);
        double r = (c1 - ca) / (t1 - ta);
        if (r > best) {
            best = r;
        }
    }
    atomic_store(&stop_flag, 1);
    unsigned long long found = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        found += w[i].found;
    }
    double seconds = t1 - t0;
    printf("threads=%d tries=%llu seconds=%.3f tries_per_second=%.0f best_window=%.0f windows=%d found=%llu\n",
           threads, c1 - c0, seconds, (c1 - c0) / seconds, best, windows, found);
    free(tid);
    free(w);
    return 0;
}

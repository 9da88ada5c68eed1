// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Userspace qoe_csum_partial() past 64 bytes (qoe_platform.h sums headers
 * inline): the one's complement sum of RFC 1071, the
 * engine's checksum hook (the kernel's is csum_partial()).  What ships runs
 * on any x86-64, so the wide versions are chosen once at load time by CPUID;
 * on AVX-512 a 1350-byte datagram sums in under half the scalar time.
 *
 * The sum is kept as the kernel keeps a __wsum: 16-bit words in memory
 * order, carries folded back in, so a folded and complemented result is
 * stored as is.  Each call starts at an even byte of the summed stream.
 */
#include "qoe_platform.h"

#include <stdlib.h>
#ifdef __x86_64__
#include <immintrin.h>
#endif

/*
 * Below this the scalar sum is faster: measured on AVX-512 hardware, a
 * wide sum of a small packet's ~100 bytes cost more than it saved (the
 * RX path at 48-byte payloads got slower by half).
 */
#define QOE_CSUM_WIDE_MIN	512u

/* @acc (any 64-bit partial sum) plus @sum, folded to 32 bits. */
static u32 csum_fold64(u64 acc, u32 sum)
{
	acc += sum;
	acc = (acc & 0xffffffffU) + (acc >> 32);
	acc = (acc & 0xffffffffU) + (acc >> 32);
	return (u32)acc;
}

/*
 * 32-bit halves of 64-bit words into four independent 64-bit sums; the
 * last 31 bytes or fewer through the inline header sum (qoe_platform.h).
 */
static u64 csum_words(const u8 *p, u32 len)
{
	u64 a[4] = { 0 };

	for (; len >= 32; p += 32, len -= 32) {
		for (int i = 0; i < 4; i++) {
			u64 w;

			memcpy(&w, p + 8 * i, 8);
			a[i] += (w >> 32) + (w & 0xffffffffU);
		}
	}
	return a[0] + a[1] + a[2] + a[3] + qoe_csum_partial(p, len, 0);
}

static u32 qoe_csum_scalar(const void *p, u32 len, u32 sum)
{
	return csum_fold64(csum_words(p, len), sum);
}

#ifdef __x86_64__
/*
 * Wide sums use pmaddwd: each 16-bit word, biased by 0x8000 to fit a signed
 * word, is added pairwise into 32-bit lanes, and the bias taken back at
 * the end.  A lane grows by at most 2^16 per step, so chunks of 64 KiB
 * cannot overflow it.
 */
#define QOE_CSUM_CHUNK	65536u

__attribute__((target("avx2")))
static u64 csum_chunk_avx2(const u8 *p, u32 len, u32 *done)
{
	const __m256i bias = _mm256_set1_epi16((short)0x8000);
	const __m256i one = _mm256_set1_epi16(1);
	__m256i a0 = _mm256_setzero_si256(), a1 = a0;
	u32 n = len & ~63u;
	int64_t acc = 0;
	int32_t lane[8];

	for (u32 i = 0; i < n; i += 64) {
		__m256i x = _mm256_loadu_si256((const void *)(p + i));
		__m256i y = _mm256_loadu_si256((const void *)(p + i + 32));

		a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(_mm256_xor_si256(x, bias), one));
		a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(_mm256_xor_si256(y, bias), one));
	}
	_mm256_storeu_si256((void *)lane, _mm256_add_epi32(a0, a1));
	/* no wide register stays dirty for the SSE code that runs next */
	_mm256_zeroupper();
	for (int i = 0; i < 8; i++)
		acc += lane[i];
	*done = n;
	return (u64)(acc + (int64_t)(n / 2) * 0x8000);
}

__attribute__((target("avx2")))
static u32 qoe_csum_avx2(const void *buf, u32 len, u32 sum)
{
	const u8 *p = buf;
	u64 acc = 0;
	u32 done;

	if (len < QOE_CSUM_WIDE_MIN)
		return qoe_csum_scalar(buf, len, sum);
	while (len >= 64) {
		acc += csum_chunk_avx2(p, len < QOE_CSUM_CHUNK ? len : QOE_CSUM_CHUNK,
				       &done);
		p += done;
		len -= done;
	}
	return csum_fold64(acc + csum_words(p, len), sum);
}

/* All of @len (at most QOE_CSUM_CHUNK): the last partial block masked in. */
__attribute__((target("avx512f,avx512bw")))
static u64 csum_chunk_avx512(const u8 *p, u32 len)
{
	const __m512i bias = _mm512_set1_epi16((short)0x8000);
	const __m512i one = _mm512_set1_epi16(1);
	__m512i a0 = _mm512_setzero_si512(), a1 = a0;
	u32 n = len & ~127u, i, words;
	int64_t acc;

	for (i = 0; i < n; i += 128) {
		__m512i x = _mm512_loadu_si512((const void *)(p + i));
		__m512i y = _mm512_loadu_si512((const void *)(p + i + 64));

		a0 = _mm512_add_epi32(a0, _mm512_madd_epi16(_mm512_xor_si512(x, bias), one));
		a1 = _mm512_add_epi32(a1, _mm512_madd_epi16(_mm512_xor_si512(y, bias), one));
	}
	words = n / 2;
	for (; n < len; n += 64) {
		u32 rest = len - n;
		/* past the end the bytes load as zero: an odd last byte is the
		 * first of a zero-padded word, as RFC 1071 wants
		 */
		__mmask64 m = rest >= 64 ? ~0ULL : (1ULL << rest) - 1;
		__m512i x = _mm512_maskz_loadu_epi8(m, p + n);

		a0 = _mm512_add_epi32(a0, _mm512_madd_epi16(_mm512_xor_si512(x, bias), one));
		words += 32;
	}
	/* |lanes| < 2^30 for a 64 KiB chunk: the 32-bit reduction holds */
	acc = _mm512_reduce_add_epi32(_mm512_add_epi32(a0, a1));
	_mm256_zeroupper();
	return (u64)(acc + (int64_t)words * 0x8000);
}

__attribute__((target("avx512f,avx512bw")))
static u32 qoe_csum_avx512(const void *buf, u32 len, u32 sum)
{
	const u8 *p = buf;
	u64 acc = 0;

	if (len < QOE_CSUM_WIDE_MIN)
		return qoe_csum_scalar(buf, len, sum);
	while (len) {
		u32 n = len < QOE_CSUM_CHUNK ? len : QOE_CSUM_CHUNK;

		acc += csum_chunk_avx512(p, n);
		p += n;
		len -= n;
	}
	return csum_fold64(acc, sum);
}
#endif /* __x86_64__ */

static const struct qoe_csum_impl qoe_csum_impls[] = {
#ifdef __x86_64__
	{ "avx512", qoe_csum_avx512 },
	{ "avx2", qoe_csum_avx2 },
#endif
	{ "scalar", qoe_csum_scalar },
};

static bool qoe_csum_usable(const struct qoe_csum_impl *c)
{
#ifdef __x86_64__
	if (c->fn == qoe_csum_avx512)
		return __builtin_cpu_supports("avx512f") &&
		       __builtin_cpu_supports("avx512bw");
	if (c->fn == qoe_csum_avx2)
		return __builtin_cpu_supports("avx2");
#endif
	return true;
}

static const struct qoe_csum_impl *qoe_csum_best = &qoe_csum_impls[ARRAY_SIZE(qoe_csum_impls) - 1];

/*
 * Chosen before main() and never again, so no thread sees it change.
 * QOE_CSUM=<name> picks a slower one (tests, benchmarks); an unknown or
 * unsupported name keeps the best.
 */
__attribute__((constructor))
static void qoe_csum_select(void)
{
	const char *want = getenv("QOE_CSUM");

	__builtin_cpu_init();
	for (size_t i = 0; i < ARRAY_SIZE(qoe_csum_impls); i++) {
		const struct qoe_csum_impl *c = &qoe_csum_impls[i];

		if (qoe_csum_usable(c) && (!want || !strcmp(want, c->name))) {
			qoe_csum_best = c;
			return;
		}
	}
	for (size_t i = 0; want && i < ARRAY_SIZE(qoe_csum_impls); i++) {
		if (qoe_csum_usable(&qoe_csum_impls[i])) {
			qoe_csum_best = &qoe_csum_impls[i];
			return;
		}
	}
}

const struct qoe_csum_impl *qoe_csum_impl_list(u32 *n)
{
	u32 k = 0;

	/* usable ones first: the table is ordered best to worst */
	for (size_t i = 0; i < ARRAY_SIZE(qoe_csum_impls); i++)
		if (!qoe_csum_usable(&qoe_csum_impls[i]))
			k = (u32)i + 1;
	*n = (u32)ARRAY_SIZE(qoe_csum_impls) - k;
	return qoe_csum_impls + k;
}

const char *qoe_csum_impl_name(void)
{
	return qoe_csum_best->name;
}

u32 qoe_csum_long(const void *p, u32 len, u32 sum)
{
	/* small packets: no indirect call */
	if (len < QOE_CSUM_WIDE_MIN)
		return qoe_csum_scalar(p, len, sum);
	return qoe_csum_best->fn(p, len, sum);
}

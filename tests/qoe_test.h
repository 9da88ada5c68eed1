/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Minimal userspace test harness: QOE_TEST(name) { ... } registers a case,
 * QOE_EXPECT*() record failures, qoe_test_main() runs every case (or those
 * whose names contain argv[1]) and ends with the line "N passed, N failed".
 */
#ifndef _QOE_TEST_H
#define _QOE_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct qoe_test_case {
	const char *name;
	void (*fn)(void);
};

#define QOE_TEST_MAX 512
extern struct qoe_test_case qoe_test_cases[QOE_TEST_MAX];
extern int qoe_test_count;
extern int qoe_test_failed_now;

#define QOE_TEST(n)							\
	static void n(void);						\
	__attribute__((constructor)) static void n##_register(void)	\
	{								\
		if (qoe_test_count < QOE_TEST_MAX)			\
			qoe_test_cases[qoe_test_count++] =		\
				(struct qoe_test_case){ #n, n };	\
	}								\
	static void n(void)

#define QOE_FAIL(...)							\
	do {								\
		fprintf(stderr, "  FAIL %s:%d: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		qoe_test_failed_now = 1;				\
	} while (0)

#define QOE_EXPECT(c)							\
	do {								\
		if (!(c))						\
			QOE_FAIL("expected %s", #c);			\
	} while (0)

#define QOE_EXPECT_EQ(a, b)						\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b)						\
			QOE_FAIL("%s == %lld, expected %s == %lld",	\
				 #a, _a, #b, _b);			\
	} while (0)

#define QOE_EXPECT_MEM(a, b, n)						\
	do {								\
		if (memcmp((a), (b), (n)) != 0)				\
			QOE_FAIL("%s differs from %s (%zu bytes)",	\
				 #a, #b, (size_t)(n));			\
	} while (0)

/* Test vectors in hex: decode @s into @out; a malformed vector aborts. */
static inline size_t qoe_test_unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s) / 2;

	if (n > max || strlen(s) % 2)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			abort();
		out[i] = (uint8_t)b;
	}
	return n;
}

/* Define once, in the file holding main(). */
#define QOE_TEST_MAIN							\
	struct qoe_test_case qoe_test_cases[QOE_TEST_MAX];		\
	int qoe_test_count;						\
	int qoe_test_failed_now;					\
	int main(int argc, char **argv)					\
	{								\
		int passed = 0, failed = 0;				\
		for (int i = 0; i < qoe_test_count; i++) {		\
			if (argc > 1 && !strstr(qoe_test_cases[i].name, argv[1])) \
				continue;				\
			qoe_test_failed_now = 0;			\
			qoe_test_cases[i].fn();				\
			printf("%s %s\n", qoe_test_failed_now ? "not ok" : "ok", \
			       qoe_test_cases[i].name);			\
			if (qoe_test_failed_now)			\
				failed++;				\
			else						\
				passed++;				\
		}							\
		printf("%d passed, %d failed\n", passed, failed);	\
		return failed || !passed ? 1 : 0;			\
	}

#endif /* _QOE_TEST_H */

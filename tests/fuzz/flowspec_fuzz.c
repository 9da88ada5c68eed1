// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libFuzzer harness for the flow-spec parser net_qoe's flows files and
 * /qoe/flow_add share (dpdk-pmd/qoe_flow_spec.c): operator text, keys
 * included, into a flow and its key schedule.
 *
 * The input is mostly a program that writes name=value tokens from the
 * parser's own vocabulary with fuzzed values (key<N> with N and lengths
 * near the edges), sometimes raw text.  Oracles: no crash or sanitizer
 * report; a spec the check accepts is consistent (keys of the cipher's
 * length, each with its IV, the schedule without a hole), and installing
 * it adds one flow, installs exactly its phases' keys and schedules the
 * rest in generation order; a refused spec installs nothing.  The PMD
 * calls are stubs that record what they were asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qoe_pmd.h"
#include "qoe_engine.h"
#include "qoe_crypto.h"

static struct {
	unsigned int adds, dels, installs[2], sched_calls;
	unsigned int sched_n;
	uint8_t sched_phase;
	struct qoe_pmd_sched_key sched[QOE_FLOW_SPEC_KEYS];
	size_t key_len;
} rec;

static struct qoe_pmd_dev dummy_dev;

int rte_pmd_qoe_flow_add(uint16_t port, const struct rte_pmd_qoe_flow *f, uint32_t *handle)
{
	(void)port;
	(void)f;
	rec.adds++;
	*handle = 1;
	return 0;
}

int rte_pmd_qoe_flow_del(uint16_t port, uint32_t handle)
{
	(void)port;
	(void)handle;
	rec.dels++;
	return 0;
}

int rte_pmd_qoe_key_install(uint16_t port, uint32_t handle, uint8_t phase,
			    const uint8_t *key, size_t key_len, const uint8_t *iv)
{
	(void)port;
	(void)handle;
	(void)key;
	(void)iv;
	if (phase > 1)
		abort();
	rec.installs[phase]++;
	rec.key_len = key_len;
	return 0;
}

struct qoe_pmd_dev *qoe_pmd_dev_get(uint16_t port)
{
	(void)port;
	return &dummy_dev;
}

int qoe_pmd_key_sched_set(struct qoe_pmd_dev *d, uint32_t handle, uint8_t phase,
			  size_t key_len, const struct qoe_pmd_sched_key *keys, unsigned int n)
{
	(void)d;
	(void)handle;
	(void)key_len;
	rec.sched_calls++;
	rec.sched_n = n;
	rec.sched_phase = phase;
	if (n > QOE_FLOW_SPEC_KEYS)
		abort();
	memcpy(rec.sched, keys, n * sizeof(keys[0]));
	return 0;
}

static const char *const fixed[] = {
	"dir=tx", "dir=rx", "dir=x", "cipher=aes-128-gcm", "cipher=aes-256-gcm",
	"cipher=chacha20-poly1305", "cipher=aes-128-ccm", "cipher=rot13",
	"local=10.0.0.1:443", "remote=10.0.0.2:5000", "local=[2001:db8::1]:1",
	"remote=[::1]:2", "local=1.2.3.4", "remote=1.2.3.4:0", "cid=", "cid=c0ffee",
	"phase=0", "phase=1", "phase=2", "pn=none", "pn=7", "pn=0x10", "fail=drop",
	"fail=deliver", "key", "=", "key=", "iv=", "key00=00", "key64=00", "iv-1=00",
};

/* Hex of @n bytes from the input. */
static void hex(char *out, size_t cap, const uint8_t **p, size_t *left, size_t n)
{
	size_t i;

	for (i = 0; i < n && 2 * i + 2 < cap; i++) {
		uint8_t b = *left ? (*left)--, *(*p)++ : (uint8_t)i;

		snprintf(out + 2 * i, 3, "%02x", b);
	}
}

static uint8_t take(const uint8_t **p, size_t *left)
{
	if (!*left)
		return 0;
	(*left)--;
	return *(*p)++;
}

/* The index "the next key" writes (from 0 for each input). */
static unsigned int next_key;

/* Key lengths the program picks from; [0] is the skeleton cipher's. */
static size_t lens[] = { 16, 32, 12, 15, 33, 0 };

/* One token from the program into @tok. */
static void token(char *tok, size_t cap, const uint8_t **p, size_t *left)
{
	uint8_t op = take(p, left), a = take(p, left);
	char h[160] = "";
	size_t n;

	switch (op % 6) {
	case 0:
		snprintf(tok, cap, "%s", fixed[a % (sizeof(fixed) / sizeof(fixed[0]))]);
		return;
	case 1:		/* hp */
		hex(h, sizeof(h), p, left, lens[a % 6]);
		snprintf(tok, cap, "hp=%s", h);
		return;
	case 2:		/* key<N> (N near the edges of 0..63), or key= */
	case 3:
		n = lens[take(p, left) % 6];
		hex(h, sizeof(h), p, left, op % 6 == 2 ? n : (a & 0x80 ? 11 : 12));
		if (a % 67 == 66)
			snprintf(tok, cap, "%s=%s", op % 6 == 2 ? "key" : "iv", h);
		else
			snprintf(tok, cap, "%s%u=%s", op % 6 == 2 ? "key" : "iv", a % 67, h);
		return;
	case 4:		/* the next key of a schedule, or one of a low index,
			 * mostly of the right length */
		n = lens[take(p, left) % 8 < 6 ? 0 : 1];
		hex(h, sizeof(h), p, left, n);
		snprintf(tok, cap, "key%u=%s", a & 1 ? next_key++ % 66 : a % 8, h);
		return;
	default:	/* raw bytes */
		for (n = 0; n + 1 < cap && n < (size_t)(a % 24); n++) {
			char c = (char)take(p, left);

			tok[n] = c == ' ' || c == '\0' ? '_' : c;
		}
		tok[n] = '\0';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qoe_flow_spec s;	/* ~3.5 KiB: off the fuzzer's stack */
	const uint8_t *p = data;
	size_t left = size, want;
	char tok[256];
	const char *why = NULL;
	unsigned int i, ntok = 0;
	uint32_t h;

	memset(&rec, 0, sizeof(rec));
	qoe_flow_spec_init(&s);
	lens[0] = 16;
	next_key = 0;
	/* mostly a valid flow first, so the program's keys reach the check
	 * and the install: the first byte picks direction and cipher */
	if (left && (*p & 0x80) == 0) {
		static const char *const ciphers[] = {
			"aes-128-gcm", "aes-256-gcm", "chacha20-poly1305", "aes-128-ccm"
		};
		uint8_t b = take(&p, &left);
		char hp[80];

		lens[0] = (b >> 1) % 4 == 1 || (b >> 1) % 4 == 2 ? 32 : 16;
		snprintf(tok, sizeof(tok), "dir=%s", b & 1 ? "tx" : "rx");
		why = qoe_flow_spec_opt(&s, tok);
		snprintf(tok, sizeof(tok), "cipher=%s", ciphers[(b >> 1) % 4]);
		why = why ? why : qoe_flow_spec_opt(&s, tok);
		snprintf(tok, sizeof(tok), "local=10.0.0.1:443");
		why = why ? why : qoe_flow_spec_opt(&s, tok);
		snprintf(tok, sizeof(tok), "remote=10.0.0.2:5000");
		why = why ? why : qoe_flow_spec_opt(&s, tok);
		memset(hp, 'a', 2 * lens[0]);
		hp[2 * lens[0]] = '\0';
		snprintf(tok, sizeof(tok), "hp=%s", hp);
		why = why ? why : qoe_flow_spec_opt(&s, tok);
		if (why)
			abort();	/* the skeleton is valid */
	}
	while (left && ntok++ < 96 && !why) {
		token(tok, sizeof(tok), &p, &left);
		why = qoe_flow_spec_opt(&s, tok);
		/* every option either takes the value or says why not */
	}
	/* the IV of most keys the program named, so deep checks are reached
	 * (a key left without one still tests that refusal) */
	for (i = 0; !why && i < QOE_FLOW_SPEC_KEYS; i++)
		if (s.key_len[i] && !s.has_iv[i] && (left == 0 || i % 5)) {
			memset(s.iv[i], (int)i, QOE_IV_LEN);
			s.has_iv[i] = true;
		}
	if (!why)
		why = qoe_flow_spec_check(&s);
	if (why) {
		if (strlen(why) == 0)
			abort();	/* a refusal says something */
		qoe_flow_spec_wipe(&s);
		return 0;
	}
	want = qoe_cipher_key_len(s.f.cipher);
	if (s.n_keys < 1 || s.n_keys > QOE_FLOW_SPEC_KEYS || !want)
		abort();
	for (i = 0; i < QOE_FLOW_SPEC_KEYS; i++) {
		if (s.key_len[i] && (s.key_len[i] != want || !s.has_iv[i]))
			abort();
		if (!s.key_len[i] && s.has_iv[i])
			abort();
		/* nothing used after the last key of the schedule */
		if (s.key_len[i] && (i ^ s.f.key_phase) >= s.n_keys)
			abort();
	}
	for (i = 0; s.n_keys > 2 && i < s.n_keys; i++)
		if (!s.key_len[i ^ s.f.key_phase])
			abort();	/* a hole in the schedule */
	if (qoe_flow_spec_install(0, &s, &h, &why) != 0)
		abort();
	if (rec.adds != 1 || rec.dels != 0 || rec.sched_calls != 1 ||
	    rec.installs[0] != (s.key_len[0] != 0) ||
	    rec.installs[1] != (s.key_len[1] != 0) ||
	    rec.sched_n != (s.n_keys > 2 ? s.n_keys - 2 : 0) ||
	    rec.sched_phase != s.f.key_phase)
		abort();
	for (i = 0; i < rec.sched_n; i++)
		if (memcmp(rec.sched[i].key, s.key[(i + 2) ^ s.f.key_phase], want) ||
		    memcmp(rec.sched[i].iv, s.iv[(i + 2) ^ s.f.key_phase], QOE_IV_LEN))
			abort();	/* not in generation order */
	qoe_flow_spec_wipe(&s);
	return 0;
}

/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Key schedules: the keys of later key generations a flows file gives
 * (key2=, key3=, ...), so a port installed from a file follows a
 * connection through more than one key update with no host behind it.
 *
 * A flow holds two phases.  When its traffic moves to the other phase (RX:
 * a packet of the new phase opened; TX: the application or the plaintext
 * header asks for it), the phase just left is retired and gets the next
 * generation's key, which the connection uses at its next update.  A
 * packet of the left phase that arrives later (reordered) no longer opens:
 * RFC 9001 s6.5 lets a receiver drop old keys early, and a host that
 * wants them kept installs keys itself (rte_pmd_qoe_key_install()).
 */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>

#include "qoe_pmd.h"
#include "qoe_host.h"
#include "qoe_platform.h"

struct qoe_pmd_key_sched {
	uint8_t phase;		/* the phase the flow is using */
	uint8_t key_len;
	uint16_t n;		/* keys in k[] */
	uint16_t next;		/* the one the next retired phase gets */
	struct qoe_pmd_sched_key k[];
};

int
qoe_pmd_key_sched_set(struct qoe_pmd_dev *d, uint32_t handle, uint8_t phase,
		      size_t key_len, const struct qoe_pmd_sched_key *keys,
		      unsigned int n)
{
	struct qoe_pmd_key_sched *s;
	struct qoe_pmd_flow *f;
	struct qoe_pmd_eng *e;

	if (n == 0)
		return 0;
	if (phase > 1 || key_len > QOE_MAX_KEY_LEN || n > UINT16_MAX)
		return -EINVAL;
	s = rte_zmalloc("qoe_key_sched", sizeof(*s) + n * sizeof(s->k[0]), 0);
	if (s == NULL)
		return -ENOMEM;
	s->phase = phase;
	s->key_len = (uint8_t)key_len;
	s->n = (uint16_t)n;
	memcpy(s->k, keys, n * sizeof(s->k[0]));
	e = qoe_pmd_handle_eng(d, handle);
	if (e == NULL) {
		qoe_pmd_key_sched_free(s);
		return -ENOENT;
	}
	rte_spinlock_lock(&e->lock);
	f = qoe_pmd_flow_slot(d, e, qoe_pmd_eng_handle(d, handle));
	if (f != NULL) {
		qoe_pmd_key_sched_free(f->sched);
		f->sched = s;
		/* from now on RX looks; set under the lock its reader takes */
		d->has_sched = true;
	}
	rte_spinlock_unlock(&e->lock);
	if (f == NULL) {
		qoe_pmd_key_sched_free(s);
		return -ENOENT;
	}
	return 0;
}

/* @f (of locked @e) now uses @phase; called only when f->sched is set. */
void
qoe_pmd_key_sched_advance(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e,
			  struct qoe_pmd_flow *f, uint8_t phase)
{
	struct qoe_pmd_key_sched *s = f->sched;
	uint8_t left = s->phase;
	int st;

	if (phase == left)
		return;
	s->phase = phase;
	if (s->next >= s->n) {
		/* the file's keys are used up: the phase left keeps no key
		 * (its generation is over) and the next one is the host's */
		e->sched_exhausted++;
		QOE_LOG(INFO, "%s: flow 0x%08x: key schedule used up",
			d->name, qoe_pmd_port_handle(d, e, f->handle));
		qoe_host_key_retire(e->host, f->handle, left);
		qoe_pmd_key_sched_free(s);
		f->sched = NULL;
		return;
	}
	st = qoe_host_key_install(e->host, f->handle, left, s->k[s->next].key,
				  s->key_len, s->k[s->next].iv);
	qoe_wipe(&s->k[s->next], sizeof(s->k[0]));
	s->next++;
	if (st == QOE_ST_OK)
		e->sched_installs++;
	else
		QOE_LOG(ERR, "%s: flow 0x%08x: next key refused: %s", d->name,
			qoe_pmd_port_handle(d, e, f->handle),
			qoe_status_name((unsigned int)st));
}

void
qoe_pmd_key_sched_free(struct qoe_pmd_key_sched *s)
{
	if (s == NULL)
		return;
	qoe_wipe(s->k, s->n * sizeof(s->k[0]));
	rte_free(s);
}

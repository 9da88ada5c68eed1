// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Private copies of intel-ipsec-mb for backends on different cores.
 *
 * ipsec-mb (1.3, and upstream since) keeps a process-wide error status,
 * and every direct-API call stores to it before its first instruction of
 * work.  Engines on two cores then write one cache line per packet each:
 * the line moves between the cores on every AEAD call, and two cores reach
 * 1.3-1.8x one instead of 2x (measured: the same calls with that store
 * patched out reach 1.9-2.0x, as do two processes).
 *
 * A copy loaded with dlmopen() into a namespace of its own has its own
 * globals, so its status lives in its own line.  Copies are loaded on
 * first use and kept for the life of the process (a namespace with its own
 * libc is not safely unloaded); a backend given one has it alone until it
 * lets it go.  glibc has a handful of namespaces (glibc.rtld.nns): when no
 * copy can be loaded the caller gets the linked one, which is correct,
 * only slower on several cores.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* dlmopen() */
#endif
#include "crypto_ipsecmb_copy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define QOE_IMB_SONAME		"libIPSec_MB.so.1"
#define QOE_IMB_COPIES_MAX	8
#define QOE_IMB_MGR_ALIGN	64

struct qoe_imb_copy {
	void *dl;		/* NULL: the linked library */
	bool busy;
	size_t (*mgr_size)(void);
	IMB_MGR *(*set_pointers)(void *mem, uint64_t flags, unsigned int reset);
	void (*init_auto)(IMB_MGR *mgr, IMB_ARCH *arch);
	int (*get_errno)(IMB_MGR *mgr);	/* for tests: this copy's status */
};

static struct qoe_imb_copy qoe_imb_linked = {
	.mgr_size = imb_get_mb_mgr_size,
	.set_pointers = imb_set_pointers_mb_mgr,
	.init_auto = init_mb_mgr_auto,
	.get_errno = imb_get_errno,
};

static struct qoe_imb_copy qoe_imb_copies[QOE_IMB_COPIES_MAX];
static unsigned int qoe_imb_copies_loaded;
static pthread_mutex_t qoe_imb_copies_lock = PTHREAD_MUTEX_INITIALIZER;

/* Load one more copy into slot @c; false if the system will not. */
static bool qoe_imb_copy_load(struct qoe_imb_copy *c)
{
	void *dl = dlmopen(LM_ID_NEWLM, QOE_IMB_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!dl)
		return false;
	c->mgr_size = (size_t (*)(void))dlsym(dl, "imb_get_mb_mgr_size");
	c->set_pointers = (IMB_MGR *(*)(void *, uint64_t, unsigned int))
			  dlsym(dl, "imb_set_pointers_mb_mgr");
	c->init_auto = (void (*)(IMB_MGR *, IMB_ARCH *))
		       dlsym(dl, "init_mb_mgr_auto");
	c->get_errno = (int (*)(IMB_MGR *))dlsym(dl, "imb_get_errno");
	if (!c->mgr_size || !c->set_pointers || !c->init_auto ||
	    !c->get_errno) {
		dlclose(dl);
		memset(c, 0, sizeof(*c));
		return false;
	}
	c->dl = dl;
	return true;
}

/**
 * qoe_imb_copy_get() - a copy of ipsec-mb to make managers from
 * @private_copy: one no other backend uses, if one can be had
 *
 * Return: the copy; the linked library when @private_copy is false or no
 * private copy could be loaded (see qoe_imb_copy_is_private()).
 */
struct qoe_imb_copy *qoe_imb_copy_get(bool private_copy)
{
	struct qoe_imb_copy *c = &qoe_imb_linked;
	unsigned int i;

	if (!private_copy)
		return c;
	pthread_mutex_lock(&qoe_imb_copies_lock);
	for (i = 0; i < qoe_imb_copies_loaded; i++)
		if (!qoe_imb_copies[i].busy)
			break;
	if (i == qoe_imb_copies_loaded && i < QOE_IMB_COPIES_MAX &&
	    qoe_imb_copy_load(&qoe_imb_copies[i]))
		qoe_imb_copies_loaded++;
	if (i < qoe_imb_copies_loaded) {
		qoe_imb_copies[i].busy = true;
		c = &qoe_imb_copies[i];
	}
	pthread_mutex_unlock(&qoe_imb_copies_lock);
	return c;
}

/* Give @lib back for another backend to use (it stays loaded). */
void qoe_imb_copy_put(struct qoe_imb_copy *lib)
{
	if (!lib || lib == &qoe_imb_linked)
		return;
	pthread_mutex_lock(&qoe_imb_copies_lock);
	lib->busy = false;
	pthread_mutex_unlock(&qoe_imb_copies_lock);
}

bool qoe_imb_copy_is_private(const struct qoe_imb_copy *lib)
{
	return lib && lib->dl;
}

/*
 * A manager of @lib in memory of our own, so a private copy's libc never
 * allocates (its heap would be a second one in the process).  NULL if
 * out of memory or the CPU has no architecture ipsec-mb supports.
 */
IMB_MGR *qoe_imb_copy_mgr_new(struct qoe_imb_copy *lib)
{
	size_t size = lib->mgr_size();
	IMB_ARCH arch = IMB_ARCH_NONE;
	IMB_MGR *mgr;
	void *mem;

	size = (size + QOE_IMB_MGR_ALIGN - 1) & ~(size_t)(QOE_IMB_MGR_ALIGN - 1);
	mem = aligned_alloc(QOE_IMB_MGR_ALIGN, size);
	if (!mem)
		return NULL;
	mgr = lib->set_pointers(mem, 0, 1);
	if (!mgr) {
		free(mem);
		return NULL;
	}
	/*
	 * Its architecture says whether it worked: imb_get_errno() would
	 * fall back to the process-wide status, which other threads write.
	 */
	lib->init_auto(mgr, &arch);
	if (arch == IMB_ARCH_NONE || mgr->imb_errno) {
		free(mem);
		return NULL;
	}
	return mgr;
}

/* The manager was placed at the start of its memory. */
void qoe_imb_copy_mgr_free(IMB_MGR *mgr)
{
	free(mgr);
}

int qoe_imb_copy_global_errno(const struct qoe_imb_copy *lib)
{
	return lib->get_errno(NULL);
}

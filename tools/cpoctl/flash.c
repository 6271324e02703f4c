// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware updates, of engines and of laser modules: the flash nest as
 * show prints it, and following an update (cpoctl engine flash, cpoctl
 * laser flash) with a progress line on a terminal, a line per step
 * otherwise, or the events as monitor prints them with -j.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpoctl.h"
#include "json_print.h"

/* "flash downloading 3712/8256 file cpo/a.bin" (and why it failed) */
void cpoctl_print_flash(const struct cpo_flash_list *l)
{
	const struct cpo_flash *fl = &l->items[0];
	const char *state;

	if (!l->n)
		return;
	state = cpo_enum_name(&cpo_flash_state_enum, fl->state);
	print_nl_indent(3);
	open_json_object("flash");
	if (state)
		print_string(PRINT_ANY, "state", " flash %s", state);
	else
		print_uint(PRINT_ANY, "state", " flash %u", fl->state);
	print_uint(PRINT_ANY, "done", " %u", fl->done);
	print_uint(PRINT_ANY, "total", "/%u bytes", fl->total);
	if (cpo_has(fl->present, CPO_A_FLASH_FILE))
		print_string(PRINT_ANY, "file", " file %s", fl->file);
	if (cpo_has(fl->present, CPO_A_FLASH_MESSAGE))
		print_string(PRINT_ANY, "message", ": %s", fl->message);
	print_u64(PRINT_JSON, "started", NULL, fl->started);
	print_u64(PRINT_JSON, "updated", NULL, fl->updated);
	close_json_object();
}

/* What each update came to: an engine's, or a laser module's. */
struct flash_watch {
	struct cpoctl *c;
	bool tty;		/* redraw one progress line */
	bool drawn;		/* a progress line is on the terminal */
	unsigned int n;
	struct flash_seen {
		uint32_t id;
		bool laser;	/* named by one of the module's lasers */
		uint32_t state;
		uint32_t done;
		uint32_t total;
		char message[CPO_STR_MAX];
	} *seen;
};

static struct flash_seen *flash_seen_of(struct flash_watch *w, uint32_t id,
					bool laser)
{
	struct flash_seen *bigger;
	unsigned int i;

	for (i = 0; i < w->n; i++)
		if (w->seen[i].id == id && w->seen[i].laser == laser)
			return &w->seen[i];
	bigger = realloc(w->seen, (w->n + 1) * sizeof(*bigger));
	if (!bigger)
		return NULL;
	w->seen = bigger;
	w->seen[w->n] = (struct flash_seen){ .id = id, .laser = laser };
	return &w->seen[w->n++];
}

static const char *flash_what(const struct flash_seen *s)
{
	return s->laser ? "laser" : "engine";
}

static unsigned int flash_pct(uint64_t done, uint64_t total)
{
	return total ? (unsigned int)(done * 100 / total) : 0;
}

/* On a terminal: one line for one update, a summary for several. */
static void flash_draw(struct flash_watch *w, const struct flash_seen *s)
{
	uint64_t done = 0, total = 0;
	unsigned int i, ended = 0, bad = 0, lasers = 0;
	const char *state;

	if (w->n == 1) {
		state = cpo_enum_name(&cpo_flash_state_enum, s->state);
		fprintf(w->c->out, "\r%s %u: %s %u%% (%u of %u bytes)\033[K",
			flash_what(s), s->id, state ? state : "?",
			flash_pct(s->done, s->total), s->done, s->total);
		w->drawn = true;
		return;
	}
	for (i = 0; i < w->n; i++) {
		done += w->seen[i].done;
		total += w->seen[i].total;
		lasers += w->seen[i].laser;
		if (w->seen[i].state == CPO_FLASH_STATE_DONE)
			ended++;
		if (w->seen[i].state == CPO_FLASH_STATE_FAILED ||
		    w->seen[i].state == CPO_FLASH_STATE_ABORTED)
			bad++;
	}
	if (lasers)
		fprintf(w->c->out, "\r%u engines, %u laser modules:",
			w->n - lasers, lasers);
	else
		fprintf(w->c->out, "\r%u engines:", w->n);
	fprintf(w->c->out,
		" %u%% (%llu of %llu bytes), %u done, %u failed\033[K",
		flash_pct(done, total), (unsigned long long)done,
		(unsigned long long)total, ended, bad);
	w->drawn = true;
}

/* Each event: a JSON line, a redrawn line, or a line per state. */
static int flash_show(const struct cpo_event *ev, void *data)
{
	bool laser = ev->cmd == CPO_CMD_LASER_FLASH_NTF;
	const struct cpo_flash *fl = laser ? &ev->laser.flash.items[0] :
					     &ev->engine.flash.items[0];
	struct flash_watch *w = data;
	const char *state = cpo_enum_name(&cpo_flash_state_enum, fl->state);
	struct flash_seen *s;
	uint32_t was;

	s = flash_seen_of(w, laser ? ev->laser.id : ev->engine.id, laser);
	if (!s)
		return 0;	/* out of memory: the update goes on unseen */
	was = s->state;
	s->state = fl->state;
	s->done = fl->done;
	s->total = fl->total;
	if (cpo_has(fl->present, CPO_A_FLASH_MESSAGE))
		snprintf(s->message, sizeof(s->message), "%s", fl->message);
	if (w->c->json) {
		cpoctl_event_print(ev);	/* as monitor prints it */
	} else if (w->tty) {
		flash_draw(w, s);
	} else if (fl->state != was) {
		fprintf(w->c->out, "%s %u: %s %u%% (%u of %u bytes)\n",
			flash_what(s), s->id, state ? state : "?",
			flash_pct(fl->done, fl->total), fl->done, fl->total);
	}
	fflush(w->c->out);
	return 0;
}

/*
 * How the updates ended: one update's as before; with several, a line
 * for each that failed, naming it.
 */
static int flash_outcome(struct cpoctl *c, const struct flash_watch *w)
{
	const struct flash_seen *s;
	int ret = CPOCTL_EXIT_OK;
	unsigned int i;

	for (i = 0; i < w->n; i++) {
		s = &w->seen[i];
		if (s->state != CPO_FLASH_STATE_FAILED &&
		    s->state != CPO_FLASH_STATE_ABORTED)
			continue;
		fprintf(c->err, "Error: ");
		if (w->n > 1)
			fprintf(c->err, "%s %u: ", flash_what(s), s->id);
		if (s->state == CPO_FLASH_STATE_FAILED)
			fprintf(c->err, "the firmware update failed: %s\n",
				s->message[0] ? s->message : "no reason given");
		else
			fprintf(c->err, "the firmware update was aborted\n");
		ret = CPOCTL_EXIT_KERNEL;
	}
	return ret;
}

int cpoctl_flash_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct flash_watch w = { .c = c, .tty = !c->json && isatty(fileno(c->out)) };
	bool laser = req->obj == &cpoctl_laser;
	bool abort = laser ? req->laser.flash_abort : req->engine.flash_abort;
	struct cpo_error err;
	int ret;

	set_oneline(true);	/* JSON: one event per line */
	if (laser)
		ret = cpo_laser_flash(c->h, &req->laser, flash_show, &w, &err);
	else
		ret = cpo_engine_flash(c->h, &req->engine, flash_show, &w,
				       &err);
	if (w.drawn)
		fputc('\n', c->out);
	if (ret)
		ret = cpoctl_kernel_error(c, &err);
	else if (!abort)
		ret = flash_outcome(c, &w);
	else
		ret = CPOCTL_EXIT_OK;
	free(w.seen);
	return ret;
}

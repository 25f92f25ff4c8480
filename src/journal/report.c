/*
 * report.c - the Markdown report and the seals.
 *
 * Everything the student typed or saw is quoted in fenced code blocks whose
 * fence is longer than any backtick run inside, so no output can break the
 * page; table cells escape `|` and newlines.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/report.h"
#include "util/sha256.h"
#include "util/utf8.h"

#define REPORT_SEAL_MD		"<!-- sha256: "
#define REPORT_SEAL_JSONL	"{\"type\":\"checksum\",\"sha256\":\""

void
report_duration(int64_t ms, char *buf, size_t len)
{
	if (ms < 0)
		ms = 0;
	if (ms >= 60000)
		snprintf(buf, len, "%" PRId64 "m%02" PRId64 ".%" PRId64 "s",
		    ms / 60000, ms / 1000 % 60, ms / 100 % 10);
	else
		snprintf(buf, len, "%" PRId64 ".%" PRId64 "s", ms / 1000,
		    ms / 100 % 10);
}

/* "  12.300s" as events print lab time. */
static void
report_time(struct strbuf *out, int64_t t_ms)
{
	strbuf_printf(out, "%4" PRId64 ".%03" PRId64 "s", t_ms / 1000,
	    t_ms % 1000);
}

/* s as a table cell: one line, control characters escaped
 * (utf8_printable), | escaped. */
static void
report_cell(struct strbuf *out, const char *s)
{
	char	*text = utf8_printable_dup(s), *p;

	for (p = text; *p != '\0'; p++) {
		if (*p == '|')
			strbuf_adds(out, "\\|");
		else
			strbuf_addc(out, *p);
	}
	free(text);
}

/* s on one line with control characters escaped: a name (student, lab,
 * step) never spans lines, so it cannot open Markdown of its own. */
static void
report_name(struct strbuf *out, const char *s)
{
	utf8_printable(out, s != NULL ? s : "", false);
}

/* The longest run of backticks in s. */
static int
report_ticks(const char *s, int best)
{
	int	run = 0;

	for (; s != NULL && *s != '\0'; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* Append text with every line indented by pad (ending in a newline). */
static void
report_indent(struct strbuf *out, const char *text, const char *pad)
{
	const char	*p = text, *nl;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		strbuf_adds(out, pad);
		if (nl == NULL) {
			strbuf_adds(out, p);
			strbuf_addc(out, '\n');
			break;
		}
		strbuf_add(out, p, (size_t)(nl - p + 1));
		p = nl + 1;
	}
}

static const struct slog_rec *
report_find(const struct slog *log, enum slog_type type, int step)
{
	size_t	i;

	for (i = 0; i < log->n; i++)
		if (log->v[i].type == type && log->v[i].step == step)
			return &log->v[i];
	return NULL;
}

static bool
report_is_fault(const struct slog_rec *r)
{
	return r->type == SLOG_CLUSTER && r->ev != NULL &&
	    (r->ev->type == EV_BROKER_CRASH || r->ev->type == EV_BROKER_STOP ||
	    r->ev->type == EV_LINK_CUT);
}

static void
report_header(const struct slog *log, const char *version,
    struct strbuf *out)
{
	const struct slog_meta	*m = &log->meta;
	const struct slog_rec	*first = log->n > 0 ? &log->v[0] : NULL;
	const struct slog_rec	*last = log->n > 0 ? &log->v[log->n - 1] :
				    NULL;
	const struct slog_rec	*lab = report_find(log, SLOG_LAB_START, -1);
	char			 wall[40], dur[32];
	size_t			 i;
	int			 done = 0, closed = 0;

	for (i = 0; i < log->n; i++) {
		done += log->v[i].type == SLOG_STEP_DONE && !log->v[i].flag;
		closed += log->v[i].type == SLOG_STEP_DONE;
	}
	strbuf_adds(out, "# isrlab 실습 기록 (session report)\n\n");
	strbuf_adds(out, "| 항목 (item) | 내용 (value) |\n|---|---|\n");
	strbuf_adds(out, "| 학생 (student) | ");
	report_cell(out, m->student != NULL ? m->student : "?");
	if (m->student_id != NULL) {
		strbuf_adds(out, " |\n| 학번 (student id) | ");
		report_cell(out, m->student_id);
	}
	if (m->origin != SLOG_BY_STUDENT)
		strbuf_printf(out, " |\n| **만든 이 (made by)** | **%s** — "
		    "학생의 작업이 아니다 (not the student's work)",
		    m->origin == SLOG_BY_SOLVE ? "프로그램의 풀이 (--solve)" :
		    "다른 세션의 재생 (--replay)");
	strbuf_adds(out, " |\n| 실습 (lab) | ");
	if (m->lab_id != NULL) {
		report_cell(out, m->lab_id);
		strbuf_adds(out, " — ");
		report_cell(out, m->lab_title);
	} else
		strbuf_adds(out, "자유 실습 (free play)");
	strbuf_printf(out, " |\n| isrlab | %s |\n", version);
	strbuf_printf(out, "| seed | %" PRIu64 "%s%s%s |\n", m->seed,
	    m->seed_from != NULL ? " (" : "", m->seed_from != NULL ?
	    m->seed_from : "", m->seed_from != NULL ? ")" : "");
	if (m->settings.layout_seed_pinned)
		strbuf_printf(out, "| 배치 시드 (layout seed) | %" PRIu64
		    " (lab) |\n", m->settings.layout_seed);
	if (m->session[0] != '\0')
		strbuf_printf(out, "| 세션 (session) | %s |\n", m->session);
	strbuf_printf(out, "| 클러스터 (cluster) | %d brokers, %s, %s "
	    "timings |\n", m->brokers, m->engine, m->kafka_timings ?
	    "Kafka" : "lab");
	strbuf_printf(out, "| Kafka | %s (--kafka %s) |\n",
	    profile_get(m->settings.profile)->header,
	    profile_get(m->settings.profile)->name);
	if (first != NULL) {
		slog_wall_format(first->wall_ms, wall, sizeof wall);
		strbuf_printf(out, "| 시작 (start) | %s |\n", wall);
	}
	if (last != NULL) {
		slog_wall_format(last->wall_ms, wall, sizeof wall);
		/* A lab whose every step was done (or skipped) is finished
		 * even when exported before the student quits. */
		strbuf_printf(out, "| 끝 (end) | %s%s |\n", wall,
		    log->ended ? "" : m->lab_id != NULL && m->n_steps > 0 &&
		    closed >= m->n_steps ? " (실습 완료, finished)" :
		    " (세션 진행 중, in progress)");
		report_duration(last->t_ms - (lab != NULL ? lab->t_ms :
		    first->t_ms), dur, sizeof dur);
	}
	if (m->lab_id != NULL)
		strbuf_printf(out, "| 진행 (progress) | %d/%d 단계 (steps), "
		    "실습 시간 (lab time) %s |\n", done, m->n_steps, dur);
	strbuf_addc(out, '\n');
}

static void
report_steps(const struct slog *log, struct strbuf *out)
{
	const struct slog_meta	*m = &log->meta;
	const struct slog_rec	*st, *dn;
	const struct slog_rec	*lab = report_find(log, SLOG_LAB_START, -1);
	char			 a[32], b[32];
	int			 i;

	if (m->lab_id == NULL)
		return;
	strbuf_adds(out, "## 단계 (steps)\n\n");
	strbuf_adds(out, "| # | 단계 (step) | 결과 (result) | 완료 (done, "
	    "from lab start) | 걸린 시간 (took) |\n|---|---|---|---|---|\n");
	for (i = 0; i < m->n_steps; i++) {
		st = report_find(log, SLOG_STEP_START, i);
		dn = report_find(log, SLOG_STEP_DONE, i);
		strbuf_printf(out, "| %d | ", i + 1);
		report_cell(out, m->step_titles[i]);
		if (dn != NULL) {
			report_duration(dn->t_ms - (lab != NULL ? lab->t_ms :
			    0), a, sizeof a);
			report_duration(dn->ms, b, sizeof b);
			strbuf_printf(out, " | %s | %s | %s |\n", dn->flag ?
			    "✘ 건너뜀 (skipped)" : "✔ 완료 (done)", a, b);
		} else
			strbuf_printf(out, " | %s | - | - |\n", st != NULL ?
			    "… 진행 중 (in progress)" : "- 시작 안 함 "
			    "(not started)");
	}
	strbuf_addc(out, '\n');
}

/* The steps rewound to their start (u), when any was. */
static void
report_rewinds(const struct slog *log, struct strbuf *out)
{
	const struct slog_rec	*r;
	size_t			 i;
	bool			 any = false;

	for (i = 0; i < log->n; i++) {
		r = &log->v[i];
		if (r->type != SLOG_REWIND)
			continue;
		if (!any)
			strbuf_adds(out, "## 되돌리기 (rewinds)\n\n| 단계 (step) | "
			    "되돌린 시각 (at) | 돌아간 시각 (back to) |\n"
			    "|---|---|---|\n");
		any = true;
		strbuf_printf(out, "| %d | %" PRId64 ".%03" PRId64 "s | %" PRId64
		    ".%03" PRId64 "s |\n", r->step + 1, r->ms / 1000,
		    r->ms % 1000, r->t_ms / 1000, r->t_ms % 1000);
	}
	if (any)
		strbuf_addc(out, '\n');
}

static void
report_quiz(const struct slog *log, struct strbuf *out)
{
	const struct slog_rec	*r;
	size_t			 i;
	bool			 any = false;

	for (i = 0; i < log->n; i++) {
		r = &log->v[i];
		if (r->type != SLOG_QUIZ_ANSWER)
			continue;
		if (!any)
			strbuf_adds(out, "## 퀴즈 (quiz)\n\n| 단계 (step) | "
			    "질문 (question) | 답 (answer) | 채점 (mark) |\n"
			    "|---|---|---|---|\n");
		any = true;
		strbuf_printf(out, "| %d | ", r->step + 1);
		report_cell(out, r->aux);
		strbuf_adds(out, " | ");
		report_cell(out, r->text);
		strbuf_printf(out, " | %s |\n", r->flag ? "✔ 정답 (right)" :
		    "✘ 오답 (wrong)");
	}
	if (any)
		strbuf_addc(out, '\n');
}

static void
report_faults(const struct slog *log, struct strbuf *out)
{
	char	line[512];
	size_t	i;
	bool	any = false;

	strbuf_adds(out, "## 주입한 장애 (faults injected)\n\n");
	for (i = 0; i < log->n; i++) {
		if (!report_is_fault(&log->v[i]))
			continue;
		event_format(log->v[i].ev, line, sizeof line);
		strbuf_adds(out, "- `");
		report_name(out, line + strspn(line, " "));
		strbuf_adds(out, "`\n");
		any = true;
	}
	if (log->dropped > 0) {
		slog_dropped_text(log, line, sizeof line);
		strbuf_printf(out, "- (%s)\n", line);
	} else if (!any)
		strbuf_adds(out, "없음 (none)\n");
	strbuf_addc(out, '\n');
}

static void
report_fence(struct strbuf *out, int ticks)
{
	int	i;

	for (i = 0; i < ticks; i++)
		strbuf_addc(out, '`');
}

/* One timeline entry (lines of plain text). */
static void
report_entry(const struct slog *log, const struct slog_rec *r,
    struct strbuf *out)
{
	const struct slog_meta	*m = &log->meta;
	char			 line[512], dur[32];

	if (r->type == SLOG_CLUSTER) {
		event_format(r->ev, line, sizeof line);
		strbuf_adds(out, line);
		strbuf_addc(out, '\n');
		return;
	}
	report_time(out, r->t_ms);
	strbuf_adds(out, "  ");
	switch (r->type) {
	case SLOG_SESSION_START:
		strbuf_adds(out, "session_start  student ");
		report_name(out, m->student != NULL ? m->student : "?");
		strbuf_printf(out, ", seed %" PRIu64 "\n", m->seed);
		break;
	case SLOG_LAB_START:
		strbuf_adds(out, "lab_start  ");
		report_name(out, r->text);
		strbuf_printf(out, " (%d steps)\n", r->n);
		break;
	case SLOG_STEP_START:
		strbuf_printf(out, "step_start  %d. ", r->step + 1);
		report_name(out, r->text);
		strbuf_addc(out, '\n');
		break;
	case SLOG_STEP_DONE:
		report_duration(r->ms, dur, sizeof dur);
		strbuf_printf(out, "step_done  %d. ", r->step + 1);
		report_name(out, r->text);
		strbuf_printf(out, "  (%s%s)\n", dur, r->flag ? ", skipped" :
		    "");
		break;
	case SLOG_HINT_SHOWN:
		strbuf_printf(out, "hint_shown  step %d, level %d%s\n",
		    r->step + 1, r->n, r->flag ? " (after its delay)" : "");
		report_indent(out, r->text, "             ");
		break;
	case SLOG_QUIZ_ANSWER:
		strbuf_printf(out, "quiz_answer  step %d: %s  (%s)\n",
		    r->step + 1, r->text, r->flag ? "right" : "wrong");
		break;
	case SLOG_REWIND:
		strbuf_printf(out, "rewind  step %d. ", r->step + 1);
		report_name(out, r->text);
		strbuf_printf(out, "  (back from %" PRId64 ".%03" PRId64 "s to "
		    "the step's start)\n", r->ms / 1000, r->ms % 1000);
		break;
	case SLOG_KEY:
		strbuf_printf(out, "key %s", r->text);
		if (r->err != NULL)
			strbuf_printf(out, "  error: %s", r->err);
		strbuf_addc(out, '\n');
		break;
	case SLOG_COMMAND:
		if (r->source != NULL)
			strbuf_printf(out, "[%s] ", r->source);
		if (r->key != NULL)
			strbuf_printf(out, "[key %s] ", r->key);
		strbuf_printf(out, "$ %s\n", r->text);
		report_indent(out, r->output, "             ");
		if (r->output_cut > 0)
			strbuf_printf(out, "             ... (%zu more bytes)\n",
			    r->output_cut);
		if (r->err != NULL)
			strbuf_printf(out, "             error: %s\n", r->err);
		break;
	case SLOG_EXPORT:
		if (r->err != NULL)
			strbuf_printf(out, "export failed: %s\n", r->err);
		else
			strbuf_printf(out, "export  %s\n", r->text);
		break;
	case SLOG_SESSION_END:
		strbuf_printf(out, "session_end  %d steps done\n", r->n);
		break;
	default:
		strbuf_addc(out, '\n');
		break;
	}
}

static void
report_timeline(const struct slog *log, struct strbuf *out)
{
	struct strbuf	 body = STRBUF_INIT, text_body = STRBUF_INIT;
	char		 text[512];
	size_t		 i;
	bool		 summarised = false;
	int		 ticks;

	for (i = 0; i < log->n; i++) {
		if (log->v[i].type == SLOG__DROPPED)
			continue;
		if (!summarised && log->dropped > 0 &&
		    log->v[i].seq > log->dropped_seq) {
			slog_dropped_text(log, text, sizeof text);
			report_time(&body, log->dropped_from_ms);
			strbuf_printf(&body, "  ... %s (to %.3fs)\n", text,
			    (double)log->dropped_to_ms / 1000.0);
			summarised = true;
		}
		report_entry(log, &log->v[i], &body);
	}
	/* What the student typed and saw, with control characters escaped
	 * (newlines and tabs kept): the report is read on terminals too. */
	utf8_printable(&text_body, strbuf_cstr(&body), true);
	strbuf_free(&body);
	body = text_body;
	ticks = report_ticks(body.s, 2) + 1;
	strbuf_adds(out, "## 전체 기록 (timeline)\n\n");
	report_fence(out, ticks);
	strbuf_adds(out, "text\n");
	if (body.len > 0)
		strbuf_add(out, body.s, body.len);
	report_fence(out, ticks);
	strbuf_adds(out, "\n\n");
	strbuf_free(&body);
}

void
report_markdown(const struct slog *log, const char *version,
    const char *describe, struct strbuf *out)
{
	int	ticks;

	report_header(log, version, out);
	report_steps(log, out);
	report_rewinds(log, out);
	report_quiz(log, out);
	report_faults(log, out);
	strbuf_adds(out, "## 최종 상태 (final describe)\n\n");
	ticks = report_ticks(describe, 2) + 1;
	report_fence(out, ticks);
	strbuf_adds(out, "text\n");
	utf8_printable(out, describe != NULL && describe[0] != '\0' ?
	    describe : "(no topics)\n", true);
	report_fence(out, ticks);
	strbuf_adds(out, "\n\n");
	report_timeline(log, out);
}

/* --- seals --------------------------------------------------------------- */

void
report_seal_markdown(struct strbuf *out)
{
	char	hex[SHA256_HEX_LEN + 1];

	sha256_hex(out->s != NULL ? out->s : "", out->len, hex);
	strbuf_printf(out, REPORT_SEAL_MD "%s -->\n", hex);
}

void
report_seal_jsonl(struct strbuf *out)
{
	char	hex[SHA256_HEX_LEN + 1];

	sha256_hex(out->s != NULL ? out->s : "", out->len, hex);
	strbuf_printf(out, REPORT_SEAL_JSONL "%s\"}\n", hex);
}

enum report_verdict
report_verify(const char *data, size_t len)
{
	const char	*last, *hex;
	char		 want[SHA256_HEX_LEN + 1];
	size_t		 start, plen;

	if (len == 0 || data[len - 1] != '\n')
		return REPORT_UNSEALED;
	for (start = len - 1; start > 0 && data[start - 1] != '\n'; start--)
		;
	last = data + start;
	if (len - start == strlen(REPORT_SEAL_MD) + SHA256_HEX_LEN + 5 &&
	    memcmp(last, REPORT_SEAL_MD, strlen(REPORT_SEAL_MD)) == 0 &&
	    memcmp(last + strlen(REPORT_SEAL_MD) + SHA256_HEX_LEN, " -->\n",
	    5) == 0)
		plen = strlen(REPORT_SEAL_MD);
	else if (len - start == strlen(REPORT_SEAL_JSONL) + SHA256_HEX_LEN +
	    3 && memcmp(last, REPORT_SEAL_JSONL, strlen(REPORT_SEAL_JSONL)) ==
	    0 && memcmp(last + strlen(REPORT_SEAL_JSONL) + SHA256_HEX_LEN,
	    "\"}\n", 3) == 0)
		plen = strlen(REPORT_SEAL_JSONL);
	else
		return REPORT_UNSEALED;
	hex = last + plen;
	sha256_hex(data, start, want);
	return memcmp(want, hex, SHA256_HEX_LEN) == 0 ? REPORT_OK :
	    REPORT_MODIFIED;
}

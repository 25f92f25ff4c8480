/*
 * student.c - the remembered student (see student.h).
 */

#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/jsonread.h"
#include "journal/statefile.h"
#include "journal/student.h"
#include "util/atomicfile.h"
#include "util/readfile.h"
#include "util/xmalloc.h"

#define STUDENT_FILE	"student.json"

bool
student_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (s == NULL || s[0] == '\0')
		return false;
	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int
student_recall(char **name, char **id)
{
	char	 dir[4096], err[512], *path, *data;
	size_t	 len;
	json_t	*o;

	*name = *id = NULL;
	if (statefile_dir(dir, sizeof dir, err, sizeof err) != 0)
		return -1;
	path = xasprintf("%s/%s", dir, STUDENT_FILE);
	if (readfile_load(path, &readfile_text_limits, &data, &len, err,
	    sizeof err) != 0) {
		free(path);
		return -1;
	}
	free(path);
	o = json_loadb(data, len, 0, NULL);
	free(data);
	if (json_is_object(o)) {
		*name = jsonread_str(o, "student");
		*id = jsonread_str(o, "student_id");
	}
	json_decref(o);
	if (!student_valid(*id)) {
		free(*id);
		*id = NULL;
	}
	if (!student_valid(*name)) {
		free(*name);
		free(*id);
		*name = *id = NULL;
		return -1;
	}
	return 0;
}

int
student_remember(const char *name, const char *id, char *err,
    size_t errlen)
{
	char	 dir[4096], *path, *text, *tmp;
	json_t	*o = json_object();
	int	 rc = -1;

	if (statefile_dir(dir, sizeof dir, err, errlen) != 0 ||
	    statefile_mkdirs(dir, err, errlen) != 0) {
		json_decref(o);
		return -1;
	}
	json_object_set_new(o, "student", json_string(name));
	if (id != NULL && id[0] != '\0')
		json_object_set_new(o, "student_id", json_string(id));
	if ((text = json_dumps(o, JSON_COMPACT)) == NULL)
		fatal("json_dumps failed");
	json_decref(o);
	path = xasprintf("%s/%s", dir, STUDENT_FILE);
	tmp = atomicfile_prepare(path, text, strlen(text), err, errlen);
	if (tmp != NULL && atomicfile_commit(tmp, path, err, errlen) == 0)
		rc = 0;
	free(tmp);
	free(path);
	free(text);
	return rc;
}

/*
 * Runs a fuzz target over files and folders of inputs, without libFuzzer:
 * how `meson test` replays fuzz/corpus/ and fuzz/regressions/ in the
 * ordinary and sanitizer builds.
 *
 * Usage: fuzz_NAME_replay [--optional] PATH [[--optional] PATH...]
 *
 * A PATH that does not exist fails the replay, naming it: a corpus folder
 * moved or misspelt would otherwise replay nothing and pass. --optional
 * marks the next PATH as one that may be absent on purpose (the public
 * vectors read in place from ../shared); it is skipped, with a message.
 * A replay that finds no input at all fails too: it cannot pass on
 * nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
	uint8_t *p;
	long n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) < 0) {
		(void)fprintf(stderr, "replay: cannot read %s\n", path);
		if (f != NULL)
			(void)fclose(f);
		return 1;
	}
	rewind(f);
	if ((p = malloc((size_t)n + 1)) == NULL ||
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		(void)fprintf(stderr, "replay: cannot read %s\n", path);
		(void)fclose(f);
		free(p);
		return 1;
	}
	(void)fclose(f);
	(void)LLVMFuzzerTestOneInput(p, (size_t)n);
	free(p);
	return 0;
}

/* Replays every file of a folder but the hidden ones (.keep); counts them. */
static int
run_dir(const char *path, int *files)
{
	struct dirent *de;
	DIR *dir;
	int r = 0;

	if ((dir = opendir(path)) == NULL) {
		(void)fprintf(stderr, "replay: cannot open %s: %s\n", path,
		    strerror(errno));
		return 1;
	}
	while ((de = readdir(dir)) != NULL) {
		char p[4096];

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", path, de->d_name) >=
		    (int)sizeof(p)) {
			(void)fprintf(stderr, "replay: path too long in %s\n",
			    path);
			r = 1;
			continue;
		}
		r |= run_file(p);
		(*files)++;
	}
	(void)closedir(dir);
	return r;
}

int
main(int argc, char **argv)
{
	int files = 0, present = 0, r = 0;
	bool optional = false;

	for (int i = 1; i < argc; i++) {
		struct stat sb;

		if (strcmp(argv[i], "--optional") == 0) {
			optional = true;
			continue;
		}
		if (stat(argv[i], &sb) != 0) {
			if (errno == ENOENT && optional)
				(void)printf("replay: skipping %s: absent, "
				    "and optional\n", argv[i]);
			else {
				(void)fprintf(stderr, "replay: %s: %s\n",
				    argv[i], strerror(errno));
				r = 1;
			}
			optional = false;
			continue;
		}
		optional = false;
		present++;
		if (S_ISDIR(sb.st_mode))
			r |= run_dir(argv[i], &files);
		else {
			r |= run_file(argv[i]);
			files++;
		}
	}
	if (optional) {
		(void)fprintf(stderr, "replay: --optional names no path\n");
		r = 1;
	}
	if (present == 0 || files == 0) {
		(void)fprintf(stderr, "replay: no input: %s\n", present == 0 ?
		    "none of the paths given exists" : "the folders are empty");
		r = 1;
	}
	(void)printf("replayed %d inputs\n", files);
	return r;
}

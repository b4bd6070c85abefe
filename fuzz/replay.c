/*
 * Runs a fuzz target over files and folders of inputs, without libFuzzer:
 * how `meson test` replays fuzz/corpus/ and fuzz/regressions/ in the
 * ordinary and sanitizer builds. Usage: fuzz_NAME_replay PATH...
 */
#include <dirent.h>
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
		(void)fclose(f);
		free(p);
		return 1;
	}
	(void)fclose(f);
	(void)LLVMFuzzerTestOneInput(p, (size_t)n);
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	int files = 0, r = 0;

	for (int i = 1; i < argc; i++) {
		struct stat sb;
		struct dirent *de;
		DIR *dir;

		if (stat(argv[i], &sb) != 0)
			continue;
		if (!S_ISDIR(sb.st_mode)) {
			r |= run_file(argv[i]);
			files++;
			continue;
		}
		if ((dir = opendir(argv[i])) == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			(void)snprintf(path, sizeof(path), "%s/%s", argv[i],
			    de->d_name);
			r |= run_file(path);
			files++;
		}
		(void)closedir(dir);
	}
	(void)printf("replayed %d inputs\n", files);
	return r;
}

/*
 * SVG charts. See svg.h.
 */
#include <stdio.h>
#include <string.h>

#include "svg.h"

void
svg_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': (void)buf_adds(b, "&amp;"); break;
		case '<': (void)buf_adds(b, "&lt;"); break;
		case '>': (void)buf_adds(b, "&gt;"); break;
		case '"': (void)buf_adds(b, "&quot;"); break;
		default: (void)buf_addc(b, *s); break;
		}
}

int
svg_hbars(struct buf *out, const char *title, const char *sub,
    const struct svg_bar *bars, size_t n)
{
	enum { W = 760, L = 190, R = 170, T = 64, ROW = 22 };
	double max = 0;
	int h = T + (int)n * ROW + 20;

	for (size_t i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	(void)buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"sans-serif\" font-size=\"12\">\n<title>", W, h, W,
	    h);
	svg_text(out, title);
	(void)buf_printf(out, "</title>\n<rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"white\"/>\n<text x=\"10\" y=\"22\" font-size=\"15\">");
	svg_text(out, title);
	(void)buf_printf(out, "</text>\n<text x=\"10\" y=\"42\" fill=\"#555\" "
	    "font-size=\"10\">");
	svg_text(out, sub);
	(void)buf_adds(out, "</text>\n");
	for (size_t i = 0; i < n; i++) {
		int y = T + (int)i * ROW;
		double w = max > 0 ? (W - L - R) * bars[i].value / max : 0;

		(void)buf_printf(out, "<text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">", L - 8, y + 14);
		svg_text(out, bars[i].label);
		(void)buf_printf(out, "</text>\n<rect x=\"%d\" y=\"%d\" "
		    "width=\"%.1f\" height=\"%d\" fill=\"#1f77b4\"><title>", L,
		    y + 3, w < 1 && bars[i].value > 0 ? 1 : w, ROW - 6);
		svg_text(out, bars[i].label);
		(void)buf_adds(out, ": ");
		svg_text(out, bars[i].note);
		(void)buf_printf(out, "</title></rect>\n<text x=\"%.1f\" "
		    "y=\"%d\">", L + w + 6, y + 14);
		svg_text(out, bars[i].note);
		(void)buf_adds(out, "</text>\n");
	}
	return buf_adds(out, "</svg>\n");
}

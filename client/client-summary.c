/* client-summary.c: placeholder. */
#include <stdlib.h>
#include <curses.h>
#include "client-net.h"
#include "client-ui.h"

const char *const summary_help[] = { NULL, NULL };
void summary_draw(struct ui *ui) { static const char *const keys[] = { NULL }; ui_frame(ui, "summary", keys); }
void summary_key(struct ui *ui, bool is_key, wint_t ch) { (void)ui; (void)is_key; (void)ch; }
bool summary_typing(struct ui *ui) { (void)ui; return false; }
bool summary_unsaved(struct ui *ui) { (void)ui; return false; }
bool summary_event(struct ui *ui, const struct net_event *ev) { (void)ui; (void)ev; return false; }
void summary_answer(struct ui *ui, int a, bool y) { (void)ui; (void)a; (void)y; }
void summary_free(struct ui *ui) { (void)ui; }
const char *const *summary_help_now(struct ui *ui) { (void)ui; return summary_help; }
void summary_edit(struct ui *ui, uint64_t s, uint32_t p) { (void)ui; (void)s; (void)p; }

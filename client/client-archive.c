/* client-archive.c: placeholder. */
#include <stdlib.h>
#include <curses.h>
#include "client-net.h"
#include "client-ui.h"

const char *const archive_help[] = { NULL, NULL };
void archive_draw(struct ui *ui) { static const char *const keys[] = { NULL }; ui_frame(ui, "archive", keys); }
void archive_key(struct ui *ui, bool is_key, wint_t ch) { (void)ui; (void)is_key; (void)ch; }
bool archive_typing(struct ui *ui) { (void)ui; return false; }
bool archive_unsaved(struct ui *ui) { (void)ui; return false; }
bool archive_event(struct ui *ui, const struct net_event *ev) { (void)ui; (void)ev; return false; }
void archive_answer(struct ui *ui, int a, bool y) { (void)ui; (void)a; (void)y; }
void archive_free(struct ui *ui) { (void)ui; }
const char *const *archive_help_now(struct ui *ui) { (void)ui; return archive_help; }

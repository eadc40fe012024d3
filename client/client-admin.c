/* client-admin.c: placeholder. */
#include <stdlib.h>
#include <curses.h>
#include "client-net.h"
#include "client-ui.h"

const char *const admin_help[] = { NULL, NULL };
void admin_draw(struct ui *ui) { static const char *const keys[] = { NULL }; ui_frame(ui, "admin", keys); }
void admin_key(struct ui *ui, bool is_key, wint_t ch) { (void)ui; (void)is_key; (void)ch; }
bool admin_typing(struct ui *ui) { (void)ui; return false; }
bool admin_unsaved(struct ui *ui) { (void)ui; return false; }
bool admin_event(struct ui *ui, const struct net_event *ev) { (void)ui; (void)ev; return false; }
void admin_answer(struct ui *ui, int a, bool y) { (void)ui; (void)a; (void)y; }
void admin_free(struct ui *ui) { (void)ui; }
const char *const *admin_help_now(struct ui *ui) { (void)ui; return admin_help; }

/* client-eval.c: placeholder. */
#include <stdlib.h>
#include <curses.h>
#include "client-net.h"
#include "client-ui.h"

const char *const eval_help[] = { NULL, NULL };
void eval_draw(struct ui *ui) { static const char *const keys[] = { NULL }; ui_frame(ui, "eval", keys); }
void eval_key(struct ui *ui, bool is_key, wint_t ch) { (void)ui; (void)is_key; (void)ch; }
bool eval_typing(struct ui *ui) { (void)ui; return false; }
bool eval_unsaved(struct ui *ui) { (void)ui; return false; }
bool eval_event(struct ui *ui, const struct net_event *ev) { (void)ui; (void)ev; return false; }
void eval_answer(struct ui *ui, int a, bool y) { (void)ui; (void)a; (void)y; }
void eval_free(struct ui *ui) { (void)ui; }
const char *const *eval_help_now(struct ui *ui) { (void)ui; return eval_help; }

/* version.h: the numbers that must change when the program, the wire or the store does. */
#ifndef KAOHE_VERSION_H
#define KAOHE_VERSION_H

#define KAOHE_VERSION "0.1.0"

/* Bump when any message in schema/kaohe.def changes shape or meaning. */
#define PROTOCOL_VERSION 5

/* Bump when a stored record or the database layout changes; kaohed refuses
 * to open a database whose meta says otherwise. */
#define SCHEMA_VERSION 4

#endif

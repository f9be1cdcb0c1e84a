#ifndef CGIT2STARTUP_H
#define CGIT2STARTUP_H
/// Forces this object file into every binary that links GitForgeCore (see startup.c).
int gf_git2_startup_linked(void);
#endif

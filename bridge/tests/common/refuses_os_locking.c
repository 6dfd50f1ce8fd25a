/* A PKCS#11 module that behaves like the AKİS drivers which refuse CKF_OS_LOCKING_OK: C_Initialize
 * with that flag is CKR_ARGUMENTS_BAD, without it SoftHSM2 (TARGET_MODULE, given by the test's
 * compiler line) does the work. Every C_Initialize is appended to $NES_TEST_INIT_LOG.
 *
 * Initialised without the flag, a module may assume one call at a time: C_GetSlotList and
 * C_GetTokenInfo check that, and fail with CKR_FUNCTION_FAILED when a call arrives while another
 * is still running (each lingers 2 ms to make such a meeting likely).
 *
 * Only what this needs of pkcs11.h is declared here, so the test needs no header package. */

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef unsigned long CK_RV;
typedef unsigned long CK_ULONG;

#define CKR_OK 0x0UL
#define CKR_FUNCTION_FAILED 0x6UL
#define CKR_ARGUMENTS_BAD 0x7UL
#define CKF_OS_LOCKING_OK 0x2UL

/* The 68 functions of a PKCS#11 2.40 CK_FUNCTION_LIST, by position. */
enum { C_INITIALIZE = 0, C_GET_SLOT_LIST = 4, C_GET_TOKEN_INFO = 6, FUNCTIONS = 68 };

typedef struct {
    unsigned char major, minor;
} CK_VERSION;

typedef struct {
    CK_VERSION version;
    void *functions[FUNCTIONS];
} CK_FUNCTION_LIST;

typedef struct {
    void *create_mutex, *destroy_mutex, *lock_mutex, *unlock_mutex;
    CK_ULONG flags;
    void *reserved;
} CK_C_INITIALIZE_ARGS;

typedef CK_RV (*initialize_fn)(void *);
typedef CK_RV (*get_slot_list_fn)(unsigned char, CK_ULONG *, CK_ULONG *);
typedef CK_RV (*get_token_info_fn)(CK_ULONG, void *);
typedef CK_RV (*get_function_list_fn)(CK_FUNCTION_LIST **);

static CK_FUNCTION_LIST ours;
static CK_FUNCTION_LIST *theirs;
static int in_flight;

static void log_initialize(CK_ULONG flags, const char *outcome) {
    const char *path = getenv("NES_TEST_INIT_LOG");
    FILE *log = path ? fopen(path, "a") : NULL;
    if (log) {
        fprintf(log, "C_Initialize flags=0x%lx %s\n", flags, outcome);
        fclose(log);
    }
}

static CK_RV initialize(void *args) {
    CK_ULONG flags = args ? ((CK_C_INITIALIZE_ARGS *)args)->flags : 0;
    if (flags & CKF_OS_LOCKING_OK) {
        log_initialize(flags, "refused");
        return CKR_ARGUMENTS_BAD;
    }
    CK_RV rv = ((initialize_fn)theirs->functions[C_INITIALIZE])(args);
    log_initialize(flags, rv == CKR_OK ? "ok" : "failed");
    return rv;
}

/* Whether this call is alone in the module; if so it stays in for 2 ms, until leave(). */
static int enter(void) {
    if (__atomic_fetch_add(&in_flight, 1, __ATOMIC_SEQ_CST) != 0) {
        __atomic_fetch_sub(&in_flight, 1, __ATOMIC_SEQ_CST);
        return 0;
    }
    struct timespec linger = {0, 2000000};
    nanosleep(&linger, NULL);
    return 1;
}

static void leave(void) { __atomic_fetch_sub(&in_flight, 1, __ATOMIC_SEQ_CST); }

static CK_RV get_slot_list(unsigned char present, CK_ULONG *slots, CK_ULONG *count) {
    if (!enter()) return CKR_FUNCTION_FAILED;
    CK_RV rv = ((get_slot_list_fn)theirs->functions[C_GET_SLOT_LIST])(present, slots, count);
    leave();
    return rv;
}

static CK_RV get_token_info(CK_ULONG slot, void *info) {
    if (!enter()) return CKR_FUNCTION_FAILED;
    CK_RV rv = ((get_token_info_fn)theirs->functions[C_GET_TOKEN_INFO])(slot, info);
    leave();
    return rv;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list) {
    if (!theirs) {
        void *target = dlopen(TARGET_MODULE, RTLD_NOW | RTLD_LOCAL);
        get_function_list_fn get = target ? (get_function_list_fn)dlsym(target, "C_GetFunctionList") : NULL;
        if (!get || get(&theirs) != CKR_OK) return CKR_FUNCTION_FAILED;
        ours = *theirs;
        ours.functions[C_INITIALIZE] = (void *)initialize;
        ours.functions[C_GET_SLOT_LIST] = (void *)get_slot_list;
        ours.functions[C_GET_TOKEN_INFO] = (void *)get_token_info;
    }
    *list = &ours;
    return CKR_OK;
}

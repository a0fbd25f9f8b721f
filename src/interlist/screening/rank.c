/* The candidate index's ranking in one pass: interlist/screening/ranking.py calls it.

   It computes exactly what ScreeningIndex.ranked computes with numpy (the same
   floating-point operations in the same order, so the same ranks to the last bit):

     used       = the query's slots with a weight (> 0), in order; if there are none,
                  all of them, each weighing 1 (and each document's norm is their
                  number);
     wsum       = the weights of the used slots, summed as numpy sums an array;
     shared(d)  = the weights of the used slots document d has (a key counted once
                  per posting list it is in);
     covered(d) = how many of the query's part groups d has a covering key of;
     rank(d)    = shared / max(norm(d), 1e-9) + shared / wsum + covered / groups;

   and each allowed profile at its best document, the best `limit` of them ordered by
   rank, then by position. numpy does it in some twenty passes over arrays as long as
   the index; this does one pass over the query's postings, then one over the
   documents met, without a branch the data decides (whether a document is new, or
   its profile allowed, would mispredict about every other time).

   The scratch arrays (one set per thread and index) are as long as the index and left as they
   were found: zeros, and -1 for the profiles' best ranks. */

#include <stdint.h>
#include <stdlib.h>

/* How many postings (or documents) ahead the memory they point at is asked for: the
   arrays are read in an order no cache predicts. */
#define PREFETCH 32
/* A document's part groups are the bits of one word. */
#define MAX_GROUPS 64
/* numpy sums runs of up to this many numbers eight at a time, longer ones by halves. */
#define PAIRWISE_BLOCK 128

/* How many bits are set: the parallel sum, since without -mpopcnt (a build for any
   x86-64) __builtin_popcountll calls libgcc's slower loop. */
static inline int bits_set(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (int)((x * 0x0101010101010101ULL) >> 56);
}

typedef struct {
    int32_t profile;
    double rank;
} Ranked;

typedef struct {  /* what the query's postings say of one document */
    double shared;
    uint64_t groups;
} Document;

typedef struct {  /* a slot whose postings are read: its weight, its part groups' bits */
    int64_t slot;
    double weight;
    uint64_t groups;
} Visit;

typedef struct {  /* an allowed document met, as its rank needs it */
    double shared;
    double norm;
    int32_t profile;
    int32_t covered;
} Met;

typedef struct {  /* an index's arrays and one thread's scratch (ranking.py's _Context) */
    const int64_t *offsets;  /* postings of slot i: postings[offsets[i]:offsets[i + 1]] */
    const int32_t *postings;
    const double *weights;  /* per slot */
    const double *doc_norms;
    const int32_t *doc_profiles;
    Document *state;  /* per document */
    /* the lists of those met, each with room for one more than there can be: an entry
       is written, then counted if it is new (or allowed) */
    int32_t *docs;  /* the documents met */
    Met *met;  /* the allowed ones */
    double *best;  /* per profile: its best rank, -1 when not met */
    int32_t *profiles;  /* the profiles met */
    Ranked *heap;
    int32_t *out_profiles;  /* the result: at most `limit` profiles, best first */
    double *out_ranks;
} Context;

typedef struct {  /* how a query is read */
    int64_t visits;  /* slots to read: the used ones first */
    int64_t used;
    int64_t groups;
    int rare;  /* whether the used slots are those with a weight */
} Plan;

/* Whether a is ranked below b: a lower rank, or the same rank and a later position. */
static int below(const Ranked *a, const Ranked *b) {
    if (a->rank != b->rank) return a->rank < b->rank;
    return a->profile > b->profile;
}

/* Heap of the best `size` so far, its root the lowest ranked of them. */
static void sift_down(Ranked *heap, int64_t size, int64_t i) {
    for (;;) {
        int64_t low = i, left = 2 * i + 1, right = 2 * i + 2;
        if (left < size && below(&heap[left], &heap[low])) low = left;
        if (right < size && below(&heap[right], &heap[low])) low = right;
        if (low == i) return;
        Ranked tmp = heap[i];
        heap[i] = heap[low];
        heap[low] = tmp;
        i = low;
    }
}

static void sift_up(Ranked *heap, int64_t i) {
    while (i > 0) {
        int64_t parent = (i - 1) / 2;
        if (!below(&heap[i], &heap[parent])) return;
        Ranked tmp = heap[i];
        heap[i] = heap[parent];
        heap[parent] = tmp;
        i = parent;
    }
}

/* The visits' weights summed as numpy's add.reduce sums a contiguous array of them
   (pairwise, eight running sums per run): the ranks divide by it, to the last bit. */
static double pairwise_sum(const Visit *v, int64_t n) {
    if (n < 8) {
        double sum = 0.0;
        for (int64_t i = 0; i < n; i++) sum += v[i].weight;
        return sum;
    }
    if (n <= PAIRWISE_BLOCK) {
        double r[8];
        int64_t i;
        for (int j = 0; j < 8; j++) r[j] = v[j].weight;
        for (i = 8; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += v[i + j].weight;
        double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) sum += v[i].weight;
        return sum;
    }
    int64_t half = n / 2;
    half -= half % 8;
    return pairwise_sum(v, half) + pairwise_sum(v + half, n - half);
}

/* The visit of this slot among the first `n` visits (sorted by slot), or NULL. */
static Visit *find(Visit *visits, int64_t n, int64_t slot) {
    int64_t low = 0, high = n;
    while (low < high) {
        int64_t mid = low + (high - low) / 2;
        if (visits[mid].slot < slot) low = mid + 1;
        else high = mid;
    }
    return low < n && visits[low].slot == slot ? &visits[low] : NULL;
}

/* The slots to read: the used ones first (sorted, as the query's are), then those only
   covering a part (weight 0), each with a bit per part group it covers. */
static Plan plan(const Context *c, const int64_t *query, int64_t n_slots, int64_t n_query,
                 Visit *visits) {
    Plan p = {0, 0, 0, 1};
    for (int64_t i = 0; i < n_slots; i++) {
        double w = c->weights[query[i]];
        if (w > 0.0) visits[p.used++] = (Visit){query[i], w, 0};
    }
    if (p.used == 0) {  /* only keys too common to weigh: rank by how many are shared */
        p.rare = 0;
        for (int64_t i = 0; i < n_slots; i++) visits[p.used++] = (Visit){query[i], 1.0, 0};
    }
    p.visits = p.used;
    for (int64_t i = n_slots; i < n_query; i++) {
        int64_t slot = query[i];
        if (slot < 0) {  /* the end of a group */
            p.groups++;
            continue;
        }
        uint64_t bit = (uint64_t)1 << p.groups;
        Visit *visit = find(visits, p.used, slot);
        for (int64_t k = p.used; visit == NULL && k < p.visits; k++)
            if (visits[k].slot == slot) visit = &visits[k];
        if (visit == NULL) visits[p.visits++] = (Visit){slot, 0.0, bit};
        else visit->groups |= bit;
    }
    return p;
}

/* Add up the visits' postings per document; returns how many documents were met. */
static int64_t gather(const Context *c, const Visit *visits, int64_t n_visits) {
    Document *state = c->state;
    const int32_t *postings = c->postings;
    int64_t n_docs = 0;
    for (int64_t i = 0; i < n_visits; i++) {
        double w = visits[i].weight;
        uint64_t bits = visits[i].groups;
        int64_t end = c->offsets[visits[i].slot + 1];
        for (int64_t k = c->offsets[visits[i].slot]; k < end; k++) {
            if (k + PREFETCH < end) __builtin_prefetch(&state[postings[k + PREFETCH]], 1);
            int32_t d = postings[k];
            Document *doc = &state[d];
            c->docs[n_docs] = d;  /* kept if the document is new */
            n_docs += (doc->shared == 0.0) & (doc->groups == 0);
            doc->shared += w;
            doc->groups |= bits;
        }
    }
    return n_docs;
}

/* The documents met through a weighed key and allowed by the mask, read into c->met
   (and the state cleared); returns how many. */
static int64_t allowed(const Context *c, int64_t n_docs, const uint8_t *mask, Plan p) {
    double norm_const = (double)p.used;
    int64_t n_met = 0;
    for (int64_t i = 0; i < n_docs; i++) {
        if (i + PREFETCH < n_docs) {
            int32_t ahead = c->docs[i + PREFETCH];
            __builtin_prefetch(&c->state[ahead], 1);
            __builtin_prefetch(&c->doc_norms[ahead]);
            __builtin_prefetch(&c->doc_profiles[ahead]);
        }
        int32_t d = c->docs[i];
        Document *doc = &c->state[d];
        Met m = {doc->shared, p.rare ? c->doc_norms[d] : norm_const, c->doc_profiles[d],
                 bits_set(doc->groups)};
        doc->shared = 0.0;
        doc->groups = 0;
        c->met[n_met] = m;  /* kept if met through a key with a weight, and allowed */
        n_met += (m.shared != 0.0) & (mask[m.profile] != 0);
    }
    return n_met;
}

/* Each profile's best rank into c->best; returns how many profiles there are. */
static int64_t best_ranks(const Context *c, int64_t n_met, double wsum, int64_t groups) {
    double parts = (double)(groups > 1 ? groups : 1);
    double share[MAX_GROUPS + 1];  /* covered / parts, divided once per count */
    for (int k = 0; k <= MAX_GROUPS; k++) share[k] = (double)k / parts;
    int64_t n_profiles = 0;
    for (int64_t i = 0; i < n_met; i++) {
        Met m = c->met[i];
        double rank = m.shared / (m.norm > 1e-9 ? m.norm : 1e-9) + m.shared / wsum;
        rank += share[m.covered];
        double old = c->best[m.profile];
        c->profiles[n_profiles] = m.profile;  /* kept if the profile is new */
        n_profiles += old < 0.0;
        c->best[m.profile] = rank > old ? rank : old;
    }
    return n_profiles;
}

/* The best `limit` of the profiles into the out arrays, best first (c->best reset);
   returns how many. */
static int64_t top(const Context *c, int64_t n_profiles, int64_t limit) {
    Ranked *heap = c->heap;
    int64_t size = 0;
    for (int64_t i = 0; i < n_profiles; i++) {
        Ranked r = {c->profiles[i], c->best[c->profiles[i]]};
        c->best[c->profiles[i]] = -1.0;
        if (size < limit) {
            heap[size] = r;
            sift_up(heap, size++);
        } else if (size > 0 && below(&heap[0], &r)) {
            heap[0] = r;
            sift_down(heap, size, 0);
        }
    }
    for (int64_t n = size; n > 0; n--) {  /* best last, then written out best first */
        c->out_profiles[n - 1] = heap[0].profile;
        c->out_ranks[n - 1] = heap[0].rank;
        heap[0] = heap[n - 1];
        sift_down(heap, n - 1, 0);
    }
    return size;
}

/* Rank a query: `query` holds its `n_slots` slots (sorted, distinct), then the covering
   slots of each of its part groups, each group ended by -1 (`n_query` numbers in all).
   Writes the best `limit` allowed profiles to the context's out arrays, best first, and
   returns how many there are (-1: more part groups than MAX_GROUPS; -2: no memory). */
int64_t rank_query(const Context *c, const int64_t *query, int64_t n_slots, int64_t n_query,
                   const uint8_t *mask, int64_t limit) {
    int64_t groups = 0;
    for (int64_t i = n_slots; i < n_query; i++) groups += query[i] < 0;
    if (groups > MAX_GROUPS) return -1;
    if (n_slots == 0) return 0;
    Visit *visits = calloc((size_t)n_query, sizeof(Visit));
    if (visits == NULL) return -2;
    Plan p = plan(c, query, n_slots, n_query, visits);
    double wsum = pairwise_sum(visits, p.used);
    int64_t n_docs = gather(c, visits, p.visits);
    free(visits);
    int64_t n_met = allowed(c, n_docs, mask, p);
    return top(c, best_ranks(c, n_met, wsum, p.groups), limit);
}

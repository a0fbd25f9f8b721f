/* The candidate index's ranking in one pass: interlist/screening/ranking.py calls it.

   It computes exactly what ScreeningIndex.ranked computes with numpy (the same
   floating-point operations in the same order, so the same ranks to the last bit):

     shared(d)  = the weights of the query's keys document d has (a key counted once
                  per posting list it is in);
     covered(d) = how many of the query's part groups d has a covering key of;
     rank(d)    = shared / max(norm(d), 1e-9) + shared / wsum + covered / groups;

   and each allowed profile at its best document, the best `limit` of them ordered by
   rank, then by position. numpy does it in some twenty passes over arrays as long as
   the index; this does one pass over the query's postings.

   The scratch arrays (one set per thread) are as long as the index and left as they
   were found: zeros, and -1 for the profiles' best ranks. */

#include <stdint.h>

/* How many postings (or documents) ahead the memory they point at is asked for: the
   arrays are read in an order no cache predicts. */
#define PREFETCH 16

typedef struct {
    int32_t profile;
    double rank;
} Ranked;

typedef struct {  /* what the query's postings say of one document */
    double shared;
    uint64_t groups;
} Document;

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

int64_t rank_profiles(
    /* the query's slots into offsets: the keys it is ranked by (weight > 0), then those
       only covering a part (weight 0); each slot's bit per part group it covers */
    const int64_t *slots, const double *weights, const uint64_t *groups, int64_t n_slots,
    double wsum, int64_t n_groups,
    /* the index */
    const int64_t *offsets, const int32_t *postings, const double *doc_norms,
    int32_t use_norms, double norm_const, const int32_t *doc_profiles, const uint8_t *mask,
    /* scratch: per document, per profile */
    Document *state, int32_t *docs, double *best, int32_t *profiles, Ranked *heap,
    /* the result: at most `limit` profiles, best first */
    int64_t limit, int32_t *out_profiles, double *out_ranks) {
    int64_t n_docs = 0;
    for (int64_t i = 0; i < n_slots; i++) {
        double w = weights[i];
        uint64_t bits = groups[i];
        int64_t end = offsets[slots[i] + 1];
        for (int64_t k = offsets[slots[i]]; k < end; k++) {
            if (k + PREFETCH < end) __builtin_prefetch(&state[postings[k + PREFETCH]], 1);
            Document *doc = &state[postings[k]];
            if (doc->shared == 0.0 && doc->groups == 0) docs[n_docs++] = postings[k];
            doc->shared += w;
            doc->groups |= bits;
        }
    }
    double parts = (double)(n_groups > 1 ? n_groups : 1);
    int64_t n_profiles = 0;
    for (int64_t i = 0; i < n_docs; i++) {
        if (i + PREFETCH < n_docs) {
            int32_t ahead = docs[i + PREFETCH];
            __builtin_prefetch(&state[ahead], 1);
            __builtin_prefetch(&doc_norms[ahead]);
            __builtin_prefetch(&doc_profiles[ahead]);
        }
        int32_t d = docs[i];
        Document *doc = &state[d];
        double shared = doc->shared;
        double covered = (double)__builtin_popcountll(doc->groups);
        doc->shared = 0.0;
        doc->groups = 0;
        if (shared == 0.0) continue;  /* met only through a key too common to rank by */
        int32_t p = doc_profiles[d];
        if (!mask[p]) continue;
        double norm = use_norms ? doc_norms[d] : norm_const;
        double rank = shared / (norm > 1e-9 ? norm : 1e-9) + shared / wsum;
        rank += covered / parts;
        if (best[p] < 0.0) profiles[n_profiles++] = p;
        if (rank > best[p]) best[p] = rank;
    }
    int64_t size = 0;
    for (int64_t i = 0; i < n_profiles; i++) {
        Ranked r = {profiles[i], best[profiles[i]]};
        best[profiles[i]] = -1.0;
        if (size < limit) {
            heap[size] = r;
            sift_up(heap, size++);
        } else if (size > 0 && below(&heap[0], &r)) {
            heap[0] = r;
            sift_down(heap, size, 0);
        }
    }
    for (int64_t n = size; n > 0; n--) {  /* best last, then written out best first */
        out_profiles[n - 1] = heap[0].profile;
        out_ranks[n - 1] = heap[0].rank;
        heap[0] = heap[n - 1];
        sift_down(heap, n - 1, 0);
    }
    return size;
}

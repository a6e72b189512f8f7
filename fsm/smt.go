package fsm

import (
	"fmt"
	"slices"
)

// Tree is a sparse Merkle tree of fixed depth over Poseidon2 compression.
// Accounts are allocated from index 0 upwards, so the non-empty leaves form a
// prefix: each level is a dense slice, and every node past its end is the
// empty subtree hash of that level. That keeps lookups at slice speed with no
// map overhead, and an empty tree of depth 32 costs nothing.
//
// An empty leaf is 0; empty[l] is the hash of an empty subtree of height l.
type Tree struct {
	depth  int
	levels [][]Field // levels[0] are leaves, levels[depth] is the root
	empty  []Field
	h      *hasher
}

// MaxDepth bounds the tree so that indices fit a uint32.
const MaxDepth = 32

func newTree(depth int, h *hasher) *Tree {
	t := &Tree{depth: depth, levels: make([][]Field, depth+1), empty: make([]Field, depth+1), h: h}
	for l := 1; l <= depth; l++ {
		t.empty[l] = h.compress(&t.empty[l-1], &t.empty[l-1])
	}
	return t
}

// Root returns the current root.
func (t *Tree) Root() Field { return t.node(t.depth, 0) }

// Capacity is the number of leaves.
func (t *Tree) Capacity() uint64 { return 1 << t.depth }

func (t *Tree) node(level int, idx uint64) Field {
	if idx < uint64(len(t.levels[level])) {
		return t.levels[level][idx]
	}
	return t.empty[level]
}

// Path returns the siblings of leaf idx from the bottom up.
func (t *Tree) Path(idx uint64) []Field {
	p := make([]Field, t.depth)
	for l := 0; l < t.depth; l++ {
		p[l] = t.node(l, idx^1)
		idx >>= 1
	}
	return p
}

// update is a set of new leaf values and, once planned, every node above them
// that changes. Planning reads the tree but never writes it, so a batcher can
// learn a batch's post-state root without touching the state.
type update struct {
	levels []map[uint64]Field
}

// plan computes the nodes that change when leaves are set. Each parent is
// hashed once per batch however many of its leaves change, which is what
// makes batches cheaper than leaf-by-leaf updates (checked against that
// naive method in the tests).
func (t *Tree) plan(leaves map[uint64]Field, h *hasher) (update, error) {
	u := update{levels: make([]map[uint64]Field, t.depth+1)}
	u.levels[0] = leaves
	idx := make([]uint64, 0, len(leaves))
	for i := range leaves {
		if i >= t.Capacity() {
			return update{}, fmt.Errorf("%w: leaf %d beyond depth %d", ErrTreeFull, i, t.depth)
		}
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for l := 0; l < t.depth; l++ {
		cur := u.levels[l]
		next := make(map[uint64]Field, len(idx))
		parents := idx[:0]
		for _, i := range idx {
			p := i >> 1
			if len(parents) > 0 && parents[len(parents)-1] == p {
				continue
			}
			parents = append(parents, p)
			left, ok := cur[2*p]
			if !ok {
				left = t.node(l, 2*p)
			}
			right, ok := cur[2*p+1]
			if !ok {
				right = t.node(l, 2*p+1)
			}
			next[p] = h.compress(&left, &right)
		}
		idx = parents
		u.levels[l+1] = next
	}
	return u, nil
}

// root of the tree after u.
func (t *Tree) rootAfter(u update) Field {
	if r, ok := u.levels[t.depth][0]; ok {
		return r
	}
	return t.Root()
}

// apply writes a planned update.
func (t *Tree) apply(u update) {
	for l, nodes := range u.levels {
		lv := t.levels[l]
		for i, v := range nodes {
			for uint64(len(lv)) <= i {
				lv = append(lv, t.empty[l])
			}
			lv[i] = v
		}
		t.levels[l] = lv
	}
}

// rebuild recomputes every level from the leaves, after a restore.
func (t *Tree) rebuild(leaves []Field) {
	t.levels[0] = leaves
	for l := 0; l < t.depth; l++ {
		below := t.levels[l]
		n := (len(below) + 1) / 2
		lv := make([]Field, n)
		for p := 0; p < n; p++ {
			left := below[2*p]
			right := t.empty[l]
			if 2*p+1 < len(below) {
				right = below[2*p+1]
			}
			lv[p] = t.h.compress(&left, &right)
		}
		t.levels[l+1] = lv
	}
}

// VerifyPath checks that leaf sits at idx under root, given its siblings.
func VerifyPath(root, leaf Field, idx uint64, siblings []Field) bool {
	h := newHasher()
	cur := leaf
	for _, s := range siblings {
		if idx&1 == 0 {
			cur = h.compress(&cur, &s)
		} else {
			cur = h.compress(&s, &cur)
		}
		idx >>= 1
	}
	return cur.Equal(&root)
}

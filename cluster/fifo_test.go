package cluster

import (
	"testing"

	"github.com/baton-rollup/baton/fsm"
)

func TestFIFOMapForgetsOldestFirst(t *testing.T) {
	c := newFIFOMap[int](3)
	h := func(i byte) fsm.TxHash { return fsm.TxHash{i} }
	for i := range byte(3) {
		c.put(h(i), int(i))
	}
	c.put(h(1), 10) // an update keeps its place in line
	c.put(h(3), 3)  // evicts h(0), the oldest
	if _, ok := c.get(h(0)); ok {
		t.Fatal("oldest entry kept past the bound")
	}
	for i, want := range map[byte]int{1: 10, 2: 2, 3: 3} {
		if v, ok := c.get(h(i)); !ok || v != want {
			t.Fatalf("entry %d: %d %v, want %d", i, v, ok, want)
		}
	}
	for i := range byte(200) {
		c.put(h(i+10), int(i))
	}
	if len(c.m) != 3 || len(c.order) != 3 || cap(c.order) > 4*3+16 {
		t.Fatalf("size %d, order %d (cap %d): not bounded", len(c.m), len(c.order), cap(c.order))
	}
}

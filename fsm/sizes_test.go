package fsm

import (
	"errors"
	"testing"
)

func TestSizesFor(t *testing.T) {
	s := Sizes{4, 16, 64, 256}
	ops := func(transfers, wide int) []Tx {
		txs := make([]Tx, 0, transfers+wide)
		for range wide {
			txs = append(txs, Tx{Kind: KindWithdraw})
		}
		for range transfers {
			txs = append(txs, Tx{Kind: KindTransfer})
		}
		return txs
	}
	for _, c := range []struct {
		transfers, wide, want int
	}{
		{0, 0, 4}, {4, 0, 4}, {5, 0, 16}, {0, 4, 4}, {16, 0, 16}, {17, 0, 64},
		{60, 4, 64}, {60, 5, 256}, // W(64) = 4: a fifth wide operation needs 256 slots
		{1, 5, 256}, {256, 0, 256}, {240, 16, 256},
	} {
		got, err := s.For(ops(c.transfers, c.wide))
		if err != nil || got != c.want {
			t.Errorf("%d transfers, %d wide: size %d (%v), want %d", c.transfers, c.wide, got, err, c.want)
		}
	}
	if _, err := s.For(ops(257, 0)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("257 operations: %v, want ErrTooLarge", err)
	}
	if _, err := s.For(ops(200, 17)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("17 wide operations: %v, want ErrTooLarge", err)
	}
}

func TestSizesValidate(t *testing.T) {
	for _, c := range []struct {
		s   Sizes
		max int
		ok  bool
	}{
		{Sizes{4, 16, 64, 256}, 256, true},
		{Sizes{4}, 4, true},
		{Sizes{4, 16}, 64, false},     // must end at max_batch_txs
		{Sizes{16, 4, 64}, 64, false}, // not ascending
		{Sizes{4, 4, 64}, 64, false},
		{Sizes{0, 64}, 64, false},
		{nil, 4, false},
	} {
		if err := c.s.Validate(c.max); (err == nil) != c.ok {
			t.Errorf("%v max %d: %v", c.s, c.max, err)
		}
	}
	g := DevnetGenesis(DefaultConfig(), 4)
	if got := g.Sizes(); len(got) != 1 || got[0] != g.MaxBatchTxs {
		t.Fatalf("no circuit_sizes: %v, want [max_batch_txs]", got)
	}
	g.CircuitSizes = Sizes{4, 16}
	if err := g.Validate(); err == nil {
		t.Fatal("genesis with sizes not ending at max_batch_txs accepted")
	}
}

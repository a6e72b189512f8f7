// Package bench measures baton against baselines taken in the same run on
// the same machine: the sequencer against raw Raft and the bare fsm, the
// prover farm against a bare gnark prove, L1 settlement against
// verifyProof alone and a bare L1 transaction, the watchdog against
// JetStream's redelivery alone. Each benchmark has a Config and a Run
// function returning its result (whose JSON keys `baton bench ... --json`
// prints); progress goes to the config's writer.
package bench

import (
	"io"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
)

// orDiscard is w, or a writer that drops everything.
func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// signer signs transfers for one chain from genesis, sender after
// sender, keeping each sender's nonce.
type signer struct {
	g      fsm.Genesis
	nonces map[uint32]uint64
	next   uint32 // next sending account
	// amount and fee of each transfer: what its public data record
	// holds (1 and 1 unless set).
	amount, fee uint64
}

func newSigner(g fsm.Genesis) *signer {
	return &signer{g: g, nonces: map[uint32]uint64{}, next: 1, amount: 1, fee: 1}
}

// transfers signs n transfers from fresh senders, for one batch.
func (s *signer) transfers(n int) []fsm.Tx {
	var txs []fsm.Tx
	accounts := uint32(len(s.g.Accounts) - 1)
	for range n {
		from := s.next
		s.next = 1 + s.next%accounts
		tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: 1 + from%accounts, Amount: s.amount, Fee: s.fee, Nonce: s.nonces[from]}
		s.nonces[from]++
		_ = tx.Sign(fsm.DevKey(devnet.Seed, uint64(from)), s.g.ChainID)
		txs = append(txs, tx)
	}
	return txs
}

package wire

import (
	"github.com/baton-rollup/baton/fsm"
)

// TxJSON is a transaction as clients send it to POST /v1/tx and the admin
// priority endpoint. Only the fields of its kind may be set.
type TxJSON struct {
	Kind       string         `json:"kind"`
	From       uint32         `json:"from,omitempty"`
	To         uint32         `json:"to,omitempty"`
	Amount     uint64         `json:"amount,omitempty"`
	Fee        uint64         `json:"fee,omitempty"`
	Nonce      uint64         `json:"nonce,omitempty"`
	L1Addr     *fsm.L1Address `json:"l1_addr,omitempty"`
	PubKey     *fsm.PubKey    `json:"pubkey,omitempty"`
	QueueIndex uint64         `json:"queue_index,omitempty"`
	Sig        *fsm.Signature `json:"sig,omitempty"`
}

// ToJSON converts a transaction for the wire.
func ToJSON(tx fsm.Tx) TxJSON {
	j := TxJSON{Kind: tx.Kind.String(), From: tx.From, To: tx.To, Amount: tx.Amount, Fee: tx.Fee,
		Nonce: tx.Nonce, QueueIndex: tx.QueueIndex}
	switch tx.Kind {
	case fsm.KindTransfer:
		j.Sig = &tx.Sig
	case fsm.KindWithdraw:
		j.Sig, j.L1Addr = &tx.Sig, &tx.L1Addr
	case fsm.KindDeposit:
		j.PubKey, j.L1Addr = &tx.PubKey, &tx.L1Addr
	case fsm.KindForcedExit:
		j.L1Addr = &tx.L1Addr
	}
	return j
}

// Tx converts from the wire and round-trips through the canonical encoding,
// so that fields its kind does not carry cannot sneak into the hash.
func (j TxJSON) Tx() (fsm.Tx, error) {
	kind, err := fsm.ParseTxKind(j.Kind)
	if err != nil {
		return fsm.Tx{}, err
	}
	tx := fsm.Tx{Kind: kind, From: j.From, To: j.To, Amount: j.Amount, Fee: j.Fee, Nonce: j.Nonce, QueueIndex: j.QueueIndex}
	if j.L1Addr != nil {
		tx.L1Addr = *j.L1Addr
	}
	if j.PubKey != nil {
		tx.PubKey = *j.PubKey
	}
	if j.Sig != nil {
		tx.Sig = *j.Sig
	}
	tx, err = fsm.DecodeTx(tx.Encode(nil))
	if err != nil {
		return fsm.Tx{}, err
	}
	return tx, tx.CheckFormat()
}

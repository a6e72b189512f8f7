package prover

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/baton-rollup/baton/fsm"
)

// The job input wire format, version 1 (JSON; README "Prover wire format"
// documents it for provers in other languages):
//
//	{"number": 5, "pre_root": "0x…", "post_root": "0x…",
//	 "txs": ["0x<canonical encoding>", …],
//	 "receipts": [{"failed": true, "reason": "…", "account": 3, "exit": 0}, …],
//	 "witness": {"pre_root": "0x…", "count": 12,
//	   "accounts": [{"index": 3, "exists": true, "account": {"pubkey": "0x…",
//	                 "owner": "0x…", "balance": 10, "nonce": 2}}, …],
//	   "nodes": [{"level": 0, "index": 6, "value": "0x<32-byte big-endian>"}, …]}}
type wireBatch struct {
	Number   uint64        `json:"number"`
	PreRoot  fsm.Hash      `json:"pre_root"`
	PostRoot fsm.Hash      `json:"post_root"`
	Txs      []string      `json:"txs"`
	Receipts []fsm.Receipt `json:"receipts"`
	Witness  wireWitness   `json:"witness"`
}

type wireWitness struct {
	PreRoot  fsm.Hash             `json:"pre_root"`
	Count    uint64               `json:"count"`
	Accounts []fsm.WitnessAccount `json:"accounts"`
	Nodes    []wireNode           `json:"nodes"`
}

type wireNode struct {
	Level uint8    `json:"level"`
	Index uint64   `json:"index"`
	Value fsm.Hash `json:"value"`
}

// EncodeBatch writes b in the wire format.
func EncodeBatch(b *Batch) ([]byte, error) {
	if b.Witness == nil {
		return nil, fmt.Errorf("batch %d has no witness", b.Number)
	}
	w := wireBatch{Number: b.Number, PreRoot: b.PreRoot, PostRoot: b.PostRoot, Receipts: b.Receipts,
		Witness: wireWitness{PreRoot: b.Witness.PreRoot, Count: b.Witness.Count, Accounts: b.Witness.Accounts}}
	for i := range b.Txs {
		w.Txs = append(w.Txs, "0x"+hex.EncodeToString(b.Txs[i].Encode(nil)))
	}
	for _, n := range b.Witness.Nodes {
		w.Witness.Nodes = append(w.Witness.Nodes, wireNode{Level: n.Level, Index: n.Index, Value: fsm.Hash(n.Value.Bytes())})
	}
	return json.Marshal(&w)
}

// DecodeBatch reads the wire format. Anything that does not parse is an
// ErrUnprovable error: no prover will do better with the same bytes.
func DecodeBatch(data []byte) (*Batch, error) {
	var w wireBatch
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("%w: batch input: %v", ErrUnprovable, err)
	}
	if len(w.Receipts) != len(w.Txs) {
		return nil, fmt.Errorf("%w: %d receipts for %d operations", ErrUnprovable, len(w.Receipts), len(w.Txs))
	}
	b := &Batch{Number: w.Number, PreRoot: w.PreRoot, PostRoot: w.PostRoot, Receipts: w.Receipts,
		Witness: &fsm.Witness{PreRoot: w.Witness.PreRoot, Count: w.Witness.Count, Accounts: w.Witness.Accounts}}
	for i, s := range w.Txs {
		raw, err := hex.DecodeString(trim0x(s))
		if err != nil {
			return nil, fmt.Errorf("%w: operation %d: %v", ErrUnprovable, i, err)
		}
		tx, err := fsm.DecodeTx(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: operation %d: %v", ErrUnprovable, i, err)
		}
		b.Txs = append(b.Txs, tx)
	}
	for _, n := range w.Witness.Nodes {
		var v fr.Element
		if err := v.SetBytesCanonical(n.Value[:]); err != nil {
			return nil, fmt.Errorf("%w: witness node (%d, %d): %v", ErrUnprovable, n.Level, n.Index, err)
		}
		b.Witness.Nodes = append(b.Witness.Nodes, fsm.WitnessNode{Level: n.Level, Index: n.Index, Value: v})
	}
	return b, nil
}

func trim0x(s string) string {
	if len(s) >= 2 && s[:2] == "0x" {
		return s[2:]
	}
	return s
}

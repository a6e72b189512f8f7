package contracts

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// TestEmbeddedL1ServesJSONRPC: the embedded L1 answers over HTTP JSON-RPC
// like a remote node: chain id, funded accounts, blocks on its ticker.
func TestEmbeddedL1ServesJSONRPC(t *testing.T) {
	key, _ := crypto.GenerateKey()
	who := crypto.PubkeyToAddress(key.PublicKey)
	n, err := StartL1(L1Config{BlockTime: 50 * time.Millisecond, Funded: []common.Address{who}})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := ethclient.DialContext(ctx, n.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id, err := c.ChainID(ctx)
	if err != nil || id.Int64() != 1337 {
		t.Fatalf("chain id %v, %v", id, err)
	}
	bal, err := c.BalanceAt(ctx, who, nil)
	if err != nil || bal.Cmp(new(big.Int).Lsh(big.NewInt(1), 100)) != 0 {
		t.Fatalf("balance %v, %v", bal, err)
	}
	first, err := c.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for {
		h, err := c.BlockNumber(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h >= first+3 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no blocks: stuck at %d", h)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if _, err := StartL1(L1Config{}); err == nil {
		t.Fatal("an L1 without a block time started")
	}
}
